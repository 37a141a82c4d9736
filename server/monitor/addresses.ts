// Where a lead's monitor call goes (docs/monitor.md "Where the lead's call goes"): the agent's
// SIP address of record as the server knows it. An administrator sets it (`npm run admin -- user
// sip`), or the agent's console reports the address its softphone registered with, once per
// sign-in, from a session that proved its device. What a console says in its presence state is
// never a target.
import { ApiError } from '../../shared/api/errors';
import { aorHost } from '../../shared/monitor/address';
import type { MonitorAddressResponse } from '../../shared/monitor/protocol';
import type { AuthContext } from '../auth/sessions';
import type { ServerStore } from '../store/store';
import type { MonitorPolicy } from './grants';

/** Keeps the address the agent's console registered with in this sign-in; answers where leads' calls now go. */
export async function learnAddress(store: ServerStore, policy: MonitorPolicy, session: AuthContext, sipUri: string, at: Date): Promise<MonitorAddressResponse> {
  if (!session.deviceBound) throw new ApiError('FORBIDDEN', 'This sign-in did not prove its device, so it cannot say where calls to you go: sign in again from your console');
  const domains = policy.sipDomains ?? [];
  if (domains.length > 0 && !domains.includes(aorHost(sipUri))) {
    throw new ApiError('FORBIDDEN', `${sipUri} is not in the organisation's SIP domains (${domains.join(', ')}): ask an administrator to set your SIP address`);
  }
  const iso = at.toISOString();
  const result = await store.monitor.learnAddress({ tokenHash: session.tokenHash, userId: session.user.id, deviceId: session.deviceId, sipUri, at: iso });
  if (result === 'other_in_session') throw new ApiError('FORBIDDEN', 'This sign-in already registered another SIP address: sign in again to use a new one');
  if (result === 'taken') throw new ApiError('FORBIDDEN', `${sipUri} is another user's SIP address: ask an administrator`);
  const target = await store.monitor.targetOf(session.user.id, iso);
  // Just kept, so only an administrator's address can stand before it.
  return target ?? { sipUri, source: 'registration' };
}

/** The address a lead's call to the agent goes to, or a NOT_FOUND saying why there is none. */
export async function monitorTarget(store: ServerStore, agent: { id: string; displayName: string }, at: Date): Promise<string> {
  const target = await store.monitor.targetOf(agent.id, at.toISOString());
  if (!target) {
    throw new ApiError('NOT_FOUND', `${agent.displayName} has no SIP address: their console has not registered a phone since signing in, and no administrator set one`);
  }
  return target.sipUri;
}
