import {
  INES,
  LUKAS,
  OUTSIDER,
  slaBody,
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

jest.setTimeout(120_000);

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  // One database and one backend per configuration for the suite.
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  // -----------------------------------------------------------------------
  describe('SLA', () => {
    it('needs existing customer and service owner groups', async () => {
      const { as } = await start();
      const badCustomer = await as().post(
        '/slas',
        slaBody({ customerGroup: 'group:default/ghosts' }),
      );
      expect(badCustomer.status).toBe(400);
      const badOwner = await as().post(
        '/slas',
        slaBody({ serviceOwnerGroup: 'group:default/nobody' }),
      );
      expect(badOwner.status).toBe(400);
      expect(badOwner.body.error.message).toMatch(/group:default\/nobody/);
      const notGroup = await as().post(
        '/slas',
        slaBody({ customerGroup: 'user:default/sofia' }),
      );
      expect(notGroup.status).toBe(400);
      expect((await as().get('/slas')).body.totalCount).toBe(0);
    });

    it('activates only with both signatures, each by a member of its group', async () => {
      const { as, create, get, move, moveOk, stateMoves } = await start();
      await create('slas', slaBody());
      const path = '/slas/SLA-1';
      await expectConflict(
        await move(path, 'active'),
        /needs the signature of the customer representative and the service owner/,
      );
      const wrongCustomer = await as(LUKAS).post(`${path}/signatures`, {
        role: 'customer',
      });
      expect(wrongCustomer.status).toBe(403);
      expect(
        (await as(INES).post(`${path}/signatures`, { role: 'customer' }))
          .status,
      ).toBe(403);
      const customer = await as(SOFIA).post(`${path}/signatures`, {
        role: 'customer',
      });
      expect(customer.status).toBe(200);
      expect(customer.body.signatures.customer).toMatchObject({ by: SOFIA });

      await expectConflict(
        await move(path, 'active'),
        /needs the signature of the service owner/,
      );
      expect(
        (await as(SOFIA).post(`${path}/signatures`, { role: 'serviceOwner' }))
          .status,
      ).toBe(403);
      expect(
        (
          await as(OUTSIDER).post(`${path}/signatures`, {
            role: 'serviceOwner',
          })
        ).status,
      ).toBe(403);
      const owner = await as(LUKAS).post(`${path}/signatures`, {
        role: 'serviceOwner',
      });
      expect(owner.status).toBe(200);
      expect(owner.body.signatures).toMatchObject({
        customer: { by: SOFIA },
        serviceOwner: { by: LUKAS },
      });

      await moveOk(path, 'active');
      const late = await as(SOFIA).post(`${path}/signatures`, {
        role: 'customer',
      });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/only a draft SLA is signed/);
      expect(await stateMoves(path)).toEqual([['activate', 'draft', 'active']]);
      expect((await get(path)).state).toBe('active');
    });

    it('writes one signature when the same signer signs 50 times at once', async () => {
      const { as, create, get, history } = await start();
      const sla = await create('slas', slaBody());
      const path = `/slas/${sla.key}`;
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          as(SOFIA).post(`${path}/signatures`, { role: 'customer' }),
        ),
      );
      const statuses = answers.map(a => a.status);
      expect(statuses.filter(s => s === 200)).toHaveLength(1);
      expect(statuses.filter(s => s === 409)).toHaveLength(49);
      const after = await get(path);
      expect(after.version).toBe(sla.version + 1);
      expect(after.signatures.customer).toMatchObject({ by: SOFIA });
      const signed = (await history(path)).filter(h => h.action === 'signed');
      expect(signed).toHaveLength(1);
    });

    it('terminates with a reason and names the entities no other active SLA covers', async () => {
      const { as, create, get, move, moveOk, reasons } = await start();
      const activate = async (key: string) => {
        await as(SOFIA).post(`/slas/${key}/signatures`, { role: 'customer' });
        await as(LUKAS).post(`/slas/${key}/signatures`, {
          role: 'serviceOwner',
        });
        await moveOk(`/slas/${key}`, 'active');
      };
      await create(
        'slas',
        slaBody({
          entityRefs: [
            'component:default/payments-api',
            'resource:default/payments-db',
          ],
        }),
      );
      await create(
        'slas',
        slaBody({
          title: 'Database for the storefront',
          entityRefs: ['resource:default/payments-db'],
        }),
      );
      await create(
        'slas',
        slaBody({
          title: 'Draft only',
          entityRefs: ['component:default/payments-api'],
        }),
      );
      await activate('SLA-1');
      await activate('SLA-2');

      expect((await move('/slas/SLA-1', 'terminated')).status).toBe(400);
      expect((await get('/slas/SLA-1')).state).toBe('active');
      const terminated = await moveOk('/slas/SLA-1', 'terminated', {
        reason: 'service replaced',
      });
      expect(terminated).toMatchObject({
        terminationReason: 'service replaced',
        discontinuedEntityRefs: ['component:default/payments-api'],
      });
      expect(await reasons('/slas/SLA-1')).toEqual([
        ['terminate', 'service replaced'],
      ]);

      const last = await moveOk('/slas/SLA-2', 'terminated', {
        reason: 'customer left',
      });
      expect(last.discontinuedEntityRefs).toEqual([
        'resource:default/payments-db',
      ]);
    });

    it('declines a draft only with a reason', async () => {
      const { create, get, move, moveOk } = await start();
      await create('slas', slaBody());
      expect((await move('/slas/SLA-1', 'declined')).status).toBe(400);
      expect((await get('/slas/SLA-1')).state).toBe('draft');
      const declined = await moveOk('/slas/SLA-1', 'declined', {
        reason: 'targets too tight',
      });
      expect(declined.declineReason).toBe('targets too tight');
      await expectConflict(
        await move('/slas/SLA-1', 'active'),
        /'declined' is a final state/,
      );
    });

    it('keeps the previous targets of an active SLA as a version', async () => {
      const { as, create, get, moveOk, patch } = await start();
      const original = slaBody().targets;
      await create('slas', slaBody());
      // A draft is edited in place.
      expect(
        (
          await patch('/slas/SLA-1', {
            targets: { ...original, availabilityPercent: 99.5 },
          })
        ).status,
      ).toBe(200);
      expect((await get('/slas/SLA-1')).targetHistory).toEqual([]);
      await as(SOFIA).post('/slas/SLA-1/signatures', { role: 'customer' });
      await as(LUKAS).post('/slas/SLA-1/signatures', {
        role: 'serviceOwner',
      });
      const active = await moveOk('/slas/SLA-1', 'active');

      const changed = await patch('/slas/SLA-1', {
        targets: { ...original, availabilityPercent: 99.95 },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.targets.availabilityPercent).toBe(99.95);
      expect(changed.body.targetHistory).toEqual([
        expect.objectContaining({
          targets: expect.objectContaining({ availabilityPercent: 99.5 }),
          validFrom: active.stateChangedAt,
          validTo: changed.body.updatedAt,
        }),
      ]);
      const again = await patch('/slas/SLA-1', {
        targets: { ...original, availabilityPercent: 99.99 },
      });
      expect(again.body.targetHistory).toHaveLength(2);
      expect(again.body.targetHistory[1]).toMatchObject({
        targets: expect.objectContaining({ availabilityPercent: 99.95 }),
        validFrom: changed.body.updatedAt,
      });
    });
  });
});
