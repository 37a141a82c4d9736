// The transfer directory (shared/api/directory.ts): every colleague who takes calls, by name,
// with their live presence from the board's data and the SIP address a transfer to them goes
// to, which is the address a lead's monitor call would use (an administrator's, or the one
// their console registered with in a live sign-in). What a console says about itself in its
// presence state is never used as an address. An outside agency's staff are not ours to list.
import type { Colleague, DirectoryResponse } from '../../shared/api/directory';
import type { User } from '../../shared/domain/users';
import type { PresenceHub } from './hub';
import type { ServerStore } from '../store/store';

export async function colleagueDirectory(store: ServerStore, hub: PresenceHub, viewer: User, at: Date): Promise<DirectoryResponse> {
  const iso = at.toISOString();
  // An outside agency's staff and ours do not see each other (docs/ladder.md "Agencies"): an
  // agency's users see their own agency, ours everyone but agencies'.
  const external = new Set((await store.ladder.agencies.teams()).filter((t) => t.external).map((t) => t.id));
  const isAgency = (teamId: string | null) => teamId !== null && external.has(teamId);
  const viewerIsAgency = isAgency(viewer.teamId);
  const users = (await store.colleagues()).filter((u) => u.id !== viewer.id
    && (viewerIsAgency ? u.teamId === viewer.teamId : !isAgency(u.teamId)));
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
