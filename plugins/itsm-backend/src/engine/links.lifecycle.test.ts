import { changeBody, incidentBody } from '../__testUtils__/fixtures';
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
  describe('links', () => {
    it('refuses a new link on a finished record, either end, and writes nothing', async () => {
      const { as, create, moveOk, linkKeys, history } = await start();
      await create('incidents', incidentBody());
      await create('changes', changeBody());
      await moveOk('/incidents/INC-1', 'cancelled', { reason: 'duplicate' });

      await expectConflict(
        await as().post('/incidents/INC-1/links', { target: 'CHG-1' }),
        /^INC-1 is cancelled: a finished record takes no new links$/,
      );
      await expectConflict(
        await as().post('/changes/CHG-1/links', { target: 'INC-1' }),
        /^INC-1 is cancelled: a finished record takes no new links$/,
      );
      expect(await linkKeys('/incidents/INC-1')).toEqual([]);
      expect(await linkKeys('/changes/CHG-1')).toEqual([]);
      for (const path of ['/incidents/INC-1', '/changes/CHG-1']) {
        expect((await history(path)).map(e => e.action)).not.toContain(
          'linked',
        );
      }
      // A pair that never links stays a 400, finished or not.
      expect(
        (await as().post('/incidents/INC-1/links', { target: 'INC-1' })).status,
      ).toBe(400);
      // Records still open link as before.
      await create('incidents', incidentBody());
      expect(
        (await as().post('/incidents/INC-2/links', { target: 'CHG-1' })).status,
      ).toBe(201);
    });

    it('closes an RFC as fulfilled only through the release that coordinated it, never by linking it to a finished one', async () => {
      const { as, create, get, move, moveOk, patch, linkKeys } = await start();
      await create('changes', changeBody());
      await moveOk('/changes/CHG-1', 'review');
      await moveOk('/changes/CHG-1', 'in_release');
      expect(await linkKeys('/changes/CHG-1')).toEqual(['REL-1']);

      // REL-2 runs its coordination without CHG-1 and closes.
      await create('releases', {
        title: 'Payments 2026.12',
        entityRefs: ['system:default/payments'],
      });
      expect(
        (await patch('/releases/REL-2', { withinBudget: true })).status,
      ).toBe(200);
      await moveOk('/releases/REL-2', 'coordinating');
      await moveOk('/releases/REL-2', 'reviewing');
      // In review it takes no new change: coordination is over.
      await expectConflict(
        await as().post('/changes/CHG-1/links', { target: 'REL-2' }),
        /^REL-2 is reviewing: its coordination is over, so it takes no new change$/,
      );
      await moveOk('/releases/REL-2', 'closed', {
        suggestions: 'Nothing to improve',
      });
      await expectConflict(
        await as().post('/changes/CHG-1/links', { target: 'REL-2' }),
        /^REL-2 is closed: a finished record takes no new links$/,
      );
      await expectConflict(
        await as().post('/releases/REL-2/links', { target: 'CHG-1' }),
        /^REL-2 is closed: a finished record takes no new links$/,
      );

      // So the RFC cannot be closed as fulfilled: it waits in its backlog.
      await expectConflict(
        await move('/changes/CHG-1', 'closed'),
        /not part of a release that finished coordination/,
      );
      expect(await get('/changes/CHG-1')).toMatchObject({
        state: 'in_release',
        links: [expect.objectContaining({ key: 'REL-1', state: 'backlog' })],
      });
      expect(await linkKeys('/releases/REL-2')).toEqual([]);
    });
  });
});
