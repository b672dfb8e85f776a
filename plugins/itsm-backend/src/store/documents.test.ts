import { randomUUID as uuid } from 'node:crypto';
import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  undoMigrationsFrom,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import { KnexItsmStore } from './KnexItsmStore';
import { ITSM_MIGRATIONS_DIRECTORY } from './migrations';

jest.setTimeout(120_000);

const ASSESSMENT = {
  computedAt: '2026-12-01T00:00:00.000Z',
  impact: { direct: [], affected: [], owners: [], slas: [], truncated: false },
  risk: { level: 'high' },
};

describe('detached fields (a change assessment)', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    describe('in the store', () => {
      const db = useItsmTestDatabase(databaseId);

      it('keeps the assessment out of the data lists read, and gives it with the record', async () => {
        const change = await create(db.store, 'changes', {
          data: { changeType: 'normal', assessment: ASSESSMENT },
        });
        expect(change.data.assessment).toEqual(ASSESSMENT);
        const row = await db
          .knex('itsm_records')
          .where('id', change.id)
          .first();
        expect(JSON.parse(row.data)).toEqual({ changeType: 'normal' });
        expect(
          (await db.store.getRecord('changes', change.key))?.data.assessment,
        ).toEqual(ASSESSMENT);
        const [listed] = (
          await db.store.listRecords({ type: 'changes', limit: 10 })
        ).items;
        expect(listed.data).toEqual({ changeType: 'normal' });

        const next = { ...ASSESSMENT, risk: { level: 'low' } };
        const updated = await db.store.transaction(tx =>
          tx.updateRecord(change.id, change.version, {
            data: { changeType: 'normal', assessment: next },
            updatedBy: 'user:default/alice',
            now: '2026-12-01T01:00:00.000Z',
          }),
        );
        expect(updated.data.assessment).toEqual(next);
        const cleared = await db.store.transaction(tx =>
          tx.updateRecord(change.id, updated.version, {
            data: { changeType: 'normal' },
            updatedBy: 'user:default/alice',
            now: '2026-12-01T02:00:00.000Z',
          }),
        );
        expect(cleared.data).toEqual({ changeType: 'normal' });
        expect(
          await db.knex('itsm_record_documents').where('record_id', change.id),
        ).toEqual([]);
        // Other types keep their whole data in the record.
        const incident = await create(db.store, 'incidents', {
          data: { assessment: 'not detached here' },
        });
        expect(
          (await db.store.listRecords({ type: 'incidents', limit: 1 })).items[0]
            .data,
        ).toEqual({ assessment: 'not detached here' });
        expect(incident.data.assessment).toBe('not detached here');
      });
    });

    describe('migration', () => {
      const db = useItsmTestDatabase(databaseId, { migrate: false });

      it('moves the assessments of existing changes out of their data, and back', async () => {
        const { knex } = db;
        const directory = ITSM_MIGRATIONS_DIRECTORY;
        // The schema just before the documents table.
        await knex.migrate.latest({ directory });
        // This migration and every later one, undone one by one.
        const undo = () =>
          undoMigrationsFrom(knex, '20261202170000_record_documents');
        await undo();
        expect(await knex.schema.hasTable('itsm_record_documents')).toBe(false);
        const id = uuid();
        const now = '2026-12-01T00:00:00.000Z';
        await knex('itsm_records').insert({
          id,
          type: 'changes',
          key: 'CHG-1',
          seq: 1,
          title: 'Old change',
          description: '',
          state: 'draft',
          data: JSON.stringify({
            changeType: 'normal',
            assessment: ASSESSMENT,
          }),
          created_by: 'user:default/alice',
          updated_by: 'user:default/alice',
          created_at: now,
          updated_at: now,
          state_changed_at: now,
          version: 1,
        });

        await knex.migrate.latest({ directory });
        const row = await knex('itsm_records').where('id', id).first();
        expect(JSON.parse(row.data)).toEqual({ changeType: 'normal' });
        const store = new KnexItsmStore(knex, RECORD_FACTS);
        expect((await store.getRecord('changes', 'CHG-1'))?.data).toEqual({
          changeType: 'normal',
          assessment: ASSESSMENT,
        });

        await undo();
        const back = await knex('itsm_records').where('id', id).first();
        expect(JSON.parse(back.data)).toEqual({
          changeType: 'normal',
          assessment: ASSESSMENT,
        });
      });
    });
  });
});
