// Payment plans: instalments always add up to the total exactly, dates land on real days
// (month ends clamp without drifting), and validation names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_LIMITS, instalmentDates, planInstalments, validatePlan, type PlanFrequency } from '../../../shared/wrapup';

const NOW = Date.parse('2026-01-15T12:00:00Z');
const check = { now: NOW, zone: 'America/New_York' };

describe('planInstalments', () => {
  it('spreads the remainder over the first instalments', () => {
    expect(planInstalments({ totalMinor: 10000, count: 3, frequency: 'monthly', firstDate: '2026-02-01' }).map((i) => i.amountMinor)).toEqual([3334, 3333, 3333]);
    expect(planInstalments({ totalMinor: 10002, count: 4, frequency: 'weekly', firstDate: '2026-02-01' }).map((i) => i.amountMinor)).toEqual([2501, 2501, 2500, 2500]);
  });

  it('property: sums exactly to the total, right count, all positive, differing by at most one minor unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }).chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: count, max: 1_000_000_000_000 }))),
        fc.constantFrom<PlanFrequency>('weekly', 'fortnightly', 'monthly'),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        ([count, total], frequency, first) => {
          const firstDate = first.toISOString().slice(0, 10);
          const plan = planInstalments({ totalMinor: total, count, frequency, firstDate });
          const amounts = plan.map((i) => i.amountMinor);
          expect(plan).toHaveLength(count);
          expect(amounts.reduce((a, b) => a + b, 0)).toBe(total);
          expect(amounts.every((a) => Number.isSafeInteger(a) && a > 0)).toBe(true);
          expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
          expect(plan.map((i) => i.number)).toEqual(plan.map((_, k) => k + 1));
          expect(plan[0]!.dueDate).toBe(firstDate);
          // Dates strictly increase and are real calendar dates.
          for (let k = 1; k < plan.length; k++) expect(plan[k]!.dueDate > plan[k - 1]!.dueDate).toBe(true);
          for (const i of plan) expect(new Date(`${i.dueDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(i.dueDate);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: is deterministic and the larger instalments come first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 10_000_000 }), (count, extra) => {
        const input = { totalMinor: count + extra, count, frequency: 'monthly' as const, firstDate: '2026-03-31' };
        const a = planInstalments(input);
        expect(planInstalments(input)).toEqual(a);
        const amounts = a.map((i) => i.amountMinor);
        expect([...amounts].sort((x, y) => y - x)).toEqual(amounts);
      }),
    );
  });

  it('clamps monthly dates to the month end without drifting', () => {
    expect(instalmentDates('2024-01-31', 4, 'monthly')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    expect(instalmentDates('2026-01-31', 3, 'monthly')).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(instalmentDates('2026-11-30', 4, 'monthly')).toEqual(['2026-11-30', '2026-12-30', '2027-01-30', '2027-02-28']);
    expect(instalmentDates('2026-08-29', 7, 'monthly').slice(5)).toEqual(['2027-01-29', '2027-02-28']);
  });

  it('steps 7 or 14 days across month and year ends', () => {
    expect(instalmentDates('2026-12-24', 3, 'weekly')).toEqual(['2026-12-24', '2026-12-31', '2027-01-07']);
    expect(instalmentDates('2028-02-15', 2, 'fortnightly')).toEqual(['2028-02-15', '2028-02-29']);
  });

  it('throws on input validatePlan rejects', () => {
    expect(() => planInstalments({ totalMinor: 2, count: 3, frequency: 'weekly', firstDate: '2026-02-01' })).toThrow(RangeError);
    expect(() => planInstalments({ totalMinor: 100, count: 1, frequency: 'weekly', firstDate: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('validatePlan', () => {
  const fields = (r: ReturnType<typeof validatePlan>) => (r.ok ? [] : r.errors.map((e) => [e.field, e.messageKey]));

  it('returns the instalments when valid', () => {
    const r = validatePlan({ totalMinor: 120000, count: 6, frequency: 'monthly', firstDate: '2026-01-31' }, DEFAULT_PLAN_LIMITS, { ...check, balanceMinor: 120000 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.instalments.map((i) => i.dueDate)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
  });

  it('reports each missing field', () => {
    expect(fields(validatePlan({}, DEFAULT_PLAN_LIMITS, check))).toEqual([
      ['plan.totalMinor', 'wrapup.error.required'],
      ['plan.count', 'wrapup.error.required'],
      ['plan.frequency', 'wrapup.error.required'],
      ['plan.firstDate', 'wrapup.error.required'],
    ]);
  });

  it('checks the count range, the first date and the limits', () => {
    const limits = { ...DEFAULT_PLAN_LIMITS, maxCount: 12 };
    expect(fields(validatePlan({ totalMinor: 100000, count: 0, frequency: 'weekly', firstDate: '2026-01-20' }, limits, check))).toEqual([['plan.count', 'wrapup.error.countOutOfRange']]);
    expect(fields(validatePlan({ totalMinor: 100000, count: 13, frequency: 'weekly', firstDate: '2026-01-20' }, limits, check))).toEqual([['plan.count', 'wrapup.error.countOutOfRange']]);
    expect(fields(validatePlan({ totalMinor: 100000, count: 2.5, frequency: 'weekly', firstDate: '2026-01-20' }, limits, check))).toEqual([['plan.count', 'wrapup.error.countOutOfRange']]);
    expect(fields(validatePlan({ totalMinor: 100000, count: 2, frequency: 'weekly', firstDate: '2026-01-14' }, limits, check))).toEqual([['plan.firstDate', 'wrapup.error.dateInPast']]);
    expect(fields(validatePlan({ totalMinor: 100000, count: 2, frequency: 'weekly', firstDate: '2026-03-01' }, limits, check))).toEqual([['plan.firstDate', 'wrapup.error.dateTooFar']]);
    expect(fields(validatePlan({ totalMinor: 100000, count: 2, frequency: 'daily' as PlanFrequency, firstDate: '2026-01-20' }, limits, check))).toEqual([['plan.frequency', 'wrapup.error.frequencyInvalid']]);
    expect(fields(validatePlan({ totalMinor: 5000, count: 12, frequency: 'weekly', firstDate: '2026-01-20' }, limits, check))).toEqual([['plan.count', 'wrapup.error.instalmentBelowMinimum']]);
    expect(fields(validatePlan({ totalMinor: 100000, count: 12, frequency: 'monthly', firstDate: '2026-01-20' }, { ...limits, maxDays: 180 }, check))).toEqual([['plan.count', 'wrapup.error.planTooLong']]);
    expect(fields(validatePlan({ totalMinor: 100000, count: 2, frequency: 'weekly', firstDate: '2026-01-20' }, limits, { ...check, balanceMinor: 50000 }))).toEqual([['plan.totalMinor', 'wrapup.error.amountAboveBalance']]);
  });

  it('takes "today" in the debtor’s zone: the first date may be the debtor’s today', () => {
    // 2026-01-16T03:00Z is still the 15th in New York but the 16th in Shanghai.
    const now = Date.parse('2026-01-16T03:00:00Z');
    const input = { totalMinor: 100000, count: 2, frequency: 'weekly' as const, firstDate: '2026-01-15' };
    expect(validatePlan(input, DEFAULT_PLAN_LIMITS, { now, zone: 'America/New_York' }).ok).toBe(true);
    expect(fields(validatePlan(input, DEFAULT_PLAN_LIMITS, { now, zone: 'Asia/Shanghai' }))).toEqual([['plan.firstDate', 'wrapup.error.dateInPast']]);
  });
});
