// Message templates, replies and the message gate, without I/O: what an import names, which
// replies stop a channel, and the gate's message rules beside the engine's (Massachusetts counts
// texts; Reg F's opt-out notice; nothing about the debt to a third party).
import { describe, expect, it } from 'vitest';
import { Facts, usRegf, type FactsInput } from '../../../shared/compliance';
import { gateMessage, importTemplates, isStopReply, renderMessage, type MessageTemplate } from '../../../shared/messaging';
import { variableValues, type CallContext } from '../../../shared/talktrack/variables';

const US_TEXT: MessageTemplate = {
  id: 'us-sms', version: 1, channel: 'sms', locale: 'en', pack: 'us-regf', stage: 'early', audience: 'debtor', title: 'Reminder',
  body: 'Hi {{debtorName}}, please call {{callbackNumber}} about {{balance}}. {{optOutNotice}}',
};
const CONTEXT: CallContext = {
  currency: 'USD', timeZone: 'America/New_York', debtorName: 'Ann Lee', agentName: 'Maria', institution: 'Fairline Recovery Services',
  callbackNumber: '+1 (800) 555-0142', balanceMinor: 124_050, lender: 'Acme Bank',
};
const NOON_BOSTON = new Date('2026-12-07T17:00:00Z');

function maFacts(texts: string[]): Facts {
  const input: FactsInput = {
    debtor: { id: 'd', address: { country: 'US', region: 'MA', postalCode: '02108', timeZone: 'America/New_York' }, phones: [{ id: 'p1', number: '+16175550100', type: 'mobile' }] },
    thirdParties: [{ id: 't1', relation: 'relative', phones: [{ id: 'p2', number: '+16175550111', type: 'mobile' }] }],
    history: texts.map((at) => ({ at, channel: 'sms', party: 'debtor', phoneId: 'p1', result: 'conversation' })),
  };
  return Facts.parse(input);
}

function gate(template: MessageTemplate, facts: Facts, party: 'debtor' | 'third_party' = 'debtor') {
  const rendered = renderMessage(template, CONTEXT, NOON_BOSTON.getTime());
  return gateMessage({
    pack: usRegf, facts, template, rendered, values: variableValues(CONTEXT, template.locale, NOON_BOSTON.getTime()),
    attempt: party === 'debtor'
      ? { channel: 'sms', party, phoneId: 'p1', debtIds: [], collectors: [] }
      : { channel: 'sms', party, partyId: 't1', phoneId: 'p2', purpose: 'location_information', debtIds: [], collectors: [] },
    address: party === 'debtor' ? '+16175550100' : '+16175550111', optOuts: [], now: NOON_BOSTON,
  });
}

