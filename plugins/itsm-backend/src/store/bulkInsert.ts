import { InputError } from '@backstage/errors';
import {
  ITSM_RECORD_TYPE_INFO,
  ITSM_RECORD_TYPES,
  ItsmRecordType,
  isItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { DETACHED_FIELDS, storedData } from './documents';
import { factRows } from './facts';
import {
  APPROVALS,
  Db,
  DOCUMENTS,
  ENTITIES,
  FACTS,
  HISTORY,
  isUuid,
  LINKS,
  OWNERS,
  RECORDS,
  SEQUENCES,
  toIso,
  toJsonText,
} from './rows';
import {
  NewHistoryEntry,
  NewRecord,
  RecordFactsIndex,
  RecordPatch,
  StoredApproval,
  StoredLink,
  StoredRecord,
} from './types';

/*
 * Bulk writes: many records written at once in their final state, with
 * everything the per-record path (KnexItsmStoreTransaction: insertRecord,
 * updateRecord, appendHistory, addApproval, addLink) writes for them: the
 * record rows, their entities and owners, detached documents, derived facts,
 * history, approvals and links. Rows are the same as that path's, byte for
 * byte (bulkInsert.test.ts compares the tables); the statements are few:
 * each table gets multi-row INSERTs of thousands of rows (see insertRows),
 * the key sequence of each type is advanced once per call, and the whole
 * call is one transaction. For loading large data sets (the benchmark's
 * seed, docs/performance.md, "Seeding cost"); the service writes one record
 * at a time.
 */

/** A record as the per-record path leaves it, its key and seq excepted (the bulk write hands those out). */
export type BulkRecordState = Omit<StoredRecord, 'key' | 'seq'>;

/** One record of a bulk write, with what is written with it. */
export interface BulkRecord {
  record: BulkRecordState;
  /** Its history, oldest first. */
  history?: NewHistoryEntry[];
  approvals?: Array<Omit<StoredApproval, 'id'>>;
  /** Links from or to it; the other end exists or is in the same call. Idempotent, as addLink. */
  links?: StoredLink[];
  /**
   * History entries on other records (e.g. the other end of a link), written
   * after this record's own; those records exist or are in the same call.
   */
  otherHistory?: Array<{ recordId: string; entry: NewHistoryEntry }>;
}

/** The key a record of a bulk write got. */
export interface BulkInserted {
  id: string;
  type: ItsmRecordType;
  key: string;
  seq: number;
}

/**
 * The record as insertRecord(insert) followed by updateRecord(patch) for
 * each patch leaves it: a patch sets only what it names, `stateChangedAt`
 * moves when a patch changes the state, `version` counts the writes.
 */
export function recordAfter(
  insert: NewRecord,
  ...patches: RecordPatch[]
): BulkRecordState {
  const createdAt = toIso(insert.now, 'now');
  let state: BulkRecordState = {
    id: insert.id.toLowerCase(),
    type: insert.type,
    title: insert.title,
    description: insert.description,
    state: insert.state,
    priority: insert.priority ?? null,
    assignedGroup: insert.assignedGroup ?? null,
    assignee: insert.assignee ?? null,
    entityRefs: insert.entityRefs ?? [],
    ownerRefs: insert.ownerRefs ?? [],
    data: insert.data ?? {},
    createdBy: insert.createdBy,
    updatedBy: insert.createdBy,
    createdAt,
    updatedAt: createdAt,
    stateChangedAt: createdAt,
    version: 1,
  };
  for (const patch of patches) {
    const now = toIso(patch.now, 'now');
    const changesState =
      patch.state !== undefined && patch.state !== state.state;
    state = {
      ...state,
      title: patch.title ?? state.title,
      description: patch.description ?? state.description,
      state: patch.state ?? state.state,
      priority: patch.priority !== undefined ? patch.priority : state.priority,
      assignedGroup:
        patch.assignedGroup !== undefined
          ? patch.assignedGroup
          : state.assignedGroup,
      assignee: patch.assignee !== undefined ? patch.assignee : state.assignee,
      entityRefs: patch.entityRefs ?? state.entityRefs,
      ownerRefs: patch.ownerRefs ?? state.ownerRefs,
      data: patch.data ?? state.data,
      updatedBy: patch.updatedBy,
      updatedAt: now,
      stateChangedAt: changesState ? now : state.stateChangedAt,
      version: state.version + 1,
    };
  }
  return state;
}

/** A table's columns as a bulk write fills them, each with its PostgreSQL type. */
type Columns = ReadonlyArray<readonly [name: string, pgType: string]>;

const RECORD_COLUMNS: Columns = [
  ['id', 'uuid'],
  ['type', 'text'],
  ['key', 'text'],
  ['seq', 'integer'],
  ['title', 'text'],
  ['description', 'text'],
  ['state', 'text'],
  ['priority', 'text'],
  ['assigned_group', 'text'],
  ['assignee', 'text'],
  ['data', 'text'],
  ['created_by', 'text'],
  ['updated_by', 'text'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['state_changed_at', 'text'],
  ['version', 'integer'],
  ['facts_version', 'integer'],
];
const ENTITY_COLUMNS: Columns = [
  ['record_id', 'uuid'],
  ['position', 'integer'],
  ['entity_ref', 'text'],
  ['record_type', 'text'],
  ['record_seq', 'integer'],
];
const OWNER_COLUMNS: Columns = [
  ['record_id', 'uuid'],
  ['position', 'integer'],
  ['owner_ref', 'text'],
];
const DOCUMENT_COLUMNS: Columns = [
  ['record_id', 'uuid'],
  ['field', 'text'],
  ['body', 'text'],
];
const FACT_COLUMNS: Columns = [
  ['record_id', 'uuid'],
  ['name', 'text'],
  ['value', 'text'],
  ['start_at', 'text'],
  ['end_at', 'text'],
  ['subject', 'text'],
  ['amount', 'integer'],
];
const HISTORY_COLUMNS: Columns = [
  ['record_id', 'uuid'],
  ['at', 'text'],
  ['actor', 'text'],
  ['action', 'text'],
  ['field', 'text'],
  ['from_value', 'text'],
  ['to_value', 'text'],
];
const APPROVAL_COLUMNS: Columns = [
  ['record_id', 'uuid'],
  ['approver_ref', 'text'],
  ['decision', 'text'],
  ['reason', 'text'],
  ['decided_by', 'text'],
  ['decided_at', 'text'],
  ['superseded', 'boolean'],
];
const LINK_COLUMNS: Columns = [
  ['from_id', 'uuid'],
  ['to_id', 'uuid'],
  ['kind', 'text'],
  ['created_by', 'text'],
  ['created_at', 'text'],
];

/** Rows per statement on PostgreSQL (one array parameter per column, whatever the rows). */
const PG_ROWS = 10_000;

/** The most bound parameters one SQLite statement takes, by client. */
const SQLITE_PARAMETERS = new WeakMap<object, number>();

async function sqliteParameters(db: Db): Promise<number> {
  const known = SQLITE_PARAMETERS.get(db.client);
  if (known) return known;
  // SQLITE_MAX_VARIABLE_NUMBER: 999 before SQLite 3.32, 32766 since.
  const [{ v }] = await db.raw('select sqlite_version() as v');
  const [major, minor] = String(v).split('.').map(Number);
  const max = major > 3 || (major === 3 && minor >= 32) ? 32_766 : 999;
  SQLITE_PARAMETERS.set(db.client, max);
  return max;
}

/**
 * Inserts rows in the order given (the ids of an identity column follow
 * it), in few statements. PostgreSQL: `INSERT ... SELECT FROM unnest(...)`
 * with one array parameter per column, so a statement holds thousands of
 * rows without the parse cost of as many `VALUES` tuples (5 times faster,
 * measured on 160,000 history rows; docs/performance.md, "Seeding cost").
 * SQLite: multi-row `INSERT ... VALUES` of as many rows as its parameter
 * limit allows (not knex's `SELECT ... UNION ALL` form, which SQLite limits
 * to 500 rows).
 */
async function insertRows(
  db: Db,
  table: string,
  columns: Columns,
  rows: unknown[][],
  suffix = '',
): Promise<void> {
  if (rows.length === 0) return;
  const head = `insert into "${table}" (${columns
    .map(([name]) => `"${name}"`)
    .join(', ')})`;
  if (db.client.dialect === 'postgresql') {
    const arrays = columns.map(([, type]) => `?::${type}[]`).join(', ');
    for (let i = 0; i < rows.length; i += PG_ROWS) {
      const chunk = rows.slice(i, i + PG_ROWS);
      await db.raw(
        `${head} select * from unnest(${arrays})${suffix}`,
        columns.map((_, c) => chunk.map(row => row[c])) as Knex.RawBinding[],
      );
    }
    return;
  }
  const perStatement = Math.max(
    1,
    Math.floor((await sqliteParameters(db)) / columns.length),
  );
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const bindings: unknown[] = [];
    for (const row of chunk) {
      for (const value of row) bindings.push(value);
    }
    await db.raw(
      `${head} values ${chunk.map(() => tuple).join(', ')}${suffix}`,
      bindings as Knex.RawBinding[],
    );
  }
}

function historyRow(recordId: string, entry: NewHistoryEntry): unknown[] {
  // As appendHistory writes it.
  return [
    recordId.toLowerCase(),
    toIso(entry.at, 'history timestamp'),
    entry.actor,
    entry.action,
    entry.field ?? null,
    toJsonText(entry.from),
    toJsonText(entry.to),
  ];
}

/**
 * Appends history entries to records, in the order given (their ids follow
 * it, as appendHistory's do), in a few statements.
 */
export async function bulkAppendHistory(
  db: Db,
  entries: Array<{ recordId: string; entry: NewHistoryEntry }>,
): Promise<void> {
  await insertRows(
    db,
    HISTORY,
    HISTORY_COLUMNS,
    entries.map(({ recordId, entry }) => historyRow(recordId, entry)),
  );
}

/**
 * Hands out `count` consecutive numbers of the type's key sequence (see
 * KnexItsmStore.ts) with one increment; returns the first.
 */
async function allocateSeqs(
  trx: Knex.Transaction,
  type: ItsmRecordType,
  count: number,
): Promise<number> {
  const increment = () =>
    trx(SEQUENCES)
      .where({ type })
      .update({ last_value: trx.raw('?? + ?', ['last_value', count]) });
  let updated = await increment();
  if (updated === 0) {
    await trx(SEQUENCES)
      .insert({ type, last_value: 0 })
      .onConflict('type')
      .ignore();
    updated = await increment();
  }
  const row: { last_value: number | string } | undefined = await trx(SEQUENCES)
    .where({ type })
    .first('last_value');
  if (updated !== 1 || !row) {
    throw new Error(`Could not allocate ${count} keys for ${type}`);
  }
  return Number(row.last_value) - count + 1;
}

function checked(record: BulkRecordState): BulkRecordState {
  if (!isItsmRecordType(record.type)) {
    throw new InputError(`Unknown record type '${String(record.type)}'`);
  }
  if (!isUuid(record.id)) {
    throw new InputError(`Record id must be a uuid, got '${record.id}'`);
  }
  if (!Number.isSafeInteger(record.version) || record.version < 1) {
    throw new InputError(`Record version must be at least 1`);
  }
  return record;
}

/**
 * Writes the records, in their final state, with their history, approvals
 * and links, in one transaction (the caller's when `db` is one): keys are
 * handed out in the order given, per type, as consecutive inserts would hand
 * them out. Returns the keys, in the order of `records`.
 */
export async function bulkInsertRecords(
  db: Knex,
  facts: RecordFactsIndex,
  records: BulkRecord[],
): Promise<BulkInserted[]> {
  if (records.length === 0) return [];
  const write = (trx: Knex.Transaction) => writeAll(trx, facts, records);
  return db.isTransaction
    ? write(db as Knex.Transaction)
    : db.transaction(write);
}

async function writeAll(
  trx: Knex.Transaction,
  facts: RecordFactsIndex,
  records: BulkRecord[],
): Promise<BulkInserted[]> {
  const states = records.map(r => checked(r.record));
  // One increment per type, in ITSM_RECORD_TYPES order (see KnexItsmStore.ts).
  const next = new Map<ItsmRecordType, number>();
  for (const type of ITSM_RECORD_TYPES) {
    const count = states.filter(s => s.type === type).length;
    if (count > 0) next.set(type, await allocateSeqs(trx, type, count));
  }
  const inserted: BulkInserted[] = states.map(s => {
    const seq = next.get(s.type)!;
    next.set(s.type, seq + 1);
    return {
      id: s.id.toLowerCase(),
      type: s.type,
      key: `${ITSM_RECORD_TYPE_INFO[s.type].keyPrefix}-${seq}`,
      seq,
    };
  });

  const recordRows: unknown[][] = [];
  const entityRows: unknown[][] = [];
  const ownerRows: unknown[][] = [];
  const documentRows: unknown[][] = [];
  const factRowsOf: unknown[][] = [];
  states.forEach((s, i) => {
    const { id, key, seq } = inserted[i];
    recordRows.push([
      id,
      s.type,
      key,
      seq,
      s.title,
      s.description,
      s.state,
      s.priority ?? null,
      s.assignedGroup ?? null,
      s.assignee ?? null,
      JSON.stringify(storedData(s.type, s.data ?? {})),
      s.createdBy,
      s.updatedBy,
      toIso(s.createdAt, 'createdAt'),
      toIso(s.updatedAt, 'updatedAt'),
      toIso(s.stateChangedAt, 'stateChangedAt'),
      s.version,
      facts.version,
    ]);
    (s.entityRefs ?? []).forEach((ref, position) =>
      entityRows.push([id, position, ref, s.type, seq]),
    );
    (s.ownerRefs ?? []).forEach((ref, position) =>
      ownerRows.push([id, position, ref]),
    );
    // As writeDocuments writes a new record's detached fields.
    for (const field of DETACHED_FIELDS[s.type] ?? []) {
      const value = s.data?.[field];
      if (value !== undefined)
        documentRows.push([id, field, JSON.stringify(value)]);
    }
    // As writeFacts writes them (the facts follow from the whole data).
    for (const f of factRows(id, facts.of(s.type, s.data ?? {}))) {
      factRowsOf.push([
        f.record_id,
        f.name,
        f.value,
        f.start_at,
        f.end_at,
        f.subject,
        f.amount,
      ]);
    }
  });
  await insertRows(trx, RECORDS, RECORD_COLUMNS, recordRows);
  await insertRows(trx, ENTITIES, ENTITY_COLUMNS, entityRows);
  await insertRows(trx, OWNERS, OWNER_COLUMNS, ownerRows);
  await insertRows(trx, DOCUMENTS, DOCUMENT_COLUMNS, documentRows);
  await insertRows(trx, FACTS, FACT_COLUMNS, factRowsOf);

  // History: each record's own, then the entries it adds to others, in order.
  const history: unknown[][] = [];
  records.forEach((r, i) => {
    for (const entry of r.history ?? [])
      history.push(historyRow(inserted[i].id, entry));
    for (const { recordId, entry } of r.otherHistory ?? [])
      history.push(historyRow(recordId, entry));
  });
  await insertRows(trx, HISTORY, HISTORY_COLUMNS, history);

  // As addApproval writes them.
  const approvals = records.flatMap(r =>
    (r.approvals ?? []).map(a => [
      a.recordId.toLowerCase(),
      a.approverRef,
      a.decision,
      a.reason ?? null,
      a.decidedBy,
      toIso(a.decidedAt, 'decision timestamp'),
      a.superseded ?? false,
    ]),
  );
  await insertRows(trx, APPROVALS, APPROVAL_COLUMNS, approvals);

  // As addLink writes them: linking twice keeps the first.
  const seen = new Set<string>();
  const links: unknown[][] = [];
  for (const l of records.flatMap(r => r.links ?? [])) {
    const row = [
      l.fromId.toLowerCase(),
      l.toId.toLowerCase(),
      l.kind,
      l.createdBy,
      toIso(l.createdAt, 'link timestamp'),
    ];
    const id = `${row[0]} ${row[1]} ${row[2]}`;
    if (seen.has(id)) continue;
    seen.add(id);
    links.push(row);
  }
  await insertRows(
    trx,
    LINKS,
    LINK_COLUMNS,
    links,
    ' on conflict ("from_id", "to_id", "kind") do nothing',
  );
  return inserted;
}
