import {
  changeBody,
  LUKAS,
  PAYMENTS,
  PAYMENTS_DB,
  STANDARD_TEMPLATES,
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

/** The standard templates and a freeze over payments-db on 3 December. */
const CONFIG = {
  ...STANDARD_TEMPLATES,
  freezeWindows: [
    {
      id: 'payments-freeze',
      title: 'Payments freeze',
      start: '2026-12-03T00:00:00Z',
      end: '2026-12-05T00:00:00Z',
      scope: { kind: 'entity', entityRef: PAYMENTS_DB },
    },
  ],
};
const IN_FREEZE = {
  plannedStart: '2026-12-03T22:00:00Z',
  plannedEnd: '2026-12-03T23:00:00Z',
};

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  // One database and one backend per configuration for the suite.
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  // -----------------------------------------------------------------------
  describe('standard change', () => {
    it('needs a known template from config', async () => {
      const { as } = await start({ config: STANDARD_TEMPLATES });
      const unknown = await as().post(
        '/changes',
        changeBody({ changeType: 'standard', template: 'nope' }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(
        /unknown standard change template "nope"; known: cert, dbparam/,
      );
      const none = await as().post(
        '/changes',
        changeBody({ changeType: 'standard' }),
      );
      expect(none.status).toBe(400);
      const normalWithTemplate = await as().post(
        '/changes',
        changeBody({ template: 'cert' }),
      );
      expect(normalWithTemplate.status).toBe(400);
      expect((await as().get('/changes')).body.totalCount).toBe(0);
    });

    it('lists the catalogue of templates, in the configured order, to anyone signed in', async () => {
      const { as } = await start({ config: STANDARD_TEMPLATES });
      const catalogue = await as(LUKAS).get('/change-templates');
      expect(catalogue.status).toBe(200);
      expect(catalogue.body.items).toEqual([
        { id: 'cert', title: 'Rotate certs', skipApproval: true },
        {
          id: 'dbparam',
          title: 'Tune a database parameter',
          skipApproval: false,
        },
      ]);
    });

    it('goes from planning to scheduled without approval when its template skips approval', async () => {
      const { as, create, move, moveOk, stateMoves } = await start({
        config: STANDARD_TEMPLATES,
      });
      await create(
        'changes',
        changeBody({
          changeType: 'standard',
          template: 'cert',
          title: 'Rotate payments certs',
        }),
      );
      const path = '/changes/CHG-1';
      await moveOk(path, 'review');
      // Standard changes follow their template: no release, no rejection in review.
      await expectConflict(
        await move(path, 'in_release'),
        /standard changes follow their template/,
      );
      await expectConflict(
        await move(path, 'rejected', { reason: 'no' }),
        /standard changes follow their template/,
      );
      await moveOk(path, 'planning');
      await moveOk(path, 'scheduled');
      expect((await as().get(`${path}/approvals`)).body.approvals).toEqual([]);
      await moveOk(path, 'implementing');
      await moveOk(path, 'verifying');
      await moveOk(path, 'closed', { outcome: 'successful' });
      expect(await stateMoves(path)).toEqual([
        ['submit', 'draft', 'review'],
        ['register', 'review', 'planning'],
        ['schedule', 'planning', 'scheduled'],
        ['start', 'scheduled', 'implementing'],
        ['complete', 'implementing', 'verifying'],
        ['close', 'verifying', 'closed'],
      ]);
    });

    it('is not pre-approved when its template requires approval, nor when it is a normal change, nor without a plan', async () => {
      const { create, move, moveOk, get, approve } = await start({
        config: STANDARD_TEMPLATES,
      });
      await create(
        'changes',
        changeBody({ changeType: 'standard', template: 'dbparam' }),
      );
      await moveOk('/changes/CHG-1', 'review');
      await moveOk('/changes/CHG-1', 'planning');
      await expectConflict(
        await move('/changes/CHG-1', 'scheduled'),
        /template "dbparam" requires approval/,
      );
      // It goes through approval like any change: the service owner approves.
      const inApproval = await moveOk('/changes/CHG-1', 'approval');
      expect(inApproval.requiredApprovers).toEqual([
        expect.objectContaining({ approverRef: PAYMENTS }),
      ]);
      expect((await get('/changes/CHG-1')).state).toBe('approval');
      expect((await approve('CHG-1', LUKAS)).body.state).toBe('scheduled');

      await create('changes', changeBody());
      await moveOk('/changes/CHG-2', 'review');
      await moveOk('/changes/CHG-2', 'planning');
      await expectConflict(
        await move('/changes/CHG-2', 'scheduled'),
        /only standard changes skip approval/,
      );

      await create(
        'changes',
        changeBody({
          changeType: 'standard',
          template: 'cert',
          backoutPlan: undefined,
        }),
      );
      await moveOk('/changes/CHG-3', 'review');
      await moveOk('/changes/CHG-3', 'planning');
      await expectConflict(
        await move('/changes/CHG-3', 'scheduled'),
        /missing backoutPlan/,
      );
      expect((await get('/changes/CHG-3')).state).toBe('planning');
    });

    it('gets the freeze and conflict checks, with or without approval', async () => {
      const { create, get, move, moveOk } = await start({ config: CONFIG });
      const standard = (template: string, extra = {}) =>
        changeBody({ changeType: 'standard', template, ...extra });
      await create('changes', standard('cert', IN_FREEZE));
      await create('changes', standard('dbparam', IN_FREEZE));
      for (const [key, to] of [
        ['CHG-1', 'scheduled'],
        ['CHG-2', 'approval'],
      ]) {
        await moveOk(`/changes/${key}`, 'review');
        await moveOk(`/changes/${key}`, 'planning');
        await expectConflict(
          await move(`/changes/${key}`, to),
          /the window lies inside freeze window Payments freeze/,
        );
      }
      // A normal change in review on payments-db in the same window...
      await create('changes', changeBody());
      await moveOk('/changes/CHG-3', 'review');
      await create('changes', standard('cert'));
      await create('changes', standard('dbparam'));
      for (const [key, to] of [
        ['CHG-4', 'scheduled'],
        ['CHG-5', 'approval'],
      ]) {
        await moveOk(`/changes/${key}`, 'review');
        await moveOk(`/changes/${key}`, 'planning');
        // ...stands in the way of both standard changes.
        await expectConflict(
          await move(`/changes/${key}`, to),
          /a standard change may not overlap other changes on the same entities: (.*; )?CHG-3 \(/,
        );
        expect((await get(`/changes/${key}`)).state).toBe('planning');
      }
    });

    it('stays scheduled after a material edit only while its template checks still hold', async () => {
      const { create, get, moveOk, patch } = await start({ config: CONFIG });
      await create(
        'changes',
        changeBody({ changeType: 'standard', template: 'cert' }),
      );
      const path = '/changes/CHG-1';
      await moveOk(path, 'review');
      await moveOk(path, 'planning');
      await moveOk(path, 'scheduled');
      await expectConflict(
        await patch(path, IN_FREEZE),
        /^Cannot change plannedStart, plannedEnd of CHG-1: the window lies inside freeze window Payments freeze/,
      );
      await expectConflict(
        await patch(path, { backoutPlan: '' }),
        /the plan would be incomplete: missing backoutPlan/,
      );
      const moved = await patch(path, {
        plannedStart: '2026-12-01T22:15:00Z',
        backoutPlan: 'reinstall the old certificate',
      });
      expect(moved.status).toBe(200);
      expect(moved.body.state).toBe('scheduled');
      expect((await get(path)).plannedStart).toBe('2026-12-01T22:15:00Z');
    });
  });
});
