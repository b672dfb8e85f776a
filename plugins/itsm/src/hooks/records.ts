import { useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ItsmComment,
  ItsmPage,
  ItsmRecordPage,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import {
  CommentBody,
  itsmApiRef,
  ItsmHistory,
  ListQuery,
  RecordDetail,
  RecordOf,
  TransitionBody,
} from '../api';
import { useRecordRefresh } from './RecordRefresh';
import { ItsmData, useItsmApi } from './useItsmApi';

/** How many comments a page of comments holds. */
export const COMMENTS_PAGE = 50;

/**
 * One record with its links (and, for a change, its approvals and
 * assessment); read again after every write to the record.
 */
export function useRecord<T extends ItsmRecordType>(
  type: T,
  key: string,
): ItsmData<RecordDetail<T>> {
  const { recordVersion } = useRecordRefresh();
  return useItsmApi(
    api => api.getRecord(type, key),
    [type, key, recordVersion],
  );
}

/** The history of a record, oldest first; read again after every write. */
export function useRecordHistory(
  type: ItsmRecordType,
  key: string,
): ItsmData<ItsmHistory> {
  const { version } = useRecordRefresh();
  return useItsmApi(api => api.getHistory(type, key), [type, key, version]);
}

/** The comments of a record, a page at a time. */
export type RecordComments = ItsmData<ItsmPage<ItsmComment>> & {
  /** The first page and every page loaded since with `loadMore`. */
  comments: ItsmComment[];
  /** Whether the server has more comments than loaded. */
  hasMore: boolean;
  /** Loads the next page; rejects when the server does. */
  loadMore(): Promise<void>;
};

/**
 * The comments of a record: the first page, read again after every write,
 * and further pages on demand.
 */
export function useRecordComments(
  type: ItsmRecordType,
  key: string,
): RecordComments {
  const api = useApi(itsmApiRef);
  const { version } = useRecordRefresh();
  const first = useItsmApi(
    a => a.listComments(type, key, { limit: COMMENTS_PAGE }),
    [type, key, version],
  );
  const [more, setMore] = useState<{
    items: ItsmComment[];
    nextCursor?: string;
  }>({ items: [] });
  // A new first page starts the list anew.
  useEffect(() => setMore({ items: [] }), [first.value]);

  const nextCursor = more.items.length
    ? more.nextCursor
    : first.value?.nextCursor;
  const loadMore = async () => {
    if (!nextCursor) return;
    const page = await api.listComments(type, key, {
      limit: COMMENTS_PAGE,
      cursor: nextCursor,
    });
    setMore(m => ({
      items: [...m.items, ...page.items],
      nextCursor: page.nextCursor,
    }));
  };
  return {
    ...first,
    comments: [...(first.value?.items ?? []), ...more.items],
    hasMore: !!nextCursor,
    loadMore,
  };
}

/** The writes of the record page; each one refreshes what it changes. */
export interface RecordActions<T extends ItsmRecordType> {
  /** Moves the record to another state. */
  transition(body: TransitionBody): Promise<RecordOf<T>>;
  /** Comments on the record. */
  addComment(body: CommentBody): Promise<void>;
  /** Links the record to the record with key `target`. */
  addLink(target: string): Promise<void>;
  /** Removes the link to the record with key `targetKey`. */
  removeLink(targetKey: string): Promise<void>;
}

/** The writes to one record, refreshing the record page after each. */
export function useRecordActions<T extends ItsmRecordType>(
  type: T,
  key: string,
): RecordActions<T> {
  const api = useApi(itsmApiRef);
  const { refresh, refreshRecord } = useRecordRefresh();
  return useMemo(
    () => ({
      transition: async body => {
        const record = await api.transition(type, key, body);
        refreshRecord();
        return record;
      },
      addComment: async body => {
        await api.addComment(type, key, body);
        refresh();
      },
      addLink: async target => {
        await api.addLink(type, key, { target });
        refreshRecord();
      },
      removeLink: async targetKey => {
        await api.removeLink(type, key, targetKey);
        refreshRecord();
      },
    }),
    [api, type, key, refresh, refreshRecord],
  );
}

/** One page of the records of a type, as the list page asks for it. */
export function useRecordList<T extends ItsmRecordType>(
  type: T,
  query: ListQuery,
): ItsmData<ItsmRecordPage<RecordOf<T>>> {
  const queryKey = JSON.stringify(query);
  return useItsmApi(api => api.listRecords(type, query), [type, queryKey]);
}
