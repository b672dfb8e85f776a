import {
  AMARA,
  changeBody,
  incidentBody,
  LUKAS,
  PAYMENTS,
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

jest.setTimeout(120_000);

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  // One database and one backend per configuration for the suite.
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  // -----------------------------------------------------------------------
  describe('incident', () => {
    it('runs new -> assigned -> in_progress -> pending -> in_progress -> resolved -> closed', async () => {
      const { as, create, get, move, moveOk, stateMoves, reasons } =
        await start();
      const inc = await create('incidents', incidentBody());
      expect(inc).toMatchObject({
        key: 'INC-1',
        state: 'new',
        assignedGroup: PAYMENTS,
        assignee: null,
      });
      const path = '/incidents/INC-1';

      await moveOk(path, 'assigned');
      const started = await moveOk(path, 'in_progress', {}, LUKAS);
      expect(started.assignee).toBe(LUKAS);

      const noReason = await move(path, 'pending', {
        pendingReason: 'waiting for logs',
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(
        /^reason: a reason is required/,
      );
      const pending = await moveOk(
        path,
        'pending',
        {
          reason: 'waiting for the customer',
          pendingReason: 'waiting for the customer to send card logs',
        },
        LUKAS,
      );
      expect(pending.pendingReason).toBe(
        'waiting for the customer to send card logs',
      );

      const resumed = await moveOk(path, 'in_progress', {}, LUKAS);
      expect(resumed.pendingReason).toBeNull();

      const noCode = await move(path, 'resolved', {}, LUKAS);
      expect(noCode.status).toBe(400);
      expect(noCode.body.error.message).toMatch(/^resolutionCode: is required/);
      const resolved = await moveOk(
        path,
        'resolved',
        {
          resolutionCode: 'fixed',
          resolutionNotes: 'pool size raised',
        },
        LUKAS,
      );
      expect(resolved).toMatchObject({
        resolutionCode: 'fixed',
        resolutionNotes: 'pool size raised',
      });

      const closed = await moveOk(path, 'closed');
      expect(closed.state).toBe('closed');
      // Closed is final.
      await expectConflict(
        await move(path, 'assigned', { reason: 'again' }),
        /'closed' is a final state/,
      );
      expect((await as().get(path)).body.state).toBe('closed');

      expect(await stateMoves(path)).toEqual([
        ['assign', 'new', 'assigned'],
        ['start', 'assigned', 'in_progress'],
        ['pend', 'in_progress', 'pending'],
        ['resume', 'pending', 'in_progress'],
        ['resolve', 'in_progress', 'resolved'],
        ['close', 'resolved', 'closed'],
      ]);
      expect(await reasons(path)).toEqual([
        ['pend', 'waiting for the customer'],
      ]);
      expect((await get(path)).version).toBe(7);
    });

    it('lets whoever registers resolve at once (new -> resolved)', async () => {
      const { create, moveOk, move, stateMoves } = await start();
      await create('incidents', incidentBody(), SOFIA);
      // Not in one step from new to closed.
      await expectConflict(
        await move('/incidents/INC-1', 'closed'),
        /allowed: assigned, resolved, cancelled/,
      );
      const resolved = await moveOk(
        '/incidents/INC-1',
        'resolved',
        {
          resolutionCode: 'user_error',
          changeGate: {
            disruptsService: false,
            changesFunctionality: false,
            requiresCmdbUpdate: false,
          },
        },
        SOFIA,
      );
      expect(resolved.resolutionCode).toBe('user_error');
      expect(await stateMoves('/incidents/INC-1')).toEqual([
        ['resolve', 'new', 'resolved'],
      ]);
      // No resolve from assigned or pending: work is started / resumed first.
      await create('incidents', incidentBody());
      await moveOk('/incidents/INC-2', 'assigned');
      await expectConflict(
        await move('/incidents/INC-2', 'resolved', {
          resolutionCode: 'fixed',
        }),
        /allowed: in_progress, new, cancelled/,
      );
    });

    it('reopens a resolved incident with a reason, counts it and keeps the assignment', async () => {
      const { create, get, move, moveOk, reasons } = await start();
      await create('incidents', incidentBody());
      const path = '/incidents/INC-1';
      await moveOk(path, 'assigned');
      await moveOk(path, 'in_progress', {}, LUKAS);
      await moveOk(path, 'resolved', { resolutionCode: 'fixed' }, LUKAS);

      const noReason = await move(path, 'assigned', {}, SOFIA);
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(
        /reason: a reason is required to reopen INC-1/,
      );
      expect((await get(path)).state).toBe('resolved');

      const reopened = await moveOk(
        path,
        'assigned',
        { reason: 'still failing for Amex' },
        SOFIA,
      );
      expect(reopened).toMatchObject({
        reopenCount: 1,
        assignedGroup: PAYMENTS,
        assignee: LUKAS,
      });

      await moveOk(path, 'in_progress', {}, LUKAS);
      await moveOk(path, 'resolved', { resolutionCode: 'fixed' }, LUKAS);
      const again = await moveOk(
        path,
        'assigned',
        { reason: 'fails again' },
        SOFIA,
      );
      expect(again.reopenCount).toBe(2);
      expect(await reasons(path)).toEqual([
        ['reopen', 'still failing for Amex'],
        ['reopen', 'fails again'],
      ]);
    });

    it('sends an assignment back with a reason, counts it and clears the assignment', async () => {
      const { create, get, move, moveOk, patch } = await start();
      await create('incidents', incidentBody());
      const path = '/incidents/INC-1';
      await moveOk(path, 'assigned');
      expect((await patch(path, { assignee: LUKAS })).status).toBe(200);

      const noReason = await move(path, 'new', {}, LUKAS);
      expect(noReason.status).toBe(400);
      expect((await get(path)).state).toBe('assigned');

      const sentBack = await moveOk(
        path,
        'new',
        { reason: 'wrong group: this is the storefront' },
        LUKAS,
      );
      expect(sentBack).toMatchObject({
        sendBackCount: 1,
        assignedGroup: null,
        assignee: null,
      });

      // Assigning needs an assignment group now that routing was undone.
      await expectConflict(
        await move(path, 'assigned'),
        /an assignment group is required/,
      );
      expect((await get(path)).state).toBe('new');
      const assigned = await moveOk(path, 'assigned', {
        assignedGroup: STOREFRONT,
      });
      expect(assigned.assignedGroup).toBe(STOREFRONT);
    });

    it('takes only the body fields a transition declares and ignores the others', async () => {
      const { create, moveOk } = await start();
      await create('incidents', incidentBody());
      const path = '/incidents/INC-1';
      await moveOk(path, 'assigned');
      const started = await moveOk(
        path,
        'in_progress',
        {
          assignedGroup: STOREFRONT,
          assignee: AMARA,
          changeGate: { disruptsService: true },
          resolutionNotes: 'not yet',
        },
        LUKAS,
      );
      expect(started).toMatchObject({
        assignedGroup: PAYMENTS,
        assignee: LUKAS,
        changeGate: null,
        resolutionNotes: null,
        reassignmentCount: 0,
      });
      const pending = await moveOk(
        path,
        'pending',
        {
          reason: 'waiting for the bank',
          pendingReason: 'the bank',
          assignedGroup: STOREFRONT,
        },
        LUKAS,
      );
      expect(pending).toMatchObject({
        pendingReason: 'the bank',
        assignedGroup: PAYMENTS,
      });
    });

    it('makes whoever starts work the assignee only when nobody is assigned', async () => {
      const { create, moveOk } = await start();
      await create('incidents', incidentBody());
      await moveOk('/incidents/INC-1', 'assigned');
      expect(
        (await moveOk('/incidents/INC-1', 'in_progress', {}, LUKAS)).assignee,
      ).toBe(LUKAS);

      await create('incidents', incidentBody({ assignee: AMARA }));
      await moveOk('/incidents/INC-2', 'assigned');
      expect(
        (await moveOk('/incidents/INC-2', 'in_progress', {}, LUKAS)).assignee,
      ).toBe(AMARA);
    });

    it.each([
      [
        'disruptsService',
        /makes a service unavailable or degraded during service hours/,
      ],
      ['changesFunctionality', /changes what the service does/],
      ['requiresCmdbUpdate', /requires a CMDB update/],
    ])(
      'change gate: a fix that %s is not resolved without a linked change',
      async (flag, condition) => {
        const { as, create, get, move, moveOk } = await start();
        await create('incidents', incidentBody());
        const path = '/incidents/INC-1';
        await moveOk(path, 'assigned');
        await moveOk(path, 'in_progress');
        const refused = await move(path, 'resolved', {
          resolutionCode: 'fixed',
          changeGate: { [flag]: true },
        });
        await expectConflict(refused, /needs change management/);
        expect(refused.body.error.message).toMatch(condition);
        expect((await get(path)).state).toBe('in_progress');

        // Also from new (the registration shortcut).
        await create('incidents', incidentBody());
        await expectConflict(
          await move('/incidents/INC-2', 'resolved', {
            resolutionCode: 'fixed',
            changeGate: { [flag]: true },
          }),
          /needs change management/,
        );

        // A cancelled change does not take the fix through change management.
        await create('changes', changeBody());
        await moveOk('/changes/CHG-1', 'cancelled', {
          reason: 'wrong service',
        });
        expect(
          (await as().post('/incidents/INC-1/links', { target: 'CHG-1' }))
            .status,
        ).toBe(201);
        await expectConflict(
          await move(path, 'resolved', {
            resolutionCode: 'fixed',
            changeGate: { [flag]: true },
          }),
          /needs change management/,
        );
        await create('changes', changeBody());
        expect(
          (await as().post('/incidents/INC-1/links', { target: 'CHG-2' }))
            .status,
        ).toBe(201);
        const resolved = await moveOk(path, 'resolved', {
          resolutionCode: 'fixed',
          changeGate: { [flag]: true },
        });
        expect(resolved.changeGate).toMatchObject({ [flag]: true });
      },
    );

    it('change gate: the gate recorded on the incident holds when the resolve does not repeat it', async () => {
      const { create, get, move, moveOk, patch } = await start();
      await create(
        'incidents',
        incidentBody({ changeGate: { requiresCmdbUpdate: true } }),
      );
      await expectConflict(
        await move('/incidents/INC-1', 'resolved', {
          resolutionCode: 'fixed',
        }),
        /needs change management/,
      );
      await create('incidents', incidentBody());
      expect(
        (
          await patch('/incidents/INC-2', {
            changeGate: { disruptsService: true },
          })
        ).status,
      ).toBe(200);
      await expectConflict(
        await move('/incidents/INC-2', 'resolved', {
          resolutionCode: 'fixed',
        }),
        /needs change management/,
      );
      expect((await get('/incidents/INC-2')).state).toBe('new');
      // A fix that meets none of the conditions resolves.
      await moveOk('/incidents/INC-2', 'resolved', {
        resolutionCode: 'fixed',
        changeGate: { disruptsService: false },
      });
    });
  });
});
