import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { randomUUID as uuid } from 'node:crypto';
import { KnexItsmStore } from './KnexItsmStore';
import { ITSM_MIGRATIONS_DIRECTORY, migrateItsmDatabase } from './migrations';
import { NewRecord, RecordFilter, StoredRecord } from './types';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

type DbId = 'POSTGRES_15' | 'SQLITE_3';

const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-02T10:00:00.000Z';
const T2 = '2026-01-03T10:00:00.000Z';

const ITSM_TABLES = [
  'itsm_records',
  'itsm_record_entities',
  'itsm_record_owners',
  'itsm_key_sequences',
  'itsm_history',
  'itsm_comments',
  'itsm_links',
  'itsm_approvals',
  'itsm_freeze_windows',
  'itsm_sla_notifications',
];

async function setup(id: DbId): Promise<{ knex: Knex; store: KnexItsmStore }> {
  const knex = await databases.init(id);
  await migrateItsmDatabase(knex);
  return { knex, store: new KnexItsmStore(knex) };
}

function newRecord(
  type: ItsmRecordType,
  overrides: Partial<NewRecord> = {},
): NewRecord {
  return {
    id: uuid(),
    type,
    title: 'Printer on fire',
    description: 'Smoke everywhere',
    state: 'new',
    priority: type === 'incidents' ? 'P2' : null,
    assignedGroup: null,
    assignee: null,
    entityRefs: [],
    ownerRefs: [],
    data: {},
    createdBy: 'user:default/alice',
    now: T0,
    ...overrides,
  };
}

async function create(
  store: KnexItsmStore,
  type: ItsmRecordType,
  overrides: Partial<NewRecord> = {},
): Promise<StoredRecord> {
  return store.transaction(tx => tx.insertRecord(newRecord(type, overrides)));
}

function keysOf(records: StoredRecord[]): string[] {
  return records.map(r => r.key);
}

