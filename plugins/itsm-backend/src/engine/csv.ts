/**
 * CSV as the plugin writes it (RFC 4180): every cell quoted, quotes
 * doubled, rows ended by CRLF. A cell starting with `=`, `+`, `-` or `@`
 * gets a leading `'`, so a spreadsheet shows it as text instead of running
 * it as a formula (CSV injection). The one home of that rule: the SLA term
 * report (slas/reportCsv.ts) and the record lists (engine/recordCsv.ts).
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One CSV row, CRLF included. */
export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
