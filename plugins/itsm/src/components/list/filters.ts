import {
  isPriority,
  isRecordSort,
  ItsmRecordType,
  Priority,
  RecordSort,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import type { ListQuery } from '../../api';
import { recordTypeDescriptor } from '../../records/registry';

/** The filters of a record list, as kept in the URL query string. */
export interface ListFilters {
  state: string[];
  priority: Priority[];
  entityRef: string[];
  /** A System or Domain among `entityRef` stands for its parts too. */
  includeParts: boolean;
  assignedGroup: string[];
  q: string;
}

export const EMPTY_FILTERS: ListFilters = {
  state: [],
  priority: [],
  entityRef: [],
  includeParts: false,
  assignedGroup: [],
  q: '',
};

/** Splits a comma or newline separated text into trimmed, non-empty parts. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map(s => s.trim())
    .filter(Boolean);
}

/**
 * Reads the filters from the query string; unknown states and priorities
 * are dropped, so a hand-edited URL cannot produce a bad request.
 */
export function parseFilters(
  type: ItsmRecordType,
  params: URLSearchParams,
): ListFilters {
  const states = STATE_MACHINES[type].states;
  return {
    state: params.getAll('state').filter(s => states.includes(s)),
    priority: recordTypeDescriptor(type).priorityFilter
      ? params.getAll('priority').filter(isPriority)
      : [],
    entityRef: params.getAll('entityRef').flatMap(splitList),
    includeParts: params.get('includeParts') === 'true',
    assignedGroup: params.getAll('assignedGroup').flatMap(splitList),
    q: params.get('q')?.trim() ?? '',
  };
}

/** Writes filters as a query string (repeated parameters for several values). */
export function filtersToSearch(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  filters.state.forEach(s => params.append('state', s));
  filters.priority.forEach(p => params.append('priority', p));
  filters.entityRef.forEach(r => params.append('entityRef', r));
  if (filters.includeParts) params.set('includeParts', 'true');
  filters.assignedGroup.forEach(g => params.append('assignedGroup', g));
  if (filters.q) params.set('q', filters.q);
  return params;
}

/** Tells whether any filter is set. */
export function hasFilters(filters: ListFilters): boolean {
  return (
    filters.state.length > 0 ||
    filters.priority.length > 0 ||
    filters.entityRef.length > 0 ||
    filters.assignedGroup.length > 0 ||
    filters.q.length > 0
  );
}

/** The page sizes a list offers, and the one it starts with. */
export const PAGE_SIZES = [25, 50, 100];
export const DEFAULT_PAGE_SIZE = 50;

/**
 * What a list shows, all of it in the URL so that Back, forward, reload and
 * a shared link return to it: the filters, the order (`sort`, absent: the
 * server's default), the page size (`size`) and the page (`cursor`, the
 * server's cursor of the page, and `offset`, the number of rows before it).
 */
export interface ListView {
  filters: ListFilters;
  sort?: RecordSort;
  size: number;
  cursor?: string;
  offset: number;
}

/** Reads a list view from the query string; bad values fall back to the defaults. */
export function parseListView(
  type: ItsmRecordType,
  params: URLSearchParams,
): ListView {
  const sort = params.get('sort');
  const size = Number(params.get('size'));
  const cursor = params.get('cursor') || undefined;
  const offset = Number(params.get('offset'));
  return {
    filters: parseFilters(type, params),
    sort: isRecordSort(sort) ? sort : undefined,
    size: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
    cursor,
    offset: cursor && Number.isSafeInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** Writes a list view as a query string (the defaults left out). */
export function listViewToSearch(view: ListView): URLSearchParams {
  const params = filtersToSearch(view.filters);
  if (view.sort) params.set('sort', view.sort);
  if (view.size !== DEFAULT_PAGE_SIZE) params.set('size', String(view.size));
  if (view.cursor) {
    params.set('cursor', view.cursor);
    params.set('offset', String(view.offset));
  }
  return params;
}

/** The list query the API gets for these filters, order and page. */
export function toListQuery(
  filters: ListFilters,
  page: { limit?: number; cursor?: string; sort?: RecordSort },
): ListQuery {
  const query: ListQuery = {};
  if (page.limit !== undefined) query.limit = page.limit;
  if (page.sort) query.sort = page.sort;
  if (filters.state.length) query.state = filters.state;
  if (filters.priority.length) query.priority = filters.priority;
  if (filters.entityRef.length) {
    query.entityRef = filters.entityRef;
    if (filters.includeParts) query.includeParts = true;
  }
  if (filters.assignedGroup.length) query.assignedGroup = filters.assignedGroup;
  if (filters.q) query.q = filters.q;
  if (page.cursor) query.cursor = page.cursor;
  return query;
}
