// Links pending rows onto the audit chain (server/audit/pending.ts) a few times a second, on
// every instance; the drain's lock lets one at a time work, the others find it held and wait for
// their next turn. Only PostgreSQL has anything pending.
import type { FastifyBaseLogger } from 'fastify';
import { DRAIN_BATCH } from '../audit/pending';
import type { ServerStore } from '../store/store';

/** How often pending entries are linked: a stored row is on the chain within about this long. */
export const CHAIN_EVERY_MS = 200;

/** Starts draining; answers how to stop (and waits for a drain under way). */
export function scheduleAuditChain(store: ServerStore, log: FastifyBaseLogger, everyMs = CHAIN_EVERY_MS): () => Promise<void> {
  let running: Promise<void> | null = null;
  let failing = false;
  const drain = async () => {
    // A full batch means more wait: go on at once.
    for (let n = await store.audit.chainPending(); n >= DRAIN_BATCH; n = await store.audit.chainPending());
  };
  const timer = setInterval(() => {
    if (running) return; // a drain longer than the interval: the next tick comes after it, not queued behind it
    running = drain().then(
      () => { if (failing) log.info('audit chain drain works again'); failing = false; },
      (err: unknown) => { if (!failing) log.error({ err }, 'linking pending rows onto the audit chain failed; will retry'); failing = true; },
    ).finally(() => { running = null; });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
