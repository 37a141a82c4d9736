// Organisation overrides: tighter is accepted, looser is refused with the rule named.
import { describe, expect, it } from 'vitest';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { LooseningOverrideError, tighten } from '../../../shared/compliance/tighten';
import { call, cnDoc, decide, iso, rules, usDoc } from './helpers';

describe('tighten', () => {
  it('narrower window: 09:00–18:00 on weekdays, closed on Sunday', () => {
    const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '18:00']]]));
    const pack = tighten(usRegf, { organisation: 'acme', windows: { 'us.time_of_day': { ...weekdays, sun: [] } } });
    expect(pack.version).toBe('2026.2.0+acme');
    expect(decide(pack, usDoc(), '2026-06-02T08:30:00-04:00').decision).toBe('block');
    expect(decide(pack, usDoc(), '2026-06-02T08:30:00-04:00').allowedFrom).toBe(iso('2026-06-02T09:00:00-04:00'));
    // Saturday 18:30 → Monday 09:00 (Sunday closed).
    expect(decide(pack, usDoc(), '2026-06-06T18:30:00-04:00').allowedFrom).toBe(iso('2026-06-08T09:00:00-04:00'));
    expect(decide(pack, usDoc(), '2026-06-02T08:30:00-04:00').packVersion).toBe('2026.2.0+acme');
    // The base pack is untouched.
    expect(decide(usRegf, usDoc(), '2026-06-02T08:30:00-04:00').decision).toBe('allow');
  });

  it('lower caps', () => {
    const pack = tighten(cn, { organisation: 'lender-9', caps: { 'cn.connected_calls_per_day': 2, 'cn.visit.collectors': 3 } });
    const history = [call('2026-06-02T09:00:00+08:00', 'conversation'), call('2026-06-02T10:00:00+08:00', 'conversation')];
    expect(rules(decide(pack, cnDoc({ history }), '2026-06-02T16:00:00+08:00'))).toEqual(['cn.connected_calls_per_day']);
    expect(decide(cn, cnDoc({ history }), '2026-06-02T16:00:00+08:00').decision).toBe('allow');
  });

  it('a call cap tightened to 0 blocks every call, and time alone never lifts it', () => {
    // This used to throw (the rule looked for the (n-limit+1)th-newest call, which 0 does not have).
    const pack = tighten(usRegf, { organisation: 'no-calls', caps: { 'us.frequency.calls_per_7_days': 0 } });
    const d = decide(pack, usDoc(), '2026-06-02T12:00:00-04:00');
    expect(rules(d)).toEqual(['us.frequency.calls_per_7_days']);
    expect(d.reasons[0]).toMatchObject({ params: { count: 0, limit: 0 }, allowedFrom: null });
    expect(d.allowedFrom).toBeNull();
    expect(decide(pack, usDoc({ history: [call('2026-06-01T10:00:00-04:00', 'no_answer')] }), '2026-06-02T12:00:00-04:00').reasons[0]!.params.count).toBe(1);
  });

  it('extra blocked dates, at every possible location, until the next allowed time', () => {
    const pack = tighten(usRegf, { organisation: 'acme', blockedDates: [{ date: '2026-07-03', reason: 'office closed' }, { date: '2026-07-04' }] });
    const d = decide(pack, usDoc(), '2026-07-03T10:00:00-04:00');
    expect(rules(d)).toEqual(['org.blocked_date']);
    expect(d.reasons[0]!.allowedFrom).toBe(iso('2026-07-05T00:00:00-04:00'));
    expect(d.allowedFrom).toBe(iso('2026-07-05T08:00:00-04:00'));
    expect(decide(pack, usDoc(), '2026-07-02T20:00:00-04:00').decision).toBe('allow');
  });

  it.each([
    [{ windows: { 'us.time_of_day': { mon: [['07:00', '21:00']] } } }, 'us.time_of_day', /mon 07:00–21:00 is wider/],
    [{ windows: { 'us.state_window.nv': { sat: [['09:00', '20:30']] } } }, 'us.state_window.nv', /wider/],
    [{ caps: { 'us.frequency.calls_per_7_days': 8 } }, 'us.frequency.calls_per_7_days', /8 calls is looser than the pack's 7/],
    [{ caps: { 'us.frequency.days_after_conversation': 6 } }, 'us.frequency.days_after_conversation', /looser/],
    [{ removeRules: ['us.hold.cease'] }, 'us.hold.cease', /cannot be removed/],
    [{ windows: { 'us.lunch': { mon: [['12:00', '13:00']] } } }, 'us.lunch', /no such window rule/],
    [{ caps: { 'us.calls_per_hour': 1 } }, 'us.calls_per_hour', /no such cap/],
  ])('rejects %j naming the rule', (change, rule, message) => {
    let error: unknown;
    try {
      tighten(usRegf, { organisation: 'acme', ...change });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LooseningOverrideError);
    expect((error as LooseningOverrideError).rule).toBe(rule);
    expect((error as Error).message).toMatch(message);
  });

  it('validates the overrides document with zod', () => {
    expect(() => tighten(usRegf, { organisation: 'acme', caps: { 'us.warn.calls_per_day': -1 } })).toThrow(/overrides\.caps\.us\.warn\.calls_per_day/);
    expect(() => tighten(usRegf, { organisation: 'acme', loosen: true })).toThrow(/loosen/);
    expect(() => tighten(usRegf, { windows: {} })).toThrow(/overrides\.organisation/);
    expect(() => tighten(usRegf, { organisation: 'acme', windows: { 'us.time_of_day': { mon: [['18:00', '09:00']] } } })).toThrow(/end after it starts/);
  });
});
