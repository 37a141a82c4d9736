// What a SIP call's end means to compliance: the result counted against the caps, with the
// SIP status kept for the record.
import type { CallResult } from '../../shared/domain/events';

export interface CallEnd {
  result: CallResult;
  /** The final SIP status seen (200 when answered), or null when none arrived. */
  sipStatus: number | null;
}

/** 486/600 busy; 404/484/604 not in service; 480/487/408 unanswered; other 4xx-6xx rejected; no response: failed. */
export function outcomeOf(call: { answered: boolean; status: number | null; connected: boolean }): CallEnd {
  const { answered, status } = call;
  if (answered) return { result: 'answered', sipStatus: 200 };
  if (status === 486 || status === 600) return { result: 'busy', sipStatus: status };
  if (status === 404 || status === 484 || status === 604) return { result: 'not_in_service', sipStatus: status };
  // Cancelled by us (487), timed out (408) or temporarily unavailable (480): it rang, nobody answered.
  if (status === 487 || status === 408 || status === 480) return { result: 'no_answer', sipStatus: status };
  if (status !== null && status >= 400) return { result: 'rejected', sipStatus: status };
  if (status === 0) return { result: 'failed', sipStatus: null };
  // No final answer at all: a cancelled call still ringing is "no answer" if the network was up.
  if (status === null && call.connected) return { result: 'no_answer', sipStatus: null };
  return { result: 'failed', sipStatus: status };
}
