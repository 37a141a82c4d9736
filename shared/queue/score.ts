// An account's score and the parts that made it. One function computes both: the ranking
// calls it without a parts list (no allocation, 100k accounts a re-rank) and the account view
// calls it with one, so what the agent is shown is exactly what ordered the queue.
//
// Every part is rounded to whole points, so the score is exactly the sum of the parts shown.
// Parts are i18n keys with params (money in minor units with its currency, instants as ISO
// times, dates as ISO dates); the console formats them in the agent's language.
//
// A score is constant between "change times", which is what lets the ranking update
// incrementally: per account (a callback becoming due, a block lifting, the recency penalty
// stepping down an hour after the attempt) and per time zone (the debtor's local hour, which
// moves the reach likelihood, and local midnight, which moves days past due and promise days).
import { z } from 'zod';
import { dayToIsoDate, DAY, HOUR, MINUTE, offsetAt, type DayNumber } from '../compliance/time';
import { ANSWERED_UNIT, CALL_BUCKETS, type AccountAggregate } from './aggregate';
import type { RankWeights } from './weights';

export const SCORE_PART_KEYS = [
  'callbackDue', // { at, count }
  'promiseDueToday', // { amountMinor, currency, count }
  'promiseBroken', // { dueDate, days, amountMinor, currency }
  'promiseActive', // { dueDate, amountMinor, currency } (negative: a promise not yet due)
  'stageDpd', // { stage, dpd }
  'balance', // { amountMinor, currency }
  'reachLikelihood', // { hour, percent, calls, answered, callsTotal }
  'recentAttempt', // { at, hours } (negative)
] as const;
export const ScorePartKey = z.enum(SCORE_PART_KEYS);
export type ScorePartKey = z.infer<typeof ScorePartKey>;

