// The stage ladder's tables (migration 0021, docs/ladder.md): policies as imported, the stage each
// account is in, its moves and the treatments of each day. Part of the ServerStore through
// kysely-store.ts (`ladder`); the same queries run on SQLite and PostgreSQL. A move changes the
// account (its debts' stage label and a history entry), so it takes the version lock and bumps the
// account like any other change: consoles get it at their next pull.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Region, Stage } from '../../shared/domain/portfolio';
import type { LadderPolicy } from '../../shared/ladder/policy';
import type { PlannedMove } from '../../shared/ladder/plan';
import type { ActionKind, ActionStatus, LadderActionRecord, StageMove } from '../../shared/ladder/protocol';
import { AgencyStore } from './agency-store';
import { bumpAccount, changeAccounts, chunks } from './kysely-helpers';
import type { Database } from './schema';

interface LadderPoliciesTable { id: string; version: number; region: string; title: string; body: string; importedAt: string; importedBy: string }
interface LadderStatesTable { accountId: string; stageId: string; label: string; enteredAt: string; policy: string }
interface LadderMovesTable { id: string; accountId: string; onDate: string; at: string; fromStage: string | null; toStage: string; label: string; rule: string; policy: string }
interface LadderActionsTable { id: string; accountId: string; onDate: string; rule: string; kind: string; status: string; detail: string; at: string }

export interface LadderTables {
  ladderPolicies: LadderPoliciesTable;
  ladderStates: LadderStatesTable;
  ladderMoves: LadderMovesTable;
  ladderActions: LadderActionsTable;
}

type Db = Kysely<Database & LadderTables>;

/** An account as the ladder reads it: enough to plan its day without loading the whole bundle. */
export interface LadderAccount {
  id: string; ref: string; debtorName: string; region: Region; timeZone: string; teamId: string | null; assignedTo: string | null;
  debts: { dueDate: string; balanceMinor: number }[];
  stageId: string | null;
}

/** The last finished pass, kept as a named value in `counters` (a bigint), so no table of its own is needed. */
const LAST_PASS = 'ladder.last_pass_ms';

/** What the history entry of a move says; the account view reads it back (renderer/ladder/StageHistory.tsx). */
export const STAGE_HISTORY_ACTOR = 'ladder';
export const STAGE_HISTORY_RESULT = 'ladder_stage';
export function stageHistoryNote(move: Pick<PlannedMove, 'from' | 'to' | 'rule'>): string {
  return `${move.from ?? '—'} → ${move.to} · ${move.rule}`;
}

export class LadderStore {
  private readonly db: Db;
  /** Outside agencies and placements with them (agency-store.ts). */
  readonly agencies: AgencyStore;

  constructor(private readonly base: Kysely<Database>) {
    this.db = base as unknown as Db;
    this.agencies = new AgencyStore(base);
  }

  // Policies ------------------------------------------------------------------------------------

