import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AllOfCriteria,
  AnyOfCriteria,
  NotCriteria,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordType,
  isItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { migrateItsmDatabase } from './migrations';
import {
  HistoryEntry,
  ItsmStore,
  ItsmStoreTransaction,
  ListRecordsQuery,
  ListRecordsResult,
  NewHistoryEntry,
  NewRecord,
  RecordFilter,
  RecordPatch,
  StoredApproval,
  StoredComment,
  StoredLink,
  StoredRecord,
} from './types';

/*
 * Storage conventions (see migrations/20261124120000_init.js):
 *
 * - Timestamps are ISO 8601 text in the exact form of Date#toISOString
 *   (2026-11-24T12:00:00.000Z). Every timestamp the store is given is
 *   normalised to that form on write, so values round-trip identically on
 *   PostgreSQL and SQLite and compare correctly as strings.
 * - JSON values (record data, history from/to) are stored as JSON text.
 * - Keys: itsm_key_sequences holds the last number handed out per type. A
 *   create increments it with `UPDATE ... SET last_value = last_value + 1`
 *   inside the creating transaction, which locks the row until commit, so
 *   concurrent creates serialise on it (PostgreSQL row lock; SQLite has a
 *   single writer). When a creating transaction rolls back, its increment
 *   rolls back too and the next create gets the same number again; that is
 *   harmless because no committed record ever carried that key. A key that a
 *   committed record carries is never handed out again. The sequence row stays
 *   locked until the creating transaction ends, so creates of one type
 *   serialise for that long; a transaction that creates records of several
 *   types should create them in ITSM_RECORD_TYPES order, or two such
 *   transactions may deadlock on PostgreSQL (one is then rolled back).
 */

const RECORDS = 'itsm_records';
const ENTITIES = 'itsm_record_entities';
const OWNERS = 'itsm_record_owners';
const SEQUENCES = 'itsm_key_sequences';
const HISTORY = 'itsm_history';
const COMMENTS = 'itsm_comments';
const LINKS = 'itsm_links';
const APPROVALS = 'itsm_approvals';

/** Largest page the store serves. */
const MAX_LIMIT = 500;
/** Chunk size for IN (...) lists, well below every driver's bind limit. */
const IN_CHUNK = 500;

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Db = Knex | Knex.Transaction;

interface RecordRow {
  id: string;
  type: string;
  key: string;
  seq: number | string;
  title: string;
  description: string;
  state: string;
  priority: string | null;
  assigned_group: string | null;
  assignee: string | null;
  data: string;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  state_changed_at: string;
  version: number | string;
}

interface RefRow {
  record_id: string;
  position: number | string;
  ref: string;
}

interface HistoryRow {
  id: number | string;
  record_id: string;
  at: string;
  actor: string;
  action: string;
  field: string | null;
  from_value: string | null;
  to_value: string | null;
}

interface CommentRow {
  id: number | string;
  record_id: string;
  author: string;
  body: string;
  created_at: string;
}

interface LinkRow {
  from_id: string;
  to_id: string;
  kind: string;
  created_by: string;
  created_at: string;
}

interface ApprovalRow {
  id: number | string;
  record_id: string;
  approver_ref: string;
  decision: string;
  reason: string | null;
  decided_by: string;
  decided_at: string;
  superseded: boolean | number | string;
}

// ---------------------------------------------------------------------------
// Helpers

function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Normalises an ISO 8601 timestamp to the form of Date#toISOString. */
function toIso(value: string, what = 'timestamp'): string {
  const date = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
    throw new InputError(`Invalid ${what} '${String(value)}'`);
  }
  return date.toISOString();
}

function toJsonText(value: unknown): string | null {
  if (value === undefined) {
    return null;
  }
  return JSON.stringify(value);
}

function fromJsonText(text: string | null): unknown {
  if (text === null || text === undefined) {
    return null;
  }
  return JSON.parse(text);
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InputError(
      `Invalid limit ${String(
        limit,
      )}, must be an integer from 1 to ${MAX_LIMIT}`,
    );
  }
  return limit;
}

function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/** Escapes LIKE wildcards; the escape character is `!`. */
function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, c => `!${c}`);
}

