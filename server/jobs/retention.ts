// Retention and anchoring on the server's clock (docs/security.md "Retention", "Anchors").
// Once a day, what is past its pack's retention is purged (retention-store.ts: legal holds
// kept, every purged row tombstoned in the audit chain). Every hour the chain's head (position
// and hash) goes to the server's log: logs shipped off the machine are anchors an intruder with
// the database alone cannot rewrite, so a log rebuilt or cut short since shows against them
// (`admin audit verify --anchor SEQ:HASH`).
import type { FastifyBaseLogger } from 'fastify';
import type { ServerStore } from '../store/store';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export async function runRetention(store: ServerStore, now: Date, log: FastifyBaseLogger): Promise<void> {
  const result = await store.retention.purge(now);
  if (result.events + result.files + result.accessEntries > 0) {
    await store.security.record({
      at: now.toISOString(), kind: 'retention.purged', actor: 'retention-job',
      detail: { accounts: result.plan.accounts.length, events: result.events, files: result.files, accessEntries: result.accessEntries, held: result.plan.held.length },
    });
  }
  log.info({ accounts: result.plan.accounts.length, events: result.events, files: result.files, accessEntries: result.accessEntries, held: result.plan.held.length }, 'retention run');
}

/** Starts both; answers how to stop them. */
export function scheduleRetention(store: ServerStore, log: FastifyBaseLogger, now: () => Date, opts: { purge: boolean }): () => void {
  const anchor = () => {
    store.audit.head().then(
      (head) => log.info({ auditHead: `${head.seq}:${head.hash}` }, 'audit chain anchor'),
      (err: unknown) => log.error({ err }, 'reading the audit chain head failed'),
    );
  };
  const purge = () => { runRetention(store, now(), log).catch((err: unknown) => log.error({ err }, 'retention run failed')); };
  anchor();
  const timers = [setInterval(anchor, HOUR_MS)];
  if (opts.purge) {
    // First run a minute after start, not while the server is warming up.
    timers.push(setTimeout(purge, 60_000) as unknown as NodeJS.Timeout, setInterval(purge, DAY_MS));
  }
  for (const t of timers) t.unref();
  return () => { for (const t of timers) clearInterval(t); };
}
