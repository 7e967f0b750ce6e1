import type { Table } from './document';

/** One CSV field per RFC 4180 (quoted when it holds a comma, quote, CR or LF); text starting with = + - @ tab or CR gets a leading ' so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Renders the table as RFC 4180 CSV: a header row, CRLF line breaks, a final CRLF. */
export function renderCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((r) => table.columns.map((c) => csvField(r[c.key])))];
  return lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}