function encodeCursor(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Decodes an opaque cursor. Anything that is not exactly a cursor this store
 * produced (bad base64url, bad JSON, wrong kind, wrong shape) is rejected.
 */
function decodeCursor(cursor: string): Record<string, unknown> {
  const invalid = () => new InputError('Invalid cursor');
  if (
    typeof cursor !== 'string' ||
    cursor.length === 0 ||
    cursor.length > 1000 ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  ) {
    throw invalid();
  }
  const buffer = Buffer.from(cursor, 'base64url');
  // Reject non-canonical encodings (e.g. trailing garbage bits).
  if (buffer.toString('base64url') !== cursor) {
    throw invalid();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(buffer.toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid();
  }
  return parsed as Record<string, unknown>;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function decodeRecordsCursor(cursor: string, type: ItsmRecordType): number {
  const parsed = decodeCursor(cursor);
  if (
    Object.keys(parsed).length !== 3 ||
    parsed.k !== 'records' ||
    parsed.t !== type ||
    !isPositiveInt(parsed.s)
  ) {
    throw new InputError('Invalid cursor');
  }
  return parsed.s;
}

function decodeCommentsCursor(cursor: string, recordId: string): number {
  const parsed = decodeCursor(cursor);
  if (
    Object.keys(parsed).length !== 3 ||
    parsed.k !== 'comments' ||
    parsed.r !== recordId ||
    !isPositiveInt(parsed.i)
  ) {
    throw new InputError('Invalid cursor');
  }
  return parsed.i;
}

function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    id: Number(row.id),
    recordId: row.record_id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    field: row.field,
    from: fromJsonText(row.from_value),
    to: fromJsonText(row.to_value),
  };
}

function toComment(row: CommentRow): StoredComment {
  return {
    id: Number(row.id),
    recordId: row.record_id,
    author: row.author,
    body: row.body,
    createdAt: row.created_at,
  };
}

function toLink(row: LinkRow): StoredLink {
  return {
    fromId: row.from_id,
    toId: row.to_id,
    kind: row.kind,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toApproval(row: ApprovalRow): StoredApproval {
  return {
    id: Number(row.id),
    recordId: row.record_id,
    approverRef: row.approver_ref,
    decision: row.decision === 'reject' ? 'reject' : 'approve',
    reason: row.reason,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    superseded:
      row.superseded === true ||
      row.superseded === 1 ||
      row.superseded === '1' ||
      row.superseded === 'true',
  };
}

/** Reads the id of an inserted row from `insert(...).returning('id')`. */
function insertedId(result: unknown[]): number {
  const first = result[0];
  if (typeof first === 'object' && first !== null && 'id' in first) {
    return Number((first as { id: unknown }).id);
  }
  return Number(first);
}

// ---------------------------------------------------------------------------
// Permission criteria -> SQL

function isAllOf(
  criteria: PermissionCriteria<RecordFilter>,
): criteria is AllOfCriteria<RecordFilter> {
  return Object.prototype.hasOwnProperty.call(criteria, 'allOf');
}

function isAnyOf(
  criteria: PermissionCriteria<RecordFilter>,
): criteria is AnyOfCriteria<RecordFilter> {
  return Object.prototype.hasOwnProperty.call(criteria, 'anyOf');
}

function isNot(
  criteria: PermissionCriteria<RecordFilter>,
): criteria is NotCriteria<RecordFilter> {
  return Object.prototype.hasOwnProperty.call(criteria, 'not');
}

/**
 * Adds the criteria as one parenthesised condition on `builder`, which
 * selects from `itsm_records as r`. Every condition is two-valued (never SQL
 * NULL), so `not` means exactly the complement.
 */
function applyCriteria(
  db: Db,
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<RecordFilter>,
): void {
  if (isAllOf(criteria)) {
    if (criteria.allOf.length === 0) {
      return;
    }
    builder.where(inner => {
      for (const sub of criteria.allOf) {
        inner.andWhere(b => applyCriteria(db, b, sub));
      }
    });
    return;
  }
  if (isAnyOf(criteria)) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
      return;
    }
    builder.where(inner => {
      for (const sub of criteria.anyOf) {
        inner.orWhere(b => applyCriteria(db, b, sub));
      }
    });
    return;
  }
  if (isNot(criteria)) {
    builder.whereNot(b => applyCriteria(db, b, criteria.not));
    return;
  }
  applyLeaf(db, builder, criteria);
}

function applyLeaf(
  db: Db,
  builder: Knex.QueryBuilder,
  filter: RecordFilter,
): void {
  const values = Array.isArray(filter.values)
    ? filter.values.filter((v): v is string => typeof v === 'string')
    : [];
  if (values.length === 0) {
    builder.whereRaw('1 = 0');
    return;
  }
  switch (filter.property) {
    case 'createdBy':
      builder.whereIn('r.created_by', values);
      return;
    case 'assignedGroup':
      builder.where(b =>
        b.whereNotNull('r.assigned_group').whereIn('r.assigned_group', values),
      );
      return;
    case 'entityRef':
      builder.whereExists(
        db
          .select(db.raw('1'))
          .from(`${ENTITIES} as pe`)
          .whereRaw('?? = ??', ['pe.record_id', 'r.id'])
          .whereIn('pe.entity_ref', values),
      );
      return;
    case 'ownerRef':
      builder.whereExists(
        db
          .select(db.raw('1'))
          .from(`${OWNERS} as po`)
          .whereRaw('?? = ??', ['po.record_id', 'r.id'])
          .whereIn('po.owner_ref', values),
      );
      return;
    default: {
      const unknownFilter: never = filter;
      throw new InputError(
        `Unknown record filter ${JSON.stringify(unknownFilter)}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Queries shared by the store and its transactions

class Queries {
  constructor(readonly db: Db) {}

  private get isPostgres(): boolean {
    return this.db.client.dialect === 'postgresql';
  }

  /** Turns record rows into StoredRecords, loading their entity and owner refs. */
  async hydrate(rows: RecordRow[]): Promise<StoredRecord[]> {
    if (rows.length === 0) {
      return [];
    }
    const ids = rows.map(r => r.id);
    const entityRefs = new Map<string, string[]>();
    const ownerRefs = new Map<string, string[]>();
    for (const chunk of chunks(ids)) {
      // Sequential: inside a transaction there is one connection.
      const entities = (await this.db<RefRow>(ENTITIES)
        .select('record_id', 'position', { ref: 'entity_ref' })
        .whereIn('record_id', chunk)
        .orderBy([
          { column: 'record_id', order: 'asc' },
          { column: 'position', order: 'asc' },
        ])) as RefRow[];
      const owners = (await this.db<RefRow>(OWNERS)
        .select('record_id', 'position', { ref: 'owner_ref' })
        .whereIn('record_id', chunk)
        .orderBy([
          { column: 'record_id', order: 'asc' },
          { column: 'position', order: 'asc' },
        ])) as RefRow[];
      for (const [rowsOfKind, target] of [
        [entities, entityRefs],
        [owners, ownerRefs],
      ] as const) {
        for (const row of rowsOfKind) {
          const list = target.get(row.record_id);
          if (list) {
            list.push(row.ref);
          } else {
            target.set(row.record_id, [row.ref]);
          }
        }
      }
    }
    return rows.map(row => ({
      id: row.id,
      type: row.type as ItsmRecordType,
      key: row.key,
      seq: Number(row.seq),
      title: row.title,
      description: row.description,
      state: row.state,
      priority: row.priority,
      assignedGroup: row.assigned_group,
      assignee: row.assignee,
      entityRefs: entityRefs.get(row.id) ?? [],
      ownerRefs: ownerRefs.get(row.id) ?? [],
      data: fromJsonText(row.data) as Record<string, unknown>,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      stateChangedAt: row.state_changed_at,
      version: Number(row.version),
    }));
  }

  private records(): Knex.QueryBuilder {
    return this.db(`${RECORDS} as r`);
  }

  async getRecord(
    type: ItsmRecordType,
    idOrKey: string,
    options: {
      permissionFilter?: PermissionCriteria<RecordFilter>;
      forUpdate?: boolean;
    } = {},
  ): Promise<StoredRecord | undefined> {
    if (typeof idOrKey !== 'string' || idOrKey.length === 0) {
      return undefined;
    }
    const query = this.records().select('r.*').where('r.type', type);
    if (isUuid(idOrKey)) {
      query.where('r.id', idOrKey.toLowerCase());
    } else {
      query.where('r.key', idOrKey.toUpperCase());
    }
    if (options.permissionFilter) {
      applyCriteria(this.db, query, options.permissionFilter);
    }
    if (options.forUpdate && this.isPostgres) {
      query.forUpdate();
    }
    const rows: RecordRow[] = await query;
    const [record] = await this.hydrate(rows);
    return record;
  }

  async getRecordsByIds(ids: string[]): Promise<StoredRecord[]> {
    const wanted = [
      ...new Set(ids.filter(id => typeof id === 'string' && isUuid(id))),
    ].map(id => id.toLowerCase());
    if (wanted.length === 0) {
      return [];
    }
    const rows: RecordRow[] = [];
    for (const chunk of chunks(wanted)) {
      rows.push(...(await this.records().select('r.*').whereIn('r.id', chunk)));
    }
    const byId = new Map(
      (await this.hydrate(rows)).map(record => [record.id, record]),
    );
    return wanted.flatMap(id => {
      const record = byId.get(id);
      return record ? [record] : [];
    });
  }

  async listRecords(query: ListRecordsQuery): Promise<ListRecordsResult> {
    if (!isItsmRecordType(query.type)) {
      throw new InputError(`Unknown record type '${String(query.type)}'`);
    }
    const limit = checkLimit(query.limit);
    const afterSeq =
      query.cursor !== undefined
        ? decodeRecordsCursor(query.cursor, query.type)
        : undefined;

    const base = this.records().where('r.type', query.type);
    if (query.entityRefs && query.entityRefs.length > 0) {
      const refs = query.entityRefs;
      base.whereExists(
        this.db
          .select(this.db.raw('1'))
          .from(`${ENTITIES} as fe`)
          .whereRaw('?? = ??', ['fe.record_id', 'r.id'])
          .whereIn('fe.entity_ref', refs),
      );
    }
    if (query.states && query.states.length > 0) {
      base.whereIn('r.state', query.states);
    }
    if (query.priorities && query.priorities.length > 0) {
      base.whereIn('r.priority', query.priorities);
    }
    if (query.assignedGroups && query.assignedGroups.length > 0) {
      base.whereIn('r.assigned_group', query.assignedGroups);
    }
    const q = query.q?.trim();
    if (q) {
      const pattern = `%${escapeLike(q.toLowerCase())}%`;
      base.where(b =>
        b
          .whereRaw(`LOWER(??) LIKE ? ESCAPE '!'`, ['r.key', pattern])
          .orWhereRaw(`LOWER(??) LIKE ? ESCAPE '!'`, ['r.title', pattern])
          .orWhereRaw(`LOWER(??) LIKE ? ESCAPE '!'`, [
            'r.description',
            pattern,
          ]),
      );
    }
    if (query.permissionFilter) {
      applyCriteria(this.db, base, query.permissionFilter);
    }

    const countQuery = base.clone().count({ count: '*' });
    const pageQuery = base
      .clone()
      .select('r.*')
      .orderBy('r.seq', 'desc')
      .limit(limit + 1);
    if (afterSeq !== undefined) {
      pageQuery.where('r.seq', '<', afterSeq);
    }
    const [countRows, pageRows]: [
      Array<{ count: number | string }>,
      RecordRow[],
    ] = [await countQuery, await pageQuery]; // sequential: a transaction has one connection

    const hasMore = pageRows.length > limit;
    const items = await this.hydrate(pageRows.slice(0, limit));
    const last = items[items.length - 1];
    return {
      items,
      totalCount: Number(countRows[0]?.count ?? 0),
      nextCursor:
        hasMore && last
          ? encodeCursor({ k: 'records', t: query.type, s: last.seq })
          : undefined,
    };
  }

  async listRecordsInStateSince(
    type: ItsmRecordType,
    state: string,
    before: string,
  ): Promise<StoredRecord[]> {
    const rows: RecordRow[] = await this.records()
      .select('r.*')
      .where('r.type', type)
      .where('r.state', state)
      .where('r.state_changed_at', '<', toIso(before, 'before timestamp'))
      .orderBy('r.seq', 'asc');
    return this.hydrate(rows);
  }

  async listHistory(recordId: string): Promise<HistoryEntry[]> {
    if (!isUuid(recordId)) {
      return [];
    }
    const rows: HistoryRow[] = await this.db<HistoryRow>(HISTORY)
      .select('*')
      .where('record_id', recordId.toLowerCase())
      .orderBy('id', 'asc');
    return rows.map(toHistoryEntry);
  }

  async listComments(
    recordId: string,
    options: { limit: number; cursor?: string },
  ): Promise<{
    items: StoredComment[];
    nextCursor?: string;
    totalCount: number;
  }> {
    const limit = checkLimit(options.limit);
    const afterId =
      options.cursor !== undefined
        ? decodeCommentsCursor(options.cursor, recordId)
        : undefined;
    if (!isUuid(recordId)) {
      return { items: [], totalCount: 0 };
    }
    const base = this.db<CommentRow>(COMMENTS).where(
      'record_id',
      recordId.toLowerCase(),
    );
    const countQuery = base.clone().count({ count: '*' });
    const pageQuery = base
      .clone()
      .select('*')
      .orderBy('id', 'asc')
      .limit(limit + 1);
    if (afterId !== undefined) {
      pageQuery.where('id', '>', afterId);
    }
    // Sequential: inside a transaction there is one connection.
    const countRows = (await countQuery) as Array<{ count: number | string }>;
    const pageRows = (await pageQuery) as CommentRow[];
    const hasMore = pageRows.length > limit;
    const items = pageRows.slice(0, limit).map(toComment);
    const last = items[items.length - 1];
    return {
      items,
      totalCount: Number(countRows[0]?.count ?? 0),
      nextCursor:
        hasMore && last
          ? encodeCursor({ k: 'comments', r: recordId, i: last.id })
          : undefined,
    };
  }

  async listLinks(recordId: string): Promise<StoredLink[]> {
    if (!isUuid(recordId)) {
      return [];
    }
    const id = recordId.toLowerCase();
    const rows: LinkRow[] = await this.db<LinkRow>(LINKS)
      .select('*')
      .where(b => b.where('from_id', id).orWhere('to_id', id))
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'kind', order: 'asc' },
        { column: 'from_id', order: 'asc' },
        { column: 'to_id', order: 'asc' },
      ]);
    return rows.map(toLink);
  }

  async listApprovals(recordId: string): Promise<StoredApproval[]> {
    if (!isUuid(recordId)) {
      return [];
    }
    const rows: ApprovalRow[] = await this.db<ApprovalRow>(APPROVALS)
      .select('*')
      .where('record_id', recordId.toLowerCase())
      .orderBy('id', 'asc');
    return rows.map(toApproval);
  }
}

// ---------------------------------------------------------------------------
// Transaction

class KnexItsmStoreTransaction implements ItsmStoreTransaction {
  private readonly queries: Queries;

  constructor(private readonly trx: Knex.Transaction) {
    this.queries = new Queries(trx);
  }

  /** Hands out the next number of the type's key sequence (see top of file). */
  private async nextSeq(type: ItsmRecordType): Promise<number> {
    const increment = () =>
      this.trx(SEQUENCES)
        .where({ type })
        .update({ last_value: this.trx.raw('?? + 1', ['last_value']) });
    let updated = await increment();
    if (updated === 0) {
      await this.trx(SEQUENCES)
        .insert({ type, last_value: 0 })
        .onConflict('type')
        .ignore();
      updated = await increment();
    }
    const row: { last_value: number | string } | undefined = await this.trx(
      SEQUENCES,
    )
      .where({ type })
      .first('last_value');
    if (updated !== 1 || !row) {
      throw new Error(`Could not allocate a key for ${type}`);
    }
    return Number(row.last_value);
  }

  private async writeRefs(
    recordId: string,
    entityRefs: string[] | undefined,
    ownerRefs: string[] | undefined,
  ): Promise<void> {
    if (entityRefs) {
      await this.trx(ENTITIES).where('record_id', recordId).delete();
      for (const chunk of chunks(
        entityRefs.map((ref, i) => [ref, i] as const),
      )) {
        await this.trx(ENTITIES).insert(
          chunk.map(([ref, position]) => ({
            record_id: recordId,
            position,
            entity_ref: ref,
          })),
        );
      }
    }
    if (ownerRefs) {
      await this.trx(OWNERS).where('record_id', recordId).delete();
      for (const chunk of chunks(
        ownerRefs.map((ref, i) => [ref, i] as const),
      )) {
        await this.trx(OWNERS).insert(
          chunk.map(([ref, position]) => ({
            record_id: recordId,
            position,
            owner_ref: ref,
          })),
        );
      }
    }
  }

  private async mustGet(id: string): Promise<StoredRecord> {
    const [record] = await this.queries.getRecordsByIds([id]);
    if (!record) {
      throw new NotFoundError(`Record ${id} not found`);
    }
    return record;
  }

  async insertRecord(record: NewRecord): Promise<StoredRecord> {
    if (!isItsmRecordType(record.type)) {
      throw new InputError(`Unknown record type '${String(record.type)}'`);
    }
    if (!isUuid(record.id)) {
      throw new InputError(`Record id must be a uuid, got '${record.id}'`);
    }
    const id = record.id.toLowerCase();
    const now = toIso(record.now, 'now');
    const seq = await this.nextSeq(record.type);
    const key = `${ITSM_RECORD_TYPE_INFO[record.type].keyPrefix}-${seq}`;
    const row: RecordRow = {
      id,
      type: record.type,
      key,
      seq,
      title: record.title,
      description: record.description,
      state: record.state,
      priority: record.priority ?? null,
      assigned_group: record.assignedGroup ?? null,
      assignee: record.assignee ?? null,
      data: JSON.stringify(record.data ?? {}),
      created_by: record.createdBy,
      updated_by: record.createdBy,
      created_at: now,
      updated_at: now,
      state_changed_at: now,
      version: 1,
    };
    await this.trx(RECORDS).insert(row);
    await this.writeRefs(id, record.entityRefs ?? [], record.ownerRefs ?? []);
    return this.mustGet(id);
  }

  getRecordForUpdate(
    type: ItsmRecordType,
    idOrKey: string,
  ): Promise<StoredRecord | undefined> {
    return this.queries.getRecord(type, idOrKey, { forUpdate: true });
  }

  async updateRecord(
    id: string,
    expectedVersion: number,
    patch: RecordPatch,
  ): Promise<StoredRecord> {
    if (!isUuid(id)) {
      throw new NotFoundError(`Record ${id} not found`);
    }
    const recordId = id.toLowerCase();
    const now = toIso(patch.now, 'now');
    const changes: Record<string, unknown> = {
      updated_by: patch.updatedBy,
      updated_at: now,
      version: this.trx.raw('?? + 1', ['version']),
    };
    if (patch.title !== undefined) changes.title = patch.title;
    if (patch.description !== undefined) {
      changes.description = patch.description;
    }
    if (patch.state !== undefined) {
      changes.state = patch.state;
      // Right-hand sides see the row before the update (PostgreSQL and SQLite).
      changes.state_changed_at = this.trx.raw(
        'CASE WHEN ?? = ? THEN ?? ELSE ? END',
        ['state', patch.state, 'state_changed_at', now],
      );
    }
    if (patch.priority !== undefined) changes.priority = patch.priority;
    if (patch.assignedGroup !== undefined) {
      changes.assigned_group = patch.assignedGroup;
    }
    if (patch.assignee !== undefined) changes.assignee = patch.assignee;
    if (patch.data !== undefined) changes.data = JSON.stringify(patch.data);

    const updated = await this.trx(RECORDS)
      .where({ id: recordId, version: expectedVersion })
      .update(changes);
    if (updated === 0) {
      const current: { key: string; version: number | string } | undefined =
        await this.trx(RECORDS).where({ id: recordId }).first('key', 'version');
      if (!current) {
        throw new NotFoundError(`Record ${id} not found`);
      }
      throw new ConflictError(
        `${current.key} was changed by someone else (version ${Number(
          current.version,
        )} is current, you sent ${expectedVersion}); reload and try again`,
      );
    }
    await this.writeRefs(recordId, patch.entityRefs, patch.ownerRefs);
    return this.mustGet(recordId);
  }

  async appendHistory(
    recordId: string,
    entries: NewHistoryEntry[],
  ): Promise<void> {
    // One insert per entry so ids (and thus the order) follow the array order.
    for (const entry of entries) {
      await this.trx(HISTORY).insert({
        record_id: recordId.toLowerCase(),
        at: toIso(entry.at, 'history timestamp'),
        actor: entry.actor,
        action: entry.action,
        field: entry.field ?? null,
        from_value: toJsonText(entry.from),
        to_value: toJsonText(entry.to),
      });
    }
  }

  async addComment(
    recordId: string,
    author: string,
    body: string,
    now: string,
  ): Promise<StoredComment> {
    const createdAt = toIso(now, 'now');
    const id = insertedId(
      await this.trx(COMMENTS)
        .insert({
          record_id: recordId.toLowerCase(),
          author,
          body,
          created_at: createdAt,
        })
        .returning('id'),
    );
    return { id, recordId: recordId.toLowerCase(), author, body, createdAt };
  }

  async addLink(link: StoredLink): Promise<void> {
    await this.trx(LINKS)
      .insert({
        from_id: link.fromId.toLowerCase(),
        to_id: link.toId.toLowerCase(),
        kind: link.kind,
        created_by: link.createdBy,
        created_at: toIso(link.createdAt, 'link timestamp'),
      })
      .onConflict(['from_id', 'to_id', 'kind'])
      .ignore();
  }

  async removeLink(fromId: string, toId: string, kind: string): Promise<void> {
    if (!isUuid(fromId) || !isUuid(toId)) {
      return;
    }
    await this.trx(LINKS)
      .where({
        from_id: fromId.toLowerCase(),
        to_id: toId.toLowerCase(),
        kind,
      })
      .delete();
  }

  async addApproval(
    approval: Omit<StoredApproval, 'id'>,
  ): Promise<StoredApproval> {
    const row = {
      record_id: approval.recordId.toLowerCase(),
      approver_ref: approval.approverRef,
      decision: approval.decision,
      reason: approval.reason ?? null,
      decided_by: approval.decidedBy,
      decided_at: toIso(approval.decidedAt, 'decision timestamp'),
      superseded: approval.superseded ?? false,
    };
    const id = insertedId(
      await this.trx(APPROVALS).insert(row).returning('id'),
    );
    return toApproval({ id, ...row });
  }

  async supersedeApprovals(recordId: string): Promise<void> {
    if (!isUuid(recordId)) {
      return;
    }
    await this.trx(APPROVALS)
      .where({ record_id: recordId.toLowerCase(), superseded: false })
      .update({ superseded: true });
  }

  getRecordsByIds(ids: string[]): Promise<StoredRecord[]> {
    return this.queries.getRecordsByIds(ids);
  }

  listRecords(query: ListRecordsQuery): Promise<ListRecordsResult> {
    return this.queries.listRecords(query);
  }

  listLinks(recordId: string): Promise<StoredLink[]> {
    return this.queries.listLinks(recordId);
  }

  listApprovals(recordId: string): Promise<StoredApproval[]> {
    return this.queries.listApprovals(recordId);
  }
}

// ---------------------------------------------------------------------------
// Store

/**
 * The knex (PostgreSQL / SQLite) implementation of {@link ItsmStore}.
 *
 * In the plugin: `const store = await KnexItsmStore.create({ database })`.
 * In tests: `await migrateItsmDatabase(knex); new KnexItsmStore(knex)`.
 */
export class KnexItsmStore implements ItsmStore {
  private readonly queries: Queries;

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexItsmStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await migrateItsmDatabase(client);
    }
    return new KnexItsmStore(client);
  }

  constructor(private readonly db: Knex) {
    this.queries = new Queries(db);
  }

  transaction<T>(fn: (tx: ItsmStoreTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(trx => fn(new KnexItsmStoreTransaction(trx)));
  }

  getRecord(
    type: ItsmRecordType,
    idOrKey: string,
    permissionFilter?: PermissionCriteria<RecordFilter>,
  ): Promise<StoredRecord | undefined> {
    return this.queries.getRecord(type, idOrKey, { permissionFilter });
  }

  getRecordsByIds(ids: string[]): Promise<StoredRecord[]> {
    return this.queries.getRecordsByIds(ids);
  }

  listRecords(query: ListRecordsQuery): Promise<ListRecordsResult> {
    return this.queries.listRecords(query);
  }

  listHistory(recordId: string): Promise<HistoryEntry[]> {
    return this.queries.listHistory(recordId);
  }

  listComments(
    recordId: string,
    options: { limit: number; cursor?: string },
  ): Promise<{
    items: StoredComment[];
    nextCursor?: string;
    totalCount: number;
  }> {
    return this.queries.listComments(recordId, options);
  }

  listLinks(recordId: string): Promise<StoredLink[]> {
    return this.queries.listLinks(recordId);
  }

  listApprovals(recordId: string): Promise<StoredApproval[]> {
    return this.queries.listApprovals(recordId);
  }

  listRecordsInStateSince(
    type: ItsmRecordType,
    state: string,
    before: string,
  ): Promise<StoredRecord[]> {
    return this.queries.listRecordsInStateSince(type, state, before);
  }
}
