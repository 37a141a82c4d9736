// Server time is the authority for compliance on arrival (docs/sync.md "Arrival checks: whose
// clock"): a device time is used only when it is plausible (not after receipt, not before the
// account reached the agent, not before the device's last pull for events made after it);
// otherwise the event is judged at its receive time and the device is flagged for the lead.
// Honest offline work, days old, is judged by its own times.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import { PullResponse, ViolationsResponse } from '../../shared/sync/protocol';
import { CLOCK_TOLERANCE_MS, judgeDeviceTime } from '../../server/store/arrival-time';
import type { SecurityEvent } from '../../server/store/security-store';
import { NOW, type ErrorBody, type TestServer, call, describeEachStore, login, startTestServer } from './helpers';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T = NOW.getTime();
const iso = (ms: number) => new Date(ms).toISOString();

describe('judgeDeviceTime', () => {
  const pull = { atMs: T - 30 * SECOND, seq: 10 };
  it('uses a device time inside the window, and the receive time outside it', () => {
    expect(judgeDeviceTime(T - 5 * SECOND, 11, { receivedMs: T, pull, reachedMs: T - DAY })).toEqual({ plausible: true, checkedMs: T - 5 * SECOND, offMs: 0 });
    // Made after the last pull, stamped a day before it.
    expect(judgeDeviceTime(T - DAY, 11, { receivedMs: T, pull, reachedMs: null })).toEqual({ plausible: false, checkedMs: T, offMs: -DAY + 30 * SECOND });
    // In the future.
    expect(judgeDeviceTime(T + HOUR, 11, { receivedMs: T, pull, reachedMs: null })).toEqual({ plausible: false, checkedMs: T, offMs: HOUR });
    // Before the account reached the agent (no pull known).
    expect(judgeDeviceTime(T - 5 * HOUR, 11, { receivedMs: T, pull: null, reachedMs: T - 2 * HOUR }).offMs).toBe(-3 * HOUR);
    // Pushed before the pull (seq <= its cursor): made before it, never after.
    expect(judgeDeviceTime(T - 10 * SECOND, 10, { receivedMs: T, pull: { atMs: T - HOUR, seq: 10 }, reachedMs: null }).offMs).toBe(HOUR - 10 * SECOND);
    expect(judgeDeviceTime(T - 2 * HOUR, 10, { receivedMs: T, pull: { atMs: T - HOUR, seq: 10 }, reachedMs: null }).plausible).toBe(true);
  });

  it('tolerates ordinary drift on every bound', () => {
    const b = { receivedMs: T, pull, reachedMs: null };
    expect(judgeDeviceTime(T + CLOCK_TOLERANCE_MS, 11, b).plausible).toBe(true);
    expect(judgeDeviceTime(T + CLOCK_TOLERANCE_MS + 1, 11, b).plausible).toBe(false);
    expect(judgeDeviceTime(pull.atMs - CLOCK_TOLERANCE_MS, 11, b).plausible).toBe(true);
    expect(judgeDeviceTime(pull.atMs - CLOCK_TOLERANCE_MS - 1, 11, b).plausible).toBe(false);
  });

  it('never takes 1970, 2999 or an unreadable time as the time of a contact', () => {
    const b = { receivedMs: T, pull: null, reachedMs: T - 30 * DAY };
    expect(judgeDeviceTime(0, 1, b)).toMatchObject({ plausible: false, checkedMs: T });
    expect(judgeDeviceTime(Date.parse('2999-01-01T00:00:00Z'), 1, b)).toMatchObject({ plausible: false, checkedMs: T });
    expect(judgeDeviceTime(Number.NaN, 1, b)).toMatchObject({ plausible: false, checkedMs: T });
  });
});

