// The softphone's pure rules: retry delays with jitter, the dial plan, how a SIP result reads
// and which wrap-up outcome it preselects, and the SIP settings checked field by field.
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/api/contract';
import { DEFAULT_DIAL_PLAN, SipSettings } from '../../shared/api/sip';
import { backoffDelay, RETRY } from '../../renderer/softphone/backoff';
import { dialTarget } from '../../renderer/softphone/dial-plan';
import { iceNeed } from '../../renderer/softphone/media';
import { outcomeOf, suggestedOutcome } from '../../renderer/softphone/outcomes';
import { toDraft, toForm } from '../../renderer/features/settings/settings-form';

describe('retry delays', () => {
  it('grow from the base to the cap, never past it', () => {
    const top = (n: number) => backoffDelay(n, RETRY, () => 1);
    expect([0, 1, 2, 3, 4, 10, 50].map(top)).toEqual([400, 800, 1600, 2500, 2500, 2500, 2500]);
  });

  it('are jittered: between half and all of the step, so a fleet does not reconnect in lockstep', () => {
    expect(backoffDelay(3, RETRY, () => 0)).toBe(1250);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5)));
    expect(delays.size).toBeGreaterThan(20);
    for (const d of delays) expect(d >= 1250 && d <= 2500).toBe(true);
  });
});

describe('the dial plan', () => {
  const plan = DEFAULT_DIAL_PLAN;
  it('sends outside numbers in E.164 by default', () => {
    expect(dialTarget('+86 139 0000 0100', plan, 'pbx.test').uri).toBe('sip:+8613900000100@pbx.test');
    expect(dialTarget('13900000100', plan, 'pbx.test').uri).toBe('sip:+8613900000100@pbx.test');
  });

  it('national format at home, the international prefix abroad, after the outside-line prefix, with user=phone', () => {
    const national = { ...plan, format: 'national', outboundPrefix: '9', userPhone: true } as const;
    expect(dialTarget('+8613900000100', national, 'pbx.test').uri).toBe('sip:913900000100@pbx.test;user=phone');
    expect(dialTarget('+12025550100', national, 'pbx.test').uri).toBe('sip:90012025550100@pbx.test;user=phone');
    const us = { ...plan, format: 'national', homeCountry: 'US' } as const;
    expect(dialTarget('+12025550100', us, 'pbx.test').uri).toBe('sip:2025550100@pbx.test');
    expect(dialTarget('+8613900000100', us, 'pbx.test').uri).toBe('sip:0118613900000100@pbx.test');
  });

  it('dials colleagues by extension or SIP user as typed, with no prefix', () => {
    const prefixed = { ...plan, outboundPrefix: '0', userPhone: true };
    expect(dialTarget('1002', prefixed, 'pbx.test')).toEqual({ uri: 'sip:1002@pbx.test', kind: 'extension' });
    expect(dialTarget('agent2', prefixed, 'pbx.test')).toEqual({ uri: 'sip:agent2@pbx.test', kind: 'user' });
    expect(dialTarget('sip:lead@other.test', prefixed, 'pbx.test')).toEqual({ uri: 'sip:lead@other.test', kind: 'sip' });
    expect(dialTarget('1002', { ...plan, extensionMaxDigits: 3 }, 'pbx.test').kind).toBe('number');
  });

  it('refuses what is no number', () => {
    expect(() => dialTarget('12;34', plan, 'pbx.test')).toThrow();
  });
});

describe('how a call ended', () => {
  const end = (status: number | null, cause: Parameters<typeof outcomeOf>[0]['cause'] = null, answered = false) => outcomeOf({ answered, status, connected: true, cause });
  it('names each SIP result and preselects the matching outcome', () => {
    expect(end(486)).toEqual({ result: 'busy', sipStatus: 486, reason: 'busy' });
    expect(end(404)).toEqual({ result: 'not_in_service', sipStatus: 404, reason: 'not_in_service' });
    expect(end(480)).toEqual({ result: 'no_answer', sipStatus: 480, reason: 'no_answer' });
    expect(end(603)).toEqual({ result: 'rejected', sipStatus: 603, reason: 'rejected' });
    expect(end(503)).toEqual({ result: 'failed', sipStatus: 503, reason: 'unreachable' });
    expect(end(487, 'ring_timeout')).toEqual({ result: 'no_answer', sipStatus: 487, reason: 'ring_timeout' });
    expect(end(null, 'no_response')).toEqual({ result: 'failed', sipStatus: null, reason: 'no_response' });
    expect(end(null, 'refused')).toEqual({ result: 'no_answer', sipStatus: 487, reason: 'refused' });
    expect(end(null, 'unchecked')).toEqual({ result: 'no_answer', sipStatus: 487, reason: 'unchecked' });
    expect(end(486, 'declined')).toEqual({ result: 'rejected', sipStatus: 486, reason: 'declined' });
    expect(end(200, null, true).reason).toBe('answered');
    expect([486, 404, 487, 603].map((s) => suggestedOutcome(end(s)))).toEqual(['busy', 'not_in_service', 'no_answer', null]);
  });
});

