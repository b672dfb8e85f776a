import {
  isPriority,
  ItsmRecordType,
  Priority,
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

/** The list query the API gets for these filters and page. */
export function toListQuery(
  filters: ListFilters,
  page: { limit: number; cursor?: string },
): ListQuery {
  const query: ListQuery = { limit: page.limit };
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
