// Admin commands for outside collection agencies (docs/ladder.md "Agencies"): an agency is a team
// marked external, with its own collectors and leads, who sign in with the ordinary console and see
// only the accounts placed with them. Placement and recall by hand, as the ladder does them. Every
// change is recorded as a security event (`admin.agency.*`) naming who ran it.
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hashPassword } from '../auth/password';
import type { ServerStore } from '../store/store';
import { adminActor } from './access';
import type { AdminIo } from './cli';
import { CommandError, UsageError } from './errors';

type Options = Record<string, string | string[] | boolean | undefined>;
type Handler = (store: ServerStore, opts: Options, io: AdminIo, args: string[]) => Promise<void>;

export const AGENCY_USAGE = `  agency create --name NAME        (a team marked as an outside agency; name its id in the ladder
              policy's placement, action.team)
  agency list
  agency user AGENCY --username NAME --name "DISPLAY NAME" --role collector|team_lead [--password P]
              (a user of the agency; the password is generated and printed once unless given)
  agency place ACCOUNT_REF AGENCY  (the account goes to the agency's collector with fewest accounts)
  agency recall ACCOUNT_REF        (back to the team and collector it was placed from)`;

export const AGENCY_COMMANDS = {
  'agency create': { name: { type: 'string' } },
  'agency list': {},
  'agency user': { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
  'agency place': {},
  'agency recall': {},
} as const;

export const AGENCY_POSITIONALS = {
  'agency user': ['AGENCY'],
  'agency place': ['ACCOUNT_REF', 'AGENCY'],
  'agency recall': ['ACCOUNT_REF'],
};

const Username = z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, ".", "_" and "-" only');

const log = (store: ServerStore, io: AdminIo, kind: string, subject: { userId?: string; username?: string }, detail: Record<string, unknown>) =>
  store.security.record({ at: io.now().toISOString(), kind: `admin.agency.${kind}`, actor: adminActor(io), ...subject, detail });

async function agencyNamed(store: ServerStore, name: string) {
  const team = (await store.ladder.agencies.teams()).find((t) => t.name === name || t.id === name);
  if (!team) throw new CommandError(`No team named "${name}" (create the agency with agency create)`);
  if (!team.external) throw new CommandError(`Team "${team.name}" is one of ours, not an outside agency`);
  return team;
}

async function accountRef(store: ServerStore, ref: string) {
  const found = await store.findAccountByRef(ref);
  if (!found) throw new CommandError(`No account with ref ${ref}`);
  return found;
}

const create: Handler = async (store, opts, io) => {
  const name = typeof opts.name === 'string' ? opts.name.trim() : '';
  if (!name) throw new UsageError('--name is required');
  const team = await store.ladder.agencies.createAgency({ id: randomUUID(), name }, io.now().toISOString());
  await log(store, io, 'created', {}, { teamId: team.id, name: team.name });
  io.out(`Created agency "${team.name}" (${team.id})`);
};

const list: Handler = async (store, _opts, io) => {
  for (const t of (await store.ladder.agencies.teams()).filter((x) => x.external)) io.out(`${t.id}\t${t.name}`);
};

const user: Handler = async (store, opts, io, [agencyName]) => {
  const team = await agencyNamed(store, agencyName!);
  const username = Username.safeParse(opts.username);
  if (!username.success) throw new UsageError('--username is required (letters, digits, ".", "_" and "-")');
  const displayName = typeof opts.name === 'string' && opts.name.trim() ? opts.name.trim() : username.data;
  const role = opts.role;
  if (role !== 'collector' && role !== 'team_lead') throw new UsageError('--role must be collector or team_lead (an agency has no field agents or administrators)');
  const given = typeof opts.password === 'string' ? opts.password : undefined;
  if (given !== undefined && given.length < 8) throw new UsageError('--password must be at least 8 characters');
  const password = given ?? randomBytes(15).toString('base64url');
  const created = await store.createUser({ id: randomUUID(), username: username.data, displayName, role, teamId: team.id, passwordHash: await hashPassword(password) }, io.now().toISOString());
  if (role === 'team_lead') await store.addTeamLead(created.id, team.id);
  await log(store, io, 'user.created', { userId: created.id, username: created.username }, { role, teamId: team.id, agency: team.name });
  io.out(`Created ${role} ${created.username} (${created.id}) of agency "${team.name}"`);
  if (given === undefined) io.out(`Password (shown once): ${password}`);
};

const place: Handler = async (store, _opts, io, [ref, agencyName]) => {
  const account = await accountRef(store, ref!);
  const team = await agencyNamed(store, agencyName!);
  const placed = await store.ladder.agencies.place(account.id, team.id, adminActor(io), io.now().toISOString());
  if (!placed) throw new CommandError(`Account ${ref} is with "${team.name}" already`);
  await log(store, io, 'placed', {}, { accountId: account.id, ref, teamId: team.id, assignedTo: placed.assignedTo, fromTeamId: placed.fromTeamId, fromUserId: placed.fromUserId });
  io.out(`Placed ${ref} with "${team.name}"${placed.assignedTo ? '' : ' (no collector there yet: unassigned, its lead sees it)'}`);
};

const recall: Handler = async (store, _opts, io, [ref]) => {
  const account = await accountRef(store, ref!);
  const back = await store.ladder.agencies.recall(account.id, adminActor(io), io.now().toISOString());
  if (!back) throw new CommandError(`Account ${ref} is not placed with an agency`);
  await log(store, io, 'recalled', {}, { accountId: account.id, ref, fromAgency: back.placement.agencyTeamId, teamId: back.teamId, assignedTo: back.assignedTo });
  io.out(`Recalled ${ref}${back.assignedTo ? '' : ' (its collector is gone: unassigned in its team)'}`);
};

export const AGENCY_HANDLERS: Record<keyof typeof AGENCY_COMMANDS, Handler> = {
  'agency create': create,
  'agency list': list,
  'agency user': user,
  'agency place': place,
  'agency recall': recall,
};
