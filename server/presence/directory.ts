// The transfer directory (shared/api/directory.ts): every colleague who takes calls, by name,
// with their live presence from the board's data and the SIP address a transfer to them goes
// to, which is the address a lead's monitor call would use (an administrator's, or the one
// their console registered with in a live sign-in). What a console says about itself in its
// presence state is never used as an address.
import type { Colleague, DirectoryResponse } from '../../shared/api/directory';
import type { User } from '../../shared/domain/users';
import type { PresenceHub } from './hub';
import type { ServerStore } from '../store/store';

export async function colleagueDirectory(store: ServerStore, hub: PresenceHub, viewer: User, at: Date): Promise<DirectoryResponse> {
  const iso = at.toISOString();
  const users = (await store.colleagues()).filter((u) => u.id !== viewer.id);
  const colleagues = await Promise.all(users.map(async (u): Promise<Colleague> => {
    const target = await store.monitor.targetOf(u.id, iso);
    const presence = hub.presence(u.id);
    return {
      userId: u.id, name: u.displayName, role: u.role, teamId: u.teamId, sameTeam: u.teamId !== null && u.teamId === viewer.teamId,
      state: presence?.state ?? (u.role === 'team_lead' ? null : 'offline'),
      sipUri: target?.sipUri ?? null,
    };
  }));
  // Own team first; the store's order (by name) within each.
  return { colleagues: [...colleagues.filter((c) => c.sameTeam), ...colleagues.filter((c) => !c.sameTeam)] };
}
