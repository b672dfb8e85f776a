import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { attachDocuments } from './documents';
import { RecordLists } from './recordLists';
import { applyCriteria } from './permissionFilter';
import {
  APPROVALS,
  ApprovalRow,
  checkLimit,
  chunks,
  COMMENTS,
  CommentRow,
  Db,
  decodeCommentsCursor,
  encodeCursor,
  ENTITIES,
  fromJsonText,
  HISTORY,
  HistoryRow,
  isUuid,
  LINKS,
  LinkRow,
  OWNERS,
  RECORDS,
  RecordRow,
  RefRow,
  toApproval,
  toComment,
  toHistoryEntry,
  toIso,
  toLink,
} from './rows';
import {
  HistoryEntry,
  ListRecordsQuery,
  ListRecordsResult,
  RecordFilter,
  StoredApproval,
  StoredComment,
  StoredLink,
  StoredRecord,
} from './types';

/** The reads shared by the store and its transactions. */
export class Queries {
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
    const [record] = await attachDocuments(this.db, await this.hydrate(rows));
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
      (await attachDocuments(this.db, await this.hydrate(rows))).map(record => [
        record.id,
        record,
      ]),
    );
    return wanted.flatMap(id => {
      const record = byId.get(id);
      return record ? [record] : [];
    });
  }

  listRecords(query: ListRecordsQuery): Promise<ListRecordsResult> {
    return new RecordLists(this.db, rows => this.hydrate(rows)).listRecords(
      query,
    );
  }

  async listRecordsInStateSince(
    type: ItsmRecordType,
    state: string,
    before: string,
    page: { limit: number; afterSeq?: number },
  ): Promise<StoredRecord[]> {
    const query = this.records()
      .select('r.*')
      .where('r.type', type)
      .where('r.state', state)
      .where('r.state_changed_at', '<', toIso(before, 'before timestamp'))
      .orderBy('r.seq', 'asc')
      .limit(checkLimit(page.limit));
    if (page.afterSeq !== undefined) query.where('r.seq', '>', page.afterSeq);
    const rows: RecordRow[] = await query;
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
    options: { limit: number; cursor?: string; internal: boolean },
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
    // Internal notes are left out here, never after reading a page: the
    // index (record_id, visibility, id) pages and counts the public ones.
    if (!options.internal) base.where('visibility', 'public');
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
