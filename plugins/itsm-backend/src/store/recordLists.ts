import { InputError } from '@backstage/errors';
import {
  ItsmRecordType,
  isItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { factQuery } from './facts';
import {
  applySort,
  checkSort,
  decodeListCursor,
  encodeListCursor,
} from './listSort';
import { applyCriteria } from './permissionFilter';
import { textSearch } from './textSearch';
import { checkLimit, Db, ENTITIES, RECORDS, RecordRow, toIso } from './rows';
import { ListRecordsQuery, ListRecordsResult, StoredRecord } from './types';

/**
 * Totals are counted up to this many matches; beyond it a list answers this
 * number as a lower bound (`totalCountIsLowerBound`). A count reads the rows
 * it counts, so an exact total of a broad list (every incident, every closed
 * one, a common word) would read hundreds of thousands of rows per page.
 */
export const COUNT_LIMIT = 10_000;

/**
 * A text search counts its matches up to this many, and ranks them only
 * when there are no more (ranking reads every match); beyond it, it lists
 * them newest first with this lower bound, and a narrower search ranks.
 * Finding a word's matches is one read of its type's GIN index
 * (migrations/20261203120000_search_by_type.js) but each counted match is a
 * record read: 1,000 of them take tens of milliseconds at full scale,
 * 10,000 over a hundred (docs/performance.md).
 */
export const SEARCH_COUNT_LIMIT = 1_000;

/**
 * The records of some entities are counted from the entity rows' index
 * alone (no record is read), so their exact total is cheap well beyond
 * COUNT_LIMIT: a hub with tens of thousands of incidents gets its total.
 */
export const ENTITY_COUNT_LIMIT = 100_000;

/** Above every key number (`seq` is an `integer`); a cursor may carry it. */
const TOP_SEQ = 2 ** 31 - 1;

/**
 * Lists of records: a page in key order (newest first), by search rank, or
 * in a chosen order (store/listSort.ts), and its total, each from an index
 * (migrations/20261203090000_list_indexes.js,
 * 20261204120000_list_sort_indexes.js, docs/performance.md). Used by
 * Queries, for the store and its transactions.
 */
export class RecordLists {
  constructor(
    private readonly db: Db,
    private readonly hydrate: (rows: RecordRow[]) => Promise<StoredRecord[]>,
  ) {}

  private get isPostgres(): boolean {
    return this.db.client.dialect === 'postgresql';
  }

  private records(): Knex.QueryBuilder {
    return this.db(`${RECORDS} as r`);
  }

  async listRecords(query: ListRecordsQuery): Promise<ListRecordsResult> {
    if (!isItsmRecordType(query.type)) {
      throw new InputError(`Unknown record type '${String(query.type)}'`);
    }
    const type = query.type;
    const limit = checkLimit(query.limit);
    // An explicit order, newest first included, overrides a search's rank.
    const order = checkSort(query.sort);
    const after =
      query.cursor !== undefined
        ? decodeListCursor(query.cursor, type, order)
        : undefined;
    const refs =
      query.entityRefs && query.entityRefs.length > 0
        ? query.entityRefs
        : undefined;
    const search = query.q ? textSearch(this.db, query.q) : undefined;

    let pageRows: RecordRow[];
    let count: () => Promise<{ total: number; bounded: boolean }>;
    let ranked = false;
    /** Where the next page starts, when not after the last record. */
    let nextSeq: number | undefined;
    const newestFirst = order === undefined || order === '-key';
    if (refs && !search && newestFirst && !hasRecordFilters(query)) {
      // The records of some entities, nothing else asked: page and total
      // from the entity rows' index alone (see listEntityRecords).
      ({ pageRows, count } = await this.listEntityRecords(
        type,
        refs,
        limit,
        after?.seq,
      ));
    } else {
      const base = this.records().where('r.type', type);
      if (refs) base.whereIn('r.seq', this.entitySeqs(type, refs));
      this.applyRecordFilters(base, query);
      search?.apply(base);
      if (query.permissionFilter) {
        applyCriteria(this.db, base, query.permissionFilter);
      }

      const counted = () =>
        boundedCount(
          this.db,
          base.clone().select(this.db.raw('1 as ??', ['one'])),
          search ? SEARCH_COUNT_LIMIT : COUNT_LIMIT,
        );
      const pageQuery = base.clone().limit(limit + 1);
      // A text search is ranked (best match first, then newest) when its
      // total is exact: ranking reads every match. A broader one lists its
      // matches newest first, like any list. A cursor carries the rank of a
      // ranked search, so later pages keep the order of the first.
      const searchTotal = search ? await counted() : undefined;
      if (search && !order) {
        ranked = after ? after.rank !== undefined : !searchTotal!.bounded;
      }
      if (search && ranked) {
        pageQuery.select('r.*', { search_rank: search.rank }).orderBy([
          { column: 'search_rank', order: 'desc' },
          { column: 'r.seq', order: 'desc' },
        ]);
        if (after?.rank !== undefined) {
          pageQuery.whereRaw('(? < ? OR (? = ? AND ?? < ?))', [
            search.rank,
            after.rank,
            search.rank,
            after.rank,
            'r.seq',
            after.seq,
          ]);
        }
        pageRows = await pageQuery;
      } else if (order) {
        pageQuery.select('r.*');
        applySort(pageQuery, order, after);
        pageRows = await pageQuery;
      } else {
        pageQuery.select('r.*').orderBy('r.seq', 'desc');
        if (after) pageQuery.where('r.seq', '<', after.seq);
        const key = search?.key;
        if (key) {
          // The record a search names by key comes first (on the first
          // page), as it ranks first in a ranked search.
          const named: RecordRow[] = after
            ? []
            : await base.clone().select('r.*').where('r.key', key).limit(1);
          pageQuery.whereNot('r.key', key).limit(limit + 1 - named.length);
          pageRows = [...named, ...(await pageQuery)];
          // A page of the named record alone: the next starts at the top.
          if (named.length === 1 && limit === 1) nextSeq = TOP_SEQ;
        } else {
          pageRows = await pageQuery;
        }
      }
      count = searchTotal ? async () => searchTotal : counted;
    }

    const hasMore = pageRows.length > limit;
    const rows = pageRows.slice(0, limit);
    // A first page that holds every match is its own total. Otherwise one
    // more query counts (sequential: a transaction has one connection).
    const { total, bounded } =
      (after === undefined && !hasMore) || query.skipTotal
        ? { total: rows.length, bounded: false }
        : await count();
    const items = await this.hydrate(rows);
    const last = items[items.length - 1];
    const lastRow = rows[rows.length - 1];
    const lastRank = (lastRow as { search_rank?: unknown })?.search_rank;
    return {
      items,
      totalCount: total,
      ...(bounded ? { totalCountIsLowerBound: true } : {}),
      nextCursor:
        hasMore && last
          ? encodeListCursor(type, order, nextSeq ?? last.seq, {
              row: lastRow,
              ...(ranked ? { rank: Number(lastRank) } : {}),
            })
          : undefined,
    };
  }

  /**
   * The key numbers (`record_seq`) of the records of a type concerning any
   * of `refs`, from the entity rows alone (index (entity_ref, record_type,
   * record_seq), migrations/20261203090000_list_indexes.js).
   */
  private entitySeqs(type: ItsmRecordType, refs: string[]) {
    return this.db
      .select('fe.record_seq')
      .from(`${ENTITIES} as fe`)
      .whereIn('fe.entity_ref', refs)
      .where('fe.record_type', type);
  }

  /**
   * A page of the records of a type concerning any of `refs`, newest first,
   * and their total, when nothing else filters them. The page is the first
   * entries of the entities' index range read backwards (no more than the
   * page, however many records the entities have), each record then found
   * by (type, seq); the total counts that range in the index alone.
   */
  private async listEntityRecords(
    type: ItsmRecordType,
    refs: string[],
    limit: number,
    afterSeq: number | undefined,
  ) {
    // A record on two of the entities is one record (DISTINCT).
    const seqs = this.entitySeqs(type, refs).distinct();
    const pageSeqs = seqs
      .clone()
      .orderBy('fe.record_seq', 'desc')
      .limit(limit + 1);
    if (afterSeq !== undefined) pageSeqs.where('fe.record_seq', '<', afterSeq);
    // The page's numbers first, then their records: on SQLite CROSS JOIN
    // keeps that order (it would otherwise walk every record of the type in
    // key order, probing the numbers), PostgreSQL finds it by itself.
    const page = this.db
      .select('r.*')
      .from(this.db.raw('(?) as ??', [pageSeqs, 'p']))
      .orderBy('r.seq', 'desc');
    const on = (j: Knex.JoinClause) =>
      j.on('r.seq', '=', 'p.record_seq').andOnVal('r.type', '=', type);
    if (this.isPostgres) page.join(`${RECORDS} as r`, on);
    else page.crossJoin(`${RECORDS} as r`, on as any);
    const pageRows: RecordRow[] = await page;
    return {
      pageRows,
      count: () => boundedCount(this.db, seqs, ENTITY_COUNT_LIMIT),
    };
  }

  /** The list filters on the record's own columns and facts. */
  private applyRecordFilters(
    base: Knex.QueryBuilder,
    query: ListRecordsQuery,
  ): void {
    if (query.states && query.states.length > 0) {
      base.whereIn('r.state', query.states);
    }
    if (query.priorities && query.priorities.length > 0) {
      base.whereIn('r.priority', query.priorities);
    }
    if (query.assignedGroups && query.assignedGroups.length > 0) {
      base.whereIn('r.assigned_group', query.assignedGroups);
    }
    for (const fact of query.facts ?? []) {
      base.whereExists(factQuery(this.db, fact.name, fact.values, fact.except));
    }
    if (query.overlaps) {
      const { name, from, to } = query.overlaps;
      base.whereExists(
        factQuery(this.db, name)
          .where('ff.start_at', '<', toIso(to, 'overlap end'))
          .where(b =>
            b
              .whereNull('ff.end_at')
              .orWhere('ff.end_at', '>', toIso(from, 'overlap start')),
          ),
      );
    }
    if (query.createdBefore) {
      base.where(
        'r.created_at',
        '<',
        toIso(query.createdBefore, 'createdBefore'),
      );
    }
    if (query.createdSince) {
      base.where(
        'r.created_at',
        '>=',
        toIso(query.createdSince, 'createdSince'),
      );
    }
  }
}

/** Whether a list filters on anything but its type and entities. */
function hasRecordFilters(query: ListRecordsQuery): boolean {
  return Boolean(
    query.states?.length ||
      query.priorities?.length ||
      query.assignedGroups?.length ||
      query.facts?.length ||
      query.overlaps ||
      query.createdBefore ||
      query.createdSince ||
      query.permissionFilter,
  );
}

/**
 * The number of rows `query` selects, up to `max`: it reads at most
 * `max + 1` of them, and says `bounded` when there are more.
 */
export async function boundedCount(
  db: Db,
  query: Knex.QueryBuilder,
  max: number,
): Promise<{ total: number; bounded: boolean }> {
  const rows: Array<{ count: number | string }> = await db
    .count({ count: '*' })
    .from(
      query
        .clone()
        .limit(max + 1)
        .as('counted'),
    );
  const n = Number(rows[0]?.count ?? 0);
  return n > max ? { total: max, bounded: true } : { total: n, bounded: false };
}
