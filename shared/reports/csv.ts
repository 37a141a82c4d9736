// CSV that Excel opens with Chinese text intact (docs/reports.md): UTF-8 with a byte-order mark
// (without it Excel reads the file in the system's ANSI code page), CRLF line ends, and RFC 4180
// quoting (a field with a comma, quote, CR or LF is quoted, quotes doubled). Text that a
// spreadsheet would run as a formula (= + - @, tab, CR first) is prefixed with an apostrophe
// (OWASP "CSV injection"); numbers are written as numbers. Twenty lines, so no library.

export type CsvCell = string | number | null | undefined;

export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, then each row's cells joined by commas, every line ended by CRLF. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + rows.map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}
