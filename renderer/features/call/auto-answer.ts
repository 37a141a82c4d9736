// What the console does with an inbound call: ring, or answer it by itself when the agent
// turned auto-answer on (Settings) and is free. A caller whose number belongs to several
// accounts still rings: which account the call is about is the agent's choice.
import type { Incoming } from '../../softphone/SoftphoneProvider';

export type IncomingAction = 'none' | 'ring' | 'wait' | 'answer';

export function incomingAction({ autoAnswer, incoming, busy }: { autoAnswer: boolean; incoming: Incoming | null; busy: boolean }): IncomingAction {
  if (!incoming || incoming.call.state !== 'ringing') return 'none';
  // On a call, or finishing one's wrap-up: the agent decides.
  if (!autoAnswer || busy) return 'ring';
  if (incoming.matches === null) return 'wait'; // a moment: the caller is being looked up
  return incoming.matches.length <= 1 ? 'answer' : 'ring';
}
