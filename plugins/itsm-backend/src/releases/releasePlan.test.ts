import {
  amara,
  callerOf,
  FULL_PLAN,
  LUKAS,
  PAYMENTS_DB,
  sofia,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { Caller } from '../engine/types';

jest.setTimeout(120_000);

const PAYMENTS_SYSTEM = 'system:default/payments';
const START = new Date('2026-12-01T09:00:00.000Z');
const DAY = 24 * 3_600_000;
const day = (n: number) => new Date(START.getTime() + n * DAY).toISOString();
const lukas = callerOf(LUKAS);

describe.each(ITSM_TEST_DATABASES)('Release plans on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  async function setUp() {
    const services = itsmServices({ knex: db.knex, now: START });
    const { records, releasePlans } = services;
    const release = await records.create(
      'releases',
      {
        title: 'Payments winter release',
        entityRefs: [PAYMENTS_SYSTEM],
        withinBudget: true,
        targetDate: day(6),
      },
      amara,
    );
    const moveRelease = async (
      to: string,
      extra: Record<string, unknown> = {},
    ) => {
      const { version } = await records.get('releases', release.key, amara);
      return records.transition(
        'releases',
        release.key,
        { to, version, ...extra },
        amara,
      );
    };
    const add = (body: Record<string, unknown>, by: Caller = amara) =>
      releasePlans.addChange(release.key, body, by);
    const moveChange = async (
      key: string,
      to: string,
      extra: Record<string, unknown> = {},
      by: Caller = amara,
    ) => {
      const { version } = await records.get('changes', key, by);
      return records.transition('changes', key, { to, version, ...extra }, by);
    };
    return { ...services, release, moveRelease, add, moveChange };
  }

  it('plans changes per coordinator on a timeline with dependencies, only while coordinating', async () => {
    const { release, moveRelease, add, records, releasePlans } = await setUp();
    const body = {
      title: 'Ledger schema',
      coordinator: LUKAS,
      durationDays: 2,
    };
    // Before coordination starts there is nothing to plan.
    await expect(add(body)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/is defined: changes are planned while/),
    });
    await moveRelease('coordinating');

    // Only the release coordinator plans (payments' owner team).
    await expect(add(body, sofia)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/Only the release coordinator/),
    });
    const first = await add(body);
    const ledger = first.changes[0].key;
    const plan = await add({
      title: 'Switch the API',
      coordinator: 'user:default/amara',
      durationDays: 1.5,
      dependsOn: [ledger.toLowerCase()],
    });
    const api = plan.changes[1].key;
    expect(plan).toMatchObject({
      releaseKey: release.key,
      releaseState: 'coordinating',
      start: START.toISOString(),
      end: new Date(START.getTime() + 3.5 * DAY).toISOString(),
      targetDate: day(6),
      onSchedule: true,
      partialFailure: false,
      changes: [
        {
          key: ledger,
          state: 'draft',
          coordinator: LUKAS,
          purpose: 'deliver',
          durationDays: 2,
          dependsOn: [],
          start: day(0),
          end: day(2),
          critical: true,
        },
        {
          key: api,
          coordinator: 'user:default/amara',
          dependsOn: [ledger],
          start: day(2),
          end: new Date(START.getTime() + 3.5 * DAY).toISOString(),
          critical: true,
        },
      ],
    });
    // Each change is a change record, assigned to its coordinator and linked to the release.
    const change = await records.get('changes', ledger, amara);
    expect(change).toMatchObject({ assignee: LUKAS, state: 'draft' });
    expect(change.links.map(l => l.key)).toEqual([release.key]);
    expect(await releasePlans.plan(release.key, sofia)).toEqual(plan);

    // One delivering change per coordinator; dependencies inside the plan.
    await expect(
      add({ ...body, title: 'Second ledger change' }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/already runs a change delivering/),
    });
    await expect(
      add({
        title: 'x',
        coordinator: 'user:default/sofia',
        durationDays: 1,
        dependsOn: ['CHG-999'],
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^dependsOn: CHG-999 is not a change/),
    });
    for (const [bad, field] of [
      [{ ...body, durationDays: 0 }, 'durationDays'],
      [{ ...body, durationDays: 400 }, 'durationDays'],
      [{ ...body, coordinator: '' }, 'coordinator'],
      [{ ...body, title: ' ' }, 'title'],
      [{ ...body, purpose: 'rollback' }, 'purpose'],
    ] as const) {
      await expect(add(bad)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(new RegExp(`^${field}: `)),
      });
    }
    // A failed request created no change.
    expect((await releasePlans.plan(release.key, amara)).changes).toHaveLength(
      2,
    );
    // Finish and backout changes only after a partial failure.
    await expect(
      add({ ...body, coordinator: 'user:default/sofia', purpose: 'finish' }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/only after a partial failure/),
    });
  });

  it('gives one coordinator one delivering change even when asked at once', async () => {
    const { moveRelease, add, release, releasePlans } = await setUp();
    await moveRelease('coordinating');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        add({ title: `Try ${i}`, coordinator: LUKAS, durationDays: 1 }),
      ),
    );
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter(x => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        name: 'ConflictError',
      });
    }
    const plan = await releasePlans.plan(release.key, amara);
    expect(plan.changes).toHaveLength(1);
    // The refused requests rolled back: no change record without its plan entry.
    const titles = await db
      .knex('itsm_records')
      .where('type', 'changes')
      .pluck('title');
    expect(titles).toHaveLength(1);
  });

  it('reports closed changes to the release, adds changes after a partial failure, and holds the release open meanwhile', async () => {
    const services = await setUp();
    const { add, moveRelease, moveChange, records, release, clock } = services;
    await moveRelease('coordinating');
    const planned = await add({
      title: 'Ledger schema',
      coordinator: LUKAS,
      durationDays: 1,
      entityRefs: [PAYMENTS_DB],
    });
    const key = planned.changes[0].key;
    // It came from release management: registered for planning, not handed back.
    await moveChange(key, 'review');
    await expect(moveChange(key, 'in_release')).rejects.toMatchObject({
      message: expect.stringMatching(/belongs to the plan of a release/),
    });
    // The release cannot end coordination while the change is open.
    await expect(moveRelease('reviewing')).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`change ${key} is still open`)),
    });
    const { version } = await records.get('changes', key, amara);
    await records.update(
      'changes',
      key,
      { version, ...FULL_PLAN, serviceImpact: 'degraded' },
      amara,
    );
    await moveChange(key, 'planning');
    await moveChange(key, 'approval');
    await services.approvals.decideApproval(
      key,
      { decision: 'approve' },
      lukas,
    );
    clock.now = new Date('2026-12-01T22:30:00Z');
    await moveChange(key, 'implementing', {}, lukas);
    await moveChange(key, 'verifying', {}, lukas);
    await moveChange(key, 'closed', { outcome: 'failed' });

    // The close added an update to the release, in words a person can read.
    const history = await records.history('releases', release.key, amara);
    expect(history.items.at(-1)).toMatchObject({
      action: 'plan_update',
      to: { change: key, purpose: 'deliver', outcome: 'failed' },
    });
    // The close sends other messages too; deliveries come in any order.
    expect(services.sent).toContainEqual(
      expect.objectContaining({
        title: `${key} of release ${release.key} closed: failed`,
      }),
    );
    // Partial failure: a finish change may now be added, even by the same coordinator.
    const after = await add({
      title: 'Finish the ledger',
      coordinator: LUKAS,
      durationDays: 0.5,
      purpose: 'finish',
      dependsOn: [key],
    });
    expect(after.partialFailure).toBe(true);
    expect(after.changes[1]).toMatchObject({
      purpose: 'finish',
      dependsOn: [key],
      start: planned.changes[0].end,
    });
    await expect(moveRelease('reviewing')).rejects.toMatchObject({
      message: expect.stringMatching(
        new RegExp(`change ${after.changes[1].key} is still open`),
      ),
    });
  });
});