  /** Stores validated policies; a version not newer than the stored one of the same id is skipped. */
  async addPolicies(policies: readonly LadderPolicy[], by: string, at: string): Promise<{ added: string[]; skipped: string[] }> {
    const added: string[] = [];
    const skipped: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const p of policies) {
        const newest = await trx.selectFrom('ladderPolicies').select((eb) => eb.fn.max('version').as('v')).where('id', '=', p.id).executeTakeFirst();
        if (newest?.v != null && Number(newest.v) >= p.version) {
          skipped.push(`${p.id}@${p.version}`);
          continue;
        }
        await trx.insertInto('ladderPolicies').values({ id: p.id, version: p.version, region: p.region, title: p.title, body: JSON.stringify(p), importedAt: at, importedBy: by }).execute();
        added.push(`${p.id}@${p.version}`);
      }
    });
    return { added, skipped };
  }

  /** The policy in force per region: the newest import of that region (null: none imported). */
  async policiesInForce(): Promise<Partial<Record<Region, LadderPolicy>>> {
    const rows = await this.db.selectFrom('ladderPolicies').select(['region', 'body']).orderBy('importedAt', 'desc').orderBy('version', 'desc').execute();
    const out: Partial<Record<Region, LadderPolicy>> = {};
    for (const r of rows) out[r.region as Region] ??= JSON.parse(r.body) as LadderPolicy;
    return out;
  }

  // Accounts ------------------------------------------------------------------------------------

  /** Accounts with something owed, with their debts and ladder stage; `teamIds` narrows to those teams. */
  async accounts(teamIds?: readonly string[]): Promise<LadderAccount[]> {
    if (teamIds && teamIds.length === 0) return [];
    let q = this.db.selectFrom('accounts').select(['id', 'ref', 'debtorName', 'region', 'timeZone', 'teamId', 'assignedTo'])
      .where((eb) => eb.exists(eb.selectFrom('debts').select('debts.id').whereRef('debts.accountId', '=', 'accounts.id').where('debts.balanceMinor', '>', 0)));
    if (teamIds) q = q.where('teamId', 'in', [...teamIds]);
    const accounts = await q.orderBy('ref').execute();
    const byId = new Map<string, LadderAccount>(accounts.map((a) => [a.id, { ...a, region: a.region as Region, debts: [], stageId: null }]));
    for (const part of chunks([...byId.keys()])) {
      for (const d of await this.db.selectFrom('debts').select(['accountId', 'dueDate', 'balanceMinor']).where('accountId', 'in', part).execute())
        byId.get(d.accountId)!.debts.push({ dueDate: d.dueDate, balanceMinor: Number(d.balanceMinor) });
      for (const s of await this.db.selectFrom('ladderStates').select(['accountId', 'stageId']).where('accountId', 'in', part).execute())
        byId.get(s.accountId)!.stageId = s.stageId;
    }
    return [...byId.values()];
  }

  async stageOf(accountId: string): Promise<string | null> {
    return (await this.db.selectFrom('ladderStates').select('stageId').where('accountId', '=', accountId).executeTakeFirst())?.stageId ?? null;
  }

  /**
   * Moves the account to the planned stage, once: under the version lock the stage is read again,
   * and a move another run already made is not made twice (null). The open debts take the stage's
   * label, the history gets an entry the agent sees, and the account is bumped.
   */
  async move(accountId: string, move: PlannedMove, policy: string, date: string, at: string): Promise<StageMove | null> {
    return changeAccounts(this.base, async (base) => {
      const trx = base as unknown as Db;
      const now = await trx.selectFrom('ladderStates').select('stageId').where('accountId', '=', accountId).executeTakeFirst();
      if ((now?.stageId ?? null) === move.to) return null;
      const row = { id: uuidv7(), accountId, onDate: date, at, fromStage: now?.stageId ?? null, toStage: move.to, label: move.label, rule: move.rule, policy };
      await trx.insertInto('ladderMoves').values(row).execute();
      await trx.insertInto('ladderStates').values({ accountId, stageId: move.to, label: move.label, enteredAt: at, policy })
        .onConflict((oc) => oc.column('accountId').doUpdateSet({ stageId: move.to, label: move.label, enteredAt: at, policy })).execute();
      await trx.updateTable('debts').set({ stage: move.label as Stage }).where('accountId', '=', accountId).where('balanceMinor', '>', 0).execute();
      await trx.insertInto('history').values({
        id: row.id, accountId, at, kind: 'note', actor: STAGE_HISTORY_ACTOR, result: STAGE_HISTORY_RESULT, amountMinor: null, dueDate: null,
        note: stageHistoryNote({ ...move, from: row.fromStage }),
      }).execute();
      await bumpAccount(base, accountId, at);
      return { id: row.id, at, date, from: row.fromStage, to: row.toStage, label: move.label, rule: move.rule, policy };
    });
  }

  async moves(accountId: string): Promise<StageMove[]> {
    const rows = await this.db.selectFrom('ladderMoves').selectAll().where('accountId', '=', accountId).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, at: r.at, date: r.onDate, from: r.fromStage, to: r.toStage, label: r.label as Stage, rule: r.rule, policy: r.policy }));
  }

  // Treatments ------------------------------------------------------------------------------------

  /** Claims a treatment of the account for the day: its id, or null when a run already claimed it. */
  async claim(accountId: string, date: string, rule: string, kind: ActionKind, at: string): Promise<string | null> {
    const id = uuidv7();
    const r = await this.db.insertInto('ladderActions').values({ id, accountId, onDate: date, rule, kind, status: 'pending', detail: '{}', at })
      .onConflict((oc) => oc.columns(['accountId', 'onDate', 'rule']).doNothing()).returning('id').executeTakeFirst();
    return r?.id ?? null;
  }

  async finish(id: string, status: Exclude<ActionStatus, 'pending'>, detail: Record<string, unknown>, at: string): Promise<void> {
    await this.db.updateTable('ladderActions').set({ status, detail: JSON.stringify(detail), at }).where('id', '=', id).execute();
  }

  async actions(accountId: string): Promise<LadderActionRecord[]> {
    const rows = await this.db.selectFrom('ladderActions').selectAll().where('accountId', '=', accountId).orderBy('onDate').orderBy('at').execute();
    return rows.map((r) => ({ id: r.id, accountId: r.accountId, date: r.onDate, rule: r.rule, kind: r.kind as ActionKind, status: r.status as ActionStatus, detail: JSON.parse(r.detail) as Record<string, unknown>, at: r.at }));
  }

  /** The rules already claimed for accounts on a day (the preview leaves them out). */
  async claimedOn(date: string, accountIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...accountIds])) {
      for (const r of await this.db.selectFrom('ladderActions').select(['accountId', 'rule']).where('onDate', '=', date).where('accountId', 'in', part).execute())
        out.add(`${r.accountId}/${r.rule}`);
    }
    return out;
  }

  // Passes --------------------------------------------------------------------------------------

  /** When the last pass that finished had started (ms), or null before the first: where the next one catches up from. */
  async lastPass(): Promise<number | null> {
    const row = await this.db.selectFrom('counters').select('value').where('name', '=', LAST_PASS).executeTakeFirst();
    return row ? Number(row.value) : null;
  }

  /** Records a finished pass by its start. The latest pass wins, not the highest time: a training clock set back is believed. */
  async passed(startedAtMs: number): Promise<void> {
    await this.db.insertInto('counters').values({ name: LAST_PASS, value: startedAtMs })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: startedAtMs })).execute();
  }

  // Teams and people ------------------------------------------------------------------------------

  /** The teams a lead leads (admin: every team). */
  async teamsOf(viewer: { id: string; role: string }): Promise<{ id: string; name: string }[]> {
    if (viewer.role === 'admin') return this.db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
    return this.db.selectFrom('teams').innerJoin('teamLeads', 'teamLeads.teamId', 'teams.id').select(['teams.id', 'teams.name'])
      .where('teamLeads.userId', '=', viewer.id).orderBy('teams.name').execute();
  }

  /** The team's enabled collector with the fewest accounts (then by name): who a call goes to. */
  async leastLoadedCollector(teamId: string): Promise<string | null> {
    const row = await this.db.selectFrom('users')
      .leftJoin('accounts', 'accounts.assignedTo', 'users.id')
      .select(['users.id', 'users.username', (eb) => eb.fn.count('accounts.id').as('n')])
      .where('users.teamId', '=', teamId).where('users.role', '=', 'collector').where('users.disabledAt', 'is', null)
      .groupBy(['users.id', 'users.username']).orderBy('n').orderBy('users.username').executeTakeFirst();
    return row?.id ?? null;
  }

  /** The team's first enabled field agent (by name). */
  async fieldAgent(teamId: string): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('id').where('teamId', '=', teamId).where('role', '=', 'field_agent')
      .where('disabledAt', 'is', null).orderBy('username').executeTakeFirst();
    return row?.id ?? null;
  }

  async teamByName(name: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
  }
}
