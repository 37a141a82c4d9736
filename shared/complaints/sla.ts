// The SLA clock of a complaint (pure: the clock is passed in). A complaint is due `slaDays` after
// it was raised; it is breached once the due time passes unresolved.
export const DAY_MS = 24 * 60 * 60 * 1000;

export function dueAt(raisedAt: string, slaDays: number): string {
  return new Date(Date.parse(raisedAt) + slaDays * DAY_MS).toISOString();
}

export type SlaState = 'on_track' | 'due_soon' | 'breached' | 'resolved';

/** Where the clock stands at `now`: due soon within the last fifth of the period (at least a day). */
export function slaState(c: { raisedAt: string; dueAt: string; resolvedAt: string | null }, now: Date): { state: SlaState; leftMs: number } {
  const leftMs = Date.parse(c.dueAt) - now.getTime();
  if (c.resolvedAt) return { state: 'resolved', leftMs };
  if (leftMs <= 0) return { state: 'breached', leftMs };
  const period = Date.parse(c.dueAt) - Date.parse(c.raisedAt);
  return { state: leftMs <= Math.max(DAY_MS, period / 5) ? 'due_soon' : 'on_track', leftMs };
}
