// Reports (docs/reports.md): who may ask for which report, the report's days in its zone, and the
// rows the database aggregated (store.ts) merged into one row per group.
import { ApiError } from '../../shared/api/errors';
import { dayToIsoDate, isoDateToDay, isoUtc, startOfLocalDay } from '../../shared/compliance/time';
import type { User } from '../../shared/domain/users';
import {
  type ReportDimension, type ReportFigures, type ReportKey, ReportQuery, type ReportResponse, type ReportRow,
  addReportFigures, emptyReportFigures, keptRate,
} from '../../shared/reports/protocol';
import { promiseDeadline } from '../../shared/wrapup/promise';
import type { ServerStore } from '../store/store';
import { type GroupCols, type ReportDay, type ReportSpec, type ReportsStore, STAGES } from './store';

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export class ReportsService {
  constructor(private readonly store: ServerStore, private readonly reports: ReportsStore, private readonly now: () => Date) {}

  async report(user: User, input: ReportQuery): Promise<ReportResponse> {
    const q = ReportQuery.parse(input);
    if (user.role !== 'team_lead' && user.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only team leads and administrators see reports');
    const teamId = q.teamId ?? null;
    const { teams } = await this.store.boardRoster({ id: user.id, role: user.role });
    if (user.role === 'team_lead' && teamId !== null && !teams.some((t) => t.id === teamId)) {
      throw new ApiError('FORBIDDEN', `Team ${teamId} is not one you lead`);
    }
    const first = isoDateToDay(q.from);
    const last = isoDateToDay(q.to);
    const days: ReportDay[] = [];
    for (let d = first; d <= last; d++) {
      days.push({ day: dayToIsoDate(d), start: isoUtc(startOfLocalDay(d, q.tz)), end: isoUtc(startOfLocalDay(d + 1, q.tz)) });
    }
    const now = this.now();
    const spec: ReportSpec = {
      days, groupBy: q.groupBy, now: now.toISOString(),
      scope: { leadId: user.role === 'admin' ? null : user.id, teamId },
    };
    const keys = await this.reports.promiseKeys(spec);
    spec.deadlines = keys.flatMap((k) => {
      try {
        return [{ ...k, deadline: isoUtc(promiseDeadline(k.dueDate, k.zone)) }];
      } catch {
        return []; // a zone or date the console would not have accepted: counted as neither due nor kept
      }
    });
    const rows = new Map<string, ReportRow>();
    const at = (g: GroupCols): ReportFigures => {
      const id = JSON.stringify([str(g.g0), str(g.g1)]);
      let row = rows.get(id);
      if (!row) {
        row = { key: keyOf(q.groupBy, g), ...emptyReportFigures() };
        rows.set(id, row);
      }
      return row;
    };
    for (const r of await this.reports.counts(spec)) {
      const f = at(r);
      f.attempts += num(r.attempts);
      f.connects += num(r.connects);
      f.rightPartyContacts += num(r.rpc);
      f.blocks += num(r.blocks);
    }
    for (const r of await this.reports.blocksByRule(spec)) {
      const f = at(r);
      const rule = str(r.rule) ?? 'unknown';
      f.blocksByRule[rule] = (f.blocksByRule[rule] ?? 0) + num(r.n);
    }
    for (const r of await this.reports.promisesAndPlans(spec)) {
      const f = at(r);
      const currency = str(r.currency) ?? 'unknown';
      f.promises += num(r.promises);
      f.plans += num(r.plans);
      if (num(r.promises) > 0) f.promisedMinor[currency] = (f.promisedMinor[currency] ?? 0) + num(r.promised);
      if (num(r.plans) > 0) f.planMinor[currency] = (f.planMinor[currency] ?? 0) + num(r.planned);
    }
    for (const r of await this.reports.promiseResults(spec)) {
      const f = at(r);
      const currency = str(r.currency) ?? 'unknown';
      f.promisesKept += num(r.kept);
      f.promisesDue += num(r.due);
      f.paidMinor[currency] = (f.paidMinor[currency] ?? 0) + num(r.paid);
    }
    for (const r of await this.reports.complaints(spec)) at(r).complaints += num(r.n);
    for (const r of await this.reports.messages(spec)) {
      const f = at(r);
      f.messagesSent += num(r.sent);
      f.messagesDelivered += num(r.delivered);
    }
    const list = [...rows.values()].map((r) => ({ ...r, keptRate: keptRate(r) }));
    list.sort((a, b) => compareKeys(q.groupBy, a.key, b.key));
    const total = list.reduce((t, r) => addReportFigures(t, r), emptyReportFigures());
    return { from: q.from, to: q.to, tz: q.tz, groupBy: q.groupBy, teamId, generatedAt: now.toISOString(), rows: list, total, teams: teams.map((t) => ({ id: t.id, name: t.name })) };
  }
}

function keyOf(groupBy: readonly ReportDimension[], g: GroupCols): ReportKey {
  const key: ReportKey = {};
  groupBy.forEach((d, i) => {
    const value = str(i === 0 ? g.g0 : g.g1);
    const name = str(i === 0 ? g.n0 : g.n1);
    switch (d) {
      case 'agent': key.agentId = value; key.agentName = name; break;
      case 'team': key.teamId = value; key.teamName = name; break;
      case 'region': key.region = value; break;
      case 'stage': key.stage = value === null ? null : STAGES[Number(value) - 1] ?? null; break;
      case 'day': key.day = value ?? undefined; break;
    }
  });
  return key;
}

function sortText(d: ReportDimension, k: ReportKey): string {
  switch (d) {
    case 'agent': return `${k.agentName ?? '\uffff'}\u0000${k.agentId ?? ''}`;
    case 'team': return `${k.teamName ?? '\uffff'}\u0000${k.teamId ?? ''}`;
    case 'region': return k.region ?? '\uffff';
    case 'stage': return k.stage ? String(STAGES.indexOf(k.stage as (typeof STAGES)[number])) : '9';
    case 'day': return k.day ?? '';
  }
}

function compareKeys(groupBy: readonly ReportDimension[], a: ReportKey, b: ReportKey): number {
  for (const d of groupBy) {
    const x = sortText(d, a);
    const y = sortText(d, b);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
