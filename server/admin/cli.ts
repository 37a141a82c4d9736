// Operator commands against the server's database (PostgreSQL or the SQLite file):
// `npm run admin -- <command> ...`.
// Exit codes: 0 done, 1 the command could not be carried out, 2 bad arguments or a bad input
// file (every problem listed; nothing written).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isPackId, PACKS, tighten } from '../../shared/compliance';
import { HoldKind } from '../../shared/domain/portfolio';
import { Role } from '../../shared/domain/users';
import { replaceTalkTrack, TalkTrack } from '../../shared/talktrack';
import { hashPassword } from '../auth/password';
import { ACCESS_COMMANDS, ACCESS_HANDLERS, ACCESS_POSITIONALS, ACCESS_USAGE, adminActor } from './access';
import { AGENCY_COMMANDS, AGENCY_HANDLERS, AGENCY_POSITIONALS, AGENCY_USAGE } from './agency';
import { AUDIT_COMMANDS, AUDIT_GROUPS, AUDIT_HANDLERS, AUDIT_POSITIONALS, AUDIT_USAGE } from './audit';
import { CommandError, InputError, UsageError } from './errors';
import { importPlan, planPortfolio } from './portfolio-csv';
import { type StoreLocation, describeStore, isPostgresUrl, openStore } from '../store/open';
import { type ServerStore, StoreError } from '../store/store';

export const DEFAULT_DB = './.fairline/server.db';

const USAGE = `Usage: npm run admin -- <command> [options] [--db FILE|URL]

  create-team --name NAME
  create-user --username NAME --name "DISPLAY NAME" --role ${Role.options.join('|')}
              [--team TEAM]... --password PASSWORD
              (collector and field_agent: one team; team_lead: one or more; admin: none)
  hold set ACCOUNT_REF KIND [--phone E164] [--note TEXT]
              KIND: ${HoldKind.options.join('|')} (do_not_call needs --phone)
  hold lift HOLD_ID
  assign ACCOUNT_REF USERNAME
  payment record ACCOUNT_REF AMOUNT [--at ISO_TIME] [--note TEXT]
              (a payment the lender received, in yuan or dollars, e.g. 800.00)
  route set USERNAME DATE [ACCOUNT_REF]...   (a field agent's visits for a day, in order;
              none clears the day; the accounts are assigned to the agent)
  route show USERNAME
  import-portfolio FILE.csv        (docs/server.md "Portfolio CSV"; all rows or none)
  talktrack import FILE.json       (a new track, or a newer version of one)
  talktrack list
  policy tighten PACK FILE.json    (PACK: ${Object.keys(PACKS).join('|')}; overrides may only tighten)
  policy clear PACK
  policy list
  sync compact [--days N]          (forget removal records older than N days, default 30)
${ACCESS_USAGE}
${AGENCY_USAGE}
${AUDIT_USAGE}
  set-hold --account REF --kind KIND --note TEXT [--phone E164]   (older spelling of hold set)
  lift-hold --hold ID                                             (older spelling of hold lift)

The database is --db (a SQLite file or a postgres:// URL), else $DATABASE_URL (PostgreSQL),
else $FAIRLINE_SERVER_DB (SQLite), else ${DEFAULT_DB}: the same choice as the server's.`;


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
  'hold set': { note: { type: 'string' }, phone: { type: 'string' } },
  'hold lift': {},
  assign: {},
  'route set': {},
  'route show': {},
  'payment record': { at: { type: 'string' }, note: { type: 'string' } },
  'import-portfolio': {},
  'talktrack import': {},
  'talktrack list': {},
  'policy tighten': {},
  'policy clear': {},
  'policy list': {},
  'sync compact': { days: { type: 'string' } },
  ...ACCESS_COMMANDS,
  ...AGENCY_COMMANDS,
  ...AUDIT_COMMANDS,
} as const;
type Command = keyof typeof COMMANDS;

