import { InputError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isItsmRecordType,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { applyCriteria } from './permissionFilter';
import { chunks, Db, ENTITIES, FACTS, RECORDS, toIso } from './rows';
import { RecordFilter } from './types';

/*
 * The records whose interval fact overlaps a period (the change calendar,
 * the open changes a change's window conflicts with), read from the interval
 * facts of the period, not from the records:
 *
 * 1. the intervals of the period: a range of itsm_record_facts
 *    (name, start_at) or (name, end_at) (PostgreSQL takes the narrower one,
 *    SQLite the former), restricted to the entities asked about;
 * 2. per 1,000 of them, the records by key with their entity rows, the
 *    states and the caller's permission conditions applied;
 * 3. per 1,000 records, the facts asked for (a change's risk, conflicts and
 *    freeze windows for the calendar).
 *
 * It costs the intervals of the period, whatever the number of records
 * outside it, and reads neither the records' data nor a total.
 *
 * Step 2 is fixed to one lookup per key on both databases. Left to itself,
 * PostgreSQL misjudges how many intervals a period holds (the
 * `end_at IS NULL` of open intervals is counted over every fact, most of
 * which are references without bounds) and joins them by hash with a scan
 * of every record (1.2 million at full scale: seconds per statement), or
 * intersects the keys with a bitmap of every record of the type; SQLite
 * walks the records of the type through an index. The keys are a table
 * (unnest on PostgreSQL, json_each on SQLite) joined to the records by
 * LATERAL with OFFSET 0 (never flattened) on PostgreSQL and by CROSS JOIN
 * (tables left to right) on SQLite, as in store/availabilityQueries.ts. The
 * chunks also keep each statement's estimated cost below PostgreSQL's JIT
 * threshold: the 7,600 windows of a month in one statement were compiled
 * with inlining and optimisation for 0.28 s, to run for 0.4 s.
 */

/**
 * The records whose interval fact overlaps a period: the changes of the
 * calendar, the open changes a change's window conflicts with.
 */
export interface WindowRecordsQuery {
  type: ItsmRecordType;
  /** The interval fact: `window` of a change, `outage` of an incident. */
  fact: string;
  /** Only records in these states. */
  states: readonly string[];
  /**
   * The period `[from, to)` (ISO 8601): intervals that start before `to`
   * and end after `from` or are open.
   */
  from: string;
  to: string;
  /** Only records concerning any of these entity refs (all when absent or empty). */
  entityRefs?: readonly string[];
  /** The caller's conditional read decision, applied in SQL. */
  permissionFilter?: PermissionCriteria<RecordFilter>;
  /**
   * Other facts of each record to answer with: those of these names (with
   * `values`, only those values).
   */
  facts?: ReadonlyArray<{ name: string; values?: readonly string[] }>;
}

/** A record whose interval overlaps the period, with what lists of them show. */
export interface WindowRecord {
  id: string;
  key: string;
  seq: number;
  title: string;
  state: string;
  /** In the order given. */
  entityRefs: string[];
  /**
   * The interval fact: its value (a change's type, an outage's kind) and its
   * bounds (ISO 8601 in the form of Date#toISOString; `end` null while open).
   */
  interval: { value: string; start: string; end: string | null };
  /** The facts asked for (`WindowRecordsQuery.facts`), by name and value. */
  facts: Array<{ name: string; value: string }>;
}

/**
 * The window reads of the store (KnexItsmStore; apart from ItsmStore in
 * store/types.ts, which is at its size limit).
 */
export interface WindowReads {
  /**
   * The records of a type in some states whose interval fact overlaps a
   * period, every one, newest first (the calendar, a change's conflicts):
   * driven from the interval facts of the period, without their data and
   * without a count.
   */
  recordsInWindow(query: WindowRecordsQuery): Promise<WindowRecord[]>;
}

/** Records per statement. */
const CHUNK = 1000;

interface IntervalRow {
  record_id: string;
  value: string;
  start_at: string;
  end_at: string | null;
}

interface RecordRow {
  id: string;
  key: string;
  seq: number | string;
  title: string;
  state: string;
  position: number | string | null;
  entity_ref: string | null;
}

/** The interval facts (as `f`) of that name overlapping the period. */
function overlapping(
  builder: Knex.QueryBuilder,
  fact: string,
  period: { from: string; to: string },
): Knex.QueryBuilder {
  return builder
    .where('f.name', fact)
    .where('f.start_at', '<', period.to)
    .where(b => b.whereNull('f.end_at').orWhere('f.end_at', '>', period.from));
}

/**
 * The intervals of the period, of records concerning any of the entities
 * asked about (when asked): a month of one entity's calendar reads the
 * records of that entity only.
 */
function intervalsStatement(
  db: Db,
  query: WindowRecordsQuery,
  period: { from: string; to: string },
): Knex.QueryBuilder {
  const statement = overlapping(
    db
      .select('f.record_id', 'f.value', 'f.start_at', 'f.end_at')
      .from(`${FACTS} as f`),
    query.fact,
    period,
  );
  const refs = query.entityRefs?.length ? [...new Set(query.entityRefs)] : [];
  if (refs.length > 0) {
    statement.whereExists(
      db
        .select(db.raw('1'))
        .from(`${ENTITIES} as we`)
        .whereRaw('?? = ??', ['we.record_id', 'f.record_id'])
        .whereIn('we.entity_ref', refs),
    );
  }
  return statement;
}

/** The conditions on the record (as `r`): type, states, permission. */
function recordConditions(
  db: Db,
  builder: Knex.QueryBuilder,
  query: WindowRecordsQuery,
): Knex.QueryBuilder {
  builder.where('r.type', query.type).whereIn('r.state', [...query.states]);
  if (query.permissionFilter) {
    applyCriteria(db, builder, query.permissionFilter);
  }
  return builder;
}

/**
 * Those of the records with these keys that the query asks for, with their
 * entity rows (a row per entity, or one without).
 */
function recordsStatement(
  db: Db,
  query: WindowRecordsQuery,
  ids: string[],
): Knex.QueryBuilder {
  const columns = {
    id: 'r.id',
    key: 'r.key',
    seq: 'r.seq',
    title: 'r.title',
    state: 'r.state',
    position: 'e.position',
    entity_ref: 'e.entity_ref',
  };
  if (db.client.dialect === 'postgresql') {
    const record = recordConditions(
      db,
      db
        .select('r.id', 'r.key', 'r.seq', 'r.title', 'r.state')
        .from(`${RECORDS} as r`)
        .whereRaw('?? = ??', ['r.id', 'w.id']),
      query,
    );
    const entities = db
      .select('e.position', 'e.entity_ref')
      .from(`${ENTITIES} as e`)
      .whereRaw('?? = ??', ['e.record_id', 'r.id']);
    return db
      .from(db.raw('unnest(?::uuid[]) as w(id)', [ids]))
      .crossJoin(db.raw('lateral (? offset 0) as ??', [record, 'r']))
      .leftJoin(db.raw('lateral (? offset 0) as ??', [entities, 'e']), j =>
        j.on(db.raw('true')),
      )
      .select(columns);
  }
  // The keys as a table (JSON1), outermost: CROSS JOIN keeps SQLite's
  // order. With `r.id IN (...)` it walks every record of the type instead.
  const statement = db
    .from(db.raw('json_each(?) as ??', [JSON.stringify(ids), 'w']))
    .crossJoin(`${RECORDS} as r`, 'r.id', 'w.value')
    .leftJoin(`${ENTITIES} as e`, 'e.record_id', 'r.id');
  return recordConditions(db, statement, query).select(columns);
}

/** The facts asked for of these records, or undefined when none is. */
function factsStatement(
  db: Db,
  query: WindowRecordsQuery,
  ids: string[],
): Knex.QueryBuilder | undefined {
  const wanted = (query.facts ?? []).filter(
    fact => fact.values === undefined || fact.values.length > 0,
  );
  if (wanted.length === 0 || ids.length === 0) return undefined;
  return db
    .select({ record_id: 'x.record_id', name: 'x.name', value: 'x.value' })
    .from(`${FACTS} as x`)
    .whereIn('x.record_id', ids)
    .where(b => {
      for (const fact of wanted) {
        b.orWhere(c => {
          c.where('x.name', fact.name);
          if (fact.values) c.whereIn('x.value', [...new Set(fact.values)]);
        });
      }
    });
}

/**
 * The records of a type in the given states whose interval fact
 * `query.fact` overlaps `[from, to)`, with their entity refs (in order),
 * their interval and the facts asked for, every one, newest first (by key
 * number). One statement for the intervals, then one for the records and
 * one for their facts per 1,000 records (`chunkSize`); no count. A record
 * with two intervals of the name in the period (the derivations write one)
 * is answered once, with the earliest.
 */
export async function recordsInWindow(
  db: Db,
  query: WindowRecordsQuery,
  options: { chunkSize?: number } = {},
): Promise<WindowRecord[]> {
  if (!isItsmRecordType(query.type)) {
    throw new InputError(`Unknown record type '${String(query.type)}'`);
  }
  const period = {
    from: toIso(query.from, 'period start'),
    to: toIso(query.to, 'period end'),
  };
  if (query.states.length === 0 || period.to <= period.from) return [];

  // Sequential: inside a transaction there is one connection.
  const intervals = new Map<string, WindowRecord['interval']>();
  const rows: IntervalRow[] = await intervalsStatement(db, query, period);
  for (const row of rows) {
    const known = intervals.get(row.record_id);
    if (known && known.start <= row.start_at) continue;
    intervals.set(row.record_id, {
      value: row.value,
      start: row.start_at,
      end: row.end_at,
    });
  }

  const result: WindowRecord[] = [];
  for (const ids of chunks(
    [...intervals.keys()].sort(),
    options.chunkSize ?? CHUNK,
  )) {
    const byId = new Map<
      string,
      WindowRecord & { positions: Map<number, string> }
    >();
    const recordRows: RecordRow[] = await recordsStatement(db, query, ids);
    for (const row of recordRows) {
      let record = byId.get(row.id);
      if (!record) {
        record = {
          id: row.id,
          key: row.key,
          seq: Number(row.seq),
          title: row.title,
          state: row.state,
          entityRefs: [],
          interval: intervals.get(row.id)!,
          facts: [],
          positions: new Map(),
        };
        byId.set(row.id, record);
      }
      if (row.position !== null && row.entity_ref !== null) {
        record.positions.set(Number(row.position), row.entity_ref);
      }
    }
    const facts = factsStatement(db, query, [...byId.keys()]);
    const factRows: Array<{ record_id: string; name: string; value: string }> =
      facts ? await facts : [];
    for (const row of factRows) {
      byId.get(row.record_id)?.facts.push({ name: row.name, value: row.value });
    }
    for (const { positions, ...record } of byId.values()) {
      result.push({
        ...record,
        entityRefs: [...positions.entries()]
          .sort(([a], [b]) => a - b)
          .map(([, ref]) => ref),
        facts: uniqueFacts(record.facts),
      });
    }
  }
  return result.sort((a, b) => b.seq - a.seq);
}

/** The facts by name and value, each once. */
function uniqueFacts(facts: WindowRecord['facts']): WindowRecord['facts'] {
  const sorted = [...facts].sort((a, b) =>
    a.name === b.name ? compare(a.value, b.value) : compare(a.name, b.name),
  );
  return sorted.filter(
    (f, i) =>
      i === 0 ||
      f.name !== sorted[i - 1].name ||
      f.value !== sorted[i - 1].value,
  );
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
