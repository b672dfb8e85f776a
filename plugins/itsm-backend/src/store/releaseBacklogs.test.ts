import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  undoMigrationsFrom,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import { KnexItsmStore } from './KnexItsmStore';
import { ITSM_MIGRATIONS_DIRECTORY } from './migrations';
import { RELEASE_BACKLOGS } from './releaseBacklogs';

jest.setTimeout(120_000);

const A = 'system:default/a';
const B = 'system:default/b';

describe('backlog claims', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    describe('in the store', () => {
      const db = useItsmTestDatabase(databaseId);

      it('lets one transaction claim a service, and finds the backlog once set', async () => {
        const release = await create(db.store, 'releases', {
          state: 'backlog',
          entityRefs: [A],
        });
        const first = await db.store.transaction(async tx => {
          const claimed = await tx.claimReleaseBacklog(A);
          // Claimed, not set yet: no backlog to join.
          expect(await tx.releaseBacklogOf([A])).toBeUndefined();
          await tx.setReleaseBacklog(A, release.id);
          return claimed;
        });
        expect(first).toBe(true);
        const second = await db.store.transaction(async tx => ({
          claimed: await tx.claimReleaseBacklog(A),
          found: await tx.releaseBacklogOf([B, A]),
        }));
        expect(second).toEqual({ claimed: false, found: release.id });
        expect(
          await db.store.transaction(tx => tx.releaseBacklogOf([B])),
        ).toBeUndefined();
      });

      it('gives up a claim when its transaction rolls back', async () => {
        await expect(
          db.store.transaction(async tx => {
            expect(await tx.claimReleaseBacklog(B)).toBe(true);
            throw new Error('hand-over failed');
          }),
        ).rejects.toThrow('hand-over failed');
        expect(
          await db.store.transaction(tx => tx.claimReleaseBacklog(B)),
        ).toBe(true);
      });
    });

    describe('migration 20261204010000_release_backlogs', () => {
      const db = useItsmTestDatabase(databaseId, { migrate: false });

      it('registers the oldest backlog of each service, and is undone', async () => {
        const { knex } = db;
        const directory = ITSM_MIGRATIONS_DIRECTORY;
        await knex.migrate.latest({ directory });
        await undoMigrationsFrom(knex, '20261204010000_release_backlogs');
        expect(await knex.schema.hasTable(RELEASE_BACKLOGS)).toBe(false);

        // Backlogs from before the constraint: two of service A (a race).
        const store = new KnexItsmStore(knex, RECORD_FACTS);
        const backlog = (entityRefs: string[]) =>
          create(store, 'releases', { state: 'backlog', entityRefs });
        const oldestOfA = await backlog([A]);
        await backlog([A]);
        const ofB = await backlog([B, A]);
        await create(store, 'releases', {
          state: 'defined',
          entityRefs: ['system:default/c'],
        });

        await knex.migrate.latest({ directory });
        const rows = await knex(RELEASE_BACKLOGS)
          .select('service_ref', 'release_id')
          .orderBy('service_ref');
        expect(rows).toEqual([
          { service_ref: A, release_id: oldestOfA.id },
          { service_ref: B, release_id: ofB.id },
        ]);

        await undoMigrationsFrom(knex, '20261204010000_release_backlogs');
        expect(await knex.schema.hasTable(RELEASE_BACKLOGS)).toBe(false);
        // Up again: the same backlogs registered from the records.
        await knex.migrate.latest({ directory });
        expect(
          await knex(RELEASE_BACKLOGS)
            .select('service_ref', 'release_id')
            .orderBy('service_ref'),
        ).toEqual(rows);
      });
    });
  });
});
