// Outcomes: one list for both packs, holds read from the pack, contact results in the compliance
// engine's terms, unique shortcut keys.
import { describe, expect, it } from 'vitest';
import { ContactResult } from '../../../shared/compliance/facts';
import { cn, usRegf } from '../../../shared/compliance/packs';
import { tighten } from '../../../shared/compliance/tighten';
import { holdFor, OUTCOME_RULES, OutcomeCode, outcomeForKey, outcomesFor } from '../../../shared/wrapup';

describe('outcomes', () => {
  it('lists every code once, with a contact result the compliance engine knows', () => {
    expect(OUTCOME_RULES.map((r) => r.code)).toEqual(OutcomeCode.options);
    for (const r of OUTCOME_RULES) expect(ContactResult.options).toContain(r.contact);
  });

  it.each([usRegf, cn])('$id: every outcome the pack maps to a hold exists, and shortcut keys are unique single letters', (pack) => {
    const codes = outcomesFor(pack).map((o) => o.code);
    for (const code of Object.keys(pack.outcomeHolds)) expect(codes).toContain(code);
    const keys = outcomesFor(pack).map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z]$/);
  });

  it('sets the holds the brief asks for', () => {
    const holds = Object.fromEntries(outcomesFor(usRegf).map((o) => [o.code, o.hold]));
    expect(holds).toMatchObject({
      cease_request: 'cease',
      dispute: 'dispute',
      attorney_representation: 'attorney',
      bankruptcy: 'bankruptcy',
      deceased: 'deceased',
      wrong_number: 'do_not_call',
      stop_calling_this_number: 'do_not_call',
      promise_to_pay: null,
      no_answer: null,
    });
    expect(Object.fromEntries(outcomesFor(cn).map((o) => [o.code, o.hold]))).toMatchObject({ cease_request: 'cease', wrong_number: 'do_not_call' });
  });

  it('offers the limited-content message and the number opt-out under us-regf only', () => {
    expect(outcomesFor(usRegf).map((o) => o.code)).toEqual(expect.arrayContaining(['limited_content_message', 'stop_calling_this_number']));
    expect(outcomesFor(cn).map((o) => o.code)).not.toContain('limited_content_message');
    expect(outcomesFor(cn).map((o) => o.code)).not.toContain('stop_calling_this_number');
  });

  it('counts contacts as the compliance engine names them', () => {
    const contact = Object.fromEntries(outcomesFor(usRegf).map((o) => [o.code, [o.contact, o.party]]));
    expect(contact).toMatchObject({
      promise_to_pay: ['conversation', 'debtor'],
      no_answer: ['no_answer', 'none'],
      voicemail: ['voicemail', 'none'],
      limited_content_message: ['limited_content_message', 'none'],
      busy: ['busy', 'none'],
      wrong_number: ['conversation', 'third_party'],
      third_party_reached: ['conversation', 'third_party'],
    });
    expect(outcomesFor(usRegf).filter((o) => o.rightParty).map((o) => o.code)).toEqual([
      'right_party_contact', 'promise_to_pay', 'payment_plan', 'extension_request', 'dispute', 'refusal', 'cease_request', 'stop_calling_this_number',
    ]);
  });

  it('puts a wrong number’s hold on that phone only, and every other hold on the account', () => {
    expect(holdFor(usRegf, 'wrong_number', 'ph-2')).toEqual({ kind: 'do_not_call', phoneId: 'ph-2' });
    expect(holdFor(usRegf, 'wrong_number', null)).toBeNull();
    expect(holdFor(usRegf, 'cease_request', 'ph-2')).toEqual({ kind: 'cease', phoneId: null });
    expect(holdFor(usRegf, 'busy', 'ph-2')).toBeNull();
  });

  it('reads holds from a tightened pack too', () => {
    const tightened = tighten(usRegf, { organisation: 'acme', caps: { 'us.frequency.calls_per_7_days': 5 } });
    expect(outcomesFor(tightened).find((o) => o.code === 'cease_request')?.hold).toBe('cease');
  });

  it('picks an outcome by shortcut key, case-insensitive', () => {
    expect(outcomeForKey(usRegf, 'P')?.code).toBe('promise_to_pay');
    expect(outcomeForKey(cn, 'c')?.code).toBe('cease_request');
    expect(outcomeForKey(cn, 'm')).toBeUndefined();
  });
});
