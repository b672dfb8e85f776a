import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  undoMigrationsFrom,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import {
  CAB_AGENDA,
  CAB_MEETINGS,
  CAB_MEMBERS,
  KnexCabMeetings,
} from './cabMeetings';
import { KnexItsmStore } from './KnexItsmStore';
import { ITSM_MIGRATIONS_DIRECTORY } from './migrations';

jest.setTimeout(120_000);

const SERVICE = 'system:default/payments';
const MEMBERS = ['user:default/amara', 'user:default/lukas'];
const DEADLINE = '2026-12-08T17:00:00.000Z';
const BEFORE = '2026-12-08T16:59:59.999Z';
const AFTER = '2026-12-08T17:00:30.000Z';
const LATER = '2026-12-08T17:10:00.000Z';

const closeWith = (effectsHeldUntil?: string) => ({
  nextMeetingAt: '2027-01-10T10:00:00.000Z',
  closedBy: MEMBERS[0],
  now: '2026-12-10T11:00:00.000Z',
  effectsHeldUntil,
  decide: () => ({ outcomes: new Map(), minutes: {} }),
});

describe('the follow-up of CAB meetings in the store', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);
    const cab = () => db.store.cab as KnexCabMeetings;
    const meeting = () =>
      cab().create({
        serviceRef: SERVICE,
        title: 'Payments CAB',
        meetingAt: '2026-12-10T10:00:00.000Z',
        submissionDeadline: DEADLINE,
        members: MEMBERS,
        createdBy: MEMBERS[0],
        now: '2026-12-01T09:00:00.000Z',
      });
    const due = (now: string) =>
      cab()
        .dueForCirculation({ now, limit: 10 })
        .then(ms => ms.map(m => m.key));

    it('circulates an agenda once, at its deadline, whoever claims it', async () => {
      const first = await meeting();
      const change = await create(db.store as KnexItsmStore, 'changes', {
        state: 'in_release',
      });
      await cab().putOnAgenda(first.id, change.id, {
        effortDays: 2,
        cost: 500,
      });
      const closed = await meeting();
      await cab().close(closed.id, 1, closeWith());
      expect(first).toMatchObject({ circulatedAt: null, effectsDoneAt: null });

      // Not before the deadline, and never a closed meeting.
      expect(await due(BEFORE)).toEqual([]);
      expect(
        await db.store.transaction(tx =>
          tx.cab.claimCirculation(first.id, BEFORE),
        ),
      ).toBeUndefined();
      expect(await due(AFTER)).toEqual(['CAB-1']);

      // Eight claims at once (as from several instances): one wins.
      const claims = await Promise.all(
        Array.from({ length: 8 }, () =>
          db.store.transaction(tx => tx.cab.claimCirculation(first.id, AFTER)),
        ),
      );
      const won = claims.filter(c => c !== undefined);
      expect(won).toHaveLength(1);
      expect(won[0]!.meeting).toMatchObject({
        key: 'CAB-1',
        circulatedAt: AFTER,
        members: MEMBERS,
      });
      expect(won[0]!.agenda).toEqual([
        expect.objectContaining({
          changeId: change.id,
          effortDays: 2,
          cost: 500,
        }),
      ]);
      expect(await due(LATER)).toEqual([]);
      expect((await cab().get(first.id))?.circulatedAt).toBe(AFTER);
      // A claim rolled back with its transaction leaves it to the next run.
      const second = await meeting();
      await expect(
        db.store.transaction(async tx => {
          await tx.cab.claimCirculation(second.id, AFTER);
          throw new Error('the notification could not be recorded');
        }),
      ).rejects.toThrow(/could not be recorded/);
      expect(await due(AFTER)).toEqual(['CAB-3']);

      // The circulated agenda takes no RFC, whatever the clock says.
      const other = await create(db.store as KnexItsmStore, 'changes', {
        state: 'in_release',
      });
      await expect(
        cab().putOnAgenda(first.id, other.id, { effortDays: 1, cost: null }),
      ).rejects.toThrow(/was circulated at .*; it is frozen/);
    });

    it('lets one run hold the effects of a close until they are done', async () => {
      const held = await meeting();
      const crashed = await meeting();
      const open = await meeting();
      // The close holds its effects until LATER; a close by a process that
      // died before it could run them holds nothing.
      await cab().close(held.id, 1, closeWith(LATER));
      await cab().close(crashed.id, 1, closeWith());
      const pending = (now: string) =>
        cab()
          .effectsPending({ now, limit: 10 })
          .then(ms => ms.map(m => m.key));
      expect(open.state).toBe('planned');
      expect(await pending(AFTER)).toEqual([crashed.key]);
      expect(await pending('2026-12-08T17:10:00.001Z')).toEqual([
        held.key,
        crashed.key,
      ]);

      // Eight claims at once: one holds it (its second run), the rest get nothing.
      const until = '2026-12-08T17:20:00.000Z';
      const claims = await Promise.all(
        Array.from({ length: 8 }, () =>
          cab().claimEffects(held.id, '2026-12-08T17:11:00.000Z', until),
        ),
      );
      expect(claims.filter(c => c !== undefined)).toEqual([2]);
      expect(await cab().claimEffects(open.id, AFTER, until)).toBeUndefined();

      // A failed run is tried again once its wait has passed.
      await cab().effectsFailed(held.id, '2026-12-08T17:30:00.000Z');
      expect(await pending('2026-12-08T17:29:00.000Z')).toEqual([crashed.key]);
      expect(
        await cab().claimEffects(held.id, '2026-12-08T17:31:00.000Z', until),
      ).toBe(3);
      expect(await cab().effectsDone(held.id, LATER)).toBe(true);
      expect(await cab().effectsDone(held.id, LATER)).toBe(false);
      expect((await cab().get(held.id))?.effectsDoneAt).toBe(LATER);
      expect(await pending('2027-01-01T00:00:00.000Z')).toEqual([crashed.key]);
      expect(
        await cab().claimEffects(held.id, '2027-01-01T00:00:00.000Z', until),
      ).toBeUndefined();
    });
  });
});