describe('KnexItsmStore', () => {
  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    const id = databaseId as DbId;

    it('runs its migrations up, down to zero and up again', async () => {
      const knex = await databases.init(id);
      const directory = ITSM_MIGRATIONS_DIRECTORY;

      await knex.migrate.latest({ directory });
      for (const table of ITSM_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      await knex.migrate.rollback({ directory }, true);
      for (const table of ITSM_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      await knex.migrate.latest({ directory });
      for (const table of ITSM_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      const store = new KnexItsmStore(knex);
      await expect(create(store, 'incidents')).resolves.toMatchObject({
        key: 'INC-1',
      });
    });

    it('creates a store through create(), honouring migrations.skip', async () => {
      const knex = await databases.init(id);
      const skipped = await KnexItsmStore.create({
        database: {
          getClient: async () => knex,
          migrations: { skip: true },
        },
      });
      expect(skipped).toBeInstanceOf(KnexItsmStore);
      expect(await knex.schema.hasTable('itsm_records')).toBe(false);

      const store = await KnexItsmStore.create({
        database: { getClient: async () => knex },
      });
      expect(await knex.schema.hasTable('itsm_records')).toBe(true);
      await expect(create(store, 'problems')).resolves.toMatchObject({
        key: 'PRB-1',
      });
    });

    it('inserts records and reads them by id and by key', async () => {
      const { store } = await setup(id);
      const data = {
        impact: 'high',
        nested: { list: [1, 'two', null, { three: 3.5 }], empty: {} },
        flag: false,
        nothing: null,
        text: 'quotes " and \\ backslash and ünïcødé',
      };
      const input = newRecord('incidents', {
        title: 'Checkout down',
        assignedGroup: 'group:default/ops',
        assignee: 'user:default/bob',
        entityRefs: ['component:default/checkout', 'system:default/shop'],
        ownerRefs: ['group:default/team-a', 'group:default/team-b'],
        data,
        now: '2026-01-01T11:00:00+01:00',
      });
      const created = await store.transaction(tx => tx.insertRecord(input));

      expect(created).toEqual({
        id: input.id,
        type: 'incidents',
        key: 'INC-1',
        seq: 1,
        title: 'Checkout down',
        description: 'Smoke everywhere',
        state: 'new',
        priority: 'P2',
        assignedGroup: 'group:default/ops',
        assignee: 'user:default/bob',
        entityRefs: ['component:default/checkout', 'system:default/shop'],
        ownerRefs: ['group:default/team-a', 'group:default/team-b'],
        data,
        createdBy: 'user:default/alice',
        updatedBy: 'user:default/alice',
        createdAt: T0,
        updatedAt: T0,
        stateChangedAt: T0,
        version: 1,
      });

      await expect(store.getRecord('incidents', input.id)).resolves.toEqual(
        created,
      );
      await expect(store.getRecord('incidents', 'INC-1')).resolves.toEqual(
        created,
      );
      await expect(store.getRecord('incidents', 'inc-1')).resolves.toEqual(
        created,
      );
      await expect(
        store.getRecord('incidents', input.id.toUpperCase()),
      ).resolves.toEqual(created);
      // Wrong type, unknown key, unknown id, garbage.
      await expect(store.getRecord('problems', input.id)).resolves.toBe(
        undefined,
      );
      await expect(store.getRecord('problems', 'INC-1')).resolves.toBe(
        undefined,
      );
      await expect(store.getRecord('incidents', 'INC-2')).resolves.toBe(
        undefined,
      );
      await expect(store.getRecord('incidents', uuid())).resolves.toBe(
        undefined,
      );
      await expect(store.getRecord('incidents', "'; drop")).resolves.toBe(
        undefined,
      );

      await expect(
        store.transaction(tx => tx.getRecordForUpdate('incidents', 'INC-1')),
      ).resolves.toEqual(created);
    });

    it('allocates keys sequentially per type, independently across types', async () => {
      const { store } = await setup(id);
      const keys: string[] = [];
      for (const type of [
        'incidents',
        'incidents',
        'problems',
        'incidents',
        'changes',
        'problems',
        'releases',
        'slas',
      ] as ItsmRecordType[]) {
        keys.push((await create(store, type)).key);
      }
      expect(keys).toEqual([
        'INC-1',
        'INC-2',
        'PRB-1',
        'INC-3',
        'CHG-1',
        'PRB-2',
        'REL-1',
        'SLA-1',
      ]);
      // Several creates in one transaction.
      const inOne = await store.transaction(async tx => [
        await tx.insertRecord(newRecord('changes')),
        await tx.insertRecord(newRecord('changes')),
      ]);
      expect(keysOf(inOne)).toEqual(['CHG-2', 'CHG-3']);
      expect(inOne.map(r => r.seq)).toEqual([2, 3]);
    });

    it('gives 20 parallel creates 20 distinct consecutive keys', async () => {
      const { store } = await setup(id);
      await create(store, 'incidents');
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          create(store, 'incidents', { title: `parallel ${i}` }),
        ),
      );
      const seqs = created.map(r => r.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      expect(new Set(keysOf(created)).size).toBe(20);
      const list = await store.listRecords({ type: 'incidents', limit: 100 });
      expect(list.totalCount).toBe(21);
    });

    it('updates with optimistic locking', async () => {
      const { store } = await setup(id);
      const created = await create(store, 'incidents', {
        entityRefs: ['component:default/a'],
        ownerRefs: ['group:default/a'],
        data: { impact: 'low' },
      });

      const updated = await store.transaction(tx =>
        tx.updateRecord(created.id, 1, {
          title: 'New title',
          priority: null,
          assignedGroup: 'group:default/ops',
          data: { impact: 'high', list: [1, 2] },
          updatedBy: 'user:default/bob',
          now: T1,
        }),
      );
      expect(updated).toEqual({
        ...created,
        title: 'New title',
        priority: null,
        assignedGroup: 'group:default/ops',
        data: { impact: 'high', list: [1, 2] },
        updatedBy: 'user:default/bob',
        updatedAt: T1,
        version: 2,
      });
      // No state change: stateChangedAt stays.
      expect(updated.stateChangedAt).toBe(T0);

      // Same state again: stateChangedAt still stays.
      const same = await store.transaction(tx =>
        tx.updateRecord(created.id, 2, {
          state: 'new',
          updatedBy: 'user:default/bob',
          now: T1,
        }),
      );
      expect(same.stateChangedAt).toBe(T0);
      expect(same.version).toBe(3);

      // State change and entity replacement.
      const moved = await store.transaction(tx =>
        tx.updateRecord(created.id, 3, {
          state: 'assigned',
          entityRefs: ['component:default/b', 'component:default/c'],
          ownerRefs: [],
          updatedBy: 'user:default/carol',
          now: T2,
        }),
      );
      expect(moved).toMatchObject({
        state: 'assigned',
        stateChangedAt: T2,
        updatedAt: T2,
        entityRefs: ['component:default/b', 'component:default/c'],
        ownerRefs: [],
        version: 4,
      });

      // A stale version changes nothing.
      const stale = store.transaction(tx =>
        tx.updateRecord(created.id, 3, {
          title: 'lost update',
          entityRefs: [],
          updatedBy: 'user:default/dave',
          now: T2,
        }),
      );
      await expect(stale).rejects.toThrow(ConflictError);
      await expect(stale).rejects.toThrow(
        'INC-1 was changed by someone else (version 4 is current, you sent 3); reload and try again',
      );
      await expect(store.getRecord('incidents', created.id)).resolves.toEqual(
        moved,
      );

      await expect(
        store.transaction(tx =>
          tx.updateRecord(uuid(), 1, { updatedBy: 'x', now: T2 }),
        ),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('lets exactly one of two concurrent updates with the same version win', async () => {
      const { store } = await setup(id);
      const created = await create(store, 'incidents');
      const results = await Promise.allSettled(
        ['first', 'second'].map(title =>
          store.transaction(tx =>
            tx.updateRecord(created.id, 1, {
              title,
              updatedBy: 'user:default/bob',
              now: T1,
            }),
          ),
        ),
      );
      const fulfilled = results.filter(r => r.status === 'fulfilled');
      const rejected = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ConflictError);
      expect(rejected[0].reason.message).toBe(
        'INC-1 was changed by someone else (version 2 is current, you sent 1); reload and try again',
      );
      const stored = await store.getRecord('incidents', created.id);
      expect(stored?.version).toBe(2);
      expect(['first', 'second']).toContain(stored?.title);
    });

    it('rolls back everything when the transaction throws', async () => {
      const { store } = await setup(id);
      const existing = await create(store, 'incidents');
      const failing = store.transaction(async tx => {
        const record = await tx.insertRecord(newRecord('incidents'));
        await tx.appendHistory(record.id, [
          {
            at: T0,
            actor: 'user:default/alice',
            action: 'created',
            field: null,
            from: null,
            to: null,
          },
        ]);
        await tx.addComment(record.id, 'user:default/alice', 'hi', T0);
        await tx.addLink({
          fromId: record.id,
          toId: existing.id,
          kind: 'problem',
          createdBy: 'user:default/alice',
          createdAt: T0,
        });
        await tx.updateRecord(existing.id, 1, {
          title: 'changed',
          updatedBy: 'user:default/alice',
          now: T1,
        });
        await tx.appendHistory(existing.id, [
          {
            at: T1,
            actor: 'user:default/alice',
            action: 'updated',
            field: 'title',
            from: 'a',
            to: 'b',
          },
        ]);
        throw new Error('boom');
      });
      await expect(failing).rejects.toThrow('boom');

      const list = await store.listRecords({ type: 'incidents', limit: 10 });
      expect(keysOf(list.items)).toEqual(['INC-1']);
      expect(list.totalCount).toBe(1);
      await expect(store.getRecord('incidents', existing.id)).resolves.toEqual(
        existing,
      );
      await expect(store.listHistory(existing.id)).resolves.toEqual([]);
      await expect(store.listLinks(existing.id)).resolves.toEqual([]);
      // The rolled-back key was never carried by a committed record; the next
      // create may use it.
      await expect(create(store, 'incidents')).resolves.toMatchObject({
        key: 'INC-2',
      });
    });

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
        const { store } = await setup(id);
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

      it('searches key, title and description case-insensitively, wildcards literal', async () => {
        const { store } = await setup(id);
        await seed(store);

        expect(await keys(store, { q: '100%' })).toEqual(['INC-1']);
        expect(await keys(store, { q: 'disk 100' })).toEqual([
          'INC-3',
          'INC-1',
        ]);
        expect(await keys(store, { q: 'SNAKE_CASE' })).toEqual(['INC-2']);
        expect(await keys(store, { q: 'snake' })).toEqual(['INC-3', 'INC-2']);
        expect(await keys(store, { q: 'mixed case' })).toEqual(['INC-2']);
        expect(await keys(store, { q: 'inc-2' })).toEqual(['INC-2']);
        expect(await keys(store, { q: '%' })).toEqual(['INC-1']);
        expect(await keys(store, { q: '_' })).toEqual(['INC-2']);
        expect(await keys(store, { q: '!' })).toEqual([]);
        expect(await keys(store, { q: "'" })).toEqual([]);
        expect(await keys(store, { q: '  ' })).toEqual([
          'INC-3',
          'INC-2',
          'INC-1',
        ]);
      });

      it('paginates with a stable order and a total count', async () => {
        const { store } = await setup(id);
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
        const { store } = await setup(id);
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
        const { store } = await setup(id);
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

    it('keeps history oldest first with JSON values intact', async () => {
      const { store } = await setup(id);
      const record = await create(store, 'incidents');
      const values: unknown[] = [
        null,
        'text',
        42,
        -1.25,
        true,
        [1, 'a', null, [2]],
        { a: { b: [1, { c: null }] }, s: 'ünï "q"' },
        '',
        0,
      ];
      await store.transaction(tx =>
        tx.appendHistory(record.id, [
          {
            at: T0,
            actor: 'user:default/alice',
            action: 'created',
            field: null,
            from: null,
            to: null,
          },
        ]),
      );
      await store.transaction(tx =>
        tx.appendHistory(
          record.id,
          values.map((value, i) => ({
            at: T1,
            actor: 'user:default/bob',
            action: 'updated',
            field: `field${i}`,
            from: value,
            to: values[values.length - 1 - i],
          })),
        ),
      );
      const history = await store.listHistory(record.id);
      expect(history).toHaveLength(values.length + 1);
      expect(history[0]).toEqual({
        id: expect.any(Number),
        recordId: record.id,
        at: T0,
        actor: 'user:default/alice',
        action: 'created',
        field: null,
        from: null,
        to: null,
      });
      history.slice(1).forEach((entry, i) => {
        expect(entry).toEqual({
          id: expect.any(Number),
          recordId: record.id,
          at: T1,
          actor: 'user:default/bob',
          action: 'updated',
          field: `field${i}`,
          from: values[i],
          to: values[values.length - 1 - i],
        });
      });
      const ids = history.map(h => h.id);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      await expect(store.listHistory(uuid())).resolves.toEqual([]);
      await expect(store.listHistory('nope')).resolves.toEqual([]);
    });

    it('paginates comments oldest first', async () => {
      const { store } = await setup(id);
      const record = await create(store, 'incidents');
      const other = await create(store, 'incidents');
      const created = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await store.transaction(tx =>
            tx.addComment(record.id, 'user:default/alice', `comment ${i}`, T1),
          ),
        );
      }
      await store.transaction(tx =>
        tx.addComment(other.id, 'user:default/bob', 'elsewhere', T1),
      );
      expect(created[0]).toEqual({
        id: expect.any(Number),
        recordId: record.id,
        author: 'user:default/alice',
        body: 'comment 0',
        createdAt: T1,
      });

      const page1 = await store.listComments(record.id, { limit: 2 });
      expect(page1.items.map(c => c.body)).toEqual(['comment 0', 'comment 1']);
      expect(page1.totalCount).toBe(5);
      const page2 = await store.listComments(record.id, {
        limit: 2,
        cursor: page1.nextCursor,
      });
      expect(page2.items.map(c => c.body)).toEqual(['comment 2', 'comment 3']);
      const page3 = await store.listComments(record.id, {
        limit: 2,
        cursor: page2.nextCursor,
      });
      expect(page3.items).toEqual([created[4]]);
      expect(page3.nextCursor).toBeUndefined();
      expect(page3.totalCount).toBe(5);

      // A cursor of another record's comments, or garbage, is rejected.
      await expect(
        store.listComments(other.id, { limit: 2, cursor: page1.nextCursor }),
      ).rejects.toThrow(InputError);
      await expect(
        store.listComments(record.id, { limit: 2, cursor: 'garbage!' }),
      ).rejects.toThrow(InputError);
    });

    it('links records idempotently, visible from both ends', async () => {
      const { store } = await setup(id);
      const incident = await create(store, 'incidents');
      const problem = await create(store, 'problems');
      const change = await create(store, 'changes');
      const link = {
        fromId: incident.id,
        toId: problem.id,
        kind: 'problem',
        createdBy: 'user:default/alice',
        createdAt: T1,
      };
      await store.transaction(tx => tx.addLink(link));
      await store.transaction(tx =>
        tx.addLink({ ...link, createdBy: 'user:default/bob', createdAt: T2 }),
      );
      const toChange = {
        fromId: problem.id,
        toId: change.id,
        kind: 'change',
        createdBy: 'user:default/bob',
        createdAt: T2,
      };
      await store.transaction(tx => tx.addLink(toChange));

      await expect(store.listLinks(incident.id)).resolves.toEqual([link]);
      await expect(store.listLinks(problem.id)).resolves.toEqual([
        link,
        toChange,
      ]);
      await expect(
        store.transaction(tx => tx.listLinks(change.id)),
      ).resolves.toEqual([toChange]);

      await store.transaction(tx =>
        tx.removeLink(incident.id, problem.id, 'problem'),
      );
      await expect(store.listLinks(incident.id)).resolves.toEqual([]);
      await expect(store.listLinks(problem.id)).resolves.toEqual([toChange]);
    });

    it('records approvals oldest first and supersedes a round', async () => {
      const { store } = await setup(id);
      const change = await create(store, 'changes');
      const other = await create(store, 'changes');
      const first = await store.transaction(tx =>
        tx.addApproval({
          recordId: change.id,
          approverRef: 'group:default/customers',
          decision: 'reject',
          reason: 'Insufficient analysis',
          decidedBy: 'user:default/alice',
          decidedAt: T0,
          superseded: false,
        }),
      );
      expect(first).toEqual({
        id: expect.any(Number),
        recordId: change.id,
        approverRef: 'group:default/customers',
        decision: 'reject',
        reason: 'Insufficient analysis',
        decidedBy: 'user:default/alice',
        decidedAt: T0,
        superseded: false,
      });
      await store.transaction(tx =>
        tx.addApproval({
          recordId: other.id,
          approverRef: 'group:default/owners',
          decision: 'approve',
          reason: null,
          decidedBy: 'user:default/bob',
          decidedAt: T0,
          superseded: false,
        }),
      );
      await store.transaction(tx => tx.supersedeApprovals(change.id));
      const second = await store.transaction(tx =>
        tx.addApproval({
          recordId: change.id,
          approverRef: 'group:default/customers',
          decision: 'approve',
          reason: null,
          decidedBy: 'user:default/alice',
          decidedAt: T1,
          superseded: false,
        }),
      );

      await expect(store.listApprovals(change.id)).resolves.toEqual([
        { ...first, superseded: true },
        second,
      ]);
      await expect(
        store.transaction(tx => tx.listApprovals(other.id)),
      ).resolves.toMatchObject([{ superseded: false, decision: 'approve' }]);
    });

    it('reads records by ids and by state age', async () => {
      const { store } = await setup(id);
      const a = await create(store, 'incidents', {
        state: 'resolved',
        now: T0,
      });
      const b = await create(store, 'incidents', {
        state: 'resolved',
        now: T1,
      });
      const c = await create(store, 'incidents', { state: 'new', now: T0 });
      await create(store, 'problems', { state: 'resolved', now: T0 });

      await expect(
        store.getRecordsByIds([c.id, uuid(), a.id, 'junk', c.id]),
      ).resolves.toEqual([c, a]);
      await expect(store.getRecordsByIds([])).resolves.toEqual([]);
      await expect(
        store.transaction(tx => tx.getRecordsByIds([b.id])),
      ).resolves.toEqual([b]);

      expect(
        keysOf(
          await store.listRecordsInStateSince('incidents', 'resolved', T1),
        ),
      ).toEqual(['INC-1']);
      expect(
        keysOf(
          await store.listRecordsInStateSince('incidents', 'resolved', T2),
        ),
      ).toEqual(['INC-1', 'INC-2']);

      // A state change resets the clock.
      await store.transaction(tx =>
        tx.updateRecord(a.id, 1, {
          state: 'in_progress',
          updatedBy: 'user:default/bob',
          now: T1,
        }),
      );
      await store.transaction(tx =>
        tx.updateRecord(a.id, 2, {
          state: 'resolved',
          updatedBy: 'user:default/bob',
          now: T2,
        }),
      );
      expect(
        keysOf(
          await store.listRecordsInStateSince('incidents', 'resolved', T2),
        ),
      ).toEqual(['INC-2']);
    });
  });
});
