// The facts document: everything the compliance engine may look at to decide one contact
// attempt. The console builds it from the local store; compliance staff write it by hand for
// the CLI. docs/compliance/facts.schema.json is generated from these schemas
// (test/shared/compliance/schema.test.ts fails when it is stale).
//
// Every object is strict: a key the schema does not know is an error naming it, never dropped
// ("hold" for "holds" would otherwise lose a cease hold without a word).
import { z } from 'zod';

const IsoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time with offset, e.g. 2026-03-09T14:00:00-04:00');
const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (00:00–24:00)')
  .describe('local wall-clock time HH:MM; 24:00 means the end of the day');
const Id = z.string().min(1);
/** IANA zone name, checked against the runtime's tz database. */
const IanaZone = z.string().refine(isKnownZone, 'unknown IANA time zone');

// Constructing an Intl.DateTimeFormat to test a zone costs on the order of 100 µs, and the
// console validates an account's facts (with its zone) before every gate: remember the answers.
const zoneKnown = new Map<string, boolean>();

function isKnownZone(zone: string): boolean {
  let known = zoneKnown.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (zoneKnown.size > 1_000) zoneKnown.clear();
    zoneKnown.set(zone, known);
  }
  return known;
}

export const Channel = z.enum(['call', 'sms', 'email', 'visit']);
export type Channel = z.infer<typeof Channel>;

export const PartyRole = z.enum(['debtor', 'third_party']);
export type PartyRole = z.infer<typeof PartyRole>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** Why the collector is contacting a third party: the law allows only these purposes. */
export const Purpose = z.enum(['collection', 'location_information', 'reestablish_contact']);
export type Purpose = z.infer<typeof Purpose>;

export const ContactResult = z.enum([
  'conversation', // a person was reached and spoken with
  'no_answer', // rang, nobody answered
  'voicemail', // reached voicemail (with or without a message)
  'limited_content_message', // a limited-content message (12 CFR 1006.2(j)) was left
  'busy',
  'not_in_service',
  'failed', // never connected (network or dialler failure)
]);
export type ContactResult = z.infer<typeof ContactResult>;

export const PhoneType = z.enum(['mobile', 'home', 'work', 'other']);

export const Phone = z.strictObject({
  id: Id,
  number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number such as +12125550123'),
  type: PhoneType,
  timeZone: IanaZone.optional().describe('IANA zone the person said this phone is in; otherwise derived from the number'),
});
export type Phone = z.infer<typeof Phone>;

export const Address = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as US or CN'),
  region: z.string().min(1).optional().describe('state or province: a code (NV, US-NV) or its name'),
  postalCode: z.string().min(1).optional(),
  timeZone: IanaZone.optional().describe('IANA zone of the address when known'),
});
export type Address = z.infer<typeof Address>;

export const InconvenientTime = z.strictObject({
  weekdays: z.array(Weekday).min(1),
  from: LocalTime,
  to: LocalTime,
  namedAt: IsoTime.optional().describe('when the person named this time; binding from then on (always if absent)'),
});
export type InconvenientTime = z.infer<typeof InconvenientTime>;