describe('migration 20261204090000_cab_circulation', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId, { migrate: false });

    it('counts the effects of earlier closes as done, and is undone without losing a meeting', async () => {
      const { knex } = db;
      const directory = ITSM_MIGRATIONS_DIRECTORY;
      await knex.migrate.latest({ directory });
      await undoMigrationsFrom(knex, '20261204090000_cab_circulation');
      expect(await knex.schema.hasColumn(CAB_MEETINGS, 'circulated_at')).toBe(
        false,
      );
      const store = new KnexItsmStore(knex, RECORD_FACTS);
      const row = (seq: number, state: string) => ({
        id: `00000000-0000-4000-8000-00000000000${seq}`,
        seq,
        key: `CAB-${seq}`,
        service_ref: SERVICE,
        title: 'Payments CAB',
        meeting_at: '2026-12-10T10:00:00.000Z',
        submission_deadline: DEADLINE,
        state,
        created_by: MEMBERS[0],
        created_at: '2026-12-01T09:00:00.000Z',
        closed_at: state === 'closed' ? '2026-12-10T11:00:00.000Z' : null,
        version: 1,
      });
      await knex(CAB_MEETINGS).insert([row(1, 'closed'), row(2, 'planned')]);
      await knex(CAB_MEMBERS).insert(
        [1, 2].map(seq => ({
          meeting_id: row(seq, '').id,
          member_ref: MEMBERS[0],
        })),
      );
      const change = await create(store, 'changes', { state: 'in_release' });
      await knex(CAB_AGENDA).insert({
        meeting_id: row(2, '').id,
        change_id: change.id,
        position: 1,
      });

      await knex.migrate.latest({ directory });
      const columns = () =>
        knex(CAB_MEETINGS)
          .select('key', 'circulated_at', 'effects_done_at', 'effects_attempts')
          .orderBy('seq');
      expect(
        (await columns()).map(r => ({
          ...r,
          effects_attempts: Number(r.effects_attempts),
        })),
      ).toEqual([
        {
          key: 'CAB-1',
          circulated_at: null,
          effects_done_at: '2026-12-10T11:00:00.000Z',
          effects_attempts: 0,
        },
        {
          key: 'CAB-2',
          circulated_at: null,
          effects_done_at: null,
          effects_attempts: 0,
        },
      ]);
      // The planned one is circulated by the next run.
      expect(
        (await store.cab.dueForCirculation({ now: AFTER, limit: 10 })).map(
          m => m.key,
        ),
      ).toEqual(['CAB-2']);

      // Down keeps every meeting, member and agenda entry (on SQLite, a
      // copy of the table would have cascaded to them).
      await undoMigrationsFrom(knex, '20261204090000_cab_circulation');
      expect(await knex.schema.hasColumn(CAB_MEETINGS, 'effects_done_at')).toBe(
        false,
      );
      expect(Number((await knex(CAB_MEETINGS).count({ n: '*' }))[0].n)).toBe(2);
      expect(Number((await knex(CAB_MEMBERS).count({ n: '*' }))[0].n)).toBe(2);
      expect(Number((await knex(CAB_AGENDA).count({ n: '*' }))[0].n)).toBe(1);
      await knex.migrate.latest({ directory });
    });
  });
});
