import { InputError } from '@backstage/errors';
import { isItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { applyCriteria } from './permissionFilter';
import { Queries } from './queries';
import { chunks, Db, ENTITIES, FACTS, RECORDS, RecordRow, toIso } from './rows';
import {
  EntityInterval,
  EntityIntervalsQuery,
  EntityRecordsQuery,
  StoredRecord,
} from './types';

/*
 * The interval facts of the records of many entities over a period (the
 * outages and change windows behind availability and SLA reports), in one
 * query for all the entities: driven from the entities (an index range per
 * entity on itsm_record_entities (entity_ref, record_id)), each record's fact
 * found by (record_id, name, start_at), the period a range condition on it.
 * It costs the records of those entities, whatever the number of records of
 * other entities or the number of entities asked about (see
 * migrations/20261203080000_entity_interval_indexes.js). The records of
 * those entities created in a period (the incidents of an SLA term) are read
 * the same way.
 */

/** Rows per page: most answers are one page; larger ones are read page by page. */
const PAGE = 2000;

interface IntervalRow {
  entity_ref: string;
  record_id: string;
  key: string;
  seq: number | string;
  value: string;
  start_at: string;
  end_at: string | null;
}

/** The query of one page of one chunk of entity refs. */
function intervalPage(
  db: Db,
  query: EntityIntervalsQuery,
  refs: string[],
  period: { from: string; to: string },
  after: { entityRef: string; recordId: string } | undefined,
  pageSize: number,
): Knex.QueryBuilder {
  const page = db(`${ENTITIES} as e`);
  // The record's fact of that name overlapping the period (as `f`).
  const overlapping = (facts: Knex.QueryBuilder) =>
    facts
      .where('f.name', query.fact)
      .where('f.start_at', '<', period.to)
      .where(b =>
        b.whereNull('f.end_at').orWhere('f.end_at', '>', period.from),
      );
  // Each database is kept to the plan whose cost is the records of these
  // entities: entities outermost (in index order), then each record and its
  // fact by key. Left to itself, SQLite (no statistics) probes the facts of
  // the period through (name, start_at) for every record, and PostgreSQL
  // may hash-join every fact of the name, both growing with all records.
  if (db.client.dialect === 'postgresql') {
    // A lateral subquery with OFFSET 0 is not flattened into a hash join.
    const fact = overlapping(
      db
        .select('f.value', 'f.start_at', 'f.end_at')
        .from(`${FACTS} as f`)
        .whereRaw('?? = ??', ['f.record_id', 'e.record_id']),
    );
    page
      .join(`${RECORDS} as r`, 'r.id', 'e.record_id')
      .crossJoin(db.raw('lateral (? offset 0) as ??', [fact, 'f']));
  } else {
    // CROSS JOIN fixes SQLite's join order (tables left to right).
    page
      .crossJoin(`${RECORDS} as r`, 'r.id', 'e.record_id')
      .crossJoin(`${FACTS} as f`, 'f.record_id', 'e.record_id');
    overlapping(page);
  }
  page
    .select({
      entity_ref: 'e.entity_ref',
      record_id: 'e.record_id',
      key: 'r.key',
      seq: 'r.seq',
      value: 'f.value',
      start_at: 'f.start_at',
      end_at: 'f.end_at',
    })
    .whereIn('e.entity_ref', refs)
    .where('r.type', query.type)
    .whereIn('r.state', [...query.states]);
  if (after) {
    page.whereRaw('(??, ??) > (?, ?)', [
      'e.entity_ref',
      'e.record_id',
      after.entityRef,
      after.recordId,
    ]);
  }
  if (query.permissionFilter) {
    applyCriteria(db, page, query.permissionFilter);
  }
  return page
    .orderBy([
      { column: 'e.entity_ref', order: 'asc' },
      { column: 'e.record_id', order: 'asc' },
    ])
    .limit(pageSize + 1);
}

/**
 * The interval facts named `query.fact` of the records of a type in the
 * given states concerning any of the entities, that overlap `[from, to)`: one
 * per entity and record (a record on several of the entities is answered for
 * each; the derivations write one interval of a name per record), ordered by
 * entity and record. One query per 500 entities and `pageSize` (2,000)
 * answers.
 */
export async function intervalsOnEntities(
  db: Db,
  query: EntityIntervalsQuery,
  options: { pageSize?: number } = {},
): Promise<EntityInterval[]> {
  const pageSize = options.pageSize ?? PAGE;
  if (!isItsmRecordType(query.type)) {
    throw new InputError(`Unknown record type '${String(query.type)}'`);
  }
  const period = {
    from: toIso(query.from, 'period start'),
    to: toIso(query.to, 'period end'),
  };
  const refs = [...new Set(query.entityRefs)].sort();
  const result: EntityInterval[] = [];
  if (
    refs.length === 0 ||
    query.states.length === 0 ||
    period.to <= period.from
  )
    return result;
  for (const chunk of chunks(refs)) {
    let after: { entityRef: string; recordId: string } | undefined;
    do {
      // Sequential: inside a transaction there is one connection.
      const rows: IntervalRow[] = await intervalPage(
        db,
        query,
        chunk,
        period,
        after,
        pageSize,
      );
      const page = rows.slice(0, pageSize);
      for (const row of page) {
        const last = result[result.length - 1];
        // A record naming an entity twice (or with two facts of the name)
        // is answered once for it.
        if (
          last &&
          last.entityRef === row.entity_ref &&
          last.recordId === row.record_id
        ) {
          continue;
        }
        result.push({
          entityRef: row.entity_ref,
          recordId: row.record_id,
          key: row.key,
          seq: Number(row.seq),
          value: row.value,
          start: row.start_at,
          end: row.end_at,
        });
      }
      const last = page[page.length - 1];
      after =
        rows.length > pageSize && last
          ? { entityRef: last.entity_ref, recordId: last.record_id }
          : undefined;
    } while (after);
  }
  return result;
}

/**
 * The records of a type concerning any of the entities that were created in
 * `[createdSince, createdBefore)` (the incidents of an SLA term), newest first,
 * every one. Driven from the entities like the intervals: it costs the
 * records of these entities, not every record created in the period. One
 * query per 500 entities, without a page limit: the answer is held whole by
 * the caller anyway, and each page sorted every record of the entities again
 * (3 pages of the 1,422 incidents of a 73-entity quarter took 250 ms at full
 * scale, one query 85 ms; docs/performance.md).
 */
export async function recordsCreatedOnEntities(
  queries: Queries,
  query: EntityRecordsQuery,
): Promise<StoredRecord[]> {
  const db = queries.db;
  if (!isItsmRecordType(query.type)) {
    throw new InputError(`Unknown record type '${String(query.type)}'`);
  }
  const since = toIso(query.createdSince, 'createdSince');
  const before = toIso(query.createdBefore, 'createdBefore');
  const refs = [...new Set(query.entityRefs)].sort();
  const byId = new Map<string, RecordRow>();
  if (refs.length === 0 || before <= since) return [];
  for (const chunk of chunks(refs)) {
    const page = db(`${ENTITIES} as e`);
    if (db.client.dialect === 'postgresql') {
      page.join(`${RECORDS} as r`, 'r.id', 'e.record_id');
    } else {
      // The entities outermost (see intervalPage).
      page.crossJoin(`${RECORDS} as r`, 'r.id', 'e.record_id');
    }
    page
      .select('r.*')
      .whereIn('e.entity_ref', chunk)
      .where('e.record_type', query.type)
      .where('r.type', query.type)
      .where('r.created_at', '>=', since)
      .where('r.created_at', '<', before);
    if (query.permissionFilter) {
      applyCriteria(db, page, query.permissionFilter);
    }
    // Sequential: inside a transaction there is one connection.
    const rows: RecordRow[] = await page;
    // A record on several of the entities comes once per entity.
    for (const row of rows) byId.set(row.id, row);
  }
  return queries.hydrate(
    [...byId.values()].sort((a, b) => Number(b.seq) - Number(a.seq)),
  );
}
