import {
  ItsmRecord,
  ItsmRecordType,
  itsmRecordReadPermission,
  RecordSort,
} from '@backstage-itsm/plugin-itsm-common';
import { listPages } from '../store/listAll';
import { RecordEngine } from './RecordEngine';
import { Caller } from './types';

/** Query of a record list, as the router parsed it. */
export interface ListParams {
  entityRefs?: string[];
  states?: string[];
  priorities?: string[];
  assignedGroups?: string[];
  q?: string;
  /** The order (RECORD_SORTS); by default newest first, a search by rank. */
  sort?: RecordSort;
  limit?: number;
  cursor?: string;
}

/** The store's list query of the router's parameters, paging aside. */
export function listQuery(type: ItsmRecordType, params: ListParams) {
  return {
    type,
    entityRefs: params.entityRefs,
    states: params.states,
    priorities: params.priorities,
    assignedGroups: params.assignedGroups,
    q: params.q,
    sort: params.sort,
  };
}

/**
 * Every record of a list the caller may read, in the list's order, a batch
 * at a time: each batch one keyset page of the store (store/listAll.ts
 * listPages; the caller's read permission applied in SQL, no total
 * counted), the next read only when the consumer asks for it. For an
 * export (`GET /{type}?format=csv`).
 */
export async function* listAllRecords(
  engine: RecordEngine,
  type: ItsmRecordType,
  params: Omit<ListParams, 'limit' | 'cursor'>,
  caller: Caller,
): AsyncGenerator<ItsmRecord[]> {
  const access = await engine.deps.authorizer.listAccess(
    itsmRecordReadPermission,
    caller.credentials,
  );
  if (access.result === 'none') return;
  for await (const page of listPages(engine.deps.store, {
    ...listQuery(type, params),
    permissionFilter: access.result === 'filtered' ? access.filter : undefined,
  })) {
    yield page.map(r => engine.toApi(r));
  }
}
