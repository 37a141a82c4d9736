// Auditing a log after the fact: replay the contact history in time order and judge each
// contact as the gate would have at the moment it was made, knowing only what was known then:
// the contacts before it, and the holds, consents, named times and requests recorded by then.
// A cease filed three days later neither blocks the contact nor shortens its next allowed time,
// and a hold lifted later is judged as a hold with no lift in sight.
import { evaluate, type Decision } from './evaluate';
import type { Attempt, Contact, Facts } from './facts';
import type { Pack } from './pack';
import { parseInstant } from './time';

export interface AuditFinding {
  /** Position of the contact in the history as given. */
  index: number;
  contact: Contact;
  decision: Decision;
}

export function attemptOf(contact: Contact): Attempt {
  const { at: _at, result: _result, id: _id, ...attempt } = contact;
  return attempt;
}

const knownBy = (text: string | undefined, at: number) => text !== undefined && parseInstant(text) <= at;

/**
 * The facts as they stood at `at`: records that begin later are left out, and ends recorded later
 * (a hold's lift, a consent's revocation) are not known yet. A stated end (a consent's expiry) was
 * known when the consent was given.
 */
export function factsKnownAt(facts: Facts, at: number): Facts {
  const { debtor } = facts;
  return {
    ...facts,
    debtor: {
      ...debtor,
      holds: debtor.holds.filter((h) => knownBy(h.effectiveAt, at)).map((h) => (h.liftedAt && !knownBy(h.liftedAt, at) ? { ...h, liftedAt: undefined } : h)),
      consents: debtor.consents.filter((c) => knownBy(c.givenAt, at)).map((c) => (c.revokedAt && !knownBy(c.revokedAt, at) ? { ...c, revokedAt: undefined } : c)),
      inconvenientTimes: debtor.inconvenientTimes.filter((t) => t.namedAt === undefined || knownBy(t.namedAt, at)),
      workplaceContactProhibited: debtor.workplaceContactProhibited && (debtor.workplaceContactProhibitedSince === undefined || knownBy(debtor.workplaceContactProhibitedSince, at)),
    },
    thirdParties: facts.thirdParties.map((p) => (p.askedNoContact && p.askedNoContactAt !== undefined && !knownBy(p.askedNoContactAt, at) ? { ...p, askedNoContact: false } : p)),
    history: facts.history.filter((c) => parseInstant(c.at) < at),
  };
}

/** Every contact the pack would have blocked or warned about when it was made, oldest first. */
export function audit(pack: Pack, facts: Facts): AuditFinding[] {
  return facts.history
    .map((contact, index) => ({ contact, index, at: parseInstant(contact.at) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ contact, index, at }) => ({ index, contact, decision: evaluate(pack, factsKnownAt(facts, at), attemptOf(contact), new Date(at)) }))
    .filter((finding) => finding.decision.decision !== 'allow');
}
