// A callback not made in time is logged once as callback.missed (the lead's board alerts on it);
// one made, replaced, or missed more than a day ago is not.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/domain/events';
import { missedCallbacks } from '../../electron/core/day/missed-callbacks';
import { openDatabase } from '../../electron/core/store/database';
import { appendEvent } from '../../electron/core/store/events';
import { applyBundles } from '../../electron/core/store/portfolio';
import { alertsFromEvents } from '../../server/presence/alerts';
import { bundle } from '../support/bundles';

const NOW = new Date('2026-11-24T03:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

function seeded() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fairline-missed-')), 'a.db'));
  applyBundles(db, [bundle(1, { dueDate: '2026-11-20', stage: 'early', balance: 500_00, name: '王芳' }), bundle(2, { dueDate: '2026-11-20', stage: 'early', balance: 300_00, name: '李雷' })], NOW);
  const log = (accountId: string, body: EventBody, at: Date) => appendEvent(db, { deviceId: 'd1', userId: 'u1', accountId, body, now: at });
  const scheduled = (accountId: string, id: string, at: Date, loggedAt: Date, owner: 'agent' | 'team' = 'agent') => log(accountId, {
    type: 'call.outcome', callId: null, phoneId: 'phone-1', partyId: 'party-1', packId: 'cn', outcome: 'callback_requested', contact: 'conversation', hold: null,
    promise: null, plan: null, callback: { id, at: at.toISOString(), owner }, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
  }, loggedAt);
  return { db, log, scheduled };
}

describe('missed callbacks', () => {
  it('logs a callback 15 minutes past its time with no call, once', () => {
    const { db, log, scheduled } = seeded();
    scheduled('acc-1', 'cb-1', minutes(-20), minutes(-120), 'team');
    scheduled('acc-2', 'cb-2', minutes(-10), minutes(-120)); // still within its grace
    const missed = missedCallbacks(db, 'u1', NOW);
    expect(missed).toEqual([{ accountId: 'acc-1', body: { type: 'callback.missed', callbackId: 'cb-1', dueAt: minutes(-20).toISOString(), owner: 'team' } }]);
    log('acc-1', missed[0]!.body, NOW);
    expect(missedCallbacks(db, 'u1', NOW)).toEqual([]);
    expect(missedCallbacks(db, 'u1', minutes(10)).map((m) => m.body.callbackId)).toEqual(['cb-2']);
  });

  it('leaves out callbacks made, those of other agents, and those missed more than a day ago', () => {
    const { db, scheduled } = seeded();
    scheduled('acc-1', 'cb-old', minutes(-25 * 60), minutes(-26 * 60));
    scheduled('acc-2', 'cb-made', minutes(-30), minutes(-120));
    appendEvent(db, { deviceId: 'd1', userId: 'u1', accountId: 'acc-2', now: minutes(-32), body: {
      type: 'call.outcome', callId: null, phoneId: 'phone-1', partyId: 'party-1', packId: 'cn', outcome: 'right_party_contact', contact: 'conversation', hold: null,
      promise: null, plan: null, callback: null, note: '', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
    } });
    expect(missedCallbacks(db, 'u1', NOW)).toEqual([]);
    expect(missedCallbacks(db, 'someone-else', NOW)).toEqual([]);
  });

  it('raises a callback_missed alert on the board when it reaches the server', () => {
    const event = { id: '0192f0b0-0000-7000-8000-000000000001', deviceId: 'd1', seq: 1, userId: 'u1', accountId: 'acc-1', deviceTime: NOW.toISOString(),
      body: { type: 'callback.missed', callbackId: 'cb-1', dueAt: minutes(-20).toISOString(), owner: 'agent' } } as const;
    expect(alertsFromEvents([event], [])).toEqual([{
      type: 'alert', id: `callback_missed:${event.id}`, kind: 'callback_missed', agentId: 'u1', accountId: 'acc-1', at: NOW.toISOString(),
      detail: { eventId: event.id, callbackId: 'cb-1', dueAt: minutes(-20).toISOString(), owner: 'agent' },
    }]);
  });
});
