// Admin commands for the record that cannot be rewritten, who read what, and retention
// (docs/security.md): `audit verify|head|anchor`, `access list`, `retention ...`.
import { PACKS, isPackId } from '../../shared/compliance';
import { yearsBefore } from '../store/retention-store';
import type { ServerStore } from '../store/store';
import { adminActor } from './access';
import type { AdminIo } from './cli';
import { CommandError, UsageError } from './errors';

type Options = Record<string, string | string[] | boolean | undefined>;
type Handler = (store: ServerStore, opts: Options, io: AdminIo, args: string[]) => Promise<void>;

export const AUDIT_USAGE = `  audit verify [--anchor SEQ:HASH]...   (walks the event log's hash chain; names the first broken
              link and exits 1; an anchor is a position and hash printed earlier by audit anchor)
  audit head                       (the chain's last position and hash)
  audit anchor                     (records an anchor in the log and prints it: keep it outside the
              database, e.g. in a ticket or the server logs, to detect a rewritten or truncated log)
  access list [--account REF] [--user USERNAME] [--limit N]   (who read which debtor's full record)
  retention run [--dry-run]        (purges what is past its pack's retention, except accounts under
              legal hold; --dry-run lists what would go)
  retention periods                (the retention per pack: the law's minimum or the organisation's)
  retention set PACK --records YEARS --recordings YEARS   (never under the pack's minimum)
  retention hold ACCOUNT_REF --reason TEXT   (legal hold: the account keeps everything)
  retention release HOLD_ID
  retention holds`;

export const AUDIT_COMMANDS = {
  'audit verify': { anchor: { type: 'string', multiple: true } },
  'audit head': {},
  'audit anchor': {},
  'access list': { account: { type: 'string' }, user: { type: 'string' }, limit: { type: 'string' } },
  'retention run': { 'dry-run': { type: 'boolean' } },
  'retention periods': {},
  'retention set': { records: { type: 'string' }, recordings: { type: 'string' } },
  'retention hold': { reason: { type: 'string' } },
  'retention release': {},
  'retention holds': {},
} as const;

export const AUDIT_POSITIONALS = {
  'retention set': ['PACK'],
  'retention hold': ['ACCOUNT_REF'],
  'retention release': ['HOLD_ID'],
};

export const AUDIT_GROUPS = ['audit', 'access', 'retention'];

function anchorsOf(opts: Options): { seq: number; hash: string }[] {
  return ((opts.anchor as string[] | undefined) ?? []).map((a) => {
    const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(a.trim());
    if (!m) throw new UsageError(`--anchor must be SEQ:HASH as audit anchor prints it, not "${a}"`);
    return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
  });
}

const auditVerify: Handler = async (store, opts, io) => {
  const anchors = anchorsOf(opts);
  const started = performance.now();
  const report = await store.audit.verify({ anchors });
  const ms = Math.round(performance.now() - started);
  if (report.ok) {
    io.out(`Audit chain verified: ${report.entries} entries${report.purged ? ` (${report.purged} rows purged by retention, each named by a tombstone)` : ''}, head ${report.head.seq} ${report.head.hash}${anchors.length ? `, ${anchors.length} anchor(s) matched` : ''} (${ms} ms)`);
    return;
  }
  const b = report.broken!;
  throw new CommandError(`Audit chain broken at entry ${b.seq}${b.table ? ` (${b.table} ${b.refId})` : ''}: ${b.problem}: ${b.detail}. ${report.entries} entries before it verified.`);
};

const auditHead: Handler = async (store, _opts, io) => {
  const head = await store.audit.head();
  io.out(`${head.seq}:${head.hash}`);
};

const auditAnchor: Handler = async (store, _opts, io) => {
  const before = await store.audit.head();
  await store.security.record({ at: io.now().toISOString(), kind: 'audit.anchor', actor: adminActor(io), detail: { seq: before.seq, hash: before.hash } });
  const head = await store.audit.head();
  io.out(`${head.seq}:${head.hash}`);
  io.out(`Anchor at ${io.now().toISOString()}: keep this line outside the database; audit verify --anchor ${head.seq}:${head.hash} proves the log up to it is unchanged.`);
};

const accessList: Handler = async (store, opts, io) => {
  const limit = opts.limit === undefined ? 100 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
  let accountId: string | undefined;
  let userId: string | undefined;
  if (typeof opts.account === 'string') {
    const account = await store.findAccountByRef(opts.account.trim());
    if (!account) throw new CommandError(`No account with ref ${opts.account}`);
    accountId = account.id;
  }
  if (typeof opts.user === 'string') {
    const user = await store.findUserByUsername(opts.user.trim());
    if (!user) throw new CommandError(`No user ${opts.user}`);
    userId = user.id;
  }
  for (const r of await store.audit.listAccess({ accountId, userId, limit })) {
    io.out([r.at, r.username, r.role, r.what, r.accountRef ?? r.accountId ?? '-', r.objectId, r.reason, r.origin, r.deviceId ?? '-', r.address ?? '-'].join('\t'));
  }
};

