/**
 * The orders of a record list (`GET /{type}?sort=`): a field, ascending, or
 * descending with a leading `-`. Each is a column of the record row with
 * an index (type, column, seq) behind it; ties are broken by the key number
 * in the same direction, so every order is total and pages by keyset
 * (plugins/itsm-backend/src/store/listSort.ts).
 *
 * - `key`: the key number (INC-12 after INC-11); `-key`, newest first, is
 *   the default.
 * - `createdAt`, `updatedAt`: the instants (ISO 8601 text, ordered as time).
 * - `priority`: P1 first; records without a priority (problems, changes)
 *   after every priority, in both directions reversed as a whole.
 * - `title`, `state`: as the database collates text.
 *
 * @public
 */
export const RECORD_SORT_FIELDS = [
  'key',
  'createdAt',
  'updatedAt',
  'priority',
  'title',
  'state',
] as const;

/** @public */
export type RecordSortField = (typeof RECORD_SORT_FIELDS)[number];

/** A list order: a field ascending, or `-field` descending. @public */
export type RecordSort = RecordSortField | `-${RecordSortField}`;

/** Every list order, as the `sort` parameter takes it. @public */
export const RECORD_SORTS: readonly RecordSort[] = RECORD_SORT_FIELDS.flatMap(
  f => [f, `-${f}`] as RecordSort[],
);

/** The order of a list that names none: newest first. @public */
export const DEFAULT_RECORD_SORT: RecordSort = '-key';

/** @public */
export function isRecordSort(value: unknown): value is RecordSort {
  return (
    typeof value === 'string' &&
    (RECORD_SORTS as readonly string[]).includes(value)
  );
}

/** The field and direction of an order. @public */
export function parseRecordSort(sort: RecordSort): {
  field: RecordSortField;
  descending: boolean;
} {
  return sort.startsWith('-')
    ? { field: sort.slice(1) as RecordSortField, descending: true }
    : { field: sort as RecordSortField, descending: false };
}

/**
 * The order a column header asks for when clicked: the active field
 * reversed, or a new field in its natural first direction (the newest
 * first for the key and the instants, otherwise ascending). @public
 */
export function nextRecordSort(
  current: RecordSort,
  field: RecordSortField,
): RecordSort {
  const active = parseRecordSort(current);
  if (active.field === field) {
    return (active.descending ? field : `-${field}`) as RecordSort;
  }
  return ['key', 'createdAt', 'updatedAt'].includes(field)
    ? (`-${field}` as RecordSort)
    : field;
}
