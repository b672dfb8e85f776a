import {
  AMARA,
  incidentBody,
  LUKAS,
  PAYMENTS,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { lifecycleBackends } from '../__testUtils__/lifecycleApi';

jest.setTimeout(120_000);

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  // One database and one backend per configuration for the suite.
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  // -----------------------------------------------------------------------
  describe('history', () => {
    it('shows one entry per transition with its action, from and to, and every reason', async () => {
      const { create, moveOk, history } = await start();
      await create('incidents', incidentBody());
      const path = '/incidents/INC-1';
      await moveOk(path, 'assigned');
      await moveOk(path, 'new', { reason: 'wrong group' }, LUKAS);
      await moveOk(path, 'assigned', { assignedGroup: PAYMENTS });
      await moveOk(path, 'in_progress', {}, LUKAS);
      await moveOk(path, 'pending', { reason: 'waiting for the bank' }, LUKAS);
      await moveOk(path, 'in_progress', {}, LUKAS);
      await moveOk(path, 'resolved', { resolutionCode: 'fixed' }, LUKAS);
      await moveOk(path, 'assigned', { reason: 'not fixed' }, AMARA);
      await moveOk(path, 'cancelled', { reason: 'duplicate of INC-9' });

      const items = await history(path);
      expect(items[0]).toMatchObject({ action: 'created', actor: AMARA });
      const moves = items.filter(e => e.field === 'state');
      expect(moves.map(e => [e.actor, e.action, e.from, e.to])).toEqual([
        [AMARA, 'assign', 'new', 'assigned'],
        [LUKAS, 'send_back', 'assigned', 'new'],
        [AMARA, 'assign', 'new', 'assigned'],
        [LUKAS, 'start', 'assigned', 'in_progress'],
        [LUKAS, 'pend', 'in_progress', 'pending'],
        [LUKAS, 'resume', 'pending', 'in_progress'],
        [LUKAS, 'resolve', 'in_progress', 'resolved'],
        [AMARA, 'reopen', 'resolved', 'assigned'],
        [AMARA, 'cancel', 'assigned', 'cancelled'],
      ]);
      expect(
        items
          .filter(e => e.field === 'reason')
          .map(e => [e.actor, e.action, e.to]),
      ).toEqual([
        [LUKAS, 'send_back', 'wrong group'],
        [LUKAS, 'pend', 'waiting for the bank'],
        [AMARA, 'reopen', 'not fixed'],
        [AMARA, 'cancel', 'duplicate of INC-9'],
      ]);
      // The effects are in the history too, under the action that caused them.
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'send_back',
            field: 'sendBackCount',
            from: 0,
            to: 1,
          }),
          expect.objectContaining({
            action: 'send_back',
            field: 'assignedGroup',
            from: PAYMENTS,
            to: null,
          }),
          expect.objectContaining({
            action: 'start',
            field: 'assignee',
            from: null,
            to: LUKAS,
          }),
          expect.objectContaining({
            action: 'reopen',
            field: 'reopenCount',
            from: 0,
            to: 1,
          }),
        ]),
      );
    });

    it('records the RFC raised for a known error on both records', async () => {
      const { create, moveOk, history } = await start();
      await create('problems', {
        title: 'Leak',
        entityRefs: ['component:default/payments-api'],
      });
      await moveOk('/problems/PRB-1', 'under_investigation');
      await moveOk('/problems/PRB-1', 'root_cause_known', {
        rootCause: 'unclosed cursors',
      });
      await moveOk('/problems/PRB-1', 'known_error');
      expect(await history('/problems/PRB-1')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'raised-rfc',
            field: 'change',
            to: 'CHG-1',
          }),
          expect.objectContaining({
            action: 'record_root_cause',
            field: 'rootCause',
            to: 'unclosed cursors',
          }),
        ]),
      );
      expect((await history('/changes/CHG-1'))[0]).toMatchObject({
        action: 'created',
        to: expect.objectContaining({ state: 'draft', from: 'PRB-1' }),
      });
    });
  });
});
