import { InputError } from '@backstage/errors';
import {
  ItsmRecordType,
  parseRecordSort,
  RECORD_SORTS,
  RecordSort,
} from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import { randomUUID as uuid } from 'node:crypto';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import { bulkInsertRecords, BulkRecordState, recordAfter } from './bulkInsert';
import { KnexItsmStore } from './KnexItsmStore';
import { ListRecordsQuery } from './types';

jest.setTimeout(600_000);

/** A generator that gives the same records on every run. */
function lcg(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
}

// No word is the beginning of another: a search for one finds it alone.
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
const STATES = ['new', 'assigned', 'in_progress', 'resolved', 'closed'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4', null];
const GROUPS = ['group:default/ops', 'group:default/dev', null];
const ENTITIES = [
  'component:default/a',
  'component:default/b',
  'system:default/c',
];
const OWNERS = ['group:default/x', 'group:default/y', 'group:default/z'];

interface Row extends BulkRecordState {
  key: string;
  seq: number;
}

/** Fields of a row as the sort compares them. */
const FIELD_OF: Record<string, (r: Row) => string | number | null> = {
  key: r => r.seq,
  createdAt: r => r.createdAt,
  updatedAt: r => r.updatedAt,
  priority: r => r.priority,
  title: r => r.title,
  state: r => r.state,
};

/** The order of `sort`, computed here independently of the store: NULL after every value ascending, ties by seq. */
function sorted(rows: Row[], sort: RecordSort): string[] {
  const { field, descending } = parseRecordSort(sort);
  const value = FIELD_OF[field];
  const compare = (a: Row, b: Row) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return a.seq - b.seq;
  };
  return [...rows]
    .sort((a, b) => (descending ? -compare(a, b) : compare(a, b)))
    .map(r => r.key);
}

/** Every page of a list, in order, and the totals the pages answered. */
async function readAll(
  store: KnexItsmStore,
  query: Omit<ListRecordsQuery, 'cursor'>,
) {
  const keys: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRecords({ ...query, cursor });
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    keys.push(...page.items.map(r => r.key));
    totals.push(page.totalCount);
    cursor = page.nextCursor;
  } while (cursor);
  return { keys, totals };
}

