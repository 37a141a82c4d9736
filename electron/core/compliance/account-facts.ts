// An account's facts as the gate reads them, validated where they enter the gate.
//
// The account screen, the dial and the wrap-up ask the gate about the few accounts an agent is
// working, again and again on the same data. So what an account's facts are built from (the
// fields of its detail that facts-from-store.ts reads: address, parties, phones, holds and the
// timeline's calls) is kept for the accounts asked about last, as a flat list of values
// (account-signature.ts), and the next ask compares its detail with that list, value by value,
// without building or hashing anything. (The queue's sweep over every account keeps no facts:
// gate-verdicts.ts keeps its answers.) Only an account whose data changed is built again:
// - the profile (address, phones, holds, consents, third parties: server-owned data) is checked
//   with the strict zod schemas the CLI uses;
// - the history is built by historyFor from the store's typed rows (channels, parties, results
//   and phone ids come from code, not input): its one free-form field, each contact's time, is
//   checked to be an ISO instant, and every phone and party it names is checked to exist
//   (referenceIssues, the schema's own cross-reference check);
// - the history is read, ordered and indexed once (prepareHistory) for every later decision.
// The checked objects are then reused as they are, which also lets the engine keep what it
// derives from them (each phone's places, each hold's times) from one sweep to the next.
import type { AccountDetail } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { describeIssues, Debtor, ThirdParty, referenceIssues, type Attempt, type Contact, type Facts } from '../../../shared/compliance';
import { prepareHistory, type PreparedHistory } from '../../../shared/compliance/evaluate';
import { z } from 'zod';
import { matchesSignature, signatureOf, type Signature } from './account-signature';
import { historyFor, profileFor } from './facts-from-store';

const Profile = z.strictObject({ debtor: Debtor, thirdParties: z.array(ThirdParty) });
type Profile = z.infer<typeof Profile>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export class UnreadableFacts extends ApiError {
  constructor(ref: string, readonly problems: string[]) {
    super('INTERNAL', `Account ${ref} has data the compliance gate cannot read (${problems.join('; ')}); no call may be placed until it is fixed`);
  }
}

/** What the gate decides an account on: its checked facts and their history, prepared. */
export interface GateInput {
  facts: Facts;
  history: PreparedHistory;
  /** The ids of the account's third parties (whose phones are called for them, not the debtor). */
  thirdPartyIds: ReadonlySet<string>;
  /** The gate's attempts for the account's phones under a pack of this country (gate.ts keeps them here). */
  attempts: { country: string; list: Attempt[] } | null;
}

interface Entry extends GateInput {
  signature: Signature;
  /** The profile's own signature, so a change to the history alone does not validate it again. */
  profileKey: string;
}

const NO_IDS: ReadonlySet<string> = new Set();

/**
 * The gate inputs of the accounts asked about last, with what they were built from: at most
 * `maxAccounts` (an agent's working set; each costs some kilobytes), the one asked about longest
 * ago going first (a Map keeps insertion order, and a read moves its account to the end).
 */
export class AccountFactsCache {
  private readonly accounts = new Map<string, Entry>();

  constructor(private readonly maxAccounts = 2_000) {}

  /** The account's facts, checked; throws UnreadableFacts naming every field that is wrong. */
  factsOf(detail: AccountDetail): Facts {
    return this.inputOf(detail).facts;
  }

  /** The account's facts and prepared history, checked; throws UnreadableFacts naming every field that is wrong. */
  inputOf(detail: AccountDetail): GateInput {
    const id = detail.account.id;
    const known = this.accounts.get(id);
    this.accounts.delete(id);
    if (known && matchesSignature(known.signature, detail)) {
      this.accounts.set(id, known);
      return known;
    }
    const entry = build(detail, known);
    if (this.accounts.size >= this.maxAccounts) this.accounts.delete(this.accounts.keys().next().value!);
    this.accounts.set(id, entry);
    return entry;
  }

  clear(): void {
    this.accounts.clear();
  }
}

/** The account's facts, checked, built afresh and kept nowhere; throws UnreadableFacts naming every field that is wrong. */
export function checkedFacts(detail: AccountDetail): CheckedFacts {
  return check(detail, profileFor(detail), undefined, '');
}

/** What the gate needs besides the history prepared: the facts and who the third parties are. */
export type CheckedFacts = Pick<GateInput, 'facts' | 'thirdPartyIds'>;

function build(detail: AccountDetail, known: Entry | undefined): Entry {
  const profileInput = profileFor(detail);
  const profileKey = JSON.stringify(profileInput);
  const { facts, thirdPartyIds } = check(detail, profileInput, known, profileKey);
  return { facts, history: prepareHistory(facts.history), thirdPartyIds, attempts: null, signature: signatureOf(detail), profileKey };
}

/** The facts, checked; the profile taken from `known` when its signature (`profileKey`, when given) is the same. */
function check(detail: AccountDetail, profileInput: ReturnType<typeof profileFor>, known: Entry | undefined, profileKey: string): CheckedFacts {
  let profile: Profile;
  if (known && profileKey !== '' && known.profileKey === profileKey) {
    profile = { debtor: known.facts.debtor, thirdParties: known.facts.thirdParties };
  } else {
    const parsed = Profile.safeParse(profileInput);
    if (!parsed.success) throw new UnreadableFacts(detail.account.ref, describeIssues(parsed.error, 'facts', Profile));
    profile = parsed.data;
  }
  const history: Contact[] = historyFor(detail);
  const problems: string[] = [];
  for (let i = 0; i < history.length; i++) {
    const at = history[i]!.at;
    if (!ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at))) problems.push(`facts.history.${i}.at: not an ISO time with offset: ${at}`);
  }
  const facts = { debtor: profile.debtor, thirdParties: profile.thirdParties, history } as Facts;
  for (const issue of referenceIssues(facts)) problems.push(`facts.${issue.path.join('.')}: ${issue.message}`);
  if (problems.length > 0) throw new UnreadableFacts(detail.account.ref, problems);
  const thirdPartyIds = facts.thirdParties.length > 0 ? new Set(facts.thirdParties.map((p) => p.id)) : NO_IDS;
  return { facts, thirdPartyIds };
}

/** The console's one cache (the core gates from one store). */
export const accountFacts = new AccountFactsCache();
