// The SLA job (docs/complaints.md): every minute, on every instance, claims the complaints whose
// SLA ran out unresolved (one instance wins each, store/complaints-store.ts claimBreaches) and
// raises a `complaint_sla_breached` alert on the boards of the account's team. It reads the
// server's clock, so a training clock (FAIRLINE_CLOCK) breaches on the training day.
import type { Alert } from '../../shared/presence/protocol';
import type { BreachedComplaint } from '../store/complaints-store';
import type { ServerStore } from '../store/store';

export const SLA_SWEEP_MS = 60_000;

export function breachAlert(c: BreachedComplaint): Alert {
  return {
    type: 'alert', id: `complaint_sla_breached:${c.id}`, kind: 'complaint_sla_breached', agentId: c.ownerId, accountId: c.accountId, at: c.breachedAt,
    detail: { complaintId: c.id, accountRef: c.accountRef, category: c.category, raisedAt: c.raisedAt, dueAt: c.dueAt },
  };
}

/** One sweep: the breaches claimed now, each alerted. */
export async function sweepBreaches(store: ServerStore, now: () => Date, raise: (alert: Alert, teamId: string | null) => void): Promise<BreachedComplaint[]> {
  const claimed = await store.complaints.claimBreaches(now().toISOString());
  for (const c of claimed) raise(breachAlert(c), c.teamId);
  return claimed;
}

/** Sweeps every `everyMs` until stopped; a failed sweep is logged and tried again next time. */
export function scheduleBreaches(store: ServerStore, now: () => Date, raise: (alert: Alert, teamId: string | null) => void, onError: (err: unknown) => void, everyMs = SLA_SWEEP_MS): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    sweepBreaches(store, now, raise).catch(onError).finally(() => { running = false; });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  setImmediate(tick);
  return () => clearInterval(timer);
}
