import { SlaReport as Report } from './SlaReports';

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote every cell; neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The SLA term report as CSV: one row per target and entity, then each violation. */
export function reportCsv(report: Report): string {
  const rows: unknown[][] = [
    [
      'sla',
      'term',
      'section',
      'target',
      'entityRef',
      'expected',
      'actual',
      'met',
      'incidents',
    ],
  ];
  const head = [report.sla.key, report.term.label];
  for (const e of report.entities) {
    rows.push([
      ...head,
      'actual',
      'availability %',
      e.entityRef,
      e.target,
      e.availability,
      e.met,
      e.incidents.join(' '),
    ]);
  }
  rows.push([
    ...head,
    'actual',
    'outages',
    '',
    report.outages.max ?? '',
    report.outages.actual,
    report.outages.max === null
      ? ''
      : report.outages.actual <= report.outages.max,
    '',
  ]);
  rows.push([
    ...head,
    'actual',
    'response and resolution %',
    '',
    100,
    report.incidents.compliancePercent ?? '',
    report.incidents.compliancePercent === null
      ? ''
      : report.incidents.compliancePercent === 100,
    '',
  ]);
  for (const v of report.violations) {
    rows.push([
      ...head,
      'violation',
      v.target,
      v.entityRef ?? '',
      v.expected,
      v.actual,
      false,
      v.incidents.join(' '),
    ]);
  }
  return `${rows.map(r => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
