// An account's facts as the gate reads them, validated where they enter the gate and only once.
//
// The account's profile (address, phones, holds, consents, third parties: server-owned data
// that changes rarely) is checked with the strict zod schemas the CLI uses, once per distinct
// content, and the checked objects are kept and reused: the gate decides every phone of every
// account again at each sweep, and re-parsing them each time cost five times the decisions.
// The history is built by factsFor from the store's typed rows (channels, parties, results and
// phone ids come from code, not input): its one free-form field, each contact's time, is
// checked to be an ISO instant, and every phone and party it names is checked to exist
// (referenceIssues, the schema's own cross-reference check).
import { LRUCache } from 'lru-cache';
import type { AccountDetail } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { describeIssues, Debtor, ThirdParty, referenceIssues, type Facts } from '../../../shared/compliance';
import { z } from 'zod';
import { factsFor } from './facts-from-store';

const Profile = z.strictObject({ debtor: Debtor, thirdParties: z.array(ThirdParty) });
type Profile = z.infer<typeof Profile>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export class UnreadableFacts extends ApiError {
  constructor(ref: string, readonly problems: string[]) {
    super('INTERNAL', `Account ${ref} has data the compliance gate cannot read (${problems.join('; ')}); no call may be placed until it is fixed`);
  }
}

/** The facts of accounts seen, per account: the content they were checked for and the checked profile. */
export class AccountFactsCache {
  private readonly profiles: LRUCache<string, { key: string; profile: Profile }>;

  constructor(maxAccounts = 200_000) {
    this.profiles = new LRUCache({ max: maxAccounts });
  }

  /** The account's facts, checked; throws UnreadableFacts naming every field that is wrong. */
  factsOf(detail: AccountDetail): Facts {
    const input = factsFor(detail);
    const profileInput = { debtor: input.debtor, thirdParties: input.thirdParties ?? [] };
    const key = JSON.stringify(profileInput);
    const id = detail.account.id;
    let known = this.profiles.get(id);
    if (!known || known.key !== key) {
      const parsed = Profile.safeParse(profileInput);
      if (!parsed.success) throw new UnreadableFacts(detail.account.ref, describeIssues(parsed.error, 'facts', Profile));
      this.profiles.set(id, (known = { key, profile: parsed.data }));
    }
    const history = input.history ?? [];
    const problems: string[] = [];
    for (let i = 0; i < history.length; i++) {
      const at = history[i]!.at;
      if (!ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at))) problems.push(`facts.history.${i}.at: not an ISO time with offset: ${at}`);
    }
    const facts = { debtor: known.profile.debtor, thirdParties: known.profile.thirdParties, history } as Facts;
    for (const issue of referenceIssues(facts)) problems.push(`facts.${issue.path.join('.')}: ${issue.message}`);
    if (problems.length > 0) throw new UnreadableFacts(detail.account.ref, problems);
    return facts;
  }

  clear(): void {
    this.profiles.clear();
  }
}

/** The console's one cache (the core gates from one store). */
export const accountFacts = new AccountFactsCache();
