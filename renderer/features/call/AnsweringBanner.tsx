// What the answering-machine detection found on the call in progress: while it listens, a
// quiet line; an answering machine, a banner with what the agent may leave — the pack's
// limited-content message to read word for word, or that no message may be left. A person
// answering shows nothing: the talk track goes on.
import { useTranslation } from 'react-i18next';
import { sourceText } from '../../../shared/compliance/messages';
import { useCall } from './CallProvider';

export function AnsweringBanner() {
  const { t, i18n } = useTranslation();
  const { listening, machine } = useCall();
  if (listening) return <p className="answering-listening muted" data-testid="answering-listening" role="status">{t('answering.listening')}</p>;
  if (!machine) return null;
  const pack = t(`answering.pack.${machine.packId}` as never);
  return (
    <section className="notice notice-warn answering-banner" data-testid="answering-banner" data-verdict="machine" data-offer={machine.message ? 'limited_content_message' : 'none'} role="alert">
      <strong>{t('answering.machine')}</strong>
      {machine.message ? <>
        <p>{t('answering.limitedContent')}</p>
        <blockquote className="answering-message" data-testid="answering-message">
          {String(t(machine.message.textKey as never, machine.values as never))}
        </blockquote>
        <p className="muted answering-source">{sourceText(machine.message.source, i18n.language === 'zh-CN' ? 'zh-CN' : 'en')}</p>
      </> : <p>{t('answering.noMessage', { pack })}</p>}
      {machine.detection.method === 'heuristic' && <p className="muted">{t('answering.heuristic')}</p>}
    </section>
  );
}
