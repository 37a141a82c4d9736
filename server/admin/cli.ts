// Operator commands against the server's database (PostgreSQL or the SQLite file):
// `npm run admin -- <command> ...`.
// Exit codes: 0 done, 1 the command could not be carried out, 2 bad arguments.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { HoldKind } from '../../shared/domain/portfolio';
import { Role } from '../../shared/domain/users';
import { hashPassword } from '../auth/password';
import { type StoreLocation, describeStore, isPostgresUrl, openStore } from '../store/open';
import { type ServerStore, StoreError } from '../store/store';

export const DEFAULT_DB = './.fairline/server.db';

const USAGE = `Usage: npm run admin -- <command> [options] [--db FILE|URL]

  create-team --name NAME
  create-user --username NAME --name "DISPLAY NAME" --role ${Role.options.join('|')}
              [--team TEAM]... --password PASSWORD
              (collector and field_agent: one team; team_lead: one or more; admin: none)
  set-hold    --account REF --kind ${HoldKind.options.join('|')} --note TEXT
              [--phone E164]   (do_not_call needs the number it applies to)
  lift-hold   --hold ID

The database is --db (a SQLite file or a postgres:// URL), else $DATABASE_URL (PostgreSQL),
else $FAIRLINE_SERVER_DB (SQLite), else ${DEFAULT_DB}: the same choice as the server's.`;

class UsageError extends Error {}
class CommandError extends Error {}

export interface AdminIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  now(): Date;
}

type Options = Record<string, string | string[] | boolean | undefined>;

const COMMANDS = {
  'create-team': { name: { type: 'string' } },
  'create-user': {
    username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' },
    team: { type: 'string', multiple: true }, password: { type: 'string' },
  },
  'set-hold': { account: { type: 'string' }, kind: { type: 'string' }, note: { type: 'string' }, phone: { type: 'string' } },
  'lift-hold': { hold: { type: 'string' } },
} as const;
type Command = keyof typeof COMMANDS;

function required(opts: Options, name: string): string {
  const value = opts[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

async function createTeam(store: ServerStore, opts: Options, io: AdminIo): Promise<void> {
  const team = await store.createTeam({ id: randomUUID(), name: required(opts, 'name') }, io.now().toISOString());
  io.out(`Created team "${team.name}" (${team.id})`);
}

async function createUser(store: ServerStore, opts: Options, io: AdminIo): Promise<void> {
  const username = required(opts, 'username');
  const displayName = required(opts, 'name');
  const role = Role.safeParse(required(opts, 'role'));
  if (!role.success) throw new UsageError(`--role must be one of ${Role.options.join(', ')}`);
  const password = required(opts, 'password');
  if (password.length < 8) throw new UsageError('--password must be at least 8 characters');
  const teamNames = (opts.team as string[] | undefined) ?? [];
  if (role.data === 'admin' && teamNames.length > 0) throw new UsageError('an admin belongs to no team: drop --team');
  if ((role.data === 'collector' || role.data === 'field_agent') && teamNames.length !== 1) {
    throw new UsageError(`a ${role.data} needs exactly one --team`);
  }
  if (role.data === 'team_lead' && teamNames.length === 0) throw new UsageError('a team_lead needs at least one --team');

  const teams = [];
  for (const name of teamNames) {
    const team = await store.findTeamByName(name);
    if (!team) throw new CommandError(`No team named "${name}" (create it with create-team)`);
    teams.push(team);
  }
  const user = await store.createUser({
    id: randomUUID(), username, displayName, role: role.data, teamId: teams[0]?.id ?? null,
    passwordHash: await hashPassword(password),
  }, io.now().toISOString());
  if (role.data === 'team_lead') for (const team of teams) await store.addTeamLead(user.id, team.id);
  io.out(`Created ${user.role} ${user.username} (${user.id})${teams.length ? ` in ${teams.map((t) => `"${t.name}"`).join(', ')}` : ''}`);
}

async function setHold(store: ServerStore, opts: Options, io: AdminIo): Promise<void> {
  const ref = required(opts, 'account');
  const kind = HoldKind.safeParse(required(opts, 'kind'));
  if (!kind.success) throw new UsageError(`--kind must be one of ${HoldKind.options.join(', ')}`);
  const note = required(opts, 'note');
  const number = typeof opts.phone === 'string' ? opts.phone.trim() : undefined;
  if (kind.data === 'do_not_call' && !number) throw new UsageError('--phone is required for do_not_call');
  if (kind.data !== 'do_not_call' && number) throw new UsageError('--phone applies only to do_not_call');

  const found = await store.findAccountByRef(ref);
  if (!found) throw new CommandError(`No account with ref ${ref}`);
  let phone: { id: string; partyId: string } | undefined;
  if (number) {
    phone = (await store.getAccount(found.id))?.phones.find((p) => p.number === number);
    if (!phone) throw new CommandError(`Account ${ref} has no phone ${number}`);
  }
  const at = io.now().toISOString();
  const hold = await store.setHold({
    id: randomUUID(), accountId: found.id, kind: kind.data, note, phoneId: phone?.id ?? null, partyId: phone?.partyId ?? null,
    effectiveAt: at,
  }, at);
  io.out(`Set hold ${hold.id} (${hold.kind}) on ${ref}${number ? ` for ${number}` : ''}`);
}

async function liftHold(store: ServerStore, opts: Options, io: AdminIo): Promise<void> {
  const id = required(opts, 'hold');
  const hold = await store.liftHold(id, io.now().toISOString());
  if (!hold) throw new CommandError(`No hold ${id}`);
  io.out(`Lifted hold ${hold.id} (${hold.kind}) at ${hold.liftedAt}`);
}

const HANDLERS: Record<Command, (store: ServerStore, opts: Options, io: AdminIo) => Promise<void>> = {
  'create-team': createTeam,
  'create-user': createUser,
  'set-hold': setHold,
  'lift-hold': liftHold,
};

function parse(argv: readonly string[]): { command: Command; opts: Options; db: string | undefined } {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') throw new UsageError(command ? '' : 'no command given');
  if (!(command in COMMANDS)) throw new UsageError(`unknown command "${command}"`);
  try {
    const { values } = parseArgs({
      args: rest,
      options: { ...COMMANDS[command as Command], db: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const { db, ...opts } = values as Options;
    return { command: command as Command, opts, db: typeof db === 'string' ? db : undefined };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** --db wins (a URL or a file); then the server's own environment variables. */
export function adminDatabase(db: string | undefined, env: AdminIo['env']): StoreLocation {
  if (db) return isPostgresUrl(db) ? { databaseUrl: db } : { databaseFile: resolve(db) };
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  return { databaseFile: resolve(env.FAIRLINE_SERVER_DB ?? DEFAULT_DB) };
}

export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  let store: ServerStore | undefined;
  try {
    const { command, opts, db } = parse(argv);
    const where = adminDatabase(db, io.env);
    store = await openStore(where).catch((err: unknown) => {
      throw new CommandError(`Cannot open the database (${describeStore(where)}): ${err instanceof Error ? err.message : String(err)}`);
    });
    await HANDLERS[command](store, opts, io);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) io.err(`Error: ${err.message}\n`);
      io.err(USAGE);
      return 2;
    }
    if (err instanceof CommandError || err instanceof StoreError) {
      io.err(`Error: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await store?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const io: AdminIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    now: () => new Date(),
  };
  runAdmin(process.argv.slice(2), io).then((code) => { process.exitCode = code; }, (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
