// The collector's own day: attempts, right-party contacts, promises and their
// amounts, talk and wrap-up time. Pure: the core passes the agent's events of the day.
import { z } from 'zod';
import { RIGHT_PARTY_OUTCOMES } from '../presence/protocol';

export const DayFigures = z.object({
  attempts: z.number().int().nonnegative(),
  rightPartyContacts: z.number().int().nonnegative(),
  promises: z.number().int().nonnegative(),
  /** Promised amounts per currency (minor units). */
  promisedMinor: z.record(z.string(), z.number().int()),
  talkMs: z.number().int().nonnegative(),
  wrapUpMs: z.number().int().nonnegative(),
});
export type DayFigures = z.infer<typeof DayFigures>;

/** The agent's team the same day, from the central server (counted as the board counts them). */
export const TeamDay = z.object({
  /** Collectors and field agents in the team (the agent included). */
  agents: z.number().int().positive(),
  attempts: z.number().int().nonnegative(),
  rightPartyContacts: z.number().int().nonnegative(),
  promises: z.number().int().nonnegative(),
  promisedMinor: z.record(z.string(), z.number().int()),
  talkMs: z.number().int().nonnegative(),
});
export type TeamDay = z.infer<typeof TeamDay>;

/** GET /api/day/team: the signed-in agent's team today (null: the agent is in no team). */
export const TeamDayQuery = z.object({ tz: z.string().min(1).max(64) }).strict();
export const TeamDayResponse = z.object({ date: z.iso.date(), team: TeamDay.nullable() });
export type TeamDayResponse = z.infer<typeof TeamDayResponse>;

export const MyDay = z.object({
  /** The agent's local date the figures are for. */
  date: z.iso.date(),
  mine: DayFigures,
  /** The team's figures beside the agent's: null without a team or without the central server. */
  team: TeamDay.nullable().default(null),
});
export type MyDay = z.infer<typeof MyDay>;

export type DayEvent =
  | { kind: 'attempt'; direction: 'outbound' | 'inbound'; startedAt: string; answeredAt: string | null; endedAt: string }
  | { kind: 'outcome'; at: string; callId: string | null; outcome: string; promises: { amountMinor: number; currency: string }[] };

/** Outcomes that mean the debtor themself was reached: the board's definition (docs/presence.md "Figures"). */
const RIGHT_PARTY: ReadonlySet<string> = new Set(RIGHT_PARTY_OUTCOMES);

/**
 * Figures from the day's events, oldest first, counted as the board counts them: outbound
 * attempts, right-party outcomes, promises. Wrap-up time runs from a call's end to the wrap-up's
 * save (a softphone call's outcome follows its attempt).
 */
export function dayFigures(events: readonly DayEvent[]): DayFigures {
  const f: DayFigures = { attempts: 0, rightPartyContacts: 0, promises: 0, promisedMinor: {}, talkMs: 0, wrapUpMs: 0 };
  let lastEnd: number | null = null;
  for (const e of events) {
    if (e.kind === 'attempt') {
      if (e.direction === 'outbound') f.attempts++;
      if (e.answeredAt) f.talkMs += Math.max(0, Date.parse(e.endedAt) - Date.parse(e.answeredAt));
      lastEnd = Date.parse(e.endedAt);
      continue;
    }
    if (e.callId !== null && lastEnd !== null) f.wrapUpMs += Math.max(0, Date.parse(e.at) - lastEnd);
    lastEnd = null;
    if (RIGHT_PARTY.has(e.outcome)) f.rightPartyContacts++;
    for (const p of e.promises) {
      f.promises++;
      f.promisedMinor[p.currency] = (f.promisedMinor[p.currency] ?? 0) + p.amountMinor;
    }
  }
  return f;
}
