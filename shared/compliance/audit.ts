// Auditing a log after the fact: replay the contact history in time order and judge each
// contact as the gate would have at the moment it was made, knowing only what came before it
// (holds, consents and named times take their own effective times into account).
import { evaluate, type Decision } from './evaluate';
import type { Attempt, Contact, Facts } from './facts';
import type { Pack } from './pack';

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

/** Every contact the pack would have blocked or warned about when it was made, oldest first. */
export function audit(pack: Pack, facts: Facts): AuditFinding[] {
  return facts.history
    .map((contact, index) => ({ contact, index }))
    .sort((a, b) => Date.parse(a.contact.at) - Date.parse(b.contact.at) || a.index - b.index)
    .map(({ contact, index }) => ({ index, contact, decision: evaluate(pack, facts, attemptOf(contact), new Date(contact.at)) }))
    .filter((finding) => finding.decision.decision !== 'allow');
}
