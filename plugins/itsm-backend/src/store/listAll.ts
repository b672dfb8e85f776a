import { ItsmStore, ListRecordsQuery, StoredRecord } from './types';

/**
 * Reads every page of a record query, in the store's order (newest first):
 * no cap on how many records match. For answers that need every match; a
 * caller that can act page by page should do so instead.
 */
export async function listAll(
  store: Pick<ItsmStore, 'listRecords'>,
  query: Omit<ListRecordsQuery, 'limit' | 'cursor'>,
): Promise<StoredRecord[]> {
  const items: StoredRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRecords({ ...query, limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