describe('ICE', () => {
  it('waits for the candidates the configured servers give, and no more', () => {
    expect(iceNeed([])).toBe('host');
    expect(iceNeed([{ urls: 'stun:127.0.0.1:3478' }])).toBe('srflx');
    expect(iceNeed([{ urls: 'turn:127.0.0.1:3478' }])).toBe('relay');
    expect(iceNeed([], 'relay')).toBe('relay');
  });
});

describe('SIP settings, field by field', () => {
  const base = { server: 'wss://pbx.test/ws', uri: 'sip:a@pbx.test', authUser: 'a', password: 'p', displayName: 'A', outboundProxy: '', registerExpires: 600, iceServers: [] };
  const issues = (patch: object) => SipSettings.safeParse({ ...base, ...patch }).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('accepts a full account with TURN credentials and reads old settings with defaults', () => {
    expect(issues({ iceServers: ['stun:127.0.0.1:3478', { urls: 'turn:127.0.0.1:3478?transport=udp', username: 'u', credential: 'c' }] })).toEqual([]);
    expect(SipSettings.parse(base)).toMatchObject({ dialPlan: DEFAULT_DIAL_PLAN, ringTimeoutSec: 30, whenBusy: 'call_waiting', rejectCode: 486 });
  });

  it('refuses every malformed field', () => {
    expect(issues({ server: 'http://pbx.test' })).toEqual(['server']);
    expect(issues({ uri: 'agent@pbx' })).toEqual(['uri']);
    expect(issues({ outboundProxy: 'not a uri' })).toEqual(['outboundProxy']);
    expect(issues({ iceServers: ['127.0.0.1:3478'] })).toEqual(['iceServers.0.urls']);
    expect(issues({ iceServers: ['turn:127.0.0.1:3478'] })).toEqual(['iceServers.0.username']);
    expect(issues({ dialPlan: { outboundPrefix: '9a' } })).toEqual(['dialPlan.outboundPrefix']);
    expect(issues({ ringTimeoutSec: 2 })).toEqual(['ringTimeoutSec']);
    expect(issues({ rejectCode: 480 })).toEqual(['rejectCode']);
  });

  it('the form names the field before saving, and sends only what changed', () => {
    const saved: Settings = {
      serverUrl: 'http://127.0.0.1:7300', language: 'en', sip: SipSettings.parse(base),
      sipPassword: { saved: true, storage: 'database' }, phone: { autoAnswer: false, input: null, output: null, ringing: null },
    };
    const form = toForm(saved);
    expect(toDraft(form, saved)).toEqual({ patch: {}, invalid: {} });
    const bad = { ...form, sip: { ...form.sip, server: 'pbx.test', ringTimeoutSec: '0' }, ice: [{ urls: 'turn:t.test:3478', username: '', credential: '' }] };
    expect(Object.keys(toDraft(bad, saved).invalid).sort()).toEqual(['sip.iceServers', 'sip.ringTimeoutSec', 'sip.server']);
    const good = { ...form, ice: [{ urls: 'turn:t.test:3478', username: 'u', credential: 'c' }], rejectCode: 603 as const, dialPlan: { ...form.dialPlan, outboundPrefix: '9' } };
    expect(toDraft(good, saved).patch).toEqual({ sip: { iceServers: [{ urls: 'turn:t.test:3478', username: 'u', credential: 'c' }], rejectCode: 603, dialPlan: { ...DEFAULT_DIAL_PLAN, outboundPrefix: '9' } } });
  });
});
