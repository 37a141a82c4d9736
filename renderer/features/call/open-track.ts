// When a dialled call's talk track opens: once the INVITE is on the wire (its screen must not hold
// up the call) and the first moments of the ring are past (RING_QUIET_MS: a near phone's answer is
// handled first). The Dial button and progressive dialling both place calls this way.
import { RING_QUIET_MS } from '../../softphone/SoftphoneProvider';

export async function openTrackOnceRinging(
  sent: (callId: string) => Promise<void>,
  startCall: (accountId: string, phoneId: string, callId: string) => Promise<void>,
  call: { accountId: string; phoneId: string; callId: string },
): Promise<void> {
  await sent(call.callId);
  await new Promise((resolve) => setTimeout(resolve, RING_QUIET_MS));
  await startCall(call.accountId, call.phoneId, call.callId);
}
