// The gate for a text or an email: the same engine as calls (evaluate: holds, quiet hours at every
// place the person may be, third-party rules, the caps a pack counts texts in), on the same facts,
// plus what only messages have: the person's opt-out of the channel, Regulation F's opt-out
// notice in the words sent, and nothing about the debt in a message to a third party. The engine
// is used as it is; these rules sit beside it and their reasons join its answer.
import type { Attempt, Decision, Facts, Pack, Reason } from '../compliance';
import { evaluate } from '../compliance';
import type { VariableValues } from '../talktrack/variables';
import { isDebtVariable, isVariableName } from '../talktrack/variables';
import { needsOptOutNotice, type MessageChannel, type MessageTemplate } from './templates';
import type { RenderedMessage } from './render';

/** A rule of this file: its id, why, and the source cited per pack. */
export const MESSAGE_RULES = {
  'msg.opt_out': {
    'us-regf': '12 CFR 1006.14(h) (a medium the consumer asked not to be used); 1006.6(e)',
    cn: '个人信息保护法 第 15 条（撤回同意）；中国银行业协会消费贷款催收指引（2026）',
  },
  'msg.opt_out_notice': { 'us-regf': '12 CFR 1006.6(e)', cn: '12 CFR 1006.6(e)' },
  'msg.third_party_content': {
    'us-regf': '12 CFR 1006.6(d)(1), 1006.10(b)',
    cn: '中国互联网金融协会自律公约（2018）第 13、14、18 条',
  },
  'msg.template_mismatch': { 'us-regf': 'organisation template policy', cn: 'organisation template policy' },
  'msg.incomplete': { 'us-regf': 'organisation template policy', cn: 'organisation template policy' },
} as const;
export type MessageRule = keyof typeof MESSAGE_RULES;

/** A reason from this file or from the engine: the engine's message keys, or `message.<rule>` for ours. */
export type GateReason = Omit<Reason, 'messageKey'> & { messageKey: string };

export interface MessageDecision extends Omit<Decision, 'reasons'> {
  reasons: GateReason[];
}

/** A channel the person opted out of: a number for texts, an address for emails. */
export interface OptOut {
  channel: MessageChannel;
  address: string;
  at: string;
}

export interface MessageGateInput {
  pack: Pack;
  facts: Facts;
  /** Channel sms or email, the party, the phone for a text. */
  attempt: Attempt;
  template: MessageTemplate;
  rendered: RenderedMessage;
  /** The variables' values as filled: a third party's message is searched for each debt value. */
  values: VariableValues;
  /** The number or address the message goes to. */
  address: string;
  optOuts: readonly OptOut[];
  now: Date;
}

function sourceOf(pack: Pack, rule: MessageRule): string {
  const sources = MESSAGE_RULES[rule] as Record<string, string>;
  return sources[pack.id] ?? sources['us-regf']!;
}

/** Compare numbers on digits and addresses without case. */
export function sameAddress(channel: MessageChannel, a: string, b: string): boolean {
  return channel === 'sms' ? a.replace(/\D/g, '') === b.replace(/\D/g, '') : a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** What only messages have; every reason blocks and none lifts by time alone. */
export function messageReasons(input: MessageGateInput): GateReason[] {
  const { pack, attempt, template, rendered, values, address, optOuts, now } = input;
  const reasons: GateReason[] = [];
  const add = (rule: MessageRule, params: Record<string, string | number>) =>
    reasons.push({ rule, severity: 'block', messageKey: `message.${rule}`, params, source: sourceOf(pack, rule), allowedFrom: null });
  const channel = attempt.channel as MessageChannel;

  const optOut = optOuts.find((o) => o.channel === channel && sameAddress(channel, o.address, address) && Date.parse(o.at) <= now.getTime());
  if (optOut) add('msg.opt_out', { channel, address, since: optOut.at });

  if (template.channel !== channel || (template.pack !== 'any' && template.pack !== pack.id) || template.audience !== (attempt.party === 'debtor' ? 'debtor' : 'third_party'))
    add('msg.template_mismatch', { template: `${template.id}@${template.version}`, channel, party: attempt.party, pack: pack.id });

  if (rendered.missing.length > 0) add('msg.incomplete', { variables: rendered.missing.join(', ') });

  // Whatever the template says, a US consumer's text or email goes out only with the notice in it.
  if ((pack.id === 'us-regf' || needsOptOutNotice(template)) && attempt.party === 'debtor') {
    if (rendered.optOutNotice === '' || !rendered.body.includes(rendered.optOutNotice)) add('msg.opt_out_notice', { channel });
  }

  if (attempt.party === 'third_party') {
    // Nothing that names the debt: no debt variable in the template, and no debt value in the words.
    const text = `${rendered.subject ?? ''}\n${rendered.body}`;
    const named = Object.entries(values).filter(([name, value]) => isVariableName(name) && isDebtVariable(name) && value && value.length >= 3 && text.includes(value));
    if (template.audience !== 'third_party' || named.length > 0) add('msg.third_party_content', { details: named.map(([n]) => n).join(', ') });
  }
  return reasons;
}

/** The engine's decision and the message rules together: a block from either blocks. */
export function gateMessage(input: MessageGateInput): MessageDecision {
  const engine = evaluate(input.pack, input.facts, input.attempt, input.now);
  const extra = messageReasons(input);
  if (extra.length === 0) return engine;
  return { ...engine, decision: 'block', allowedFrom: null, reasons: [...engine.reasons, ...extra] };
}
