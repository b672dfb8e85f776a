import {
  AMARA,
  changeBody,
  FULL_PLAN,
  LUKAS,
  PAYMENTS,
  SOFIA,
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

// Inside the fixtures' implementation window, moving on from there.
useFixtureClock();

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  // One database and one backend per configuration for the suite.
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  // -----------------------------------------------------------------------
  describe('normal change', () => {
    it('runs draft -> review -> planning -> approval -> scheduled -> implementing -> verifying -> closed', async () => {
      const {
        as,
        create,
        get,
        move,
        moveOk,
        patch,
        approve,
        stateMoves,
        history,
      } = await start();
      await create(
        'changes',
        changeBody({
          plannedStart: undefined,
          backoutPlan: undefined,
          testPlan: '',
        }),
      );
      const path = '/changes/CHG-1';
      await moveOk(path, 'review');
      await moveOk(path, 'planning');

      const incomplete = await move(path, 'approval');
      await expectConflict(
        incomplete,
        /the plan is incomplete: missing plannedStart, testPlan, backoutPlan/,
      );
      expect((await get(path)).state).toBe('planning');
      expect((await patch(path, FULL_PLAN)).status).toBe(200);

      const inApproval = await moveOk(path, 'approval');
      expect(inApproval.requiredApprovers).toEqual([
        expect.objectContaining({ approverRef: PAYMENTS }),
      ]);
      const view = await as(SOFIA).get(`${path}/approvals`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        required: [expect.objectContaining({ approverRef: PAYMENTS })],
        approvals: [],
        pending: [PAYMENTS],
      });

      // Not scheduled by hand while approvals are missing.
      await expectConflict(
        await move(path, 'scheduled'),
        /approval still required from group:default\/payments-team/,
      );

      const own = await approve('CHG-1', AMARA);
      expect(own.status).toBe(403);
      expect(own.body.error.message).toMatch(
        /Nobody approves their own proposal/,
      );
      const stranger = await approve('CHG-1', SOFIA);
      expect(stranger.status).toBe(403);
      expect(stranger.body.error.message).toMatch(
        /do not represent any pending approver/,
      );
      expect((await get(path)).state).toBe('approval');

      const approved = await approve('CHG-1', LUKAS);
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('scheduled');
      const after = await as().get(`${path}/approvals`);
      expect(after.body.pending).toEqual([]);
      expect(after.body.approvals).toEqual([
        expect.objectContaining({
          approverRef: PAYMENTS,
          decision: 'approve',
          decidedBy: LUKAS,
          superseded: false,
        }),
      ]);
      // The approval round is over.
      expect((await approve('CHG-1', LUKAS)).status).toBe(409);

      await moveOk(path, 'implementing');
      await moveOk(path, 'verifying');
      const noOutcome = await move(path, 'closed');
      expect(noOutcome.status).toBe(400);
      expect(noOutcome.body.error.message).toMatch(/^outcome: is required/);
      const closed = await moveOk(path, 'closed', { outcome: 'successful' });
      expect(closed.outcome).toBe('successful');

      expect(await stateMoves(path)).toEqual([
        ['submit', 'draft', 'review'],
        ['register', 'review', 'planning'],
        ['request_approval', 'planning', 'approval'],
        ['schedule', 'approval', 'scheduled'],
        ['start', 'scheduled', 'implementing'],
        ['complete', 'implementing', 'verifying'],
        ['close', 'verifying', 'closed'],
      ]);
      expect(
        (await history(path)).filter(e => e.action === 'approved'),
      ).toEqual([
        expect.objectContaining({
          actor: LUKAS,
          field: 'approval',
          from: PAYMENTS,
        }),
      ]);
    });

    it('cannot close a change flagged for a CMDB update until its catalog-update task is done', async () => {
      const { create, get, move, moveOk, patch, changeToScheduled } =
        await start();
      await create('changes', changeBody({ cmdbUpdate: true }));
      const path = '/changes/CHG-1';
      await changeToScheduled('CHG-1');
      await moveOk(path, 'implementing');
      await moveOk(path, 'verifying');
      await expectConflict(
        await move(path, 'closed', { outcome: 'successful' }),
        /catalog-update task is not done/,
      );
      await patch(path, {
        tasks: [
          {
            kind: 'cmdb_update',
            title: 'Update the catalog entity',
            done: false,
          },
        ],
      });
      await expectConflict(
        await move(path, 'closed', { outcome: 'successful' }),
        /catalog-update task is not done/,
      );
      await patch(path, {
        tasks: [
          { kind: 'other', title: 'Tell the DBAs', done: true },
          {
            kind: 'cmdb_update',
            title: 'Update the catalog entity',
            done: false,
          },
        ],
      });
      await expectConflict(
        await move(path, 'closed', { outcome: 'successful' }),
        /catalog-update task is not done/,
      );
      expect((await get(path)).state).toBe('verifying');
      await patch(path, {
        tasks: [
          {
            kind: 'cmdb_update',
            title: 'Update the catalog entity',
            done: true,
          },
        ],
      });
      await moveOk(path, 'closed', { outcome: 'successful' });
    });

    it('records one approval when the same approver approves 50 times at once', async () => {
      const { as, create, moveOk, history, approve } = await start();
      await create('changes', changeBody());
      const path = '/changes/CHG-1';
      await moveOk(path, 'review');
      await moveOk(path, 'planning');
      await moveOk(path, 'approval');
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => approve('CHG-1', LUKAS)),
      );
      const statuses = answers.map(a => a.status);
      expect(statuses.filter(s => s === 200)).toHaveLength(1);
      expect(statuses.filter(s => s !== 200 && (s < 400 || s >= 500))).toEqual(
        [],
      );
      const decisions = (await as().get(`${path}/approvals`)).body.approvals;
      expect(
        decisions.filter((d: { decidedBy: string }) => d.decidedBy === LUKAS),
      ).toHaveLength(1);
      const approved = (await history(path)).filter(
        h => h.action === 'approved',
      );
      expect(approved).toHaveLength(1);
    });

    it('a rejection for planning sends the change back (approvals superseded, counted); a final rejection ends it', async () => {
      const { as, create, get, move, moveOk, reasons } = await start();
      await create('changes', changeBody());
      const path = '/changes/CHG-1';
      await moveOk(path, 'review');
      await moveOk(path, 'planning');
      await moveOk(path, 'approval');

      const noReason = await as(LUKAS).post('/changes/CHG-1/approvals', {
        decision: 'reject',
        rejection: 'planning',
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(
        /reason: a rejection needs a reason/,
      );
      expect((await get(path)).state).toBe('approval');

      const back = await as(LUKAS).post('/changes/CHG-1/approvals', {
        decision: 'reject',
        rejection: 'planning',
        reason: 'the risk analysis ignores the batch jobs',
      });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({
        state: 'planning',
        sendBackCount: 1,
      });
      const approvals = await as().get('/changes/CHG-1/approvals');
      expect(approvals.body.approvals).toEqual([
        expect.objectContaining({
          approverRef: PAYMENTS,
          decision: 'reject',
          superseded: true,
        }),
      ]);

      // A new round starts with nobody's decision.
      await moveOk(path, 'approval');
      expect((await as().get('/changes/CHG-1/approvals')).body.pending).toEqual(
        [PAYMENTS],
      );
      // The send-back transition needs a reason too.
      expect((await move(path, 'planning')).status).toBe(400);

      const rejected = await as(LUKAS).post('/changes/CHG-1/approvals', {
        decision: 'reject',
        rejection: 'final',
        reason: 'conflicts with the payments freeze',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        state: 'rejected',
        sendBackCount: 1,
      });
      await expectConflict(
        await move(path, 'planning', { reason: 'try again' }),
        /'rejected' is a final state/,
      );
      expect(await reasons(path)).toEqual([
        ['send_back', 'the risk analysis ignores the batch jobs'],
        ['reject', 'conflicts with the payments freeze'],
      ]);
      // A rejection that is not for planning ends it even without the kind.
      await create('changes', changeBody());
      await moveOk('/changes/CHG-2', 'review');
      await moveOk('/changes/CHG-2', 'planning');
      await moveOk('/changes/CHG-2', 'approval');
      expect((await move('/changes/CHG-2', 'rejected')).status).toBe(400);
      const direct = await as(LUKAS).post('/changes/CHG-2/approvals', {
        decision: 'reject',
        reason: 'no',
      });
      expect(direct.body.state).toBe('rejected');
    });

    it('rescheduling asks for approval again: approvals superseded, a new round', async () => {
      const { as, create, move, moveOk, approve, changeToScheduled } =
        await start();
      await create('changes', changeBody());
      await changeToScheduled('CHG-1');
      expect((await move('/changes/CHG-1', 'approval')).status).toBe(400);
      await moveOk('/changes/CHG-1', 'approval', {
        reason: 'window moved by a week',
      });
      const view = await as().get('/changes/CHG-1/approvals');
      expect(view.body.pending).toEqual([PAYMENTS]);
      expect(view.body.approvals).toEqual([
        expect.objectContaining({ superseded: true }),
      ]);
      expect((await approve('CHG-1', LUKAS)).body.state).toBe('scheduled');
    });

    it('rejects in review only with a reason, and cancels with a reason', async () => {
      const { create, move, moveOk, get } = await start();
      await create('changes', changeBody());
      await moveOk('/changes/CHG-1', 'review');
      expect((await move('/changes/CHG-1', 'rejected')).status).toBe(400);
      await moveOk('/changes/CHG-1', 'rejected', {
        reason: 'change management not required',
      });
      await create('changes', changeBody());
      expect((await move('/changes/CHG-2', 'cancelled')).status).toBe(400);
      expect((await get('/changes/CHG-2')).state).toBe('draft');
      await moveOk('/changes/CHG-2', 'cancelled', {
        reason: 'duplicate of CHG-1',
      });
    });
  });
});
