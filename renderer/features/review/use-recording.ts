// A reviewed call's recording: fetched through the core on demand (review.recording: the central
// server's copy, cached and checked against its hash) and handed to the browser's own player.
// `playFrom` loads it first when needed, then seeks and plays.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/ApiContext';

export type RecordingState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; url: string } | { status: 'failed'; error: unknown };

const settling = new WeakMap<HTMLAudioElement, Promise<void>>();

/**
 * MediaRecorder writes WebM without a duration, so the player shows none and may not seek until it
 * has read to the end. Asking for a time far past the end makes it find the duration; then back.
 * Once per element: whoever asks waits for the same answer.
 */
export function settleDuration(audio: HTMLAudioElement): Promise<void> {
  if (Number.isFinite(audio.duration)) return Promise.resolve();
  let settled = settling.get(audio);
  if (!settled) {
    settled = seekToEnd(audio);
    settling.set(audio, settled);
  }
  return settled;
}

function seekToEnd(audio: HTMLAudioElement): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      audio.removeEventListener('durationchange', check);
      clearTimeout(timer);
      audio.currentTime = 0;
      resolve();
    };
    const check = () => Number.isFinite(audio.duration) && done();
    const timer = setTimeout(done, 3_000);
    audio.addEventListener('durationchange', check);
    audio.currentTime = 1e9;
  });
}

function whenMetadata(audio: HTMLAudioElement): Promise<void> {
  if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) return Promise.resolve();
  return new Promise((resolve, reject) => {
    audio.addEventListener('loadedmetadata', () => resolve(), { once: true });
    audio.addEventListener('error', () => reject(audio.error ?? new Error('The recording could not be decoded')), { once: true });
  });
}

export function useRecording(sha256: string | null) {
  const api = useApi();
  const audio = useRef<HTMLAudioElement | null>(null);
  const [state, setState] = useState<RecordingState>({ status: 'idle' });
  const pending = useRef<Promise<void> | null>(null);
  const urlRef = useRef<string | null>(null);

  useEffect(() => () => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
  }, []);

  const load = useCallback((): Promise<void> => {
    if (!sha256) return Promise.resolve();
    pending.current ??= (async () => {
      setState({ status: 'loading' });
      try {
        const { data } = await api.invoke('review.recording', { sha256 });
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([bytes], { type: 'audio/webm' }));
        urlRef.current = url;
        setState({ status: 'ready', url });
      } catch (error) {
        pending.current = null;
        setState({ status: 'failed', error });
        throw error;
      }
    })();
    return pending.current;
  }, [api, sha256]);

  /** Loads if needed, then plays from `seconds` into the recording. */
  const playFrom = useCallback(async (seconds: number): Promise<void> => {
    await load();
    // The element mounts once the URL is set: wait a frame for it.
    for (let i = 0; i < 20 && !audio.current; i++) await new Promise((r) => requestAnimationFrame(r));
    const el = audio.current;
    if (!el) return;
    await whenMetadata(el);
    await settleDuration(el);
    el.currentTime = Math.max(0, Math.min(seconds, Number.isFinite(el.duration) ? Math.max(0, el.duration - 0.05) : seconds));
    await el.play().catch(() => undefined); // a blocked autoplay still leaves it at the right place
  }, [load]);

  return { state, audio, load, playFrom };
}
