import { InputError } from '@backstage/errors';
import {
  DEFAULT_RECORD_SORT,
  isRecordSort,
  ItsmRecordType,
  parseRecordSort,
  RECORD_SORT_FIELDS,
  RecordSort,
  RecordSortField,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { decodeCursor, encodeCursor, isPositiveInt, RecordRow } from './rows';

/**
 * The orders of a record list (itsm-common's RECORD_SORTS) in SQL, and
 * their cursors. A list in an order other than newest first pages by keyset
 * on (column, seq), both in the order's direction: a page is a range of the
 * index (type, column, seq) (migrations/20261204120000_list_sort_indexes.js)
 * from the last row of the page before, exact at any page size however the
 * rows tie. The one nullable column, `priority`, sorts its NULLs after every
 * value ascending and before every value descending (PostgreSQL's default
 * order, which its index scans either way; SQLite is told NULLS LAST/FIRST).
 */

/** The row column of each sort field, and whether it may be NULL. */
const COLUMNS: Record<RecordSortField, { column: string; nullable: boolean }> =
  {
    key: { column: 'seq', nullable: false },
    createdAt: { column: 'created_at', nullable: false },
    updatedAt: { column: 'updated_at', nullable: false },
    priority: { column: 'priority', nullable: true },
    title: { column: 'title', nullable: false },
    state: { column: 'state', nullable: false },
  };

/** The longest list cursor (a title sort carries a title of up to 200 characters). */
export const MAX_LIST_CURSOR_LENGTH = 2048;

/** A sort as the list query names it, checked: 400 naming `sort` otherwise. */
export function checkSort(sort: unknown): RecordSort | undefined {
  if (sort === undefined) return undefined;
  if (!isRecordSort(sort)) {
    throw new InputError(
      `Invalid sort '${String(
        sort,
      )}': must be a field (${RECORD_SORT_FIELDS.join(
        ', ',
      )}), ascending, or descending with a leading '-'`,
    );
  }
  return sort;
}

/**
 * Where a page of records ends: its last record's seq and, for a ranked
 * text search, its rank, for another order its value of the sort column.
 */
export interface ListCursor {
  seq: number;
  rank?: number;
  value?: string | null;
}

/**
 * The cursor after `row` in `order` (undefined: newest first), with the
 * rank of a ranked search.
 */
export function encodeListCursor(
  type: ItsmRecordType,
  order: RecordSort | undefined,
  seq: number,
  extra: { rank?: number; row?: RecordRow },
): string {
  const payload: Record<string, unknown> = { k: 'records', t: type, s: seq };
  if (extra.rank !== undefined) payload.r = extra.rank;
  if (order && order !== DEFAULT_RECORD_SORT) {
    payload.o = order;
    const { field } = parseRecordSort(order);
    if (field !== 'key') {
      const value = (extra.row as unknown as Record<string, unknown>)[
        COLUMNS[field].column
      ];
      payload.v = value === undefined ? null : value;
    }
  }
  return encodeCursor(payload);
}

/**
 * Decodes a list cursor made for `type` and `order`; one made for another
 * type, or another order (`sort`), is refused (400).
 */
export function decodeListCursor(
  cursor: string,
  type: ItsmRecordType,
  order: RecordSort | undefined,
): ListCursor {
  const parsed = decodeCursor(cursor, MAX_LIST_CURSOR_LENGTH);
  const invalid = () => new InputError('Invalid cursor');
  const allowed = new Set(['k', 't', 's', 'r', 'o', 'v']);
  if (
    Object.keys(parsed).some(k => !allowed.has(k)) ||
    parsed.k !== 'records' ||
    parsed.t !== type ||
    !isPositiveInt(parsed.s) ||
    parsed.s > 2 ** 31 - 1 ||
    ('r' in parsed &&
      (typeof parsed.r !== 'number' || !isFinite(parsed.r) || 'o' in parsed))
  ) {
    throw invalid();
  }
  const made = 'o' in parsed ? parsed.o : DEFAULT_RECORD_SORT;
  if (!isRecordSort(made) || made === DEFAULT_RECORD_SORT) {
    if ('o' in parsed) throw invalid();
  }
  const wanted = order ?? DEFAULT_RECORD_SORT;
  if (made !== wanted || ('r' in parsed && order !== undefined)) {
    throw new InputError(
      `Invalid cursor: it pages the list in sort '${String(
        'r' in parsed ? 'rank' : made,
      )}', not '${wanted}'; start again without a cursor`,
    );
  }
  const { field } = parseRecordSort(wanted);
  if (field === 'key') {
    if ('v' in parsed) throw invalid();
    return 'r' in parsed
      ? { seq: parsed.s, rank: parsed.r as number }
      : { seq: parsed.s };
  }
  const v = parsed.v;
  if (
    !(typeof v === 'string' && v.length <= 1000) &&
    !(v === null && COLUMNS[field].nullable)
  ) {
    throw invalid();
  }
  return { seq: parsed.s, value: v as string | null };
}

/**
 * Orders `query` (rows of `r`) by `order` and, with `after`, keeps the rows
 * after that cursor's row in that order.
 */
export function applySort(
  query: Knex.QueryBuilder,
  order: RecordSort,
  after: ListCursor | undefined,
): void {
  const { field, descending } = parseRecordSort(order);
  const { column, nullable } = COLUMNS[field];
  const dir = descending ? 'desc' : 'asc';
  const col = `r.${column}`;
  if (field === 'key') {
    query.orderBy('r.seq', dir);
    if (after) query.where('r.seq', descending ? '<' : '>', after.seq);
    return;
  }
  let nulls = '';
  if (nullable) nulls = descending ? ' nulls first' : ' nulls last';
  query.orderByRaw(`?? ${dir}${nulls}, ?? ${dir}`, [col, 'r.seq']);
  if (!after) return;
  const op = descending ? '<' : '>';
  const v = after.value ?? null;
  // A row value comparison: a range of the index (type, column, seq).
  const past = (b: Knex.QueryBuilder) =>
    b.whereRaw(`(??, ??) ${op} (?, ?)`, [col, 'r.seq', v, after.seq]);
  if (!nullable) {
    past(query);
  } else if (!descending) {
    // NULLs last: after a value, the greater ones and every NULL; after a
    // NULL, the NULLs of greater seq.
    if (v === null) query.whereNull(col).where('r.seq', '>', after.seq);
    else query.where(b => past(b).orWhereNull(col));
  } else if (v === null) {
    // NULLs first: after a NULL, the NULLs of lesser seq and every value.
    query.where(b =>
      b
        .where(n => n.whereNull(col).where('r.seq', '<', after.seq))
        .orWhereNotNull(col),
    );
  } else {
    past(query);
  }
}
