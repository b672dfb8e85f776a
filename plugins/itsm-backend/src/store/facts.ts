import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { attachDocuments } from './documents';
import { chunks, Db, FACTS, RECORDS, toIso } from './rows';
import { RecordFact, RecordFactsIndex } from './types';

/*
 * The facts of a record (see migrations/20261202160000_record_facts.js),
 * written in the transaction that writes the record's data.
 */

/** The facts as rows: deduplicated, timestamps normalised, invalid ones dropped. */
export function factRows(recordId: string, facts: RecordFact[]) {
  const seen = new Set<string>();
  const rows: Array<{
    record_id: string;
    name: string;
    value: string;
    start_at: string | null;
    end_at: string | null;
    subject: string | null;
    amount: number | null;
  }> = [];
  for (const fact of facts) {
    if (typeof fact.value !== 'string' || fact.value.length === 0) continue;
    const instant = (v: string | null | undefined) => {
      if (v === undefined || v === null || v === '') return null;
      const ms = Date.parse(v);
      return Number.isNaN(ms) ? undefined : toIso(v);
    };
    const start = instant(fact.start);
    const end = instant(fact.end);
    // An interval whose bounds are no instants would answer range queries wrongly.
    if (start === undefined || end === undefined) continue;
    const row = {
      record_id: recordId,
      name: fact.name,
      value: fact.value,
      start_at: start,
      end_at: end,
      subject: fact.subject ?? null,
      amount: Number.isSafeInteger(fact.amount) ? fact.amount! : null,
    };
    const id = JSON.stringify(row);
    if (seen.has(id)) continue;
    seen.add(id);
    rows.push(row);
  }
  return rows;
}

/** The facts (as `ff`) of the record `r` with that name, values and exceptions. */
export function factQuery(
  db: Db,
  name: string,
  values?: string[],
  except?: string[],
): Knex.QueryBuilder {
  const query = db
    .select(db.raw('1'))
    .from(`${FACTS} as ff`)
    .whereRaw('?? = ??', ['ff.record_id', 'r.id'])
    .where('ff.name', name);
  if (values) query.whereIn('ff.value', values);
  if (except && except.length > 0) query.whereNotIn('ff.value', except);
  return query;
}

/**
 * Replaces the facts of a record with those its data gives now, writing only
 * the difference: most writes (a transition, a comment's touch) change no
 * fact, and a change to a hub affects thousands of entities.
 */
export async function writeFacts(
  db: Db,
  index: RecordFactsIndex,
  record: { id: string; type: ItsmRecordType; data: Record<string, unknown> },
): Promise<void> {
  type Row = ReturnType<typeof factRows>[number];
  const idOf = (r: Omit<Row, 'record_id'>) =>
    JSON.stringify([
      r.name,
      r.value,
      r.start_at ?? null,
      r.end_at ?? null,
      r.subject ?? null,
      r.amount ?? null,
    ]);
  const wanted = new Map(
    factRows(record.id, index.of(record.type, record.data)).map(r => [
      idOf(r),
      r,
    ]),
  );
  // `*`: the columns `subject` and `amount` are named only where a fact has
  // them, so records without such facts are written on a schema before
  // migrations/20261204100000_my_work.js too (the migration tests do).
  const existing: Array<Omit<Row, 'record_id'>> = (
    await db(FACTS).select('*').where('record_id', record.id)
  ).map((r: Row) => ({
    ...r,
    subject: r.subject ?? null,
    amount: r.amount ?? null,
  }));
  const stale = existing.filter(r => !wanted.delete(idOf(r)));
  // References by name and value in batches; intervals and facts about a
  // subject one by one (few). A fact name is always or never about a
  // subject (see RecordFact).
  const byName = new Map<string, string[]>();
  for (const r of stale) {
    if (r.subject === null && r.start_at === null && r.end_at === null) {
      byName.set(r.name, [...(byName.get(r.name) ?? []), r.value]);
    } else {
      await db(FACTS)
        .where({ record_id: record.id, name: r.name, value: r.value })
        .where(b =>
          r.start_at === null
            ? b.whereNull('start_at')
            : b.where('start_at', r.start_at),
        )
        .where(b =>
          r.end_at === null
            ? b.whereNull('end_at')
            : b.where('end_at', r.end_at),
        )
        .where(b =>
          r.subject === null
            ? b.whereNull('subject')
            : b.where('subject', r.subject),
        )
        .delete();
    }
  }
  for (const [name, values] of byName) {
    for (const chunk of chunks(values)) {
      await db(FACTS)
        .where({ record_id: record.id, name })
        .whereNull('start_at')
        .whereNull('end_at')
        .whereIn('value', chunk)
        .delete();
    }
  }
  for (const chunk of chunks([...wanted.values()], 100)) {
    await db(FACTS).insert(
      chunk.map(({ subject, amount, ...row }) => ({
        ...row,
        ...(subject === null ? {} : { subject }),
        ...(amount === null ? {} : { amount }),
      })),
    );
  }
  await db(RECORDS)
    .where('id', record.id)
    .whereNot('facts_version', index.version)
    .update({ facts_version: index.version });
}

/**
 * Rewrites the facts of every record written by another derivation than
 * `index.version`, a batch per transaction, until none is left. Returns how
 * many records it rewrote.
 */
export async function reindexFacts(
  db: Knex,
  index: RecordFactsIndex,
  options: {
    batchSize?: number;
    onProgress?(done: number, total: number): void;
  } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const [{ count }] = (await db(RECORDS)
    .whereNot('facts_version', index.version)
    .count({ count: '*' })) as Array<{ count: number | string }>;
  const total = Number(count);
  let done = 0;
  while (done < total) {
    const rows: Array<{ id: string; type: string; data: string }> = await db(
      RECORDS,
    )
      .select('id', 'type', 'data')
      .whereNot('facts_version', index.version)
      .orderBy('id')
      .limit(batchSize);
    if (rows.length === 0) break;
    await db.transaction(async trx => {
      // The facts follow from the whole data, detached fields included.
      const records = await attachDocuments(
        trx,
        rows.map(row => ({
          id: row.id,
          type: row.type as ItsmRecordType,
          data: JSON.parse(row.data),
        })),
      );
      for (const record of records) {
        await writeFacts(trx, index, record);
      }
    });
    done += rows.length;
    options.onProgress?.(Math.min(done, total), total);
  }
  return done;
}

/** The facts with these names of the records, ordered by record. */
export async function listFacts(
  db: Db,
  recordIds: string[],
  names: string[],
): Promise<Array<RecordFact & { recordId: string }>> {
  const ids = [...new Set(recordIds.map(id => id.toLowerCase()))];
  const result: Array<RecordFact & { recordId: string }> = [];
  if (names.length === 0) return result;
  for (const chunk of chunks(ids)) {
    const rows: Array<{
      record_id: string;
      name: string;
      value: string;
      start_at: string | null;
      end_at: string | null;
    }> = await db(FACTS)
      .select('record_id', 'name', 'value', 'start_at', 'end_at')
      .whereIn('record_id', chunk)
      .whereIn('name', names)
      .orderBy([
        { column: 'record_id', order: 'asc' },
        { column: 'name', order: 'asc' },
        { column: 'value', order: 'asc' },
      ]);
    for (const row of rows) {
      result.push({
        recordId: row.record_id,
        name: row.name,
        value: row.value,
        start: row.start_at,
        end: row.end_at,
      });
    }
  }
  return result;
}
