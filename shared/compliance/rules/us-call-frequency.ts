// Regulation F's call-frequency presumption, per person and per debt (12 CFR 1006.14(b)(2)):
//  (i)  no more than 7 calls within 7 consecutive days;
//  (ii) no call within 7 consecutive days after a telephone conversation about the debt, the
//       conversation's date being day 1.
// What counts (comment 14(b)-1, 14(b)(3)(ii)-1, 14(b)(4)-1/-2): answered, unanswered and
// voicemail calls count, a call about several debts counts for each, an unanswered call counts
// for every debt it was about; texts and emails are no calls. Excluded (1006.14(b)(3)): calls
// made with prior consent given directly to the collector (for 7 days at most, ending on
// revocation, the stated period's end, or a conversation), and calls that never connect
// (busy, not in service, failed).
import type { ContactResult } from '../facts';
import { NO_REASONS, cap, reason, type Pack, type RuleReason, type RuleContext, type RuleFamily } from '../pack';
import { changesAt } from '../stability';
import { offsetAt, startOfLocalDay } from '../time';
import { concernsDebt, consentCovers, consentEnd, countingZones, dayIn, debtsOfAttempt } from './common';

const COUNTED: ReadonlySet<ContactResult> = new Set(['conversation', 'no_answer', 'voicemail', 'limited_content_message']);

const NO_PERIODS: [number, number][] = [];

/**
 * Consent periods for calls about `debtId`, each [start, end): consent given directly to the
 * collector about that debt (1006.14(b)(3)(i) excludes calls per debt). For `null` (calls about
 * any debt) only consents covering every debt count, so the count stays an upper bound.
 */
function consentPeriods(ctx: RuleContext, debtId: string | null): [number, number][] {
  const consents = ctx.facts.debtor.consents;
  if (consents.length === 0) return NO_PERIODS;
  const maxDays = cap(ctx.pack, 'us.frequency.consent_days');
  return consents
    .filter((c) => c.scope === 'call_frequency' && (debtId === null ? c.givenTo === 'collector' && !c.debtIds : consentCovers(c, [debtId])))
    .map((c) => consentEnd(c, { maxDays, endsAtConversationIn: ctx }))
    .map(({ start, end }) => [start, end] as [number, number]);
}

function within(periods: [number, number][], at: number): boolean {
  for (const [s, e] of periods) if (s <= at && at < e) return true;
  return false;
}

/** Where the two presumptions stand for one debt (null: calls about any debt) at every counting zone. */
interface Presumptions {
  /** (i) is reached: blocked until capUntil (null when the organisation allows no calls at all). */
  capReached: boolean;
  capUntil: number | null;
  capCount: number;
  pauseUntil: number | null;
  conversationAt: string;
}

// The counted calls of one run, reused from call to call (the engine is synchronous, and nothing
// keeps the list: only a count and one call's day are read from it).
const RUN: number[] = [];

function presumptions(ctx: RuleContext, consent: [number, number][], debtId: string | null, limit: number, pauseDays: number): Presumptions {
  const { history, times } = ctx;
  const calls = ctx.index.debtorCalls();
  const p: Presumptions = { capReached: false, capUntil: null, capCount: 0, pauseUntil: null, conversationAt: '' };
  for (const zone of countingZones(ctx)) {
    const days = ctx.index.daysIn(zone);
    const today = dayIn(ctx.now, zone);
    // One pass over the calls about this debt, oldest first, for both presumptions:
    // (i) the counted calls in the 7 consecutive days ending today (the most any 7-day run
    //     through today can hold); (ii) the newest conversation in the last `pauseDays` days.
    // Older calls matter to neither: skip them before reading which debts they were about.
    const since = today - Math.max(7, pauseDays);
    const inRun = RUN;
    inRun.length = 0;
    let last = -1;
    for (const k of calls) {
      const c = history[k]!;
      if (days[k]! <= since || !concernsDebt(c, debtId)) continue;
      if (days[k]! > today - 7 && COUNTED.has(c.result) && !within(consent, times[k]!)) inRun.push(k);
      if (c.result === 'conversation' && days[k]! > today - pauseDays) last = k;
    }
    if (inRun.length >= limit) {
      // Allowed again from the day the (n-limit+1)th-newest call drops out of the run. A pack
      // tightened to 0 calls has no such call: time alone never lifts it.
      p.capReached = true;
      if (limit > 0) p.capUntil = Math.max(p.capUntil ?? 0, startOfLocalDay(days[inRun[inRun.length - limit]!]! + 7, zone));
      p.capCount = Math.max(p.capCount, inRun.length);
    }
    // A conversation about this debt on day C blocks days C..C+pauseDays-1.
    if (last >= 0) {
      const until = startOfLocalDay(days[last]! + pauseDays, zone);
      if (until > (p.pauseUntil ?? 0)) {
        p.pauseUntil = until;
        p.conversationAt = history[last]!.at;
      }
    }
  }
  return p;
}

