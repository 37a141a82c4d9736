// Reports for team leads and administrators (docs/reports.md): a day range and one or two
// groupings, simple SVG charts, the table, and a CSV export that Excel opens with Chinese intact
// (shared/reports/csv.ts). The figures are the central server's (GET /api/reports).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReportDimension, REPORT_DIMENSIONS, type ReportResponse } from '../../shared/reports/protocol';
import { toCsv } from '../../shared/reports/csv';
import { type ReportColumn, type Translate, reportTable } from '../../shared/reports/table';
import { useApi } from '../api/ApiContext';
import { errorText } from '../app/error-text';
import { useFormat } from '../app/format';
import { useLoad } from '../app/use-load';
import { BarChart, type ChartGroup } from './BarChart';
import './reports.css';

const DAY_MS = 86_400_000;

/** A local calendar date (YYYY-MM-DD) in this console's zone. */
function localDate(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function ReportsView() {
  const { t, i18n } = useTranslation();
  const tr = t as unknown as Translate;
  const api = useApi();
  const format = useFormat();
  const tz = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const [to, setTo] = useState(() => localDate(Date.now(), tz));
  const [from, setFrom] = useState(() => localDate(Date.now() - 6 * DAY_MS, tz));
  const [first, setFirst] = useState<ReportDimension>('agent');
  const [second, setSecond] = useState<ReportDimension | ''>('');
  const [teamId, setTeamId] = useState('');
  const [teams, setTeams] = useState<ReportResponse['teams']>([]);
  const [exported, setExported] = useState<string | null>(null);
  const span = from && to ? daysBetween(from, to) : 0;
  const rangeError = span < 1 ? t('reports.error.range') : span > 366 ? t('reports.error.tooLong') : null;
  const groupBy: ReportDimension[] = second && second !== first ? [first, second] : [first];
  const [state] = useLoad<ReportResponse | null>(
    () => (rangeError ? Promise.resolve(null) : api.invoke('reports.get', { from, to, tz, groupBy, ...(teamId ? { teamId } : {}) }).then((r) => {
      setTeams(r.teams);
      return r;
    })),
    [api, from, to, tz, groupBy.join(','), teamId, rangeError],
    { keepWhileReloading: true },
  );
  const report = state.status === 'ready' ? state.value : null;
  const table = useMemo(() => (report ? reportTable(report, tr) : null), [report, tr, i18n.language]);

  const exportCsv = () => {
    if (!report || !table) return;
    const blob = new Blob([toCsv([table.header, ...table.rows])], { type: 'text/csv;charset=utf-8' });
    const file = `fairline-report-${report.groupBy.join('-')}-${report.from}-${report.to}.csv`;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = file;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExported(file);
  };

  return (
    <div className="reports-view" data-testid="reports-view">
      <div className="reports-head">
        <h1>{t('reports.title')}</h1>
        <p className="muted">{t('reports.intro')}</p>
      </div>
      <form className="reports-controls" onSubmit={(e) => e.preventDefault()}>
        <label>{t('reports.from')} <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} data-testid="reports-from" /></label>
        <label>{t('reports.to')} <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="reports-to" /></label>
        <label>{t('reports.groupBy')}{' '}
          <select value={first} onChange={(e) => setFirst(e.target.value as ReportDimension)} data-testid="reports-group">
            {REPORT_DIMENSIONS.map((d) => <option key={d} value={d}>{t(`reports.dims.${d}`)}</option>)}
          </select>
        </label>
        <label>{t('reports.then')}{' '}
          <select value={second} onChange={(e) => setSecond(e.target.value as ReportDimension | '')} data-testid="reports-then">
            <option value="">{t('reports.none')}</option>
            {REPORT_DIMENSIONS.filter((d) => d !== first).map((d) => <option key={d} value={d}>{t(`reports.dims.${d}`)}</option>)}
          </select>
        </label>
        {teams.length > 1 && (
          <label>{t('reports.team')}{' '}
            <select value={teamId} onChange={(e) => setTeamId(e.target.value)} data-testid="reports-team">
              <option value="">{t('reports.allTeams')}</option>
              {teams.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
            </select>
          </label>
        )}
        <button type="button" className="button button-primary" onClick={exportCsv} disabled={!report || report.rows.length === 0} data-testid="reports-export">{t('reports.export')}</button>
        {state.status === 'loading' && <span className="muted">{t('reports.loading')}</span>}
      </form>
      {rangeError && <p className="notice notice-error" role="alert">{rangeError}</p>}
      {state.status === 'failed' && <p className="notice notice-error" role="alert">{errorText(t, state.error)}</p>}
      {exported && <p className="notice" role="status" data-testid="reports-exported">{t('reports.exported', { file: exported })}</p>}
      {report && (
        <>
          <p className="muted reports-generated">{t('reports.generated', { tz: report.tz, time: format.dateTime(report.generatedAt) })}</p>
          {report.rows.length === 0 ? <p className="muted" data-testid="reports-empty">{t('reports.empty')}</p> : (
            <>
              <Charts report={report} table={table!} />
              <ReportTable columns={table!.columns} header={table!.header} rows={table!.rows} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function Charts({ report, table }: { report: ReportResponse; table: NonNullable<ReturnType<typeof reportTable>> }) {
  const { t } = useTranslation();
  // Charts follow the first grouping (the second is summed into it).
  const byFirst = new Map<string, { label: string; attempts: number; rpc: number; promises: number; due: number; kept: number }>();
  const label = table.columns[0]!;
  report.rows.forEach((row) => {
    const name = String(label.value(row) ?? '');
    const g = byFirst.get(name) ?? { label: name, attempts: 0, rpc: 0, promises: 0, due: 0, kept: 0 };
    g.attempts += row.attempts;
    g.rpc += row.rightPartyContacts;
    g.promises += row.promises;
    g.due += row.promisesDue;
    g.kept += row.promisesKept;
    byFirst.set(name, g);
  });
  const groups = [...byFirst.values()];
  const calls: ChartGroup[] = groups.map((g) => ({ label: g.label, values: [g.attempts, g.rpc] }));
  const promises: ChartGroup[] = groups.map((g) => ({ label: g.label, values: [g.promises, g.due, g.kept] }));
  const rules: ChartGroup[] = Object.entries(report.total.blocksByRule).sort((a, b) => b[1] - a[1]).map(([rule, n]) => ({ label: rule, values: [n] }));
  return (
    <section className="reports-charts" aria-label={t('reports.charts.title')}>
      <BarChart title={t('reports.charts.attempts')} groups={calls} series={[t('reports.charts.legendAttempts'), t('reports.charts.legendRpc')]} testId="chart-calls" />
      <BarChart title={t('reports.charts.promises')} groups={promises} series={[t('reports.charts.legendPromises'), t('reports.charts.legendDue'), t('reports.charts.legendKept')]} testId="chart-promises" />
      {rules.length > 0
        ? <BarChart title={t('reports.charts.blocks')} groups={rules} series={[t('reports.columns.blocks')]} testId="chart-blocks" />
        : <figure className="bar-chart"><figcaption>{t('reports.charts.blocks')}</figcaption><p className="muted">{t('reports.charts.noBlocks')}</p></figure>}
    </section>
  );
}

function ReportTable({ columns, header, rows }: { columns: ReportColumn[]; header: string[]; rows: (string | number | null)[][] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cell = (c: ReportColumn, v: string | number | null) => {
    if (v === null) return '—';
    if (typeof v === 'string') return v;
    if (c.kind === 'rate') return t('reports.keptRateValue', { rate: format.number(Math.round(v * 1000) / 10) });
    if (c.kind === 'money') return format.number(v);
    return format.number(v);
  };
  return (
    <div className="reports-table-wrap">
      <table className="reports-table" data-testid="reports-table">
        <thead>
          <tr>{header.map((h, i) => <th key={columns[i]!.id} scope="col" className={columns[i]!.kind === 'key' ? '' : 'num'}>{h}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={ri} className={ri === rows.length - 1 ? 'reports-total' : undefined} data-testid={ri === rows.length - 1 ? 'reports-total' : 'reports-row'}>
              {r.map((v, i) => (i === 0 && columns[i]!.kind === 'key'
                ? <th key={columns[i]!.id} scope="row">{cell(columns[i]!, v)}</th>
                : <td key={columns[i]!.id} className={columns[i]!.kind === 'key' ? '' : 'num'}>{cell(columns[i]!, v)}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
