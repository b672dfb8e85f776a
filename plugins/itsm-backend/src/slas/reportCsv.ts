import { csvRow } from '../engine/csv';
import { SlaReport as Report } from './SlaReports';

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
  return rows.map(csvRow).join('');
}
