// Calling windows at every possible location, state windows and DST change days (us-regf).
import { describe, expect, it } from 'vitest';
import { usRegf } from '../../../shared/compliance/packs';
import { decide, iso, reasonFor, rules, usDoc } from './helpers';

describe('us-regf 08:00–21:00 at the consumer’s location', () => {
  it.each([
    ['2026-06-02T07:59:00-04:00', 'block'],
    ['2026-06-02T08:00:00-04:00', 'allow'],
    ['2026-06-02T20:59:00-04:00', 'allow'],
    ['2026-06-02T21:00:00-04:00', 'block'],
  ])('New York debtor at %s → %s', (at, decision) => {
    expect(decide(usRegf, usDoc(), at).decision).toBe(decision);
  });

  it('gives the exact next opening: 21:00 → 08:00 the next morning', () => {
    const d = decide(usRegf, usDoc(), '2026-06-02T21:00:00-04:00');
    expect(rules(d)).toEqual(['us.time_of_day']);
    expect(d.allowedFrom).toBe(iso('2026-06-03T08:00:00-04:00'));
    expect(reasonFor(d, 'us.time_of_day')).toMatchObject({ source: '12 CFR 1006.6(b)(1)(i)', severity: 'block' });
  });

  it('NY phone and CA address: only when convenient in both places', () => {
    const doc = usDoc({}, { address: { country: 'US', region: 'CA', postalCode: '94103' } });
    // 08:30 in New York is 05:30 in San Francisco.
    const early = decide(usRegf, doc, '2026-06-02T08:30:00-04:00');
    expect(early.decision).toBe('block');
    expect(early.allowedFrom).toBe(iso('2026-06-02T08:00:00-07:00'));
    expect(early.reasons[0]!.params.places).toContain('America/Los_Angeles');
    // 21:30 in New York is 18:30 in San Francisco: New York is closed now.
    const late = decide(usRegf, doc, '2026-06-02T18:30:00-07:00');
    expect(late.decision).toBe('block');
    expect(late.reasons[0]!.params.places).toContain('America/New_York');
    expect(late.allowedFrom).toBe(iso('2026-06-03T08:00:00-07:00'));
    expect(decide(usRegf, doc, '2026-06-02T11:00:00-07:00').decision).toBe('allow');
  });

  it('a zone stated on the phone counts as another possible location', () => {
    const doc = usDoc({}, { phones: [{ id: 'm', number: '+12125550123', type: 'mobile', timeZone: 'Pacific/Honolulu' }] });
    const d = decide(usRegf, doc, '2026-06-02T12:00:00-04:00'); // 06:00 in Honolulu
    expect(d.decision).toBe('block');
    expect(d.allowedFrom).toBe(iso('2026-06-02T08:00:00-10:00'));
  });

  it('unknown location: the window every US zone shares (08:00 Hawaii to 21:00 Eastern)', () => {
    const doc = usDoc({ attempt: { channel: 'call', party: 'debtor', number: '+18005550123', debtIds: ['d1'] } }, { address: { country: 'US' }, phones: [] });
    expect(decide(usRegf, doc, '2026-06-02T17:59:00Z').decision).toBe('block');
    expect(decide(usRegf, doc, '2026-06-02T17:59:00Z').allowedFrom).toBe('2026-06-02T18:00:00.000Z');
    expect(decide(usRegf, doc, '2026-06-02T18:00:00Z').decision).toBe('allow');
    expect(decide(usRegf, doc, '2026-06-03T00:59:00Z').decision).toBe('allow');
    expect(decide(usRegf, doc, '2026-06-03T01:00:00Z').decision).toBe('block');
    // Winter: Eastern is UTC-5, so the shared window ends at 02:00Z.
    expect(decide(usRegf, doc, '2026-01-13T01:30:00Z').decision).toBe('allow');
    expect(decide(usRegf, doc, '2026-01-13T02:00:00Z').decision).toBe('block');
  });

  it('a state with two zones (email to a Florida address without ZIP) must fit both', () => {
    const doc = usDoc({ attempt: { channel: 'email', party: 'debtor', debtIds: ['d1'] } }, { address: { country: 'US', region: 'Florida' }, phones: [] });
    // 08:30 Eastern is 07:30 Central (Panhandle).
    const d = decide(usRegf, doc, '2026-06-02T08:30:00-04:00');
    expect(d.decision).toBe('block');
    expect(d.allowedFrom).toBe(iso('2026-06-02T08:00:00-05:00'));
  });

  it('a toll-free number tells nothing: anywhere in the states', () => {
    const doc = usDoc({ attempt: { channel: 'call', party: 'debtor', number: '+18005550123', debtIds: ['d1'] } });
    expect(decide(usRegf, doc, '2026-06-02T12:00:00-04:00').allowedFrom).toBe('2026-06-02T18:00:00.000Z');
  });

  it('a stated address zone wins over the ZIP guess', () => {
    const doc = usDoc({}, { address: { country: 'US', region: 'NY', postalCode: '10001', timeZone: 'America/New_York' } });
    expect(decide(usRegf, doc, '2026-06-02T08:00:00-04:00').decision).toBe('allow');
  });
});

