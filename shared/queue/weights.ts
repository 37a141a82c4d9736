// The queue's weights: organisation configuration, validated with zod like every other input
// that crosses a boundary. Every weight is in "points"; a part's points are rounded to an
// integer so an account's score is exactly the sum of the parts the agent is shown.
//
// Positive weights raise an account, the two penalties (`promiseActivePenalty`,
// `recentAttemptPenalty`) lower it. `callbackDue` must dominate: the schema refuses weights
// under which any other combination of parts could outrank a callback that is due now.
import { z } from 'zod';

const Points = z.number().finite().nonnegative();

export const StageWeights = z.object({
  reminder: Points,
  early: Points,
  late: Points,
  agency: Points,
  legal: Points,
}).strict();
export type StageWeights = z.infer<typeof StageWeights>;

const RankWeightsShape = z.object({
  /** Points for a callback whose time has come (and that no attempt has answered since). */
  callbackDue: Points,
  /** A callback counts as due this many minutes before its time, so the agent is on time. */
  callbackLeadMinutes: z.number().int().min(0).max(120),

  /** A pending promise to pay due today (the debtor's local day): the reminder call. */
  promiseDueToday: Points,
  /** Subtracted while a promise is pending and not yet due: let the debtor keep it. */
  promiseActivePenalty: Points,
  /** A promise broken yesterday earns all of this, fading linearly to 0 over `promiseBrokenDays`. */
  promiseBroken: Points,
  promiseBrokenDays: z.number().int().min(1).max(90),

  /** Points by the account's most advanced open stage. */
  stage: StageWeights,
  /** Days past due: linear from 0 at the due date to `dpd` points at `dpdCapDays`. */
  dpd: Points,
  dpdCapDays: z.number().int().min(1).max(3650),

  /**
   * Balance: `balance * sqrt(min(1, balance / cap))`, with the cap per currency in minor units
   * (a square root so mid-sized balances are not drowned by the few large ones).
   */
  balance: Points,
  balanceCapMinor: z.object({ CNY: z.number().int().positive(), USD: z.number().int().positive() }).strict(),

  /** Likelihood of reaching the debtor at this local hour, times these points. */
  reach: Points,
  /** Answer rate assumed for an account with no calls yet (so a new account is not zero). */
  reachPrior: z.number().min(0).max(1),
  /** How many calls the prior is worth against the account's own answer rate. */
  reachPriorStrength: z.number().positive().max(1000),
  /** How many calls the account's overall rate is worth against its rate at this hour. */
  reachHourStrength: z.number().positive().max(1000),

  /** Subtracted right after an attempt (call or visit), fading hour by hour to 0 over `recentAttemptHours`. */
  recentAttemptPenalty: Points,
  recentAttemptHours: z.number().int().min(1).max(24 * 14),
}).strict();

/** The most any non-callback account can lead another one by (callbacks must beat it). */
export function nonCallbackSpread(w: z.infer<typeof RankWeightsShape>): number {
  const stageMax = Math.max(w.stage.reminder, w.stage.early, w.stage.late, w.stage.agency, w.stage.legal);
  const stageMin = Math.min(w.stage.reminder, w.stage.early, w.stage.late, w.stage.agency, w.stage.legal);
  return w.promiseDueToday + w.promiseBroken + (stageMax - stageMin) + w.dpd + w.balance + w.reach
    + w.promiseActivePenalty + w.recentAttemptPenalty + 8; // + 8: each of the parts is rounded
}

export const RankWeights = RankWeightsShape.superRefine((w, ctx) => {
  const spread = nonCallbackSpread(w);
  if (w.callbackDue <= spread) {
    ctx.addIssue({
      code: 'custom',
      path: ['callbackDue'],
      message: `callbackDue must exceed ${spread}, the most other parts can add up to, so a due callback always comes first`,
    });
  }
});
export type RankWeights = z.infer<typeof RankWeights>;

/**
 * Defaults, in the order a collector would argue them: a due callback is a promise we made;
 * a promise due today or just broken is the best moment to call; then how late and how much;
 * then whether the debtor picks up at this hour; and not the same account twice in a row.
 */
export const DEFAULT_RANK_WEIGHTS: RankWeights = RankWeights.parse({
  callbackDue: 10_000,
  callbackLeadMinutes: 5,
  promiseDueToday: 400,
  promiseActivePenalty: 150,
  promiseBroken: 350,
  promiseBrokenDays: 7,
  stage: { reminder: 0, early: 80, late: 160, agency: 220, legal: 260 },
  dpd: 200,
  dpdCapDays: 180,
  balance: 300,
  balanceCapMinor: { CNY: 50_000_00, USD: 10_000_00 },
  reach: 300,
  reachPrior: 0.3,
  reachPriorStrength: 4,
  reachHourStrength: 3,
  recentAttemptPenalty: 400,
  recentAttemptHours: 24,
});
