import { T1 } from '../__testUtils__/fixtures';
import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { StoredComment } from './types';

jest.setTimeout(120_000);

describe('comment visibility', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('leaves internal notes out in the query: pages and counts only what the reader sees', async () => {
      const { store } = db;
      const record = await create(store, 'incidents');
      // 37 comments, every third an internal note; a page of 4 ends on notes.
      const all: StoredComment[] = [];
      await store.transaction(async tx => {
        for (let i = 0; i < 37; i++) {
          const visibility = i % 3 === 1 ? 'internal' : 'public';
          all.push(
            await tx.addComment(
              record.id,
              { author: 'user:default/bob', body: `c${i}`, visibility },
              T1,
            ),
          );
        }
      });
      const read = async (internal: boolean) => {
        const seen: StoredComment[] = [];
        const totals = new Set<number>();
        // How far each page but the last falls short of full: never.
        const fullPages: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.listComments(record.id, {
            limit: 4,
            cursor,
            internal,
          });
          expect(page.items.length).toBeLessThanOrEqual(4);
          if (page.nextCursor) fullPages.push(page.items.length - 4);
          seen.push(...page.items);
          totals.add(page.totalCount);
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 50);
        expect(fullPages.every(short => short === 0)).toBe(true);
        return { seen, totals: [...totals], pages };
      };
      const publicOnly = all.filter(c => c.visibility === 'public');
      const asRequester = await read(false);
      expect(asRequester.seen).toEqual(publicOnly);
      expect(asRequester.totals).toEqual([publicOnly.length]);
      expect(asRequester.pages).toBe(Math.ceil(publicOnly.length / 4));
      const asWorker = await read(true);
      expect(asWorker.seen).toEqual(all);
      expect(asWorker.totals).toEqual([37]);
      expect(all.filter(c => c.visibility === 'internal')).toHaveLength(12);
    });
  });
});