export const ScorePart = z.object({
  key: ScorePartKey,
  points: z.number().int(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ScorePart = z.infer<typeof ScorePart>;

/** The debtor's local day and hour at the ranking's `now`, and when the hour next changes. */
export interface ZoneNow {
  day: DayNumber;
  hour: number;
  /** The next local hour boundary (local midnight included), as an instant. */
  nextHourAt: number;
}

export function zoneNow(now: number, zone: string): ZoneNow {
  const offset = offsetAt(now, zone);
  const local = now + offset;
  const day = Math.floor(local / DAY);
  const hourStart = Math.floor(local / HOUR) * HOUR;
  // A DST change happens on a local hour boundary, so the next one (computed with the current
  // offset) is either an ordinary hour change or the transition instant itself.
  return { day, hour: Math.floor((local - day * DAY) / HOUR), nextHourAt: hourStart + HOUR - offset };
}

/** What scoreInto reports beside the score (reused across calls: no allocation per account). */
export interface ScoreOut {
  /** The earliest instant after `now` at which score or eligibility changes (Infinity: none). */
  changeAt: number;
  /** -Infinity: workable now; otherwise when it returns (Infinity: never, until lifted). */
  workableFrom: number;
  /** The reason of the block in force ('' when workable). */
  blockReason: string;
}

/**
 * Finds the block in force at `now` and when the account returns: blocks that overlap or
 * touch are one (a cap until midnight inside a window closed until 08:00 returns at 08:00).
 * One pass, as blocks are sorted by start. Returns the next block's start when workable.
 */
function scanBlocks(agg: AccountAggregate, now: number, out: ScoreOut): number {
  out.workableFrom = -Infinity;
  out.blockReason = '';
  const blocks = agg.blocks;
  let until = now;
  let covered = false;
  let nextStart = Infinity;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const from = b.from ?? -Infinity;
    if (from > until) {
      if (!covered) nextStart = from;
      break;
    }
    const end = b.until ?? Infinity;
    if (end > until) {
      if (!covered) out.blockReason = b.reason;
      covered = true;
      until = end;
    }
  }
  if (covered) out.workableFrom = until;
  return nextStart;
}

/** The block in force at `now` (`until` Infinity: never, until lifted), or null when workable. */
export function blockAt(agg: AccountAggregate, now: number): { until: number; reason: string } | null {
  if (agg.blocks.length === 0) return null;
  const out: ScoreOut = { changeAt: Infinity, workableFrom: -Infinity, blockReason: '' };
  scanBlocks(agg, now, out);
  return out.workableFrom === -Infinity ? null : { until: out.workableFrom, reason: out.blockReason };
}

/** Instant from which the account is workable: -Infinity if now, Infinity if never (until lifted). */
export function workableFrom(agg: AccountAggregate, now: number): number {
  return blockAt(agg, now)?.until ?? -Infinity;
}

/**
 * The score of one account at `now` (epoch ms), in the debtor's zone given by `zn`. Pushes the
 * parts into `parts` when given. Fills `out`: eligibility now, and the next per-account change
 * (the zone's hour boundary, `zn.nextHourAt`, is the caller's to watch).
 */
export function scoreInto(agg: AccountAggregate, w: RankWeights, zn: ZoneNow, now: number, parts: ScorePart[] | null, out: ScoreOut): number {
  let score = 0;
  let changeAt = Infinity;
  const today = zn.day;

  // Callbacks due now: first at their time (the weights guarantee it), until an attempt answers them.
  const lead = w.callbackLeadMinutes * MINUTE;
  let dueCount = 0;
  let dueAt = Infinity;
  for (const c of agg.callbacks) {
    if (c.cancelled || c.at === null) continue;
    const from = c.at - lead;
    if (agg.lastAttemptAt !== null && agg.lastAttemptAt >= from) continue; // called since
    if (from <= now) {
      dueCount++;
      if (c.at < dueAt) dueAt = c.at;
    } else if (from < changeAt) changeAt = from;
  }
  if (dueCount > 0) {
    const points = Math.round(w.callbackDue);
    score += points;
    parts?.push({ key: 'callbackDue', points, params: { at: new Date(dueAt).toISOString(), count: dueCount } });
  }

  // Promises: due today, broken (explicitly, or pending past its day with no payment since it
  // was made), or pending and not yet due.
  let todayAmount = 0;
  let todayCount = 0;
  let brokenDay = -Infinity; // the day it broke
  let brokenDueDay = 0; // the day it was for
  let brokenAmount = 0;
  let activeDay = Infinity;
  let activeAmount = 0;
  for (const p of agg.promises) {
    if (p.status === 'kept') continue;
    if (p.status === 'pending') {
      if (agg.lastPaymentAt !== null && agg.lastPaymentAt >= p.madeAt) continue; // paid since: kept
      if (p.dueDay === today) {
        todayAmount += p.amountMinor;
        todayCount++;
        continue;
      }
      if (p.dueDay > today) {
        if (p.dueDay < activeDay) {
          activeDay = p.dueDay;
          activeAmount = p.amountMinor;
        }
        continue;
      }
    }
    // Broken: pending past its due day (broke that day), or recorded as broken (on its day,
    // or on the day it was recorded if that came first: "I can't pay on Friday"), and no
    // payment since.
    if (p.resolvedAt !== null && agg.lastPaymentAt !== null && agg.lastPaymentAt >= p.resolvedAt) continue;
    const day = p.status === 'broken' && p.resolvedDay !== null ? Math.min(p.dueDay, p.resolvedDay) : p.dueDay;
    if (day > brokenDay || (day === brokenDay && (p.dueDay > brokenDueDay || (p.dueDay === brokenDueDay && p.amountMinor > brokenAmount)))) {
      brokenDay = day;
      brokenDueDay = p.dueDay;
      brokenAmount = p.amountMinor;
    }
  }
  if (todayCount > 0) {
    const points = Math.round(w.promiseDueToday);
    score += points;
    parts?.push({ key: 'promiseDueToday', points, params: { amountMinor: todayAmount, currency: agg.currency, count: todayCount } });
  }
  if (brokenDay > -Infinity) {
    const days = Math.max(0, today - brokenDay); // 0: broken today (recorded before its day)
    const fade = Math.max(1, days); // today and yesterday earn it all
    const points = fade <= w.promiseBrokenDays ? Math.round((w.promiseBroken * (w.promiseBrokenDays - fade + 1)) / w.promiseBrokenDays) : 0;
    if (points !== 0) {
      score += points;
      parts?.push({ key: 'promiseBroken', points, params: { dueDate: dayToIsoDate(brokenDueDay), days, amountMinor: brokenAmount, currency: agg.currency } });
    }
  }
  if (todayCount === 0 && activeDay < Infinity) {
    const points = -Math.round(w.promiseActivePenalty);
    if (points !== 0) {
      score += points;
      parts?.push({ key: 'promiseActive', points, params: { dueDate: dayToIsoDate(activeDay), amountMinor: activeAmount, currency: agg.currency } });
    }
  }

  // Stage and days past due (the debtor's local day).
  const dpd = agg.oldestDueDay === null ? 0 : today - agg.oldestDueDay;
  const dpdClamped = dpd <= 0 ? 0 : dpd >= w.dpdCapDays ? w.dpdCapDays : dpd;
  const stagePoints = Math.round(w.stage[agg.stage] + (w.dpd * dpdClamped) / w.dpdCapDays);
  if (stagePoints !== 0) {
    score += stagePoints;
    parts?.push({ key: 'stageDpd', points: stagePoints, params: { stage: agg.stage, dpd } });
  }

  // Balance, saturating at the currency's cap.
  if (agg.balanceMinor > 0) {
    const cap = w.balanceCapMinor[agg.currency];
    const points = Math.round(w.balance * Math.sqrt(agg.balanceMinor >= cap ? 1 : agg.balanceMinor / cap));
    if (points !== 0) {
      score += points;
      parts?.push({ key: 'balance', points, params: { amountMinor: agg.balanceMinor, currency: agg.currency } });
    }
  }

  // Likelihood of reaching the debtor at this local hour: calls at this hour (neighbouring
  // hours count half) shrunk toward the account's overall rate, itself shrunk toward the prior.
  const h = zn.hour;
  const before = (h + CALL_BUCKETS - 1) % CALL_BUCKETS;
  const after = (h + 1) % CALL_BUCKETS;
  const byHour = agg.byHour;
  const accountRate = (agg.answeredTotal + w.reachPriorStrength * w.reachPrior) / (agg.callsTotal + w.reachPriorStrength);
  let vh = 0;
  let vb = 0;
  let va = 0;
  for (let i = 0; i < byHour.length; i += 2) { // the three hours in one pass over the pairs (aggregate.ts)
    const hour = byHour[i];
    if (hour === h) vh = byHour[i + 1]!;
    else if (hour === before) vb = byHour[i + 1]!;
    else if (hour === after) va = byHour[i + 1]!;
  }
  const callsH = vh % ANSWERED_UNIT;
  const answeredH = (vh - callsH) / ANSWERED_UNIT;
  const hourCalls = callsH + 0.5 * ((vb % ANSWERED_UNIT) + (va % ANSWERED_UNIT));
  const hourAnswered = answeredH + 0.5 * (Math.floor(vb / ANSWERED_UNIT) + Math.floor(va / ANSWERED_UNIT));
  const likelihood = (hourAnswered + w.reachHourStrength * accountRate) / (hourCalls + w.reachHourStrength);
  const reachPoints = Math.round(w.reach * likelihood);
  if (reachPoints !== 0) {
    score += reachPoints;
    parts?.push({ key: 'reachLikelihood', points: reachPoints, params: { hour: h, percent: Math.round(likelihood * 100), calls: callsH, answered: answeredH, callsTotal: agg.callsTotal } });
  }

  // Recency: a fresh attempt pushes the account down, less with every whole hour since.
  if (agg.lastAttemptAt !== null) {
    const hours = now <= agg.lastAttemptAt ? 0 : Math.floor((now - agg.lastAttemptAt) / HOUR);
    if (hours < w.recentAttemptHours) {
      const stepAt = agg.lastAttemptAt + (hours + 1) * HOUR;
      if (stepAt < changeAt) changeAt = stepAt;
      const points = -Math.round((w.recentAttemptPenalty * (w.recentAttemptHours - hours)) / w.recentAttemptHours);
      if (points !== 0) {
        score += points;
        parts?.push({ key: 'recentAttempt', points, params: { at: new Date(agg.lastAttemptAt).toISOString(), hours } });
      }
    }
  }

  // Blocks starting and lifting are changes too (eligibility, not score: the ranking wakes for both).
  if (agg.blocks.length === 0) {
    out.workableFrom = -Infinity;
    out.blockReason = '';
  } else {
    const nextStart = scanBlocks(agg, now, out);
    const next = out.workableFrom === -Infinity ? nextStart : out.workableFrom;
    if (next < changeAt) changeAt = next;
  }

  out.changeAt = changeAt;
  return score;
}

export interface AccountScore {
  accountId: string;
  score: number;
  /** What made the score, largest contribution first; `sum(points) === score`. */
  parts: ScorePart[];
  /** Null when workable now; otherwise when it returns (ISO time) or 'never' (until lifted). */
  blockedUntil: string | null;
  blockReason: string | null;
  /** The earliest instant (epoch ms) at which this score or eligibility can change. */
  validUntil: number;
}

/** Sorts parts for display: biggest effect first, then by key (stable and deterministic). */
export function sortParts(parts: ScorePart[]): ScorePart[] {
  return parts.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || SCORE_PART_KEYS.indexOf(a.key) - SCORE_PART_KEYS.indexOf(b.key));
}

/** The score of one account at `now`, with its parts, in the debtor's time zone. */
export function scoreAccount(agg: AccountAggregate, weights: RankWeights, now: number | Date, zn?: ZoneNow): AccountScore {
  const t = typeof now === 'number' ? now : now.getTime();
  const z = zn ?? zoneNow(t, agg.timeZone);
  const parts: ScorePart[] = [];
  const out: ScoreOut = { changeAt: Infinity, workableFrom: -Infinity, blockReason: '' };
  const score = scoreInto(agg, weights, z, t, parts, out);
  const from = out.workableFrom;
  return {
    accountId: agg.accountId,
    score,
    parts: sortParts(parts),
    blockedUntil: from === -Infinity ? null : from === Infinity ? 'never' : new Date(from).toISOString(),
    blockReason: from === -Infinity ? null : out.blockReason,
    validUntil: Math.min(out.changeAt, z.nextHourAt),
  };
}
