// A report as a table: the same columns on the Reports screen and in its CSV export. Money is split
// by currency (a column per currency the report holds) and refusals by rule (a column per rule).
import type { ReportDimension, ReportFigures, ReportKey, ReportResponse } from './protocol';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface ReportColumn {
  id: string;
  label: string;
  /** A number (counts, amounts in major units, the kept rate as a fraction) or text (the group). */
  value: (row: ReportFigures & { key: ReportKey }) => string | number | null;
  kind: 'key' | 'count' | 'money' | 'rate';
}

const COUNTS = ['attempts', 'connects', 'rightPartyContacts', 'promises', 'promisesDue', 'promisesKept'] as const;
const LAST = ['complaints', 'messagesSent', 'messagesDelivered'] as const;

/** Minor units in major units (both currencies have two decimals). */
export const major = (minor: number): number => Math.round(minor) / 100;

function keyColumns(d: ReportDimension, t: Translate): ReportColumn[] {
  switch (d) {
    case 'agent': return [{ id: 'agent', label: t('reports.dims.agent'), kind: 'key', value: (r) => r.key.agentName ?? r.key.agentId ?? '' }];
    case 'team': return [{ id: 'team', label: t('reports.dims.team'), kind: 'key', value: (r) => r.key.teamName ?? t('reports.noTeam') }];
    case 'region': return [{ id: 'region', label: t('reports.dims.region'), kind: 'key', value: (r) => (r.key.region ? t(`reports.regions.${r.key.region}`) : t('reports.noAccount')) }];
    case 'stage': return [{ id: 'stage', label: t('reports.dims.stage'), kind: 'key', value: (r) => (r.key.stage ? t(`reports.stages.${r.key.stage}`) : t('reports.noAccount')) }];
    case 'day': return [{ id: 'day', label: t('reports.dims.day'), kind: 'key', value: (r) => r.key.day ?? '' }];
  }
}

export function reportColumns(report: ReportResponse, t: Translate): ReportColumn[] {
  const currencies = (field: 'promisedMinor' | 'paidMinor' | 'planMinor') =>
    [...new Set([report.total, ...report.rows].flatMap((r) => Object.keys(r[field])))].sort();
  const money = (field: 'promisedMinor' | 'paidMinor' | 'planMinor'): ReportColumn[] => currencies(field).map((c) => ({
    id: `${field}.${c}`, label: t(`reports.columns.${field}`, { currency: c }), kind: 'money', value: (r) => major(r[field][c] ?? 0),
  }));
  const rules = Object.keys(report.total.blocksByRule).sort();
  return [
    ...report.groupBy.flatMap((d) => keyColumns(d, t)),
    ...COUNTS.map((f): ReportColumn => ({ id: f, label: t(`reports.columns.${f}`), kind: 'count', value: (r) => r[f] })),
    { id: 'keptRate', label: t('reports.columns.keptRate'), kind: 'rate', value: (r) => (r.keptRate === null ? null : Math.round(r.keptRate * 1000) / 1000) },
    ...money('promisedMinor'),
    ...money('paidMinor'),
    { id: 'plans', label: t('reports.columns.plans'), kind: 'count', value: (r) => r.plans },
    ...money('planMinor'),
    { id: 'blocks', label: t('reports.columns.blocks'), kind: 'count', value: (r) => r.blocks },
    ...rules.map((rule): ReportColumn => ({ id: `rule.${rule}`, label: t('reports.columns.blockedBy', { rule }), kind: 'count', value: (r) => r.blocksByRule[rule] ?? 0 })),
    ...LAST.map((f): ReportColumn => ({ id: f, label: t(`reports.columns.${f}`), kind: 'count', value: (r) => r[f] })),
  ];
}

/** Header and rows, then a total line (its group cells say "Total"). */
export function reportTable(report: ReportResponse, t: Translate): { columns: ReportColumn[]; header: string[]; rows: (string | number | null)[][] } {
  const columns = reportColumns(report, t);
  const rows = report.rows.map((r) => columns.map((c) => c.value(r)));
  const totalRow = { ...report.total, key: {} };
  const total = columns.map((c, i) => (c.kind === 'key' ? (i === 0 ? t('reports.total') : '') : c.value(totalRow)));
  return { columns, header: columns.map((c) => c.label), rows: [...rows, total] };
}
