import { changeBody, STANDARD_TEMPLATES } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  expectConflict,
  lifecycleBackends,
} from '../__testUtils__/lifecycleApi';

jest.setTimeout(120_000);

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
      const { create, move, moveOk, get } = await start({
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
      // It goes through approval like any change.
      await moveOk('/changes/CHG-1', 'approval');

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
  });
});
