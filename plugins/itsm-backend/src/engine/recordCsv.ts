import { ItsmRecord } from '@backstage-itsm/plugin-itsm-common';
import { csvRow } from './csv';

/** The columns of a record list as CSV (`GET /{type}?format=csv`). */
export const RECORD_CSV_HEADER = [
  'key',
  'title',
  'state',
  'priority',
  'entities',
  'assigned group',
  'assignee',
  'created',
  'updated',
] as const;

/** One record as a CSV row of RECORD_CSV_HEADER; several entities are separated by spaces. */
export function recordCsvRow(record: ItsmRecord): string {
  const priority = (record as { priority?: string | null }).priority;
  return csvRow([
    record.key,
    record.title,
    record.state,
    priority ?? '',
    record.entityRefs.join(' '),
    record.assignedGroup ?? '',
    record.assignee ?? '',
    record.createdAt,
    record.updatedAt,
  ]);
}

/** The header row of a record list as CSV. */
export function recordCsvHeader(): string {
  return csvRow(RECORD_CSV_HEADER);
}

/** Records as CSV rows, CRLF after each. */
export function recordCsvRows(records: readonly ItsmRecord[]): string {
  return records.map(recordCsvRow).join('');
}