/** sms_opt_out / email_opt_out: a channel opt-out (no pack policy: calls are not affected; the message gate reads them). */
export const HoldKind = z.enum(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased', 'do_not_call', 'sms_opt_out', 'email_opt_out']);
export type HoldKind = z.infer<typeof HoldKind>;

export const Hold = z.strictObject({
  kind: HoldKind,
  effectiveAt: IsoTime,
  liftedAt: IsoTime.optional().describe('when the hold ended (verification mailed, attorney consented, …)'),
  phoneId: Id.optional().describe('do_not_call: the one number it covers (all numbers if absent)'),
  debtIds: z.array(Id).optional().describe('the debts it covers (all if absent)'),
});
export type Hold = z.infer<typeof Hold>;

export const ConsentScope = z.enum(['call_frequency', 'time_of_day', 'workplace']);
export type ConsentScope = z.infer<typeof ConsentScope>;

/** Who the person gave a consent to: only consent given directly to the collector counts (1006.6(b)(1), 1006.14(b)(3)(i)). */
export const ConsentRecipient = z.enum(['collector', 'creditor', 'other']);
export type ConsentRecipient = z.infer<typeof ConsentRecipient>;

export const ConsentRecord = z.strictObject({
  scope: ConsentScope.describe(
    'call_frequency: prior consent to calls (1006.14(b)(3)(i)); time_of_day: to contact outside the window; workplace: to contact at work',
  ),
  givenTo: ConsentRecipient.describe(
    'collector: given directly to the organisation collecting (the only consent Regulation F counts); creditor or other: recorded, never lifts a rule',
  ),
  debtIds: z.array(Id).min(1).optional().describe('the debts the consent is about (every debt of the account if absent); Regulation F reads call consent per debt'),
  givenAt: IsoTime.describe('when the person gave it'),
  expiresAt: IsoTime.optional().describe('end of the period the person stated'),
  revokedAt: IsoTime.optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

export const Debtor = z.strictObject({
  id: Id,
  address: Address,
  phones: z.array(Phone).default([]),
  inconvenientTimes: z.array(InconvenientTime).default([]),
  holds: z.array(Hold).default([]),
  consents: z.array(ConsentRecord).default([]),
  workplaceContactProhibited: z.boolean().default(false).describe('the employer prohibits it or the person said so'),
  workplaceContactProhibitedSince: IsoTime.optional(),
});
export type Debtor = z.infer<typeof Debtor>;

export const ThirdParty = z.strictObject({
  id: Id,
  relation: z.enum(['spouse', 'relative', 'emergency_contact', 'employer', 'friend', 'other']),
  phones: z.array(Phone).default([]),
  askedNoContact: z.boolean().default(false).describe('they asked not to be contacted again'),
  askedNoContactAt: IsoTime.optional(),
  requestedFurtherContact: z.boolean().default(false).describe('they asked the collector to contact them again'),
});
export type ThirdParty = z.infer<typeof ThirdParty>;

/** Who is contacted, how and about what: shared by the proposed attempt and past contacts. */
const ContactTarget = {
  channel: Channel,
  party: PartyRole,
  partyId: Id.optional().describe('the third party contacted (required when party is third_party)'),
  phoneId: Id.optional().describe('one of the party’s phones'),
  number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number').optional().describe('when the phone has no id'),
  debtIds: z.array(Id).default([]).describe('debts concerned (empty: every debt of the account)'),
  collectors: z.array(Id).default([]).describe('visits: the collectors attending'),
  agentId: Id.optional(),
  purpose: Purpose.optional().describe('third parties: why they are contacted (required for a proposed third-party attempt; a past contact without one counts as collection)'),
};

export const Attempt = z.strictObject(ContactTarget);
export type Attempt = z.infer<typeof Attempt>;

export const Contact = z.strictObject({
  id: Id.optional(),
  at: IsoTime,
  ...ContactTarget,
  result: ContactResult,
});
export type Contact = z.infer<typeof Contact>;

const FactsShape = {
  debtor: Debtor,
  thirdParties: z.array(ThirdParty).default([]),
  history: z.array(Contact).default([]).describe('every contact attempt on the account, by any agent or agency'),
};

type RawFacts = z.infer<z.ZodObject<typeof FactsShape>>;

/** A problem zod's shapes cannot express, with the path of the field it is about. */
export interface ReferenceIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Cross-references between parts of the facts: third parties and phones named by id exist, a
 * call or text names its number, a proposed third-party attempt says why. Used by the schemas
 * below and by the console, which builds history from its own records and checks it with this.
 */
export function referenceIssues(facts: RawFacts & { attempt?: Attempt }): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const thirdParties = facts.thirdParties.length > 0 ? new Map(facts.thirdParties.map((p) => [p.id, p])) : null;
  const check = (target: Attempt, path: (string | number)[]) => {
    if (target.party === 'third_party') {
      // The law allows a third party only for some purposes: a proposed attempt must say which.
      if (path[0] === 'attempt' && !target.purpose)
        issues.push({ path: [...path, 'purpose'], message: `required when party is third_party (one of ${Purpose.options.join(', ')})` });
      if (!target.partyId) issues.push({ path: [...path, 'partyId'], message: 'required when party is third_party' });
      else if (!thirdParties?.has(target.partyId)) issues.push({ path: [...path, 'partyId'], message: `no third party with id ${target.partyId}` });
    }
    const phones = target.party === 'debtor' ? facts.debtor.phones : (thirdParties?.get(target.partyId ?? '')?.phones ?? []);
    if (target.phoneId !== undefined && !phones.some((p) => p.id === target.phoneId)) issues.push({ path: [...path, 'phoneId'], message: `no phone ${target.phoneId} for this party` });
    if ((target.channel === 'call' || target.channel === 'sms') && !target.phoneId && !target.number)
      issues.push({ path: [...path, 'phoneId'], message: `a ${target.channel} needs phoneId or number` });
  };
  if (facts.attempt) check(facts.attempt, ['attempt']);
  for (let i = 0; i < facts.history.length; i++) check(facts.history[i]!, ['history', i]);
  return issues;
}

function checkReferences(facts: RawFacts & { attempt?: Attempt }, ctx: z.RefinementCtx): void {
  for (const issue of referenceIssues(facts)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

/** What the engine knows about one account (the history may hold contacts after `now`: they are ignored). */
export const Facts = z.strictObject(FactsShape).superRefine(checkReferences);
export type Facts = z.infer<typeof Facts>;
export type FactsInput = z.input<typeof Facts>;

/** The document the CLI checks: the facts plus the proposed attempt. */
export const FactsDocument = z
  .strictObject({ attempt: Attempt, ...FactsShape })
  .superRefine(checkReferences)
  .describe('Fairline compliance facts: one proposed contact attempt and everything known about the account');
export type FactsDocument = z.infer<typeof FactsDocument>;
export type FactsDocumentInput = z.input<typeof FactsDocument>;

/** Human-readable zod issues: `facts.debtor.phones.0.number: expected an E.164 number …`. */
export function describeIssues(error: z.ZodError, root = 'facts', schema?: z.ZodType): string[] {
  return error.issues.flatMap((issue) => {
    const at = [root, ...issue.path.map(String)];
    if (issue.code !== 'unrecognized_keys') return [`${at.join('.')}: ${issue.message}`];
    // One line per unknown key, naming it where it sits, with the field it was probably meant to be.
    const known = schema ? keysAt(schema, issue.path) : [];
    return issue.keys.map((key) => {
      const meant = closest(key, known);
      return `${[...at, key].join('.')}: unknown field${meant ? ` (did you mean ${meant}?)` : ''}${known.length > 0 ? `; allowed here: ${known.join(', ')}` : ''}`;
    });
  });
}

/** The keys an object schema allows at `path` inside `schema` (empty when it cannot tell). */
export function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const step of [...path, null]) {
    // Unwrap optional, default and nullable layers down to the object or array underneath.
    while (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType;
    if (step === null) break;
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(step)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return [];
    if (!node) return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

/** The known key nearest to a misspelt one, if any is near enough to be a likely meaning. */
function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = key.toLowerCase();
  for (const k of known) {
    const candidate = k.toLowerCase();
    const contained = candidate.includes(lower) || lower.includes(candidate);
    const d = contained ? Math.abs(candidate.length - lower.length) / 2 : editDistance(lower, candidate);
    if (d < bestScore) [best, bestScore] = [k, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(key.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