describeEachStore('server time on arrival', (kind) => {
  let server: TestServer;
  // The server's clock: the portfolio arrives ten days before NOW; each test moves it.
  let clock = T - 10 * DAY;
  let leadToken = '';

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, now: () => new Date(clock), tokenTtlMs: 30 * DAY }, kind);
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  /** A console: signs in and pulls at the server's current time, then logs with any clock. */
  async function console_(username: string, deviceId: string) {
    const session = await login(server.url, username, deviceId);
    const accounts = PullResponse.parse((await call(server.url, '/api/sync/pull?limit=1000', { token: session.token })).body).accounts;
    let seq = 0;
    return {
      accounts,
      userId: session.user.id,
      /** The compliance pull every sync run makes right after its push: the server notes it. */
      pull: async () => expect((await call(server.url, '/api/sync/pull/compliance', { token: session.token })).status).toBe(200),
      attempt: (account: AccountBundle, deviceMs: number | string): ClientEvent => {
        const phone = account.phones.find((p) => account.parties.find((q) => q.id === p.partyId)?.kind === 'debtor') ?? account.phones[0]!;
        const at = typeof deviceMs === 'string' ? deviceMs : iso(deviceMs);
        return {
          id: uuidv7(), deviceId, seq: ++seq, userId: session.user.id, accountId: account.account.id, deviceTime: at,
          body: {
            type: 'call.attempt', callId: `${deviceId}-${seq}`, direction: 'outbound', phoneId: phone.id, partyId: phone.partyId, number: phone.number,
            result: 'no_answer', startedAt: at, answeredAt: null, endedAt: at, sipStatus: 480, recording: null,
          } satisfies EventBody,
        };
      },
      note: (deviceMs: number | string): ClientEvent => ({
        id: uuidv7(), deviceId, seq: ++seq, userId: session.user.id, accountId: null,
        deviceTime: typeof deviceMs === 'string' ? deviceMs : iso(deviceMs), body: { type: 'agent.status', status: { state: 'available' } },
      }),
      push: async (events: ClientEvent[]) => {
        const r = await call<{ lastSeq: number } & ErrorBody>(server.url, '/api/sync/push', { token: session.token, body: { deviceId, events } });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.lastSeq).toBe(seq);
      },
    };
  }

  const quiet = (accounts: AccountBundle[], skip = 0) => accounts.filter((b) => b.holds.length === 0)[skip]!;
  const cease = (account: AccountBundle, id: string, effectiveMs: number) => server.store.setHold({
    id, accountId: account.account.id, kind: 'cease', note: 'Asked in writing to stop', effectiveAt: iso(effectiveMs),
  }, iso(clock));
  async function flagged(holdId: string): Promise<string[]> {
    const admin = await login(server.url, 'admin', 'device-admin');
    const all = ViolationsResponse.parse((await call(server.url, '/api/review/violations?limit=1000', { token: admin.token })).body).violations;
    return all.filter((v) => v.holdId === holdId).map((v) => v.eventId).sort();
  }
  async function checkedAt(eventId: string): Promise<string | null> {
    const rows = await server.database.query<{ checked_at: string | null; received_at: string }>(`select checked_at, received_at from events where id = '${eventId}'`);
    return rows[0]!.checked_at;
  }
  async function skewEvents(deviceId: string): Promise<SecurityEvent[]> {
    leadToken ||= (await login(server.url, 'lead', 'device-lead')).token;
    const r = await call<{ events: SecurityEvent[] }>(server.url, '/api/security/events?kind=device.skewed&limit=100', { token: leadToken });
    expect(r.status).toBe(200);
    return r.body.events.filter((e) => e.deviceId === deviceId);
  }

  it('flags a contact stamped "yesterday" and pushed two seconds after a cease, and the skewed device for the lead', async () => {
    clock = T - HOUR;
    const c = await console_('collector2', 'time-yesterday');
    const target = quiet(c.accounts, 0);
    clock = T - 30 * SECOND;
    await c.pull(); // online: its last sync ran half a minute ago
    clock = T - 2 * SECOND;
    await cease(target, 'time-cease-1', clock);
    clock = T;
    const backdated = c.attempt(target, T - DAY);
    await c.push([backdated]);
    expect(await flagged('time-cease-1')).toEqual([backdated.id]);
    expect(await checkedAt(backdated.id)).toBe(iso(T)); // judged at its receive time

    const skewed = await skewEvents('time-yesterday');
    expect(skewed).toHaveLength(1);
    expect(skewed[0]).toMatchObject({ kind: 'device.skewed', userId: c.userId, username: 'collector2', detail: { eventId: backdated.id, deviceTime: iso(T - DAY), judgedAtReceipt: 1 } });
    expect(Number(skewed[0]!.detail.offMs)).toBe(-DAY + 30 * SECOND);
    const device = (await server.store.security.listDevices()).find((d) => d.id === 'time-yesterday')!;
    expect(device).toMatchObject({ skewMs: -DAY + 30 * SECOND, skewFlaggedAt: iso(T) });
    // A console with a bad clock pushes all day: the lead hears of it once an hour, not every push.
    clock = T + 10 * SECOND;
    await c.push([c.note(T - DAY)]);
    expect(await skewEvents('time-yesterday')).toHaveLength(1);
  });

  it('does not flag an honest contact made seconds before the cease', async () => {
    clock = T - HOUR;
    const c = await console_('collector2', 'time-honest');
    const target = quiet(c.accounts, 1);
    clock = T - 30 * SECOND;
    await c.pull();
    clock = T - 2 * SECOND;
    await cease(target, 'time-cease-2', clock);
    clock = T;
    const before = c.attempt(target, T - 5 * SECOND);
    const after = c.attempt(target, T - SECOND);
    await c.push([before, after]);
    expect(await flagged('time-cease-2')).toEqual([after.id]);
    expect(await checkedAt(before.id)).toBe(iso(T - 5 * SECOND));
    expect(await skewEvents('time-honest')).toEqual([]);
  });

  it('never takes 1970 or 2999 as the time of a contact, and stores the events all the same', async () => {
    clock = T - 2 * HOUR;
    const c = await console_('collector2', 'time-extremes');
    const target = quiet(c.accounts, 2);
    await cease(target, 'time-cease-3', T - HOUR);
    clock = T;
    const epoch = c.attempt(target, '1970-01-01T00:00:00.000Z');
    const future = c.attempt(target, '2999-01-01T00:00:00.000+08:00');
    const status = c.note('1970-01-01T00:00:00Z');
    await c.push([epoch, future, status]);
    // Both judged now, during the cease: both flagged.
    expect(await flagged('time-cease-3')).toEqual([epoch.id, future.id].sort());
    for (const e of [epoch, future]) expect(await checkedAt(e.id)).toBe(iso(T));
    expect((await skewEvents('time-extremes'))[0]!.detail).toMatchObject({ judgedAtReceipt: 2, deviceTime: '2999-01-01T00:00:00.000+08:00' });
  });

  it('judges a field agent’s honest week offline by its own times: nothing made before the cease is flagged', async () => {
    // Synced a week ago, then a week of visits with no network; a cease was set 12 hours ago.
    clock = T - 7 * DAY;
    const c = await console_('field', 'time-field-week');
    await c.pull();
    const target = quiet(c.accounts, 0);
    const week = [T - 6 * DAY, T - 4 * DAY, T - DAY, T - 13 * HOUR].map((ms) => c.attempt(target, ms));
    const statuses = [T - 5 * DAY, T - 2 * DAY].map((ms) => c.note(ms));
    clock = T - 12 * HOUR;
    await cease(target, 'time-cease-4', clock);
    const late = c.attempt(target, T - 2 * HOUR); // after the cease, unknowing: flagged, by its own time
    clock = T;
    await c.push([...week, ...statuses, late]);
    expect(await flagged('time-cease-4')).toEqual([late.id]);
    for (const e of [...week, ...statuses, late]) expect(await checkedAt(e.id)).toBe(e.deviceTime);
    expect(await skewEvents('time-field-week')).toEqual([]);
  });

  it('catches an offline console whose clock runs days behind once its times fall before its last pull', async () => {
    clock = T - 3 * DAY;
    const c = await console_('field', 'time-field-behind');
    await c.pull();
    const target = quiet(c.accounts, 1);
    clock = T - 12 * HOUR;
    await cease(target, 'time-cease-5', clock);
    clock = T;
    // Made an hour ago, after the cease, on a clock four days behind.
    const contact = c.attempt(target, T - HOUR - 4 * DAY);
    await c.push([contact]);
    expect(await flagged('time-cease-5')).toEqual([contact.id]);
    expect(await checkedAt(contact.id)).toBe(iso(T));
    expect(await skewEvents('time-field-behind')).toHaveLength(1);
  });

  it('does not believe a contact stamped before the account reached the agent', async () => {
    clock = T - 7 * DAY;
    const c = await console_('field', 'time-field-reassigned');
    await c.pull(); // a week ago: the pull alone would allow any time since
    const cn = await login(server.url, 'collector1', 'time-collector1');
    const theirs = PullResponse.parse((await call(server.url, '/api/sync/pull?limit=1000', { token: cn.token })).body).accounts;
    const moved = quiet(theirs, 3);
    clock = T - 10 * HOUR;
    await cease(moved, 'time-cease-6', clock);
    clock = T - 2 * HOUR;
    await server.store.assignAccount(moved.account.id, { assignedTo: c.userId, teamId: moved.account.teamId }, iso(clock));
    clock = T;
    // Stamped 20 hours ago, before the cease, but the account only reached this agent 2 hours ago.
    const contact = c.attempt(moved, T - 20 * HOUR);
    await c.push([contact]);
    expect(await flagged('time-cease-6')).toEqual([contact.id]);
    expect(await checkedAt(contact.id)).toBe(iso(T));
  });
});
