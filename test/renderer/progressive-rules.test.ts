// Progressive dialling's rules apart from the screen: what stops it, which number it dials,
// which accounts it leaves out, and the settings form's preview field.
import { describe, expect, it } from 'vitest';
import type { AccountGate, PhoneGate, Settings } from '../../shared/api/contract';
import { DEFAULT_DIAL_PLAN } from '../../shared/api/sip';
import { choosePhone, type Conditions, resumesBy, secondsLeft, SKIP_MAX, skipList, stopFor, withSkipped } from '../../renderer/features/progressive/progressive-rules';
import { toDraft, toForm } from '../../renderer/features/settings/settings-form';

const ready: Conditions = { status: { state: 'available' }, registration: { state: 'registered' }, incoming: false, connection: 'open' };

describe('what stops progressive dialling', () => {
  it('nothing while the agent is Available, the phone registered and nothing rings', () => {
    expect(stopFor(ready)).toBeNull();
  });

  it('a pause with its reason, an incoming call, the phone not registered with why, the core lost', () => {
    expect(stopFor({ ...ready, status: { state: 'paused', reason: 'training' } })).toEqual({ why: 'status', reason: 'training' });
    expect(stopFor({ ...ready, incoming: true })).toEqual({ why: 'incoming' });
    expect(stopFor({ ...ready, registration: { state: 'offline', reason: 'WebSocket closed' } })).toEqual({ why: 'phone', state: 'offline', reason: 'WebSocket closed' });
    expect(stopFor({ ...ready, registration: { state: 'off' } })).toEqual({ why: 'phone', state: 'off', reason: '' });
    expect(stopFor({ ...ready, connection: 'reconnecting' })).toEqual({ why: 'connection' });
  });

  it('only a status stop ends by itself, when the agent is Available again', () => {
    const onBreak = { why: 'status', reason: 'break' } as const;
    expect(resumesBy(onBreak, ready)).toBe(true);
    expect(resumesBy(onBreak, { ...ready, status: { state: 'paused', reason: 'break' } })).toBe(false);
    expect(resumesBy({ why: 'incoming' }, ready)).toBe(false);
    expect(resumesBy({ why: 'cancelled' }, ready)).toBe(false);
    expect(resumesBy({ why: 'phone', state: 'offline', reason: '' }, ready)).toBe(false);
  });
});

describe('the number it dials', () => {
  const account = { id: 'a1', ref: 'LAB-0001', debtorName: '王五' } as never;
  const parties = [
    { id: 'third', accountId: 'a1', kind: 'third_party', relation: 'friend', name: '赵六' },
    { id: 'debtor', accountId: 'a1', kind: 'debtor', relation: 'self', name: '王五' },
  ] as never;
  const phones = [
    { id: 'p-third', accountId: 'a1', partyId: 'third', number: '+8613900000300', type: 'mobile', consent: 'express', timeZone: null },
    { id: 'p-home', accountId: 'a1', partyId: 'debtor', number: '+8613900000200', type: 'home', consent: 'express', timeZone: null },
    { id: 'p-mobile', accountId: 'a1', partyId: 'debtor', number: '+8613900000100', type: 'mobile', consent: 'express', timeZone: null },
  ] as never;
  const phoneGate = (phoneId: string, decision: PhoneGate['decision']): PhoneGate => ({
    phoneId, partyId: '', decision, allowedFrom: null,
    reasons: decision === 'allow' ? [] : [{ rule: 'cn.quiet_hours', severity: decision === 'block' ? 'block' : 'warn', messageKey: 'quietHours', params: {}, source: '' }] as never,
  });
  const gate = (decisions: Record<string, PhoneGate['decision']>): AccountGate => ({
    packId: 'cn', packVersion: '1', evaluatedAt: '2026-11-24T02:00:00Z', phones: Object.entries(decisions).map(([id, d]) => phoneGate(id, d)),
  });
  const detail = { account, parties, phones };

  it('the debtor’s first allowed number, in the account screen’s order', () => {
    const choice = choosePhone(detail, gate({ 'p-third': 'allow', 'p-home': 'block', 'p-mobile': 'allow' }));
    expect(choice).toMatchObject({ kind: 'phone', decision: 'allow', target: { accountId: 'a1', phoneId: 'p-mobile', number: '+8613900000100', partyKind: 'debtor' } });
  });

  it('a third party’s allowed number before a warned one of the debtor’s (a warned one needs a lead)', () => {
    expect(choosePhone(detail, gate({ 'p-third': 'allow', 'p-home': 'warn', 'p-mobile': 'block' }))).toMatchObject({ kind: 'phone', decision: 'allow', target: { phoneId: 'p-third', partyName: '赵六' } });
    expect(choosePhone(detail, gate({ 'p-third': 'block', 'p-home': 'warn', 'p-mobile': 'block' }))).toMatchObject({ kind: 'phone', decision: 'warn', target: { phoneId: 'p-home' } });
  });

  it('none when every number is refused, with the first number’s refusal to show', () => {
    const choice = choosePhone(detail, gate({ 'p-third': 'block', 'p-home': 'block', 'p-mobile': 'block' }));
    expect(choice.kind).toBe('none');
    expect(choice).toMatchObject({ number: '+8613900000200', gate: { phoneId: 'p-home', decision: 'block' } });
    expect(choosePhone({ account, parties, phones: [] as never }, gate({}))).toEqual({ kind: 'none', gate: null, number: null });
  });
});

