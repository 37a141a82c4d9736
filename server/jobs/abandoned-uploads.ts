// Uploads begun and never finished (a console wiped, a recording deleted, a laptop lost) keep a
// row and a partial file forever unless someone removes them. Every hour, those untouched for
// the limit go; a console that still has the file starts it again from the beginning.
import type { FastifyBaseLogger } from 'fastify';
import type { ServerStore } from '../store/store';

/** Long enough for a field agent's week offline with room to spare. */
export const ABANDONED_UPLOAD_MS = 14 * 24 * 60 * 60 * 1000;
const EVERY_MS = 60 * 60 * 1000;

export function sweepAbandonedUploads(store: ServerStore, now: Date, afterMs = ABANDONED_UPLOAD_MS): Promise<number> {
  return store.removeAbandonedUploads(new Date(now.getTime() - afterMs).toISOString());
}

/** Sweeps now and every hour; answers how to stop. */
export function scheduleAbandonedUploads(store: ServerStore, log: FastifyBaseLogger, now: () => Date, afterMs = ABANDONED_UPLOAD_MS): () => void {
  const sweep = () => {
    sweepAbandonedUploads(store, now(), afterMs).then(
      (removed) => { if (removed > 0) log.info({ removed }, 'abandoned partial uploads removed'); },
      (err: unknown) => log.error({ err }, 'removing abandoned uploads failed'),
    );
  };
  sweep();
  const timer = setInterval(sweep, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
