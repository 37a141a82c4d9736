// The gate's clock arithmetic: the fast ISO reader and writer agree with Date.parse and
// toISOString, and zone offsets agree with what Intl reports, across DST changes and the odd
// transitions that do not fall on a quarter hour.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR, isoUtc, localDay, localToInstant, MINUTE, offsetAt, parseInstant } from '../../../shared/compliance/time';

const two = (n: number) => String(n).padStart(2, '0');

/** The offset as Intl states it ("GMT-02:30"), read independently of time.ts. */
function intlOffset(ms: number, zone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name)!;
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * HOUR + Number(m[3]) * MINUTE) : 0;
}

describe('parseInstant', () => {
  const isoLike = fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.integer({ min: 0, max: 61 }),
      fraction: fc.constantFrom('', '.000', '.5', '.123', '.1234', '.999'),
      zone: fc.constantFrom('Z', 'z', '+00:00', '-04:00', '+05:45', '+14:00', '-24:00', '+0530', ''),
      separator: fc.constantFrom('T', 'T', 'T', ' ', 't'),
    })
    .map((p) => `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}${p.separator}${two(p.hour)}:${two(p.minute)}:${two(p.second)}${p.fraction}${p.zone}`);

  it('gives what Date.parse gives, for valid and invalid text alike', () => {
    fc.assert(fc.property(isoLike, (text) => Object.is(parseInstant(text), Date.parse(text))), { numRuns: 20_000 });
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (text) => Object.is(parseInstant(text), Date.parse(text))));
  });

  it.each(['2026-02-29T10:00:00Z', '2024-02-29T10:00:00Z', '2026-06-01T24:00:00Z', '2026-06-01T10:00:60Z', 'not a time', '2026-06-01', ''])('%s', (text) => {
    expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
  });
});

describe('isoUtc', () => {
  it('writes what toISOString writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 2.6e14 }), (ms) => isoUtc(ms) === new Date(ms).toISOString()),
      { numRuns: 20_000 },
    );
  });
});

describe('offsetAt', () => {
  it.each([
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['America/Los_Angeles', '2026-03-08'],
    ['Europe/London', '2026-03-29'],
    ['Australia/Lord_Howe', '2026-04-05'], // a 30-minute DST change
    ['Australia/Lord_Howe', '2026-10-04'],
    ['Asia/Kathmandu', '2026-06-01'],
    ['America/St_Johns', '2026-11-01'],
    ['Pacific/Chatham', '2026-04-05'],
  ])('agrees with Intl every 10 minutes around the changes in %s on %s', (zone, date) => {
    const day = Date.parse(`${date}T00:00:00Z`);
    for (let ms = day - 24 * HOUR; ms < day + 48 * HOUR; ms += 10 * MINUTE) expect(offsetAt(ms, zone)).toBe(intlOffset(ms, zone));
  });

  // The offsets used to be cached per quarter hour of UTC on the belief that every change since
  // 1970 falls on one; these did not (Newfoundland until 2011, Casey station 2020–2022), and for
  // up to 14 minutes after them the old offset was reported.
  it.each([
    ['America/St_Johns', '2011-03-13T03:31:00Z', -2.5 * HOUR],
    ['Antarctica/Casey', '2021-10-02T16:01:00Z', 11 * HOUR],
  ])('is exact after a change off the quarter hour (%s at %s)', (zone, change, after) => {
    const t = Date.parse(change);
    expect(offsetAt(t - 1000, zone)).toBe(intlOffset(t - 1000, zone));
    expect(offsetAt(t - 1000, zone)).not.toBe(after);
    expect(offsetAt(t, zone)).toBe(after);
    expect(offsetAt(t + 5 * MINUTE, zone)).toBe(after);
    expect(offsetAt(t + 5 * MINUTE, zone)).toBe(intlOffset(t + 5 * MINUTE, zone));
  });

  it('gives local days and wall-clock instants consistent with it', () => {
    // 2026-03-08 02:30 does not exist in New York: the first instant after the gap is 03:00 EDT.
    const day = localDay(Date.parse('2026-03-08T12:00:00-04:00'), 'America/New_York');
    expect(new Date(localToInstant(day, 150, 'America/New_York', 'earliest')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // 2026-11-01 01:30 happens twice: first at EDT, then at EST.
    const fallDay = localDay(Date.parse('2026-11-01T12:00:00-05:00'), 'America/New_York');
    expect(new Date(localToInstant(fallDay, 90, 'America/New_York', 'earliest')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(localToInstant(fallDay, 90, 'America/New_York', 'latest')).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });
});