describe('the accounts it leaves out', () => {
  it('skipped ones for the session and the account just called, each once, within what the API takes', () => {
    let skipped: string[] = [];
    skipped = withSkipped(skipped, 'a');
    skipped = withSkipped(skipped, 'b');
    skipped = withSkipped(skipped, 'a');
    expect(skipped).toEqual(['b', 'a']);
    expect(skipList(skipped, 'c')).toEqual(['b', 'a', 'c']);
    expect(skipList(skipped, 'a')).toEqual(['b', 'a']);
    expect(skipList(skipped, null)).toEqual(['b', 'a']);
    let many: string[] = [];
    for (let i = 0; i <= SKIP_MAX; i++) many = withSkipped(many, `x${i}`);
    expect(many).toHaveLength(SKIP_MAX);
    expect(many[0]).toBe('x1');
  });

  it('counts the preview down in whole seconds, never below 0', () => {
    expect(secondsLeft(10_000, 2_001)).toBe(8);
    expect(secondsLeft(10_000, 9_999)).toBe(1);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
});

describe('the settings form’s preview field', () => {
  const saved: Settings = {
    serverUrl: 'http://127.0.0.1:7300', language: 'en',
    sip: { server: '', uri: '', authUser: '', password: '', displayName: '', outboundProxy: '', registerExpires: 600, iceServers: [],
      dialPlan: DEFAULT_DIAL_PLAN, iceRelayOnly: false, ringTimeoutSec: 30, whenBusy: 'call_waiting', rejectCode: 486 },
    sipPassword: { saved: false, storage: 'database' },
    phone: { autoAnswer: false, input: null, output: null, ringing: null },
    progressive: { enabled: true, previewSec: 8 },
  };

  it('sends only a changed preview, and names a wrong one before saving', () => {
    const form = toForm(saved);
    expect(form.previewSec).toBe('8');
    expect(toDraft(form, saved)).toEqual({ patch: {}, invalid: {} });
    expect(toDraft({ ...form, previewSec: '0' }, saved).patch).toEqual({ progressive: { previewSec: 0 } });
    for (const bad of ['61', '-1', '2.5', '', 'eight']) {
      expect(toDraft({ ...form, previewSec: bad }, saved).invalid).toEqual({ 'progressive.previewSec': 'progressive.settings.invalidPreview' });
    }
  });
});