const retentionRun: Handler = async (store, opts, io) => {
  const now = io.now();
  const dry = opts['dry-run'] === true;
  const plan = dry ? await store.retention.plan(now) : undefined;
  const result = dry ? undefined : await store.retention.purge(now);
  const p = plan ?? result!.plan;
  for (const [pack, periods] of Object.entries(p.periods)) {
    io.out(`${pack}\trecords ${periods.recordsYears} years (activity before ${yearsBefore(now, periods.recordsYears).slice(0, 10)})\trecordings ${periods.recordingsYears} years`);
  }
  for (const a of p.accounts) io.out(`${dry ? 'would purge' : 'purged'}\t${a.ref}\t${a.packId}\tlast activity ${a.lastActivity}\t${a.events} events\t${a.files} files`);
  for (const r of p.recordings) io.out(`${dry ? 'would purge' : 'purged'}\trecording ${r.sha256}\tlast use ${r.lastUse}`);
  for (const h of p.held) io.out(`kept\t${h.ref}\tlegal hold ${h.holdId}: ${h.reason}`);
  if (p.accountlessEvents) io.out(`${dry ? 'would purge' : 'purged'}\t${p.accountlessEvents} events on no account`);
  if (p.accessEntries) io.out(`${dry ? 'would purge' : 'purged'}\t${p.accessEntries} access-log entries`);
  const events = p.accounts.reduce((n, a) => n + a.events, 0) + p.accountlessEvents;
  if (dry) {
    io.out(`Dry run: ${p.accounts.length} accounts (${events} events), ${p.recordings.length} recordings past retention; ${p.held.length} kept by legal hold. Nothing was changed.`);
    return;
  }
  await store.security.record({
    at: now.toISOString(), kind: 'retention.purged', actor: adminActor(io),
    detail: { accounts: p.accounts.length, events: result!.events, files: result!.files, accessEntries: result!.accessEntries, held: p.held.length },
  });
  io.out(`Purged ${p.accounts.length} accounts' records (${result!.events} events), ${result!.files} files, ${result!.accessEntries} access-log entries; ${p.held.length} kept by legal hold. Each left a tombstone in the audit chain.`);
};

const retentionPeriods: Handler = async (store, _opts, io) => {
  for (const [pack, p] of Object.entries(await store.retention.periods())) {
    const sources = PACKS[pack as keyof typeof PACKS].retention.map((r) => `${r.years}y ${r.what} (${r.source})`).join('; ');
    io.out(`${pack}\trecords ${p.recordsYears} years\trecordings ${p.recordingsYears} years\tlaw: ${sources}`);
  }
};

const years = (opts: Options, name: string): number => {
  const n = Number(opts[name]);
  if (typeof opts[name] !== 'string' || !Number.isInteger(n) || n < 1 || n > 50) throw new UsageError(`--${name} must be a whole number of years from 1 to 50`);
  return n;
};

const retentionSet: Handler = async (store, opts, io, [pack]) => {
  if (!isPackId(pack!)) throw new UsageError(`PACK must be one of ${Object.keys(PACKS).join(', ')}`);
  const periods = { recordsYears: years(opts, 'records'), recordingsYears: years(opts, 'recordings') };
  try {
    await store.retention.setPeriods(pack, periods, io.now().toISOString());
  } catch (err) {
    if (err instanceof RangeError) throw new CommandError(err.message);
    throw err;
  }
  await store.security.record({ at: io.now().toISOString(), kind: 'admin.retention.set', actor: adminActor(io), detail: { pack, ...periods } });
  io.out(`Retention for ${pack}: records ${periods.recordsYears} years, recordings ${periods.recordingsYears} years`);
};

const retentionHold: Handler = async (store, opts, io, [ref]) => {
  const reason = typeof opts.reason === 'string' ? opts.reason.trim() : '';
  if (!reason) throw new UsageError('--reason is required (the matter or order that requires keeping the records)');
  const account = await store.findAccountByRef(ref!);
  if (!account) throw new CommandError(`No account with ref ${ref}`);
  const id = await store.retention.placeHold(account.id, reason, adminActor(io), io.now().toISOString());
  await store.security.record({ at: io.now().toISOString(), kind: 'admin.legal_hold.placed', actor: adminActor(io), detail: { holdId: id, account: ref, reason } });
  io.out(`Legal hold ${id} on ${ref}: its records are kept whatever their age`);
};

const retentionRelease: Handler = async (store, _opts, io, [id]) => {
  if (!(await store.retention.liftHold(id!, io.now().toISOString()))) throw new CommandError(`No legal hold ${id} in force`);
  await store.security.record({ at: io.now().toISOString(), kind: 'admin.legal_hold.lifted', actor: adminActor(io), detail: { holdId: id } });
  io.out(`Lifted legal hold ${id}`);
};

const retentionHolds: Handler = async (store, _opts, io) => {
  for (const h of await store.retention.listHolds()) io.out([h.id, h.ref, h.liftedAt ? `lifted ${h.liftedAt}` : 'in force', h.placedAt, h.placedBy, h.reason].join('\t'));
};

export const AUDIT_HANDLERS: Record<keyof typeof AUDIT_COMMANDS, Handler> = {
  'audit verify': auditVerify,
  'audit head': auditHead,
  'audit anchor': auditAnchor,
  'access list': accessList,
  'retention run': retentionRun,
  'retention periods': retentionPeriods,
  'retention set': retentionSet,
  'retention hold': retentionHold,
  'retention release': retentionRelease,
  'retention holds': retentionHolds,
};
