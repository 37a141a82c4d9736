// Auto-answer's decision, the ring tone, and the settings form's patch for the softphone's
// preferences and the SIP password (which the core never reads back).
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/api/contract';
import { DEFAULT_DIAL_PLAN } from '../../shared/api/sip';
import { incomingAction } from '../../renderer/features/call/auto-answer';
import { toDraft, toForm } from '../../renderer/features/settings/settings-form';
import type { Incoming } from '../../renderer/softphone/SoftphoneProvider';
import { ringWav } from '../../renderer/softphone/ringer';

const call = { id: 'c1', direction: 'inbound', number: '+8613900000100', name: null, state: 'ringing', startedAt: 0, answeredAt: null, held: false, holdPending: false, muted: false, consultFor: null, transfer: null, monitor: null, failure: null, waiting: false, earlyMedia: false, transferredFrom: null } as const;
const match = { accountId: 'a1', ref: 'R1', debtorName: 'D', phoneId: 'p1', partyName: 'D', partyKind: 'debtor' };
const incoming = (matches: Incoming['matches']): Incoming => ({ call: { ...call }, matches });

describe('auto-answer', () => {
  it('is off by default: the call rings', () => {
    expect(incomingAction({ autoAnswer: false, incoming: incoming([match]), busy: false })).toBe('ring');
  });

  it('answers a free agent’s call once the caller is looked up: one account, or none', () => {
    expect(incomingAction({ autoAnswer: true, incoming: incoming(null), busy: false })).toBe('wait');
    expect(incomingAction({ autoAnswer: true, incoming: incoming([match]), busy: false })).toBe('answer');
    expect(incomingAction({ autoAnswer: true, incoming: incoming([]), busy: false })).toBe('answer');
  });

  it('rings when the agent must choose the account, or is busy', () => {
    expect(incomingAction({ autoAnswer: true, incoming: incoming([match, { ...match, accountId: 'a2' }]), busy: false })).toBe('ring');
    expect(incomingAction({ autoAnswer: true, incoming: incoming([match]), busy: true })).toBe('ring');
  });

  it('does nothing without a ringing call', () => {
    expect(incomingAction({ autoAnswer: true, incoming: null, busy: false })).toBe('none');
    expect(incomingAction({ autoAnswer: true, incoming: { call: { ...call, state: 'established' }, matches: [match] }, busy: false })).toBe('none');
  });
});

describe('the ring tone', () => {
  it('is a 3 s, 8 kHz, 16-bit mono WAV: a double ring, then silence', () => {
    const wav = ringWav();
    const view = new DataView(wav.buffer);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint32(24, true)).toBe(8000);
    expect(view.getUint32(40, true)).toBe(3 * 8000 * 2);
    const peak = (from: number, to: number) => {
      let max = 0;
      for (let i = from * 8000; i < to * 8000; i++) max = Math.max(max, Math.abs(view.getInt16(44 + i * 2, true)));
      return max;
    };
    expect(peak(0, 0.4)).toBeGreaterThan(8000);
    expect(peak(0.45, 0.55)).toBe(0);
    expect(peak(0.6, 1.0)).toBeGreaterThan(8000);
    expect(peak(1.05, 3)).toBe(0);
  });
});

describe('the settings form', () => {
  const saved: Settings = {
    serverUrl: 'http://127.0.0.1:7300', language: 'en',
    sip: { server: 'ws://127.0.0.1:5066', uri: 'sip:agent1@lab.fairline.test', authUser: 'agent1', password: '', displayName: '', outboundProxy: '', registerExpires: 600, iceServers: [],
      dialPlan: DEFAULT_DIAL_PLAN, iceRelayOnly: false, ringTimeoutSec: 30, whenBusy: 'call_waiting', rejectCode: 486 },
    sipPassword: { saved: true, storage: 'database' },
    phone: { autoAnswer: false, input: null, output: null, ringing: null },
  };

  it('keeps the saved password unless a new one is typed', () => {
    const form = toForm(saved);
    expect(form.sip.password).toBe('');
    expect(toDraft(form, saved).patch).toEqual({});
    expect(toDraft({ ...form, sip: { ...form.sip, password: 'new' } }, saved).patch).toEqual({ sip: { password: 'new' } });
  });

  it('sends only the softphone preferences that changed', () => {
    const form = toForm(saved);
    const headset = { id: 'out-usb', label: 'USB Headset' };
    expect(toDraft({ ...form, phone: { ...form.phone, autoAnswer: true, output: headset } }, saved).patch).toEqual({ phone: { autoAnswer: true, output: headset } });
    expect(toDraft(toForm({ ...saved, phone: { ...saved.phone, ringing: headset } }), { ...saved, phone: { ...saved.phone, ringing: headset } }).patch).toEqual({});
  });
});