describe('template import', () => {
  it('names the template and the variable or field of every problem, and accepts nothing then', () => {
    const result = importTemplates({
      templates: [
        { ...US_TEXT, id: 'typo', body: 'Pay {{amountOwed}} now. {{optOutNotice}}' },
        { ...US_TEXT, id: 'no-notice', body: 'Please call {{callbackNumber}}.' },
        { ...US_TEXT, id: 'third', audience: 'third_party', body: 'Ask {{debtorName}} to call about {{balance}}.' },
        { ...US_TEXT, id: 'mail', channel: 'email', body: 'Hello. {{optOutNotice}}' },
        { ...US_TEXT, id: 'threat', body: 'Pay today or you will be arrested. {{optOutNotice}}' },
        { ...US_TEXT, id: 'ok' },
        { id: 'broken', version: 1 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.errors.map((e) => [e.code, e.template, e.variable ?? e.field]);
    expect(found).toEqual(expect.arrayContaining([
      ['unknownVariable', 'typo@1', 'amountOwed'],
      ['optOutNoticeMissing', 'no-notice@1', 'optOutNotice'],
      ['debtVariableForThirdParty', 'third@1', 'balance'],
      ['subjectMissing', 'mail@1', 'subject'],
      ['schema', 'broken@1', 'channel'],
    ]));
    expect(result.errors.find((e) => e.template === 'threat@1')?.code).toBe('prohibitedPhrase');
    expect(result.errors.some((e) => e.template === 'ok@1')).toBe(false);
    expect(importTemplates('{not json').ok).toBe(false);
    expect(importTemplates({ templates: [US_TEXT] })).toEqual({ ok: true, templates: [US_TEXT] });
  });
});

describe('replies', () => {
  it.each(['STOP', 'stop.', ' Stop ', 'Please stop texting me', 'UNSUBSCRIBE', '退订', '我要退订！', 'TD', '取消订阅'])('%s opts out', (text) => {
    expect(isStopReply(text)).toBe(true);
  });
  it.each(['Thanks, I will pay Friday', '好的，下周还', 'Stopping by the bank', ''])('%s does not', (text) => {
    expect(isStopReply(text)).toBe(false);
  });
});

describe('the message gate', () => {
  it('counts texts toward Massachusetts’ two in seven days, as the engine does for calls', () => {
    expect(gate(US_TEXT, maFacts(['2026-12-05T15:00:00Z'])).decision).toBe('allow');
    const blocked = gate(US_TEXT, maFacts(['2026-12-03T15:00:00Z', '2026-12-05T15:00:00Z']));
    expect(blocked.decision).toBe('block');
    expect(blocked.reasons.map((r) => r.rule)).toContain('us.state.ma.residence_or_cell_per_7_days');
    // The cap lifts at midnight on the 10th in Boston; the first lawful hour is 08:00 then.
    expect(blocked.allowedFrom).toBe('2026-12-10T13:00:00.000Z');
  });

  it('refuses a US consumer’s text without the opt-out notice (12 CFR 1006.6(e))', () => {
    const withoutNotice: MessageTemplate = { ...US_TEXT, pack: 'cn', body: 'Hi {{debtorName}}, please call {{callbackNumber}}.' };
    const d = gate(withoutNotice, maFacts([]));
    expect(d.decision).toBe('block');
    expect(d.reasons.find((r) => r.rule === 'msg.opt_out_notice')?.source).toBe('12 CFR 1006.6(e)');
    expect(gate(US_TEXT, maFacts([])).decision).toBe('allow');
  });

  it('refuses to tell a third party about the debt, even through a template written for the debtor', () => {
    const d = gate(US_TEXT, maFacts([]), 'third_party');
    const reason = d.reasons.find((r) => r.rule === 'msg.third_party_content');
    expect(reason?.params.details).toBe('balance');
    expect(reason?.source).toBe('12 CFR 1006.6(d)(1), 1006.10(b)');
    const locate: MessageTemplate = { ...US_TEXT, audience: 'third_party', body: 'Hello, this is {{agentName}}. Please ask {{debtorName}} to call {{callbackNumber}}.' };
    expect(gate(locate, maFacts([]), 'third_party').reasons.some((r) => r.rule.startsWith('msg.'))).toBe(false);
  });

  it('refuses a number that opted out of texts, from the moment it did', () => {
    const rendered = renderMessage(US_TEXT, CONTEXT, NOON_BOSTON.getTime());
    const input = {
      pack: usRegf, facts: maFacts([]), template: US_TEXT, rendered, values: {}, address: '+1 617 555 0100', now: NOON_BOSTON,
      attempt: { channel: 'sms' as const, party: 'debtor' as const, phoneId: 'p1', debtIds: [], collectors: [] },
    };
    expect(gateMessage({ ...input, optOuts: [{ channel: 'sms', address: '+16175550100', at: '2026-12-07T16:59:00Z' }] }).reasons.map((r) => r.rule)).toContain('msg.opt_out');
    expect(gateMessage({ ...input, optOuts: [{ channel: 'email', address: '+16175550100', at: '2026-12-07T16:59:00Z' }] }).decision).toBe('allow');
  });
});
