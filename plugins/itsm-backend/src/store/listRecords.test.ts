import { InputError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { randomUUID as uuid } from 'node:crypto';
import { keysOf } from '../__testUtils__/fixtures';
import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { KnexItsmStore } from './KnexItsmStore';
import { RecordFilter } from './types';

jest.setTimeout(120_000);

describe('KnexItsmStore', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);

    describe('listRecords', () => {
      async function seed(store: KnexItsmStore) {
        const a = await create(store, 'incidents', {
          title: 'Disk 100% full',
          state: 'new',
          priority: 'P1',
          assignedGroup: 'group:default/ops',
          entityRefs: ['component:default/db'],
          ownerRefs: ['group:default/dba'],
          createdBy: 'user:default/alice',
        });
        const b = await create(store, 'incidents', {
          title: 'snake_case broken',
          description: 'The MIXED Case Description',
          state: 'assigned',
          priority: 'P2',
          assignedGroup: 'group:default/dev',
          entityRefs: ['component:default/web', 'component:default/db'],
          ownerRefs: ['group:default/web-team', 'group:default/dba'],
          createdBy: 'user:default/bob',
        });
        const c = await create(store, 'incidents', {
          title: 'Disk 100 full',
          description: 'snakecase here',
          state: 'resolved',
          priority: 'P3',
          assignedGroup: null,
          entityRefs: ['component:default/web'],
          ownerRefs: ['group:default/web-team'],
          createdBy: 'user:default/carol',
        });
        const other = await create(store, 'problems', {
          title: 'Disk 100% full',
          state: 'new',
          priority: null,
          entityRefs: ['component:default/db'],
          ownerRefs: ['group:default/dba'],
        });
        return { a, b, c, other };
      }

      async function keys(
        store: KnexItsmStore,
        query: Partial<Parameters<KnexItsmStore['listRecords']>[0]>,
      ): Promise<string[]> {
        const result = await store.listRecords({
          type: 'incidents',
          limit: 100,
          ...query,
        });
        expect(result.totalCount).toBe(result.items.length);
        return keysOf(result.items);
      }

      it('filters', async () => {
        const { store } = db;
        await seed(store);

        expect(await keys(store, {})).toEqual(['INC-3', 'INC-2', 'INC-1']);
        expect(await keys(store, { type: 'problems' })).toEqual(['PRB-1']);
        expect(await keys(store, { states: ['new', 'resolved'] })).toEqual([
          'INC-3',
          'INC-1',
        ]);
        expect(await keys(store, { priorities: ['P2'] })).toEqual(['INC-2']);
        expect(
          await keys(store, {
            assignedGroups: ['group:default/ops', 'group:default/dev'],
          }),
        ).toEqual(['INC-2', 'INC-1']);
        expect(
          await keys(store, { entityRefs: ['component:default/db'] }),
        ).toEqual(['INC-2', 'INC-1']);
        expect(
          await keys(store, {
            entityRefs: ['component:default/db', 'component:default/web'],
          }),
        ).toEqual(['INC-3', 'INC-2', 'INC-1']);
        // Filters are ANDed.
        expect(
          await keys(store, {
            entityRefs: ['component:default/web'],
            states: ['assigned', 'new'],
          }),
        ).toEqual(['INC-2']);
        expect(
          await keys(store, { states: ['new'], priorities: ['P2'] }),
        ).toEqual([]);
        // Empty filter arrays mean "no filter".
        expect(await keys(store, { states: [], entityRefs: [] })).toEqual([
          'INC-3',
          'INC-2',
          'INC-1',
        ]);
      });

      it('searches the words of key, title and description, ignoring case and punctuation', async () => {
        const { store } = db;
        await seed(store);
        const sorted = async (q: string) => (await keys(store, { q })).sort();

        // Every word matches the beginning of a word of the record.
        expect(await sorted('disk 100')).toEqual(['INC-1', 'INC-3']);
        expect(await sorted('100%')).toEqual(['INC-1', 'INC-3']);
        expect(await sorted('SNAKE_CASE')).toEqual(['INC-2']);
        expect(await sorted('snake')).toEqual(['INC-2', 'INC-3']);
        expect(await sorted('mixed cas')).toEqual(['INC-2']);
        expect(await sorted('ixed')).toEqual([]);
        expect(await sorted('disk nothing')).toEqual([]);
        // A key matches its record first.
        expect((await keys(store, { q: 'inc-2' }))[0]).toBe('INC-2');
        // Quotes, operators and wildcards are no syntax.
        for (const q of ["'", '"', '*', 'snake" OR "disk', "disk' | 'x"]) {
          expect(await sorted(q)).toEqual(
            q.includes('snake') || q.includes('disk')
              ? []
              : ['INC-1', 'INC-2', 'INC-3'],
          );
        }
        // A problem's workaround and root cause are searched too.
        const problem = await create(store, 'problems', {
          title: 'Jobs stall',
          data: {
            workaround: 'Restart the spooler',
            rootCause: 'Leaking handles',
          },
        });
        for (const q of ['spool', 'leak handl']) {
          expect(
            (
              await store.listRecords({ type: 'problems', q, limit: 10 })
            ).items.map(r => r.key),
          ).toEqual([problem.key]);
        }
        // No words at all: no filter, like an empty query.
        expect(await keys(store, { q: '  ' })).toEqual([
          'INC-3',
          'INC-2',
          'INC-1',
        ]);
      });

      it('ranks search results and pages through every match once, for hundreds of records', async () => {
        const { store } = db;
        const vocabulary = [
          'printer',
          'print',
          'disk',
          'network',
          'dns',
          'über',
          'naïve',
          'x',
        ];
        let state = 7;
        const random = (n: number) => {
          state = (state * 48271) % 2147483647;
          return state % n;
        };
        const titles: string[] = [];
        for (let i = 0; i < 400; i++) {
          const words = Array.from(
            { length: 1 + random(4) },
            () => vocabulary[random(vocabulary.length)],
          );
          titles.push(words.join(random(2) ? ' ' : '-'));
          await create(store, 'incidents', {
            title: titles[i],
            description: '',
          });
        }
        for (const q of ['print', 'disk net', 'über', 'naïve x', 'dn']) {
          const wanted = q.split(' ');
          const expected = titles
            .map((t, i) => ({ t, key: `INC-${i + 1}` }))
            .filter(({ t }) => {
              const words = t.toLowerCase().split(/[\s-]+/);
              return wanted.every(w => words.some(x => x.startsWith(w)));
            })
            .map(({ key }) => key)
            .sort();
          const seen: string[] = [];
          let cursor: string | undefined;
          let totalCount = -1;
          do {
            const page = await store.listRecords({
              type: 'incidents',
              q,
              limit: 7,
              cursor,
            });
            seen.push(...page.items.map(r => r.key));
            totalCount = page.totalCount;
            cursor = page.nextCursor;
          } while (cursor);
          expect([...seen].sort()).toEqual(expected);
          expect(new Set(seen).size).toBe(seen.length);
          expect(totalCount).toBe(expected.length);
        }
      });

      it('paginates with a stable order and a total count', async () => {
        const { store } = db;
        for (let i = 0; i < 7; i++) {
          await create(store, 'incidents', { state: i % 2 ? 'new' : 'closed' });
        }
        await create(store, 'problems');

        const page1 = await store.listRecords({ type: 'incidents', limit: 3 });
        expect(keysOf(page1.items)).toEqual(['INC-7', 'INC-6', 'INC-5']);
        expect(page1.totalCount).toBe(7);
        expect(page1.nextCursor).toEqual(expect.any(String));

        // A record created between pages does not disturb the next pages.
        await create(store, 'incidents', { state: 'closed' });

        const page2 = await store.listRecords({
          type: 'incidents',
          limit: 3,
          cursor: page1.nextCursor,
        });
        expect(keysOf(page2.items)).toEqual(['INC-4', 'INC-3', 'INC-2']);
        expect(page2.totalCount).toBe(8);

        const page3 = await store.listRecords({
          type: 'incidents',
          limit: 3,
          cursor: page2.nextCursor,
        });
        expect(keysOf(page3.items)).toEqual(['INC-1']);
        expect(page3.nextCursor).toBeUndefined();

        // Exact fit: no cursor when the last page is full and nothing follows.
        const filtered = await store.listRecords({
          type: 'incidents',
          states: ['new'],
          limit: 3,
        });
        expect(keysOf(filtered.items)).toEqual(['INC-6', 'INC-4', 'INC-2']);
        expect(filtered.totalCount).toBe(3);
        expect(filtered.nextCursor).toBeUndefined();

        const one = await store.listRecords({ type: 'incidents', limit: 1 });
        expect(one.items).toHaveLength(1);
        expect(one.totalCount).toBe(8);
      });

      it('rejects bad cursors and limits', async () => {
        const { store } = db;
        for (let i = 0; i < 3; i++) {
          await create(store, 'incidents');
          await create(store, 'problems');
        }
        const { nextCursor } = await store.listRecords({
          type: 'incidents',
          limit: 1,
        });
        expect(nextCursor).toBeDefined();
        const encode = (value: unknown) =>
          Buffer.from(JSON.stringify(value)).toString('base64url');

        const bad = [
          'not a cursor',
          '!!!',
          '',
          Buffer.from('not json').toString('base64url'),
          encode(null),
          encode([1]),
          encode(3),
          encode({ k: 'records', t: 'incidents', s: -1 }),
          encode({ k: 'records', t: 'incidents', s: '3' }),
          encode({ k: 'records', t: 'incidents', s: 1.5 }),
          encode({ k: 'records', t: 'incidents', s: 3, extra: true }),
          encode({ k: 'comments', r: uuid(), i: 3 }),
          `${nextCursor}x`,
        ];
        for (const cursor of bad) {
          await expect(
            store.listRecords({ type: 'incidents', limit: 1, cursor }),
          ).rejects.toThrow(InputError);
        }
        // A cursor of another type's list.
        await expect(
          store.listRecords({
            type: 'problems',
            limit: 1,
            cursor: nextCursor,
          }),
        ).rejects.toThrow('Invalid cursor');

        for (const limit of [0, -1, 501, 1.5, Number.NaN]) {
          await expect(
            store.listRecords({ type: 'incidents', limit }),
          ).rejects.toThrow(InputError);
        }
        await expect(
          store.listRecords({ type: 'incidents', limit: 500 }),
        ).resolves.toMatchObject({ totalCount: 3 });
      });

      it('translates permission filters to SQL', async () => {
        const { store } = db;
        const { a, b } = await seed(store);

        const check = async (
          permissionFilter: PermissionCriteria<RecordFilter>,
          expected: string[],
        ) => {
          expect(await keys(store, { permissionFilter })).toEqual(expected);
        };

        await check({ property: 'createdBy', values: ['user:default/bob'] }, [
          'INC-2',
        ]);
        await check(
          {
            property: 'createdBy',
            values: ['user:default/bob', 'user:default/carol'],
          },
          ['INC-3', 'INC-2'],
        );
        await check(
          { property: 'assignedGroup', values: ['group:default/ops'] },
          ['INC-1'],
        );
        await check(
          { property: 'entityRef', values: ['component:default/web'] },
          ['INC-3', 'INC-2'],
        );
        await check({ property: 'ownerRef', values: ['group:default/dba'] }, [
          'INC-2',
          'INC-1',
        ]);
        await check({ property: 'ownerRef', values: [] }, []);
        await check(
          {
            allOf: [
              { property: 'ownerRef', values: ['group:default/dba'] },
              { property: 'entityRef', values: ['component:default/web'] },
            ],
          },
          ['INC-2'],
        );
        await check(
          {
            anyOf: [
              { property: 'createdBy', values: ['user:default/carol'] },
              { property: 'assignedGroup', values: ['group:default/ops'] },
            ],
          },
          ['INC-3', 'INC-1'],
        );
        await check(
          { not: { property: 'createdBy', values: ['user:default/alice'] } },
          ['INC-3', 'INC-2'],
        );
        // NOT over a nullable column includes the records where it is null.
        await check(
          { not: { property: 'assignedGroup', values: ['group:default/ops'] } },
          ['INC-3', 'INC-2'],
        );
        await check(
          {
            anyOf: [
              { property: 'createdBy', values: ['user:default/carol'] },
              {
                allOf: [
                  { property: 'ownerRef', values: ['group:default/dba'] },
                  {
                    not: {
                      property: 'entityRef',
                      values: ['component:default/web'],
                    },
                  },
                ],
              },
            ],
          },
          ['INC-3', 'INC-1'],
        );
        await check(
          {
            not: {
              anyOf: [
                { property: 'createdBy', values: ['user:default/carol'] },
                { property: 'createdBy', values: ['user:default/alice'] },
              ],
            },
          },
          ['INC-2'],
        );

        // Combined with list filters, the count stays consistent.
        const result = await store.listRecords({
          type: 'incidents',
          limit: 1,
          states: ['new', 'assigned', 'resolved'],
          permissionFilter: {
            property: 'ownerRef',
            values: ['group:default/dba', 'group:default/web-team'],
          },
        });
        expect(keysOf(result.items)).toEqual(['INC-3']);
        expect(result.totalCount).toBe(3);

        // getRecord honours the filter too.
        const mine: RecordFilter = {
          property: 'createdBy',
          values: ['user:default/alice'],
        };
        await expect(
          store.getRecord('incidents', a.id, mine),
        ).resolves.toMatchObject({ key: 'INC-1' });
        await expect(store.getRecord('incidents', 'INC-2', mine)).resolves.toBe(
          undefined,
        );
        await expect(
          store.getRecord('incidents', b.id, { not: mine }),
        ).resolves.toMatchObject({ key: 'INC-2' });
      });
    });
  });
});
