import { ConflictError } from '@backstage/errors';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { randomUUID as uuid } from 'node:crypto';
import { keysOf, newRecord, T0, T1, T2 } from '../__testUtils__/fixtures';
import {
  createRecord as create,
  ITSM_TABLES,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import { KnexItsmStore } from './KnexItsmStore';
import { ITSM_MIGRATIONS_DIRECTORY } from './migrations';

const NOTE = (author: string) => ({
  author,
  body: 'hi',
  visibility: 'public' as const,
});

jest.setTimeout(120_000);

/** The tables of the database, knex's own left out. */
async function tablesOf(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> =
    knex.client.config.client === 'pg'
      ? (
          await knex.raw(
            'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
          )
        ).rows
      : await knex('sqlite_master').where('type', 'table').select('name');
  return (
    rows
      .map(r => r.name)
      .filter(n => !n.startsWith('knex_') && n !== 'sqlite_sequence')
      // SQLite's full-text index (and its shadow tables), kept by triggers.
      .filter(n => !n.startsWith('itsm_records_fts'))
      .sort()
  );
}

describe('KnexItsmStore', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    describe('migrations', () => {
      const db = useItsmTestDatabase(databaseId, { migrate: false });

      it('runs its migrations up, down to zero and up again', async () => {
        const { knex } = db;
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
        const store = new KnexItsmStore(knex, RECORD_FACTS);
        await expect(create(store, 'incidents')).resolves.toMatchObject({
          key: 'INC-1',
        });
      });

      it('creates a store through create(), honouring migrations.skip', async () => {
        const { knex } = db;
        const skipped = await KnexItsmStore.create({
          database: {
            getClient: async () => knex,
            migrations: { skip: true },
          },
          facts: RECORD_FACTS,
        });
        expect(skipped).toBeInstanceOf(KnexItsmStore);
        expect(await knex.schema.hasTable('itsm_records')).toBe(false);

        const store = await KnexItsmStore.create({
          database: { getClient: async () => knex },
          facts: RECORD_FACTS,
        });
        expect(await knex.schema.hasTable('itsm_records')).toBe(true);
        await expect(create(store, 'problems')).resolves.toMatchObject({
          key: 'PRB-1',
        });
      });

      it('creates exactly the tables the test database helper empties', async () => {
        const { knex } = db;
        await knex.migrate.latest({ directory: ITSM_MIGRATIONS_DIRECTORY });
        expect(await tablesOf(knex)).toEqual([...ITSM_TABLES].sort());
      });
    });

    describe('records', () => {
      const db = useItsmTestDatabase(databaseId);

      it('inserts records and reads them by id and by key', async () => {
        const { store } = db;
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
        const { store } = db;
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
        const { store } = db;
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
        const { store } = db;
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
        const { store } = db;
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
        const { store } = db;
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
          await tx.addComment(record.id, NOTE('user:default/alice'), T0);
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
        await expect(
          store.getRecord('incidents', existing.id),
        ).resolves.toEqual(existing);
        await expect(store.listHistory(existing.id)).resolves.toEqual([]);
        await expect(store.listLinks(existing.id)).resolves.toEqual([]);
        // The rolled-back key was never carried by a committed record; the next
        // create may use it.
        await expect(create(store, 'incidents')).resolves.toMatchObject({
          key: 'INC-2',
        });
      });

      it('empties every table and restarts keys and ids between tests', async () => {
        const { store } = db;
        const first = await create(store, 'incidents');
        await store.transaction(async tx => {
          const second = await tx.insertRecord(newRecord('problems'));
          await tx.appendHistory(first.id, [
            { at: T0, actor: 'a', action: 'x', field: null, from: null, to: 1 },
          ]);
          await tx.addComment(first.id, NOTE('a'), T0);
          await tx.addLink({
            fromId: first.id,
            toId: second.id,
            kind: 'problem',
            createdBy: 'a',
            createdAt: T0,
          });
          await tx.addApproval({
            recordId: first.id,
            approverRef: 'group:default/a',
            decision: 'approve',
            reason: null,
            decidedBy: 'a',
            decidedAt: T0,
            superseded: false,
          });
        });
        await store.claimSlaWarning({
          incidentId: first.id,
          slaId: uuid(),
          clock: 'response',
          threshold: 0.75,
          sentAt: T0,
        });

        await db.truncate();
        for (const table of ITSM_TABLES) {
          const [{ n }] = await db.knex(table).count({ n: '*' });
          expect([table, Number(n)]).toEqual([table, 0]);
        }
        const again = await create(store, 'incidents');
        expect(again.key).toBe('INC-1');
        await store.transaction(tx =>
          tx.appendHistory(again.id, [
            { at: T1, actor: 'a', action: 'x', field: null, from: null, to: 2 },
          ]),
        );
        expect((await store.listHistory(again.id))[0].id).toBe(1);
        expect(
          (
            await store.transaction(tx =>
              tx.addComment(again.id, NOTE('a'), T1),
            )
          ).id,
        ).toBe(1);
      });
    });
  });
});
