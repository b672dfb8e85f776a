import {
  AMARA,
  CHECKOUT_WEB,
  changeBody,
  incidentBody,
  LUKAS,
  PAYMENTS,
  PAYMENTS_DB,
  SOFIA,
  STOREFRONT,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  expectConflict,
  lifecycleBackends,
} from '../__testUtils__/lifecycleApi';
import { useFixtureClock } from '../__testUtils__/fixtureClock';

jest.setTimeout(120_000);

// The engine clock reads the system time: inside the fixtures' window
// (2026-12-01 22:00 to 23:00 UTC), moving on; timers stay real.
const NOW = '2026-12-01T22:30:00Z';
useFixtureClock(NOW);

/** A freeze over payments-db, two days after the fixtures' window. */
const PAYMENTS_FREEZE = {
  id: 'payments-freeze',
  title: 'Payments freeze',
  start: '2026-12-03T00:00:00Z',
  end: '2026-12-05T00:00:00Z',
  scope: { kind: 'entity', entityRef: PAYMENTS_DB },
};
const IN_FREEZE = {
  plannedStart: '2026-12-03T22:00:00Z',
  plannedEnd: '2026-12-03T23:00:00Z',
};

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));
  const approvers = (change: { requiredApprovers: unknown[] }) =>
    (change.requiredApprovers as Array<{ approverRef: string }>)
      .map(a => a.approverRef)
      .sort();

  describe('approval holds only for what was approved', () => {
    it('a material edit of a scheduled change recomputes the approvers, supersedes the approvals and returns it to approval', async () => {
      const { as, create, get, patch, approve, history, changeToScheduled } =
        await start();
      await create('changes', changeBody());
      const path = '/changes/CHG-1';
      await changeToScheduled('CHG-1');

      const edited = await patch(path, {
        entityRefs: [PAYMENTS_DB, CHECKOUT_WEB],
        serviceImpact: 'unavailable',
        functionalChange: true,
      });
      expect(edited.status).toBe(200);
      expect(edited.body.state).toBe('approval');
      expect(approvers(edited.body)).toEqual([PAYMENTS, STOREFRONT]);
      const round = await as().get(`${path}/approvals`);
      expect(round.body.approvals).toEqual([
        expect.objectContaining({ approverRef: PAYMENTS, superseded: true }),
      ]);
      expect(round.body.pending.sort()).toEqual([PAYMENTS, STOREFRONT]);
      const why = (await history(path)).filter(e => e.action === 'reapproval');
      expect(why).toEqual([
        expect.objectContaining({
          field: 'state',
          from: 'scheduled',
          to: 'approval',
        }),
        expect.objectContaining({
          field: 'reason',
          to: expect.stringMatching(
            /^material edit of entityRefs, serviceImpact, functionalChange: /,
          ),
        }),
      ]);
      // The owner's approval alone no longer schedules it.
      expect((await approve('CHG-1', LUKAS)).body.state).toBe('approval');
      expect((await approve('CHG-1', SOFIA)).body.state).toBe('scheduled');
      expect((await get(path)).state).toBe('scheduled');
    });

    it('a material edit in approval opens a new round with the recomputed approvers', async () => {
      const { as, create, moveOk, patch, approve } = await start();
      await create('changes', changeBody());
      const path = '/changes/CHG-1';
      await moveOk(path, 'review');
      await moveOk(path, 'planning');
      await moveOk(path, 'approval');
      const edited = await patch(path, {
        entityRefs: [PAYMENTS_DB, CHECKOUT_WEB],
      });
      expect(edited.status).toBe(200);
      expect(edited.body.state).toBe('approval');
      expect(approvers(edited.body)).toEqual([PAYMENTS, STOREFRONT]);
      expect((await approve('CHG-1', LUKAS)).body.state).toBe('approval');
      // A plan edit supersedes the approval given in this round too.
      const replanned = await patch(path, { backoutPlan: 'restore backup' });
      expect(replanned.body.state).toBe('approval');
      const round = await as().get(`${path}/approvals`);
      expect(round.body.approvals).toEqual([
        expect.objectContaining({ decidedBy: LUKAS, superseded: true }),
      ]);
      expect(round.body.pending.sort()).toEqual([PAYMENTS, STOREFRONT]);
    });

    it('a non-material edit keeps the approval', async () => {
      const { as, create, patch, changeToScheduled, history } = await start();
      await create('changes', changeBody());
      const path = '/changes/CHG-1';
      await changeToScheduled('CHG-1');
      const edited = await patch(path, {
        title: 'Upgrade payments-db to 16',
        description: 'minor version',
        category: 'database',
        tasks: [{ kind: 'other', title: 'Tell the DBAs', done: false }],
        // The same window, written differently, is no edit of the window.
        plannedStart: '2026-12-01T23:00:00+01:00',
      });
      expect(edited.status).toBe(200);
      expect(edited.body.state).toBe('scheduled');
      const round = await as().get(`${path}/approvals`);
      expect(round.body.approvals).toEqual([
        expect.objectContaining({ superseded: false }),
      ]);
      expect(
        (await history(path)).filter(e => e.action === 'reapproval'),
      ).toEqual([]);
    });

    it('refuses a material edit once implementation started, and a change of the CMDB-update flag once approved', async () => {
      const { create, get, moveOk, patch, changeToScheduled } = await start();
      await create('changes', changeBody());
      const path = '/changes/CHG-1';
      await moveOk(path, 'review');
      await moveOk(path, 'planning');
      await moveOk(path, 'approval');
      // Before approval is given the flag may still change.
      expect((await patch(path, { cmdbUpdate: true })).status).toBe(200);
      await create('changes', changeBody({ cmdbUpdate: true }));
      await changeToScheduled('CHG-2');
      await expectConflict(
        await patch('/changes/CHG-2', { cmdbUpdate: false }),
        /^cmdbUpdate: CHG-2 is scheduled; the CMDB-update flag is fixed once approval is given$/,
      );
      await moveOk('/changes/CHG-2', 'implementing');
      await expectConflict(
        await patch('/changes/CHG-2', { testPlan: 'none' }),
        /^CHG-2 is implementing: it is implemented as approved, so testPlan can no longer change$/,
      );
      await moveOk('/changes/CHG-2', 'verifying');
      await expectConflict(
        await patch('/changes/CHG-2', { cmdbUpdate: false }),
        /CMDB-update flag is fixed/,
      );
      expect((await get('/changes/CHG-2')).cmdbUpdate).toBe(true);
      // Non-material edits still go.
      expect(
        (await patch('/changes/CHG-2', { description: 'done' })).status,
      ).toBe(200);
    });

    it('fixes the CMDB-update flag of an emergency change from its implementation', async () => {
      const { create, moveOk, patch } = await start();
      await create('incidents', incidentBody());
      await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      expect(
        (await patch('/changes/CHG-1', { cmdbUpdate: true }, SOFIA)).status,
      ).toBe(200);
      await moveOk('/changes/CHG-1', 'implementing', {}, LUKAS);
      await expectConflict(
        await patch('/changes/CHG-1', { cmdbUpdate: false }, SOFIA),
        /CMDB-update flag is fixed/,
      );
    });

    it('an emergency change registered after its retroactive approval needs that approval again', async () => {
      const { as, create, moveOk, patch, approve } = await start();
      await create('incidents', incidentBody());
      await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      await moveOk('/changes/CHG-1', 'implementing', {}, LUKAS);
      expect((await approve('CHG-1', LUKAS)).status).toBe(200);
      const edited = await patch(
        '/changes/CHG-1',
        { implementationPlan: 'restarted the pool twice' },
        SOFIA,
      );
      expect(edited.status).toBe(200);
      expect(edited.body.state).toBe('implementing');
      const round = await as().get('/changes/CHG-1/approvals');
      expect(round.body.pending).toEqual([PAYMENTS]);
      await moveOk('/changes/CHG-1', 'verifying', {}, LUKAS);
      await expectConflict(
        await as(LUKAS).post('/changes/CHG-1/transitions', {
          to: 'closed',
          outcome: 'successful',
          version: (await as().get('/changes/CHG-1')).body.version,
        }),
        /still needs the retroactive approval of group:default\/payments-team/,
      );
    });
  });

  describe('windows and freezes', () => {
    it('starts implementation only inside the approved window', async () => {
      const { create, move, moveOk, changeToScheduled } = await start();
      await create(
        'changes',
        changeBody({
          plannedStart: '2026-12-02T10:00:00Z',
          plannedEnd: '2026-12-02T11:00:00Z',
        }),
      );
      await changeToScheduled('CHG-1');
      await expectConflict(
        await move('/changes/CHG-1', 'implementing'),
        /^Cannot start implementation CHG-1: implementation starts only inside the approved window 2026-12-02T10:00:00.000Z to 2026-12-02T11:00:00.000Z, which has not opened yet/,
      );
      await create(
        'changes',
        changeBody({
          plannedStart: '2026-12-01T20:00:00Z',
          plannedEnd: '2026-12-01T21:00:00Z',
        }),
      );
      await changeToScheduled('CHG-2');
      await expectConflict(
        await move('/changes/CHG-2', 'implementing'),
        /approved window 2026-12-01T20:00:00.000Z to 2026-12-01T21:00:00.000Z, which closed .*move the window/,
      );
      // Inside its window it starts.
      await create('changes', changeBody());
      await changeToScheduled('CHG-3');
      await moveOk('/changes/CHG-3', 'implementing');
    });

    it('refuses implementation done after the window closed, and asks for approval again', async () => {
      const {
        create,
        get,
        move,
        moveOk,
        patch,
        approve,
        changeToScheduled,
        stateMoves,
      } = await start();
      await create('changes', changeBody());
      const path = '/changes/CHG-1';
      await changeToScheduled('CHG-1');
      await moveOk(path, 'implementing');
      // The window (22:00 to 23:00) closes while the work goes on.
      jest.setSystemTime(new Date('2026-12-01T23:30:00Z'));
      try {
        await expectConflict(
          await move(path, 'verifying'),
          /^Cannot complete implementation CHG-1: the approved window 2026-12-01T22:00:00.000Z to 2026-12-01T23:00:00.000Z closed before the implementation was done .*requires approval again/,
        );
        // Back to approval for a new window, with a reason.
        const noReason = await move(path, 'approval');
        expect(noReason.status).toBe(400);
        await moveOk(path, 'approval', { reason: 'overran: disk copy slower' });
        const moved = await patch(path, {
          plannedStart: '2026-12-01T23:00:00Z',
          plannedEnd: '2026-12-02T01:00:00Z',
        });
        expect(moved.status).toBe(200);
        expect(moved.body.state).toBe('approval');
        expect((await approve('CHG-1', LUKAS)).body.state).toBe('scheduled');
        await moveOk(path, 'implementing');
        await moveOk(path, 'verifying');
        expect((await get(path)).state).toBe('verifying');
        expect(await stateMoves(path)).toEqual([
          ['submit', 'draft', 'review'],
          ['register', 'review', 'planning'],
          ['request_approval', 'planning', 'approval'],
          ['schedule', 'approval', 'scheduled'],
          ['start', 'scheduled', 'implementing'],
          ['request_reapproval', 'implementing', 'approval'],
          ['schedule', 'approval', 'scheduled'],
          ['start', 'scheduled', 'implementing'],
          ['complete', 'implementing', 'verifying'],
        ]);
      } finally {
        jest.setSystemTime(new Date(NOW));
      }
    });

    it('refuses a window inside a freeze except for an emergency change', async () => {
      const { create, get, move, moveOk, patch, changeToScheduled } =
        await start({ config: { freezeWindows: [PAYMENTS_FREEZE] } });
      await create('changes', changeBody(IN_FREEZE));
      await moveOk('/changes/CHG-1', 'review');
      await moveOk('/changes/CHG-1', 'planning');
      await expectConflict(
        await move('/changes/CHG-1', 'approval'),
        /^Cannot request approval CHG-1: the window lies inside freeze window Payments freeze \(2026-12-03T00:00:00.000Z to 2026-12-05T00:00:00.000Z\); only an emergency change/,
      );
      expect((await get('/changes/CHG-1')).state).toBe('planning');

      // A scheduled change is not moved into a freeze.
      await create('changes', changeBody());
      await changeToScheduled('CHG-2');
      await expectConflict(
        await patch('/changes/CHG-2', IN_FREEZE),
        /^Cannot change plannedStart, plannedEnd of CHG-2: the window lies inside freeze window Payments freeze/,
      );
      expect((await get('/changes/CHG-2')).state).toBe('scheduled');

      // An emergency change is.
      await create('incidents', incidentBody(), SOFIA);
      await create(
        'changes',
        changeBody({
          changeType: 'emergency',
          incidentKey: 'INC-1',
          ...IN_FREEZE,
        }),
        SOFIA,
      );
      expect(
        (await get('/changes/CHG-3')).assessment.freezeWindows,
      ).toHaveLength(1);
      await moveOk('/changes/CHG-3', 'implementing', {}, AMARA);
    });
  });
});