/** How many positional arguments each command takes, and what they are called (for errors). */
const POSITIONALS: Partial<Record<Command, string[]>> = {
  'hold set': ['ACCOUNT_REF', 'KIND'],
  'hold lift': ['HOLD_ID'],
  assign: ['ACCOUNT_REF', 'USERNAME'],
  'route set': ['USERNAME', 'DATE', 'ACCOUNT_REF...'],
  'route show': ['USERNAME'],
  'payment record': ['ACCOUNT_REF', 'AMOUNT'],
  'import-portfolio': ['FILE.csv'],
  'talktrack import': ['FILE.json'],
  'policy tighten': ['PACK', 'FILE.json'],
  'policy clear': ['PACK'],
  ...ACCESS_POSITIONALS,
  ...AGENCY_POSITIONALS,
  ...AUDIT_POSITIONALS,
};
const GROUPS = new Set(['hold', 'talktrack', 'policy', 'sync', 'route', 'payment', 'user', 'session', 'device', 'security', 'agency', ...AUDIT_GROUPS]);

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
  await store.security.record({
    at: io.now().toISOString(), kind: 'admin.user.created', actor: adminActor(io), userId: user.id, username: user.username,
    detail: { role: user.role, teams: teams.map((t) => t.name) },
  });
  io.out(`Created ${user.role} ${user.username} (${user.id})${teams.length ? ` in ${teams.map((t) => `"${t.name}"`).join(', ')}` : ''}`);
}

async function setHold(store: ServerStore, opts: Options, io: AdminIo): Promise<void> {
  await placeHold(store, io, required(opts, 'account'), required(opts, 'kind'), required(opts, 'note'), opts.phone);
}

