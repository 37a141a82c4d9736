// The Reports CSV opens in Excel with Chinese text intact: a UTF-8 byte-order mark, CRLF line ends,
// RFC 4180 quoting; Chinese names, commas, quotes and line breaks come back unchanged through a
// strict RFC 4180 reader written here; formula-like text is defused; the report's table in both
// languages gives the same rows.
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, toCsv } from '../../shared/reports/csv';
import { reportTable } from '../../shared/reports/table';
import { type ReportResponse, emptyReportFigures } from '../../shared/reports/protocol';
import { catalogues } from '../../shared/i18n';

/** RFC 4180, strictly: fields quoted or not, "" inside quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (ch === '\r' || ch === '\n' || ch === '"') throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    field += ch; i++;
  }
  if (field !== '' || row.length > 0) throw new Error('last record not ended by CRLF');
  return rows;
}

const nasty = ['李娜', '王强 (Wang Qiang)', '张, 伟', 'say "hi"', '“引号”，逗号', 'two\r\nlines', 'a\nb', '', '  padded  ', 'Ünïcödé 😀'];

describe('reports CSV', () => {
  it('starts with a BOM, ends every line with CRLF, and round-trips Chinese names, commas, quotes and line breaks', () => {
    const rows = [['name', 'value'], ...nasty.map((n, i) => [n, i])];
    const csv = toCsv(rows);
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Every LF is part of a CRLF outside quoted fields' own text.
    const body = csv.slice(1);
    const parsed = parseCsv(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes));
    expect(parsed).toEqual(rows.map((r) => r.map(String)));
    expect(parseCsv(body)).toEqual(parsed);
    expect(csvCell('张, 伟')).toBe('"张, 伟"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('李娜')).toBe('李娜');
  });

  it('defuses text a spreadsheet would run as a formula, and writes numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('exports a report table in zh-CN and en: same rows, translated headers, money in major units, a total line', () => {
    const row = (name: string, attempts: number) => ({
      ...emptyReportFigures(), attempts, promises: 2, promisesDue: 2, promisesKept: 1, keptRate: 0.5,
      promisedMinor: { CNY: 123_456 }, paidMinor: { CNY: 50_000 }, blocks: 1, blocksByRule: { 'cn.quiet_hours': 1 },
      key: { agentId: name, agentName: name, day: '2026-03-08' },
    });
    const report: ReportResponse = {
      from: '2026-03-08', to: '2026-03-08', tz: 'Asia/Shanghai', groupBy: ['agent', 'day'], teamId: null, generatedAt: '2026-03-09T00:00:00.000Z', teams: [],
      rows: [row('李娜', 3), row('张, "伟"', 4)],
      total: { ...emptyReportFigures(), attempts: 7, promises: 4, promisesDue: 4, promisesKept: 2, keptRate: 0.5, promisedMinor: { CNY: 246_912 }, paidMinor: { CNY: 100_000 }, blocks: 2, blocksByRule: { 'cn.quiet_hours': 2 } },
    };
    const tables = (['en', 'zh-CN'] as const).map((lang) => {
      const t = (key: string, params: Record<string, string | number> = {}) => {
        let v: unknown = catalogues[lang];
        for (const part of key.split('.')) v = (v as Record<string, unknown>)[part];
        if (typeof v !== 'string') throw new Error(`missing ${key}`);
        return v.replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(params[p]));
      };
      const table = reportTable(report, t);
      return { table, parsed: parseCsv(toCsv([table.header, ...table.rows]).slice(1)) };
    });
    const [en, zh] = tables as [(typeof tables)[0], (typeof tables)[0]];
    expect(en.parsed[0]!.slice(0, 3)).toEqual(['Agent', 'Day', 'Attempts']);
    expect(zh.parsed[0]!.slice(0, 3)).toEqual(['坐席', '日期', '外呼次数']);
    expect(zh.parsed[0]).toContain('承诺金额（CNY）');
    expect(zh.parsed[0]).toContain('拦截：cn.quiet_hours');
    expect(zh.parsed.slice(1)).toEqual(en.parsed.slice(1).map((r, i) => (i === 2 ? ['合计', ...r.slice(1)] : r)));
    expect(en.parsed[1]!.slice(0, 3)).toEqual(['李娜', '2026-03-08', '3']);
    expect(en.parsed[2]![0]).toBe('张, "伟"');
    const promised = en.parsed[0]!.indexOf('Promised (CNY)');
    expect(en.parsed[1]![promised]).toBe('1234.56');
    expect(en.parsed[3]![0]).toBe('Total');
    expect(en.parsed[3]![en.parsed[0]!.indexOf('Kept rate')]).toBe('0.5');
  });
});