/**
 * An answer kept with the history (HistoryIndex.keptBy): with no consent on file the family's
 * answer depends on the clock only through the calendar day at each counting zone, so it holds
 * from the latest of those days' starts to the earliest of their ends, for the same pack, places
 * and debts.
 */
interface Kept {
  pack: Pack;
  zones: readonly string[];
  debts: readonly (string | null)[];
  probing: boolean;
  /** The instants over which every counting zone is on the same calendar day as when it was worked out. */
  from: number;
  to: number;
  reasons: readonly RuleReason[];
}

const KEPT_ANSWERS = 4;

function sameValues<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const usCallFrequency: RuleFamily = {
  name: 'call frequency (Regulation F)',
  personLevel: true,
  // Counts past contacts only, whose counts fall as time passes; whether a debt is under consent
  // now changes where a consent period starts or ends, said below (stability.ts).
  saysWhenItChanges: true,
  evaluate(ctx) {
    if (ctx.attempt.channel !== 'call' || ctx.attempt.party !== 'debtor') return NO_REASONS;
    const debts = debtsOfAttempt(ctx);
    if (ctx.facts.debtor.consents.length > 0) return frequency(ctx, debts);
    const zones = countingZones(ctx);
    const now = ctx.now;
    const kept = ctx.index.keptBy<Kept>(usCallFrequency);
    // A history decided on once (the CLI, an audit) keeps nothing.
    if (!kept) return frequency(ctx, debts);
    for (const k of kept) {
      // An answer worked out while probing lacks the reasons' message details: only for probes.
      if (k.from <= now && now < k.to && k.pack === ctx.pack && (ctx.probing || !k.probing) && sameValues(k.zones, zones) && sameValues(k.debts, debts)) return k.reasons;
    }
    let from = -Infinity;
    let to = Infinity;
    for (const zone of zones) {
      const day = dayIn(now, zone);
      const start = startOfLocalDay(day, zone);
      const end = startOfLocalDay(day + 1, zone);
      // A day on which the zone's clocks change is kept for no time at all: where they go back
      // at midnight, an instant after the next day's start can still be on this day.
      const offset = offsetAt(now, zone);
      if (offsetAt(start, zone) !== offset || offsetAt(end - 1, zone) !== offset) to = -Infinity;
      from = Math.max(from, start);
      to = Math.min(to, end);
    }
    const reasons = frequency(ctx, debts);
    if (kept.length >= KEPT_ANSWERS) kept.pop();
    kept.unshift({ pack: ctx.pack, zones, debts, probing: ctx.probing, from, to, reasons });
    return reasons;
  },
};

function frequency(ctx: RuleContext, debts: (string | null)[]): readonly RuleReason[] {
  // A call placed with consent about a debt is outside both presumptions for that debt; a call
  // with consent about every debt it concerns is outside them altogether. (No consent on file,
  // the usual case: every debt is uncovered, with no consent periods.)
  const anyConsent = ctx.facts.debtor.consents.length > 0;
  const consentFor = anyConsent ? new Map(debts.map((d) => [d, consentPeriods(ctx, d)])) : undefined;
  if (consentFor) {
    for (const periods of consentFor.values()) {
      for (const [start, end] of periods) {
        changesAt(start);
        changesAt(end);
      }
    }
  }
  const uncovered = consentFor ? debts.filter((d) => !within(consentFor.get(d)!, ctx.now)) : debts;
  if (uncovered.length === 0) return NO_REASONS;
  const limit = cap(ctx.pack, 'us.frequency.calls_per_7_days');
  const pauseDays = cap(ctx.pack, 'us.frequency.days_after_conversation');
  // The calls about one debt are some of the calls about any debt: when all of them together
  // reach neither presumption, no single debt can (the usual case, settled without reading
  // which debts each call was about).
  const anyDebt = presumptions(ctx, consentPeriods(ctx, null), null, limit, pauseDays);
  if (!anyDebt.capReached && anyDebt.pauseUntil === null) return NO_REASONS;
  const reasons: RuleReason[] = [];
  for (const debtId of uncovered) {
    const p = debtId === null ? anyDebt : presumptions(ctx, consentFor?.get(debtId) ?? NO_PERIODS, debtId, limit, pauseDays);
    const debt = debtId ?? '';
    if (p.capReached) reasons.push(reason(ctx, 'us.frequency.calls_per_7_days', 'block', 'sevenInSeven', { debt, count: p.capCount, limit }, p.capUntil));
    if (p.pauseUntil !== null)
      reasons.push(reason(ctx, 'us.frequency.days_after_conversation', 'block', 'afterConversation', { debt, conversationAt: p.conversationAt, days: pauseDays }, p.pauseUntil));
  }
  return reasons;
}
