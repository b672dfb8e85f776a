import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { chunks, Db, DOCUMENTS } from './rows';
import { StoredRecord } from './types';

/*
 * Large derived fields of record data, stored apart (see
 * migrations/20261202170000_record_documents.js): written with the record,
 * added back on single-record reads, left out of lists.
 */

/** The fields of `data` kept apart, per record type (the migration moved these). */
export const DETACHED_FIELDS: Partial<
  Record<ItsmRecordType, readonly string[]>
> = {
  changes: ['assessment'],
};

/** The data as `itsm_records.data` keeps it: without the detached fields. */
export function storedData(
  type: ItsmRecordType,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const fields = DETACHED_FIELDS[type];
  if (!fields) return data;
  const kept = { ...data };
  for (const field of fields) delete kept[field];
  return kept;
}

/**
 * Writes the detached fields of the data (and removes those it no longer
 * has); a field whose value did not change is not written again.
 */
export async function writeDocuments(
  db: Db,
  record: { id: string; type: ItsmRecordType; data: Record<string, unknown> },
): Promise<void> {
  const fields = DETACHED_FIELDS[record.type];
  if (!fields) return;
  const stored: Array<{ field: string; body: string }> = await db(DOCUMENTS)
    .select('field', 'body')
    .where('record_id', record.id)
    .whereIn('field', [...fields]);
  const before = new Map(stored.map(d => [d.field, d.body]));
  for (const field of fields) {
    const value = record.data[field];
    const body = value === undefined ? undefined : JSON.stringify(value);
    if (body === before.get(field)) continue;
    const where = { record_id: record.id, field };
    if (body === undefined) {
      await db(DOCUMENTS).where(where).delete();
    } else if (before.has(field)) {
      await db(DOCUMENTS).where(where).update({ body });
    } else {
      await db(DOCUMENTS).insert({ ...where, body });
    }
  }
}

/** Adds the detached fields back to the records' data (in place). */
export async function attachDocuments<
  T extends Pick<StoredRecord, 'id' | 'type' | 'data'>,
>(db: Db, records: T[]): Promise<T[]> {
  const ids = records.filter(r => DETACHED_FIELDS[r.type]).map(r => r.id);
  if (ids.length === 0) return records;
  const byId = new Map(records.map(r => [r.id, r]));
  for (const chunk of chunks(ids)) {
    // Sequential: inside a transaction there is one connection.
    const rows: Array<{ record_id: string; field: string; body: string }> =
      await db(DOCUMENTS)
        .select('record_id', 'field', 'body')
        .whereIn('record_id', chunk);
    for (const row of rows) {
      const record = byId.get(row.record_id);
      if (record) record.data[row.field] = JSON.parse(row.body);
    }
  }
  return records;
}
