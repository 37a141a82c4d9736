// What a SIP call's end means: the result compliance counts against the caps, the SIP status
// kept for the record, and what the agent is told in words (phone.end.<reason>).
import type { CallResult } from '../../shared/domain/events';

/** Why the call ended, as the agent is told. */
export type EndReason =
  | 'answered'
  | 'busy'
  | 'not_in_service'
  | 'no_answer'
  | 'ring_timeout'
  | 'cancelled'
  | 'refused'
  | 'unchecked'
  | 'rejected'
  | 'declined'
  | 'unreachable'
  | 'no_response';

export interface CallEnd {
  result: CallResult;
  /** The final SIP status seen (200 when answered), or null when none arrived. */
  sipStatus: number | null;
  reason: EndReason;
}

/** How this end finished a call that was never answered, when it was this end's doing. */
/** refused: ended because the core's check, asked alongside the INVITE, said no (DialButton);
 *  unchecked: ended because that check could not be made. */
export type LocalCause = 'cancelled' | 'refused' | 'unchecked' | 'ring_timeout' | 'no_response' | 'declined' | null;

/**
 * 486/600 busy; 404/410/484/604 not in service; 480/487/408 unanswered; 603 and other 4xx-6xx
 * rejected; no response (the INVITE never got a provisional answer) or never sent: unreachable.
 * An inbound call the agent rejected is 'rejected' with the status it was answered with.
 */
export function outcomeOf(call: { answered: boolean; status: number | null; connected: boolean; cause?: LocalCause }): CallEnd {
  const { answered, status, cause = null } = call;
  if (answered) return { result: 'answered', sipStatus: 200, reason: 'answered' };
  if (cause === 'declined') return { result: 'rejected', sipStatus: status, reason: 'declined' };
  if (cause === 'ring_timeout') return { result: 'no_answer', sipStatus: status ?? 487, reason: 'ring_timeout' };
  if (cause === 'no_response') return { result: 'failed', sipStatus: null, reason: 'no_response' };
  if (cause === 'cancelled') return { result: 'no_answer', sipStatus: status ?? 487, reason: 'cancelled' };
  // The INVITE left before the refusal: counted as the unanswered attempt it was.
  if (cause === 'refused' || cause === 'unchecked') return { result: 'no_answer', sipStatus: status ?? 487, reason: cause };
  if (status === 486 || status === 600) return { result: 'busy', sipStatus: status, reason: 'busy' };
  if (status === 404 || status === 410 || status === 484 || status === 604) return { result: 'not_in_service', sipStatus: status, reason: 'not_in_service' };
  // Cancelled (487), timed out (408) or temporarily unavailable (480): it rang, nobody answered.
  if (status === 487 || status === 408 || status === 480) return { result: 'no_answer', sipStatus: status, reason: 'no_answer' };
  if (status === 503 || status === 502 || status === 504) return { result: 'failed', sipStatus: status, reason: 'unreachable' };
  if (status !== null && status >= 400) return { result: 'rejected', sipStatus: status, reason: 'rejected' };
  if (status === 0) return { result: 'failed', sipStatus: null, reason: 'unreachable' };
  // No final answer at all: a call still ringing when it ended is "no answer" if the network was up.
  if (status === null && call.connected) return { result: 'no_answer', sipStatus: null, reason: 'no_answer' };
  return { result: 'failed', sipStatus: status, reason: 'unreachable' };
}

/** The wrap-up outcome that matches how an unanswered call ended (preselected), or null. */
export function suggestedOutcome(end: CallEnd): 'busy' | 'not_in_service' | 'no_answer' | null {
  if (end.result === 'busy') return 'busy';
  if (end.result === 'not_in_service') return 'not_in_service';
  if (end.result === 'no_answer') return 'no_answer';
  return null;
}