describe('record lists in a chosen order', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);

    async function seed(count: number): Promise<Row[]> {
      const random = lcg(7);
      const pick = <T>(items: readonly T[]) => items[random(items.length)];
      // Few distinct instants, titles and states: many ties to break.
      const instant = () =>
        new Date(Date.UTC(2026, 5, 1 + random(20), random(3))).toISOString();
      const types: ItsmRecordType[] = ['incidents', 'problems'];
      const states: BulkRecordState[] = [];
      for (let i = 0; i < count; i++) {
        const type = random(10) < 8 ? types[0] : types[1];
        const record = {
          id: uuid(),
          type,
          title: `${pick(WORDS)} ${pick(WORDS)}`,
          description: '',
          state: pick(STATES),
          // Problems have no priority; some incidents lack one too here.
          priority: type === 'incidents' ? pick(PRIORITIES) : null,
          assignedGroup: pick(GROUPS),
          assignee: null,
          entityRefs: random(3) ? [pick(ENTITIES)] : [],
          ownerRefs: [pick(OWNERS)],
          data: {},
          createdBy: 'user:default/alice',
          now: instant(),
        };
        const updated = instant();
        states.push(
          updated > record.now
            ? recordAfter(record, {
                updatedBy: 'user:default/bob',
                now: updated,
              })
            : recordAfter(record),
        );
      }
      const inserted = await bulkInsertRecords(
        db.knex,
        RECORD_FACTS,
        states.map(record => ({ record })),
      );
      return states.map((s, i) => ({
        ...s,
        key: inserted[i].key,
        seq: inserted[i].seq,
      }));
    }

    it('pages every order to its end as an independent sort says, alone and with filters', async () => {
      const rows = await seed(3_000);
      const incidents = rows.filter(r => r.type === 'incidents');
      const problems = rows.filter(r => r.type === 'problems');

      for (const sort of RECORD_SORTS) {
        const { keys, totals } = await readAll(db.store, {
          type: 'incidents',
          sort,
          limit: 97,
        });
        expect(keys).toEqual(sorted(incidents, sort));
        for (const total of totals) expect(total).toBe(incidents.length);

        // Problems: every priority NULL.
        const onlyNulls = await readAll(db.store, {
          type: 'problems',
          sort,
          limit: 53,
        });
        expect(onlyNulls.keys).toEqual(sorted(problems, sort));
      }

      // Filters, an entity, the permission filter and a search, each with
      // every order, in small pages.
      const cases: Array<{
        query: Partial<ListRecordsQuery>;
        match: (r: Row) => boolean;
        /** Larger pages where each page is slow on SQLite (an OR of EXISTS). */
        limit?: number;
      }> = [
        {
          query: { states: ['new', 'in_progress'], priorities: ['P1', 'P2'] },
          match: r =>
            ['new', 'in_progress'].includes(r.state) &&
            ['P1', 'P2'].includes(r.priority ?? ''),
        },
        {
          query: { assignedGroups: ['group:default/ops'] },
          match: r => r.assignedGroup === 'group:default/ops',
        },
        {
          query: { entityRefs: [ENTITIES[0], ENTITIES[2]] },
          match: r =>
            r.entityRefs.some(e => [ENTITIES[0], ENTITIES[2]].includes(e)),
        },
        {
          query: {
            entityRefs: [ENTITIES[1]],
            permissionFilter: { property: 'ownerRef', values: [OWNERS[0]] },
          },
          match: r =>
            r.entityRefs.includes(ENTITIES[1]) &&
            r.ownerRefs.includes(OWNERS[0]),
        },
        {
          query: {
            permissionFilter: {
              anyOf: [
                { property: 'ownerRef', values: [OWNERS[1]] },
                { property: 'assignedGroup', values: ['group:default/dev'] },
              ],
            },
          },
          match: r =>
            r.ownerRefs.includes(OWNERS[1]) ||
            r.assignedGroup === 'group:default/dev',
          limit: 250,
        },
        {
          query: { q: 'delta', states: ['resolved', 'closed', 'new'] },
          match: r =>
            r.title.split(' ').includes('delta') &&
            ['resolved', 'closed', 'new'].includes(r.state),
        },
      ];
      for (const { query, match, limit = 23 } of cases) {
        const matching = incidents.filter(match);
        expect(matching.length).toBeGreaterThan(20);
        for (const sort of RECORD_SORTS) {
          const { keys } = await readAll(db.store, {
            type: 'incidents',
            ...query,
            sort,
            limit,
          });
          expect({ query, sort, keys }).toEqual({
            query,
            sort,
            keys: sorted(matching, sort),
          });
        }
      }
    });

    it('gives the same order at any page size (property)', async () => {
      const rows = await seed(600);
      const incidents = rows.filter(r => r.type === 'incidents');
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...RECORD_SORTS),
          fc.integer({ min: 1, max: 120 }),
          fc.constantFrom<string[] | undefined>(
            undefined,
            ['new'],
            ['closed', 'assigned'],
          ),
          async (sort, limit, states) => {
            const { keys } = await readAll(db.store, {
              type: 'incidents',
              sort,
              limit,
              states,
            });
            expect(keys).toEqual(
              sorted(
                incidents.filter(r => !states || states.includes(r.state)),
                sort,
              ),
            );
          },
        ),
        { numRuns: 25 },
      );
    });

    it('refuses an unknown sort, and a cursor made for another order', async () => {
      await seed(40);
      const list = (query: Partial<ListRecordsQuery>) =>
        db.store.listRecords({ type: 'incidents', limit: 5, ...query });
      await expect(list({ sort: 'size' as RecordSort })).rejects.toThrow(
        /Invalid sort 'size'/,
      );
      const byTitle = await list({ sort: 'title' });
      expect(byTitle.nextCursor).toBeDefined();
      for (const other of [undefined, '-title', 'priority', '-key'] as const) {
        await expect(
          list({ sort: other, cursor: byTitle.nextCursor }),
        ).rejects.toThrow(InputError);
      }
      await expect(
        list({ sort: 'title', cursor: byTitle.nextCursor }),
      ).resolves.toBeDefined();
      // Newest first: named or not, the same cursors.
      const newest = await list({});
      await expect(
        list({ sort: '-key', cursor: newest.nextCursor }),
      ).resolves.toBeDefined();
      await expect(
        list({ sort: 'key', cursor: newest.nextCursor }),
      ).rejects.toThrow(/sort '-key', not 'key'/);
      // A ranked search's cursor pages by rank only.
      const ranked = await list({ q: 'alpha' });
      expect(ranked.nextCursor).toBeDefined();
      await expect(
        list({ q: 'alpha', sort: '-key', cursor: ranked.nextCursor }),
      ).rejects.toThrow(InputError);
    });

    it('sorts a search by the order asked, not by rank', async () => {
      const rows = await seed(300);
      const matching = rows.filter(
        r => r.type === 'incidents' && r.title.split(' ').includes('echo'),
      );
      const { keys } = await readAll(db.store, {
        type: 'incidents',
        q: 'echo',
        sort: 'title',
        limit: 7,
      });
      expect(keys).toEqual(sorted(matching, 'title'));
    });
  });
});
