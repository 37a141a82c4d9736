// The reports' SQL (docs/reports.md): every figure is aggregated by the database, on SQLite and
// PostgreSQL alike, from the pushed events (JSON bodies read with json_extract / jsonb operators),
// the payments in `history`, `complaints` and `messages`. Rows come back per group (and per currency
// or rule where a figure is split so); nothing reads event by event into memory.
//
// Days are local days in the report's zone: a small `days` table (day, start, end as instants,
// computed here with DST in mind) is joined on each fact's instant, so the same join filters the
// range and labels the day. Instants are compared as julianday() on SQLite and timestamptz on
// PostgreSQL, since device times carry their own offsets.
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Database } from '../store/schema';
import { RIGHT_PARTY_OUTCOMES, type ReportDimension } from '../../shared/reports/protocol';

/** Debt stages in order: an account's stage is its furthest debt's. */
export const STAGES = ['reminder', 'early', 'late', 'agency', 'legal'] as const;

export interface ReportDay { day: string; start: string; end: string }

export interface ReportScope {
  /** Leads: the teams they lead (the agent's team must be one); admin: null (everyone). */
  leadId: string | null;
  /** One team only. */
  teamId: string | null;
}

export interface ReportSpec {
  days: readonly ReportDay[];
  groupBy: readonly ReportDimension[];
  scope: ReportScope;
  /** The report's moment: promises due by then, payments up to then. */
  now: string;
  /** Promise deadlines: the end of (zone, due date), computed by the caller for what promiseKeys found. */
  deadlines?: readonly { zone: string; dueDate: string; deadline: string }[];
}

/** The group's key columns as read back: g0, g1 (and names for agent and team). */
export interface GroupCols { g0: unknown; g1: unknown; n0: unknown; n1: unknown }

type Row = GroupCols & Record<string, unknown>;

const EVENT_PAD_MS = 86_400_000;

export class ReportsStore {
  private readonly pg: boolean;

  constructor(private readonly db: Kysely<Database>) {
    this.pg = db.getExecutor().adapter instanceof PostgresAdapter;
  }

  // ---- dialect ---------------------------------------------------------------------------

  private inst(expr: RawBuilder<unknown>): RawBuilder<unknown> {
    return this.pg ? sql`cast(${expr} as timestamptz)` : sql`julianday(${expr})`;
  }

  /** A JSON text field of events.body (path as keys). */
  private text(body: RawBuilder<unknown>, ...path: string[]): RawBuilder<unknown> {
    return this.pg ? sql`(cast(${body} as jsonb) #>> ${sql.lit(`{${path.join(',')}}`)})` : sql`json_extract(${body}, ${sql.lit(`$.${path.join('.')}`)})`;
  }

  private int(body: RawBuilder<unknown>, ...path: string[]): RawBuilder<unknown> {
    return this.pg ? sql`cast(${this.text(body, ...path)} as bigint)` : sql`cast(${this.text(body, ...path)} as integer)`;
  }