async function placeHold(store: ServerStore, io: AdminIo, ref: string, kindText: string, note: string, phoneOpt: Options[string]): Promise<void> {
  const kind = HoldKind.safeParse(kindText);
  if (!kind.success) throw new UsageError(`the hold kind must be one of ${HoldKind.options.join(', ')}`);
  const number = typeof phoneOpt === 'string' ? phoneOpt.trim() : undefined;
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

type Handler = (store: ServerStore, opts: Options, io: AdminIo, args: string[]) => Promise<void>;

function readInput(file: string): string {
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new CommandError(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readJson(file: string): unknown {
  const text = readInput(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${file} is not JSON`, [err instanceof Error ? err.message : String(err)]);
  }
}

const holdSet: Handler = (store, opts, io, [ref, kind]) =>
  placeHold(store, io, ref!, kind!, typeof opts.note === 'string' && opts.note.trim() ? opts.note.trim() : `${kind} (admin CLI)`, opts.phone);

const holdLift: Handler = (store, _opts, io, [id]) => liftHold(store, { hold: id }, io);

const assign: Handler = async (store, _opts, io, [ref, username]) => {
  const account = await store.findAccountByRef(ref!);
  if (!account) throw new CommandError(`No account with ref ${ref}`);
  const user = await store.findUserByUsername(username!);
  if (!user) throw new CommandError(`No user ${username}`);
  if (user.role === 'admin') throw new CommandError(`${username} is an admin; accounts are assigned to agents and team leads`);
  await store.assignAccount(account.id, { assignedTo: user.id, teamId: user.teamId }, io.now().toISOString());
  io.out(`Assigned ${ref} to ${user.username} (${user.displayName})`);
};

async function fieldAgent(store: ServerStore, username: string) {
  const user = await store.findUserByUsername(username);
  if (!user) throw new CommandError(`No user ${username}`);
  if (user.role !== 'field_agent') throw new CommandError(`${username} is a ${user.role}; routes are for field agents`);
  return user;
}

const routeSet: Handler = async (store, _opts, io, [username, date, ...refs]) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date!) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new UsageError(`DATE must be a day as yyyy-mm-dd, not "${date}"`);
  const user = await fieldAgent(store, username!);
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const ref of refs) {
    if (seen.has(ref)) throw new UsageError(`${ref} is listed twice`);
    seen.add(ref);
    const account = await store.findAccountByRef(ref);
    if (!account) throw new CommandError(`No account with ref ${ref}; the route was not changed`);
    ids.push(account.id);
  }
  await store.setRoute(user.id, date!, ids, io.now().toISOString());
  io.out(ids.length === 0 ? `Cleared ${user.username}'s route for ${date}` : `Route for ${user.username} on ${date}: ${refs.join(' → ')}`);
};

const routeShow: Handler = async (store, _opts, io, [username]) => {
  const user = await fieldAgent(store, username!);
  for (const r of await store.listRoutes(user.id)) {
    const refs = await Promise.all(r.accountIds.map(async (id) => (await store.getAccount(id))?.account.ref ?? id));
    io.out(`${r.date}\t${refs.length} visits\t${refs.join(' ')}`);
  }
};

const paymentRecord: Handler = async (store, opts, io, [ref, amount]) => {
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(amount!)) throw new UsageError(`AMOUNT must be a positive amount with at most 2 decimals, like 800 or 800.50, not "${amount}"`);
  const amountMinor = Math.round(Number(amount) * 100);
  if (amountMinor <= 0) throw new UsageError('AMOUNT must be more than 0');
  const paidAt = typeof opts.at === 'string' ? opts.at : io.now().toISOString();
  if (Number.isNaN(Date.parse(paidAt)) || !/^\d{4}-\d{2}-\d{2}T/.test(paidAt)) throw new UsageError(`--at must be an ISO time such as 2026-11-24T10:00:00+08:00, not "${paidAt}"`);
  const account = await store.findAccountByRef(ref!);
  if (!account) throw new CommandError(`No account with ref ${ref}`);
  await store.recordPayment({ id: randomUUID(), accountId: account.id, amountMinor, paidAt: new Date(paidAt).toISOString(), note: typeof opts.note === 'string' ? opts.note : '' }, io.now().toISOString());
  io.out(`Recorded a payment of ${(amountMinor / 100).toFixed(2)} ${account.currency} on ${ref}`);
};

const importPortfolio: Handler = async (store, _opts, io, [file]) => {
  const plan = await planPortfolio(readInput(file!), store, io.now());
  if (plan.errors.length > 0) {
    throw new InputError(`${file}: ${plan.errors.length} bad row${plan.errors.length === 1 ? '' : 's'}; nothing imported`,
      plan.errors.map((e) => `line ${e.line}: ${e.message}`));
  }
  await importPlan(plan, store, io.now().toISOString());
  const debts = plan.bundles.reduce((n, b) => n + b.debts.length, 0);
  io.out(`Imported ${plan.bundles.length} accounts with ${debts} debts from ${file} (${plan.identities.length} with identity on file)`);
};

const talktrackImport: Handler = async (store, _opts, io, [file]) => {
  const input = readJson(file!);
  const id = (input as { id?: unknown } | null)?.id;
  const activeBody = typeof id === 'string' ? await store.activeTalkTrack(id) : undefined;
  const active = activeBody === undefined ? null : TalkTrack.parse(activeBody);
  const pack = (input as { pack?: unknown } | null)?.pack;
  const { replaced, result } = replaceTalkTrack(active, input, typeof pack === 'string' && isPackId(pack) ? { pack: PACKS[pack] } : {});
  if (!replaced || !result.ok) {
    const errors = result.ok ? [] : result.errors;
    throw new InputError(`${file}: talk track rejected${active ? `; version ${active.version} stays active` : ''}`,
      errors.map((e) => `${e.stepId ? `step ${e.stepId}` : 'track'} (${e.path || '-'}): ${e.message}`));
  }
  const saved = await store.addTalkTrack(result.track, input, io.now().toISOString());
  io.out(`Imported talk track ${saved.id} version ${saved.version} (${saved.locale}, ${saved.pack}, ${saved.kind})`);
};

const talktrackList: Handler = async (store, _opts, io) => {
  const seen = new Set<string>();
  for (const t of await store.listTalkTracks()) {
    io.out(`${t.id}\tv${t.version}\t${t.locale}\t${t.pack}\t${t.kind}\t${seen.has(t.id) ? 'superseded' : 'active'}\t${t.title}`);
    seen.add(t.id);
  }
};

const policyTighten: Handler = async (store, _opts, io, [packId, file]) => {
  if (!isPackId(packId!)) throw new UsageError(`PACK must be one of ${Object.keys(PACKS).join(', ')}`);
  const overrides = readJson(file!);
  let tightened;
  try {
    tightened = tighten(PACKS[packId], overrides);
  } catch (err) {
    throw new InputError(`${file}: policy rejected for pack ${packId}; the current policy stays`, [err instanceof Error ? err.message : String(err)]);
  }
  const saved = await store.setPolicy(packId, overrides, io.now().toISOString());
  io.out(`Policy for ${packId} is now ${tightened.version} (op ${saved.version})`);
};

const policyClear: Handler = async (store, _opts, io, [packId]) => {
  if (!(await store.clearPolicy(packId!, io.now().toISOString()))) throw new CommandError(`Pack ${packId} has no policy overrides`);
  io.out(`Cleared the policy overrides of ${packId}`);
};

const policyList: Handler = async (store, _opts, io) => {
  for (const p of await store.listPolicies()) io.out(`${p.packId}\t${p.updatedAt}\t${JSON.stringify(p.overrides)}`);
};

const syncCompact: Handler = async (store, opts, io) => {
  const days = opts.days === undefined ? 30 : Number(opts.days);
  if (!Number.isInteger(days) || days < 0) throw new UsageError('--days must be a whole number of days, 0 or more');
  const before = new Date(io.now().getTime() - days * 86_400_000).toISOString();
  const { removed, floors } = await store.compactSyncLog(before);
  io.out(`Compacted ${removed} removal records older than ${before}; floors ${JSON.stringify(floors)}`);
};

const HANDLERS: Record<Command, Handler> = {
  'create-team': createTeam,
  'create-user': createUser,
  'set-hold': setHold,
  'lift-hold': liftHold,
  'hold set': holdSet,
  'hold lift': holdLift,
  assign,
  'route set': routeSet,
  'route show': routeShow,
  'payment record': paymentRecord,
  'import-portfolio': importPortfolio,
  'talktrack import': talktrackImport,
  'talktrack list': talktrackList,
  'policy tighten': policyTighten,
  'policy clear': policyClear,
  'policy list': policyList,
  'sync compact': syncCompact,
  ...ACCESS_HANDLERS,
  ...AGENCY_HANDLERS,
  ...AUDIT_HANDLERS,
};

function parse(argv: readonly string[]): { command: Command; opts: Options; db: string | undefined; args: string[] } {
  const [first, ...tail] = argv;
  if (!first || first === '--help' || first === 'help') throw new UsageError(first ? '' : 'no command given');
  const grouped = GROUPS.has(first);
  const command = grouped ? `${first} ${tail[0] ?? ''}` : first;
  const rest = grouped ? tail.slice(1) : tail;
  if (!(command in COMMANDS)) throw new UsageError(`unknown command "${command.trim()}"`);
  const names = POSITIONALS[command as Command] ?? [];
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...COMMANDS[command as Command], db: { type: 'string' } },
      strict: true,
      allowPositionals: names.length > 0,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const args = parsed.positionals.map((a) => a.trim());
  // A last name ending in "..." takes any number of arguments, none included.
  const variadic = names.at(-1)?.endsWith('...') ?? false;
  const fixed = variadic ? names.length - 1 : names.length;
  if ((variadic ? args.length < fixed : args.length !== fixed) || args.some((a) => a === '')) {
    throw new UsageError(`${command} takes ${names.length === 0 ? 'no arguments' : names.join(' ')}`);
  }
  const { db, ...opts } = parsed.values as Options;
  return { command: command as Command, opts, db: typeof db === 'string' ? db : undefined, args };
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
    const { command, opts, db, args } = parse(argv);
    const where = adminDatabase(db, io.env);
    // Files (retention purges them) are where the server keeps them: FAIRLINE_BLOB_DIR, as server/main.ts reads it.
    store = await openStore({ ...where, blobDir: io.env.FAIRLINE_BLOB_DIR || undefined }).catch((err: unknown) => {
      throw new CommandError(`Cannot open the database (${describeStore(where)}): ${err instanceof Error ? err.message : String(err)}`);
    });
    await HANDLERS[command](store, opts, io, args);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) io.err(`Error: ${err.message}\n`);
      io.err(USAGE);
      return 2;
    }
    if (err instanceof InputError) {
      io.err(`Error: ${err.message}`);
      for (const d of err.details) io.err(`  ${d}`);
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
