import { ItsmStore, ListRecordsQuery, StoredRecord } from './types';

/** The records a page to exhaustion reads per query (the largest page). */
export const LIST_BATCH = 500;

/**
 * Every page of a record query, in the query's order, one keyset page of
 * LIST_BATCH at a time, the next read only when the consumer asks for it:
 * no cap on how many records match, and no total counted.
 */
export async function* listPages(
  store: Pick<ItsmStore, 'listRecords'>,
  query: Omit<ListRecordsQuery, 'limit' | 'cursor'>,
): AsyncGenerator<StoredRecord[]> {
  let cursor: string | undefined;
  do {
    const page = await store.listRecords({
      ...query,
      limit: LIST_BATCH,
      cursor,
      skipTotal: true,
    });
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Reads every page of a record query, in the store's order (newest first):
 * no cap on how many records match. For answers that need every match; a
 * caller that can act page by page should do so instead (listPages).
 */
export async function listAll(
  store: Pick<ItsmStore, 'listRecords'>,
  query: Omit<ListRecordsQuery, 'limit' | 'cursor'>,
): Promise<StoredRecord[]> {
  const items: StoredRecord[] = [];
  for await (const page of listPages(store, query)) items.push(...page);
  return items;
}
