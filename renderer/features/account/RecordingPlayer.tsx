// A call's recording, played from the account's timeline: fetched from the core on demand
// (audio/webm, opus) and handed to the browser's own player.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';

export function RecordingPlayer({ callId }: { callId: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);

  async function load(): Promise<void> {
    try {
      const { data } = await api.invoke('recording.get', { callId });
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      setUrl(URL.createObjectURL(new Blob([bytes], { type: 'audio/webm' })));
    } catch (e) {
      setError(t('timeline.recordingFailed', { reason: errorText(t, e) }));
    }
  }

  if (url) return <audio className="timeline-recording" controls autoPlay src={url} data-testid="recording-player" />;
  return (
    <>
      <button type="button" className="button button-quiet" data-testid="recording-play" onClick={() => void load()}>▶ {t('timeline.playRecording')}</button>
      {error && <span className="field-error">{error}</span>}
    </>
  );
}
