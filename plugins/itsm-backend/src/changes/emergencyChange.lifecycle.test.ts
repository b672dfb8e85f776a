import {
  AMARA,
  changeBody,
  incidentBody,
  INES,
  LUKAS,
  OUTSIDER,
  SOFIA,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  expectConflict,
  expectForbidden,
  lifecycleBackends,
} from '../__testUtils__/lifecycleApi';

jest.setTimeout(120_000);

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  // One database and one backend per configuration for the suite.
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  // -----------------------------------------------------------------------
  describe('emergency change', () => {
    it('must name the incident it fixes, and is created linked to it', async () => {
      const { as, create, linkKeys } = await start();
      const none = await as().post(
        '/changes',
        changeBody({ changeType: 'emergency' }),
      );
      expect(none.status).toBe(400);
      expect(none.body.error.message).toMatch(
        /incidentKey: an emergency change must name the incident it fixes/,
      );
      const unknown = await as().post(
        '/changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-7' }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/incidentKey/);
      expect((await as().get('/changes')).body.totalCount).toBe(0);

      await create('incidents', incidentBody());
      const chg = await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      expect(chg).toMatchObject({
        key: 'CHG-1',
        state: 'draft',
        changeType: 'emergency',
        incidentKey: 'INC-1',
      });
      expect(await linkKeys('/changes/CHG-1')).toEqual(['INC-1']);
      expect(await linkKeys('/incidents/INC-1')).toEqual(['CHG-1']);
    });

    it('is implemented first, only on the order of the service owner, and closes after retroactive registration and approval', async () => {
      const { create, get, move, moveOk, patch, approve, stateMoves } =
        await start();
      // The fix disrupts the service: the incident records the change gate.
      await create(
        'incidents',
        incidentBody({ changeGate: { disruptsService: true } }),
        SOFIA,
      );
      await create(
        'changes',
        {
          title: 'Hotfix the payments pool',
          entityRefs: ['component:default/payments-api'],
          changeType: 'emergency',
          incidentKey: 'INC-1',
        },
        SOFIA,
      );
      const path = '/changes/CHG-1';
      // The incident cannot resolve before its change is implemented.
      await expectConflict(
        await move(
          '/incidents/INC-1',
          'resolved',
          { resolutionCode: 'fixed' },
          SOFIA,
        ),
        /change/,
      );
      // Not through review: emergencies are implemented first.
      await expectConflict(
        await move(path, 'review', {}, LUKAS),
        /emergency changes are implemented first/,
      );
      // Only the service owner (payments-team) orders it.
      await expectForbidden(
        await move(path, 'implementing', {}, SOFIA),
        /^Only the service owner \(group:default\/payments-team\) or the on-duty manager \(group:default\/payments-team\) may implement emergency change CHG-1$/,
      );
      await expectForbidden(
        await move(path, 'implementing', {}, INES),
        /^Only the service owner/,
      );
      await expectForbidden(
        await move(path, 'implementing', {}, OUTSIDER),
        /^Only the service owner/,
      );
      expect((await get(path)).state).toBe('draft');
      // Retroactive approval is given only once it is implementing.
      expect((await approve('CHG-1', LUKAS)).status).toBe(409);

      await moveOk(path, 'implementing', {}, LUKAS);
      await moveOk(path, 'verifying', {}, LUKAS);
      await expectConflict(
        await move(path, 'closed', { outcome: 'successful' }, LUKAS),
        /register the emergency change retroactively before closing it: missing plannedStart, plannedEnd, implementationPlan, testPlan, backoutPlan$/,
      );
      expect(
        (
          await patch(
            path,
            {
              implementationPlan: 'raised pool size to 50',
              testPlan: 'load test',
              backoutPlan: 'revert',
            },
            SOFIA,
          )
        ).status,
      ).toBe(200);
      // Every plan, the window included.
      await expectConflict(
        await move(path, 'closed', { outcome: 'successful' }, LUKAS),
        /register the emergency change retroactively before closing it: missing plannedStart, plannedEnd$/,
      );
      expect(
        (
          await patch(
            path,
            {
              plannedStart: '2026-12-01T21:40:00Z',
              plannedEnd: '2026-12-01T21:55:00Z',
            },
            SOFIA,
          )
        ).status,
      ).toBe(200);
      await expectConflict(
        await move(path, 'closed', { outcome: 'successful' }, LUKAS),
        /still needs the retroactive approval of group:default\/payments-team/,
      );
      // The requester cannot approve, nor can someone outside the owner group.
      expect((await approve('CHG-1', SOFIA)).status).toBe(403);
      expect((await approve('CHG-1', INES)).status).toBe(403);
      const approved = await approve('CHG-1', AMARA);
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('verifying');

      const closed = await moveOk(
        path,
        'closed',
        { outcome: 'successful' },
        LUKAS,
      );
      expect(closed.outcome).toBe('successful');
      expect(await stateMoves(path)).toEqual([
        ['implement_emergency', 'draft', 'implementing'],
        ['complete', 'implementing', 'verifying'],
        ['close', 'verifying', 'closed'],
      ]);
      // The incident it fixed now passes the change gate it recorded.
      await moveOk(
        '/incidents/INC-1',
        'resolved',
        { resolutionCode: 'fixed' },
        SOFIA,
      );
    });

    it('is approved retroactively while implementing too', async () => {
      const { create, moveOk, approve } = await start();
      await create('incidents', incidentBody());
      await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      await moveOk('/changes/CHG-1', 'implementing', {}, LUKAS);
      const approved = await approve('CHG-1', LUKAS);
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('implementing');
      await moveOk('/changes/CHG-1', 'verifying', {}, LUKAS);
      await moveOk(
        '/changes/CHG-1',
        'closed',
        { outcome: 'backed_out' },
        LUKAS,
      );
    });

    it('must stay linked to its incident to be implemented', async () => {
      const { as, create, move } = await start();
      await create('incidents', incidentBody());
      await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      expect((await as().delete('/changes/CHG-1/links/INC-1')).status).toBe(
        204,
      );
      await expectConflict(
        await move('/changes/CHG-1', 'implementing', {}, LUKAS),
        /must be linked to the incident it fixes/,
      );
    });

    it('needs its linked incident to close', async () => {
      const { as, create, move, moveOk, approve } = await start();
      await create('incidents', incidentBody());
      await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      await moveOk('/changes/CHG-1', 'implementing', {}, LUKAS);
      await moveOk('/changes/CHG-1', 'verifying', {}, LUKAS);
      expect((await approve('CHG-1', LUKAS)).status).toBe(200);
      expect((await as().delete('/changes/CHG-1/links/INC-1')).status).toBe(
        204,
      );
      await expectConflict(
        await move('/changes/CHG-1', 'closed', { outcome: 'failed' }, LUKAS),
        /register the emergency change retroactively before closing it: missing the linked incident$/,
      );
      expect(
        (await as().post('/changes/CHG-1/links', { target: 'INC-1' })).status,
      ).toBe(201);
      await moveOk('/changes/CHG-1', 'closed', { outcome: 'failed' }, LUKAS);
    });

    it('may be ordered by the on-duty manager', async () => {
      const { create, move, moveOk } = await start({
        config: { roles: { onDutyManager: 'group:default/platform-team' } },
      });
      await create('incidents', incidentBody());
      await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      await expectForbidden(
        await move('/changes/CHG-1', 'implementing', {}, SOFIA),
        /on-duty manager \(group:default\/platform-team\)/,
      );
      await moveOk('/changes/CHG-1', 'implementing', {}, INES);
    });

    it('is not an emergency path for normal changes', async () => {
      const { create, move } = await start();
      await create('changes', changeBody());
      await expectConflict(
        await move('/changes/CHG-1', 'implementing', {}, LUKAS),
        /only emergency changes take this path/,
      );
    });
  });
});
