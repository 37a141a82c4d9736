// Builders for compliance tests: facts documents in the JSON shape the CLI reads, parsed with the
// real zod schema so every test also exercises validation and defaults.
import { evaluate, type Decision } from '../../../shared/compliance/evaluate';
import { FactsDocument, type FactsDocumentInput } from '../../../shared/compliance/facts';
import type { Pack, Reason } from '../../../shared/compliance/pack';

export type DocInput = FactsDocumentInput;
type ContactInput = NonNullable<DocInput['history']>[number];

export function decide(pack: Pack, doc: DocInput, at: string): Decision {
  const { attempt, ...facts } = FactsDocument.parse(doc);
  return evaluate(pack, facts, attempt, new Date(at));
}

export const rules = (d: Decision) => d.reasons.map((r) => r.rule).sort();
export const reasonFor = (d: Decision, rule: string): Reason | undefined => d.reasons.find((r) => r.rule === rule);
export const iso = (text: string) => new Date(text).toISOString();

/** A New York debtor (ZIP 10001) with one 212 mobile, calling about debt d1. */
export function usDoc(over: Partial<DocInput> = {}, debtor: Partial<DocInput['debtor']> = {}): DocInput {
  return {
    attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['d1'] },
    debtor: {
      id: 'debtor-1',
      address: { country: 'US', region: 'NY', postalCode: '10001' },
      phones: [{ id: 'm', number: '+12125550123', type: 'mobile' }],
      ...debtor,
    },
    ...over,
  };
}

/** A Shanghai debtor with one mobile. */
export function cnDoc(over: Partial<DocInput> = {}, debtor: Partial<DocInput['debtor']> = {}): DocInput {
  return {
    attempt: { channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['loan-1'] },
    debtor: {
      id: 'debtor-cn',
      address: { country: 'CN', region: '上海市', postalCode: '200000' },
      phones: [
        { id: 'm', number: '+8613800138000', type: 'mobile' },
        { id: 'h', number: '+862162345678', type: 'home' },
      ],
      ...debtor,
    },
    ...over,
  };
}

export function call(at: string, result: ContactInput['result'], over: Partial<ContactInput> = {}): ContactInput {
  return { at, channel: 'call', party: 'debtor', phoneId: 'm', debtIds: ['d1'], result, ...over };
}