  private least(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<unknown> {
    return this.pg ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`;
  }

  // ---- the shared frame ------------------------------------------------------------------

  private daysCte(days: readonly ReportDay[]): RawBuilder<unknown> {
    const rows = days.map((d) => sql`(${d.day}, ${d.start}, ${d.end})`);
    return sql`days (dday, dstart, dend) as (values ${sql.join(rows)})`;
  }

  /** Each account's stage as a number (1 reminder … 5 legal): its furthest debt's. */
  private stageJoin(): RawBuilder<unknown> {
    const cases = STAGES.map((s, i) => sql`when ${sql.lit(s)} then ${sql.lit(i + 1)}`);
    return sql`left join (select dt.account_id as said, max(case dt.stage ${sql.join(cases, sql` `)} end) as srank from debts dt group by dt.account_id) st on st.said = a.id`;
  }

  private dimension(d: ReportDimension): { key: RawBuilder<unknown>; name: RawBuilder<unknown> } {
    switch (d) {
      case 'agent': return { key: sql`f.uid`, name: sql`max(u.display_name)` };
      case 'team': return { key: sql`u.team_id`, name: sql`max(t.name)` };
      case 'region': return { key: sql`a.region`, name: sql`null` };
      case 'stage': return { key: sql`st.srank`, name: sql`null` };
      case 'day': return { key: sql`d.dday`, name: sql`null` };
    }
  }

  /**
   * Wraps facts (columns at, uid, aid, and the measures) in the frame: the day join, the agent,
   * their team, the account; the scope; grouped by the dimensions (and `extra` group columns).
   */
  private async grouped(spec: ReportSpec, facts: RawBuilder<unknown>, measures: RawBuilder<unknown>, extra: { select: RawBuilder<unknown>; group: RawBuilder<unknown> } | null = null, ctes: readonly RawBuilder<unknown>[] = []): Promise<Row[]> {
    const dims = spec.groupBy.map((d) => this.dimension(d));
    const [d0, d1] = [dims[0]!, dims[1]];
    const where: RawBuilder<unknown>[] = [];
    if (spec.scope.leadId !== null) where.push(sql`u.team_id in (select tl.team_id from team_leads tl where tl.user_id = ${spec.scope.leadId})`);
    if (spec.scope.teamId !== null) where.push(sql`u.team_id = ${spec.scope.teamId}`);
    const groups = [d0.key, ...(d1 ? [d1.key] : []), ...(extra ? [extra.group] : [])];
    const query = sql`with ${sql.join([this.daysCte(spec.days), ...ctes])}
      select ${d0.key} as g0, ${d0.name} as n0, ${d1 ? d1.key : sql`null`} as g1, ${d1 ? d1.name : sql`null`} as n1,
        ${extra ? sql`${extra.select},` : sql``} ${measures}
      from (${facts}) f
      join days d on ${this.inst(sql`f.at`)} >= ${this.inst(sql`d.dstart`)} and ${this.inst(sql`f.at`)} < ${this.inst(sql`d.dend`)}
      join users u on u.id = f.uid
      left join teams t on t.id = u.team_id
      left join accounts a on a.id = f.aid
      ${spec.groupBy.includes('stage') ? this.stageJoin() : sql``}
      ${where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``}
      group by ${sql.join(groups)}`;
    const result = await query.execute(this.db);
    return result.rows as Row[];
  }

  /**
   * Text bounds around the range, padded a day: device times carry offsets of at most ±14 h, so
   * an ISO text outside them cannot be an instant inside; the exact test is the day join. The
   * padding lets the text comparison use an index (events_type_time_idx).
   */
  private textBounds(spec: ReportSpec): { lo: string; hi: string } {
    const first = spec.days[0]!.start;
    const last = spec.days[spec.days.length - 1]!.end;
    return { lo: new Date(Date.parse(first) - EVENT_PAD_MS).toISOString(), hi: new Date(Date.parse(last) + EVENT_PAD_MS).toISOString() };
  }

  /** Events of these types whose device time could fall in the range. */
  private eventsIn(spec: ReportSpec, types: readonly string[]): RawBuilder<unknown> {
    const { lo, hi } = this.textBounds(spec);
    return sql`e.type in (${sql.join(types.map((t) => sql.lit(t)))}) and e.device_time >= ${lo} and e.device_time < ${hi}`;
  }

  // ---- the figures -----------------------------------------------------------------------

  /** attempts, connects (answered, not by a machine), right-party contacts, blocks: counts from events. */
  async counts(spec: ReportSpec): Promise<Row[]> {
    const b = sql`e.body`;
    const rpc = sql.join(RIGHT_PARTY_OUTCOMES.map((o) => sql.lit(o)));
    const facts = sql`select
        case when e.type = 'call.attempt' then coalesce(${this.text(b, 'startedAt')}, e.device_time) else e.device_time end as at,
        e.user_id as uid, e.account_id as aid,
        case when e.type = 'call.attempt' and ${this.text(b, 'direction')} = 'outbound' then 1 else 0 end as attempt,
        case when e.type = 'call.attempt' and ${this.text(b, 'direction')} = 'outbound' and ${this.text(b, 'result')} = 'answered'
          and coalesce(${this.text(b, 'answering', 'verdict')}, '') <> 'machine' then 1 else 0 end as connect,
        case when e.type = 'call.outcome' and ${this.text(b, 'outcome')} in (${rpc}) then 1 else 0 end as rpc,
        case when (e.type = 'compliance.decision' and ${this.text(b, 'decision')} = 'block') or e.type = 'visit.refused' then 1 else 0 end as block
      from events e where ${this.eventsIn(spec, ['call.attempt', 'call.outcome', 'compliance.decision', 'visit.refused'])}`;
    return this.grouped(spec, facts, sql`sum(f.attempt) as attempts, sum(f.connect) as connects, sum(f.rpc) as rpc, sum(f.block) as blocks`);
  }

  /** Blocking reasons per rule. */
  async blocksByRule(spec: ReportSpec): Promise<Row[]> {
    const rule = this.pg ? sql`(r.value ->> 'rule')` : sql`json_extract(r.value, '$.rule')`;
    const severity = this.pg ? sql`(r.value ->> 'severity')` : sql`json_extract(r.value, '$.severity')`;
    const each = this.pg ? sql`cross join lateral jsonb_array_elements(cast(e.body as jsonb) -> 'reasons') as r(value)` : sql`, json_each(e.body, '$.reasons') r`;
    const facts = sql`select e.device_time as at, e.user_id as uid, e.account_id as aid, ${rule} as rule
      from events e ${each}
      where ${this.eventsIn(spec, ['compliance.decision', 'visit.refused'])}
        and (e.type = 'visit.refused' or ${this.text(sql`e.body`, 'decision')} = 'block') and ${severity} = 'block'`;
    return this.grouped(spec, facts, sql`count(*) as n`, { select: sql`f.rule as rule`, group: sql`f.rule` });
  }

  /** Promises and plans with their amounts, per currency. */
  async promisesAndPlans(spec: ReportSpec): Promise<Row[]> {
    const b = sql`e.body`;
    const facts = sql`select e.device_time as at, e.user_id as uid, e.account_id as aid,
        case when ${this.text(b, 'promise')} is not null then 1 else 0 end as promise,
        coalesce(${this.int(b, 'promise', 'amountMinor')}, 0) as promised,
        case when ${this.text(b, 'plan')} is not null then 1 else 0 end as plan,
        coalesce(${this.int(b, 'plan', 'totalMinor')}, 0) as planned
      from events e where ${this.eventsIn(spec, ['call.outcome', 'visit.outcome'])}
        and (${this.text(b, 'promise')} is not null or ${this.text(b, 'plan')} is not null)`;
    return this.grouped(spec, facts,
      sql`sum(f.promise) as promises, sum(f.promised) as promised, sum(f.plan) as plans, sum(f.planned) as planned`,
      { select: sql`coalesce(a.currency, 'unknown') as currency`, group: sql`coalesce(a.currency, 'unknown')` });
  }

  /** The (zone, due date) pairs of the promises in range, so the caller can find their deadlines. */
  async promiseKeys(spec: ReportSpec): Promise<{ zone: string; dueDate: string }[]> {
    const b = sql`e.body`;
    const first = spec.days[0]!.start;
    const last = spec.days[spec.days.length - 1]!.end;
    const rows = await sql`select distinct a.time_zone as zone, ${this.text(b, 'promise', 'dueDate')} as duedate
      from events e join accounts a on a.id = e.account_id
      where ${this.eventsIn(spec, ['call.outcome', 'visit.outcome'])} and ${this.text(b, 'promise')} is not null
        and ${this.inst(sql`e.device_time`)} >= ${this.inst(sql`${first}`)} and ${this.inst(sql`e.device_time`)} < ${this.inst(sql`${last}`)}`
      .execute(this.db);
    return (rows.rows as { zone: string; duedate: string }[]).map((r) => ({ zone: r.zone, dueDate: r.duedate }));
  }

  /**
   * Per promise: payments on its account from the promise to its deadline (and not after now);
   * kept when they reach its amount, due when kept or its deadline has passed; paid counted up to
   * the amount. A promise without an account (or whose deadline is unknown) is neither.
   */
  async promiseResults(spec: ReportSpec): Promise<Row[]> {
    const deadlines = spec.deadlines ?? [];
    if (deadlines.length === 0) return [];
    const b = sql`e.body`;
    const dl = sql`dl (zone, duedate, deadline) as (values ${sql.join(deadlines.map((x) => sql`(${x.zone}, ${x.dueDate}, ${x.deadline})`))})`;
    const paid = sql`(select coalesce(sum(h.amount_minor), 0) from history h where h.account_id = e.account_id and h.kind = 'payment'
        and ${this.inst(sql`h.at`)} >= ${this.inst(sql`e.device_time`)} and ${this.inst(sql`h.at`)} < ${this.inst(sql`dl.deadline`)}
        and ${this.inst(sql`h.at`)} <= ${this.inst(sql`${spec.now}`)})`;
    const perPromise = sql`select e.device_time as at, e.user_id as uid, e.account_id as aid, ${this.int(b, 'promise', 'amountMinor')} as amount,
        ${paid} as paid, case when ${this.inst(sql`dl.deadline`)} <= ${this.inst(sql`${spec.now}`)} then 1 else 0 end as ended
      from events e join accounts pa on pa.id = e.account_id
      join dl on dl.zone = pa.time_zone and dl.duedate = ${this.text(b, 'promise', 'dueDate')}
      where ${this.eventsIn(spec, ['call.outcome', 'visit.outcome'])} and ${this.text(b, 'promise')} is not null`;
    const facts = sql`select p.at, p.uid, p.aid,
        case when p.paid >= p.amount then 1 else 0 end as kept,
        case when p.paid >= p.amount or p.ended = 1 then 1 else 0 end as due,
        ${this.least(sql`p.paid`, sql`p.amount`)} as paidcapped
      from (${perPromise}) p`;
    return this.grouped(spec, facts,
      sql`sum(f.kept) as kept, sum(f.due) as due, sum(f.paidcapped) as paid`,
      { select: sql`coalesce(a.currency, 'unknown') as currency`, group: sql`coalesce(a.currency, 'unknown')` }, [dl]);
  }

  /** Complaints taken, by who recorded them, on the day they were raised. */
  async complaints(spec: ReportSpec): Promise<Row[]> {
    const { lo, hi } = this.textBounds(spec);
    const facts = sql`select c.raised_at as at, c.raised_by as uid, c.account_id as aid from complaints c where c.raised_at >= ${lo} and c.raised_at < ${hi}`;
    return this.grouped(spec, facts, sql`count(*) as n`);
  }

  /** Messages asked for by the agent, sent (submitted to SMPP/SMTP) and delivered. */
  async messages(spec: ReportSpec): Promise<Row[]> {
    const { lo, hi } = this.textBounds(spec);
    const facts = sql`select m.created_at as at, m.user_id as uid, m.account_id as aid,
        case when exists (select 1 from message_events me where me.message_id = m.id and me.kind = 'submitted') then 1 else 0 end as sent,
        case when exists (select 1 from message_events me where me.message_id = m.id and me.kind = 'delivered') then 1 else 0 end as delivered
      from messages m where m.created_at >= ${lo} and m.created_at < ${hi}`;
    return this.grouped(spec, facts, sql`sum(f.sent) as sent, sum(f.delivered) as delivered`);
  }
}
