// Days the ladder missed (docs/ladder.md "Catching up"): when no pass ran on an account's day
// (the server was down), the next pass works the missed days too, back to CATCH_UP_DAYS, and
// decides per treatment whether doing it late still makes sense. Pure: the job calls it with the
// account's days, the tests with any.
import { type PlannedMove, planDay, type LadderFacts } from './plan';
import type { LadderPolicy, LadderTreatment } from './policy';

/** How far back a pass looks for days no pass worked. Older ones are not made up: a week-old text or call task helps nobody. */
export const CATCH_UP_DAYS = 7;

/**
 * The account's days a pass works, oldest first, as day numbers: from the last day the previous
 * pass had reached (it may have stopped part-way; claims make working it again harmless), back at
 * most CATCH_UP_DAYS, to the last day whose hour has come. With no previous pass (or one on a clock
 * now behind it, as a training clock set back), only today, once its hour has come.
 */
export function daysToWork(lastDue: number, today: number, previousLastDue: number | null): number[] {
  if (previousLastDue === null || previousLastDue > lastDue) return lastDue === today ? [today] : [];
  const from = Math.max(lastDue - CATCH_UP_DAYS, previousLastDue);
  const out: number[] = [];
  for (let d = from; d <= lastDue; d++) out.push(d);
  return out;
}

/** Why a missed treatment is not done late (recorded as `missed` with it). */
export type MissedReason =
  | { rule: 'ladder.missed_due_passed' }
  | { rule: 'ladder.missed_left_stage'; stage: string }
  | { rule: 'ladder.missed_superseded'; date: string };

export interface DayTreatment { date: string; treatment: LadderTreatment; missed: MissedReason | null }

export interface DaysPlan { move: PlannedMove | null; treatments: DayTreatment[] }

/**
 * The plan over `dates` (ascending; the last is the day being worked now). The move is the last
 * day's: the account goes straight to the stage it belongs in now. A treatment of an earlier day is
 * done late unless: the same rule falls again later in the window (done once, for the latest); the
 * due date has passed since (a reminder before it would be wrong); or the account has left the
 * stage that planned it (its treatments are for an account in that stage, and the new stage has its own).
 */
export function planDays(policy: LadderPolicy, facts: LadderFacts, dates: readonly string[]): DaysPlan {
  const days = dates.map((date) => ({ date, plan: planDay(policy, facts, date) }));
  const final = days.at(-1);
  if (!final) return { move: null, treatments: [] };
  const latest = new Map<string, string>();
  for (const d of days) for (const t of d.plan.treatments) latest.set(t.id, d.date);
  const treatments: DayTreatment[] = [];
  for (const d of days) {
    for (const t of d.plan.treatments) {
      let missed: MissedReason | null = null;
      if (d !== final) {
        const last = latest.get(t.id)!;
        if (last !== d.date) missed = { rule: 'ladder.missed_superseded', date: last };
        else if (d.plan.dpd! < 0 && final.plan.dpd! >= 0) missed = { rule: 'ladder.missed_due_passed' };
        else if (d.plan.stage?.id !== final.plan.stage?.id) missed = { rule: 'ladder.missed_left_stage', stage: d.plan.stage!.id };
      }
      treatments.push({ date: d.date, treatment: t, missed });
    }
  }
  return { move: final.plan.move, treatments };
}