describe('DST change days', () => {
  it('2026-03-08 (spring forward): 08:00 EDT is 12:00Z, not 13:00Z', () => {
    expect(decide(usRegf, usDoc(), '2026-03-08T11:59:00Z').decision).toBe('block');
    expect(decide(usRegf, usDoc(), '2026-03-08T12:00:00Z').decision).toBe('allow');
    // 21:00 EDT = 01:00Z the next day.
    expect(decide(usRegf, usDoc(), '2026-03-09T00:59:00Z').decision).toBe('allow');
    expect(decide(usRegf, usDoc(), '2026-03-09T01:00:00Z').decision).toBe('block');
  });

  it('the night before spring forward: blocked at 21:00 EST, allowed from 08:00 EDT', () => {
    const d = decide(usRegf, usDoc(), '2026-03-07T21:00:00-05:00');
    expect(d.decision).toBe('block');
    expect(d.allowedFrom).toBe('2026-03-08T12:00:00.000Z');
  });

  it('2026-11-01 (fall back): 08:00 EST is 13:00Z; 21:00 EST is 02:00Z', () => {
    expect(decide(usRegf, usDoc(), '2026-11-01T12:59:00Z').decision).toBe('block');
    expect(decide(usRegf, usDoc(), '2026-11-01T12:59:00Z').allowedFrom).toBe('2026-11-01T13:00:00.000Z');
    expect(decide(usRegf, usDoc(), '2026-11-01T13:00:00Z').decision).toBe('allow');
    expect(decide(usRegf, usDoc(), '2026-11-02T01:59:00Z').decision).toBe('allow');
    expect(decide(usRegf, usDoc(), '2026-11-02T02:00:00Z').decision).toBe('block');
  });

  it('Arizona keeps standard time across the change: 08:00 MST is 15:00Z both sides', () => {
    const az = usDoc({}, { address: { country: 'US', region: 'AZ', postalCode: '85004' }, phones: [{ id: 'm', number: '+16025550123', type: 'mobile' }] });
    expect(decide(usRegf, az, '2026-03-08T14:59:00Z').decision).toBe('block');
    expect(decide(usRegf, az, '2026-03-08T15:00:00Z').decision).toBe('allow');
    expect(decide(usRegf, az, '2026-11-01T15:00:00Z').decision).toBe('allow');
  });
});

describe('state windows', () => {
  const nevada = usDoc({}, { address: { country: 'US', region: 'NV', postalCode: '89101' }, phones: [{ id: 'm', number: '+17025550123', type: 'mobile' }] });

  it.each([
    ['2026-06-02T08:59:00-07:00', 'block'],
    ['2026-06-02T09:00:00-07:00', 'allow'],
    ['2026-06-02T19:59:00-07:00', 'allow'],
    ['2026-06-02T20:00:00-07:00', 'block'],
  ])('Nevada 09:00–20:00 at %s → %s', (at, decision) => {
    expect(decide(usRegf, nevada, at).decision).toBe(decision);
  });

  it('Nevada names its own rule and source, and reopens at 09:00', () => {
    const d = decide(usRegf, nevada, '2026-06-02T08:30:00-07:00');
    expect(rules(d)).toEqual(['us.state_window.nv']);
    expect(reasonFor(d, 'us.state_window.nv')!.source).toMatch(/^NRS 649\.370 .*docs\/compliance\/sources\.md \(Nevada\)$/);
    expect(d.allowedFrom).toBe(iso('2026-06-02T09:00:00-07:00'));
  });

  it('Pennsylvania: Sunday from 13:30, other days from 08:00', () => {
    const pa = usDoc({}, { address: { country: 'US', region: 'PA', postalCode: '19103' }, phones: [{ id: 'm', number: '+12155550123', type: 'mobile' }] });
    const sunday = decide(usRegf, pa, '2026-06-07T13:29:00-04:00');
    expect(rules(sunday)).toEqual(['us.state_window.pa_sunday']);
    expect(sunday.allowedFrom).toBe(iso('2026-06-07T13:30:00-04:00'));
    expect(decide(usRegf, pa, '2026-06-07T13:30:00-04:00').decision).toBe('allow');
    expect(decide(usRegf, pa, '2026-06-06T08:00:00-04:00').decision).toBe('allow'); // Saturday
    // Sunday 07:00: both the federal and the state window are closed; open at 13:30.
    const early = decide(usRegf, pa, '2026-06-07T07:00:00-04:00');
    expect(rules(early)).toEqual(['us.state_window.pa_sunday', 'us.time_of_day']);
    expect(early.allowedFrom).toBe(iso('2026-06-07T13:30:00-04:00'));
  });

  it('a New York debtor with a Pennsylvania number is held to the Sunday rule too', () => {
    const doc = usDoc({}, { phones: [{ id: 'm', number: '+12155550123', type: 'mobile' }] });
    expect(rules(decide(usRegf, doc, '2026-06-07T10:00:00-04:00'))).toEqual(['us.state_window.pa_sunday']);
  });
});
