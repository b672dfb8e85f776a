import { Entity } from '@backstage/catalog-model';
import { roleAnnotation } from '@backstage-itsm/plugin-itsm-common';
import {
  AMARA,
  changeBody,
  INES,
  LUKAS,
  PAYMENTS_DB,
  slaBody,
  SOFIA,
  STOREFRONT,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import { useFixtureClock } from '../__testUtils__/fixtureClock';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { lifecycleBackends } from '../__testUtils__/lifecycleApi';

jest.setTimeout(120_000);
useFixtureClock();

/** storefront-team, the SLA's customer, designates ines (not a member) as its representative. */
const ENTITIES: Entity[] = TEST_ENTITIES.map(e =>
  e.kind === 'Group' && e.metadata.name === 'storefront-team'
    ? {
        ...e,
        metadata: {
          ...e.metadata,
          annotations: {
            [roleAnnotation('customer-representative')]: INES,
          },
        },
      }
    : e,
);

/*
 * Approvals are required from the representatives of the affected customers
 * (process model, Change, Approval): a customer group that designates its
 * representatives is decided for by them, not by any member.
 */
describe.each(ITSM_TEST_DATABASES)(
  'customer representatives on %s',
  databaseId => {
    const start = lifecycleBackends(useItsmTestDatabase(databaseId));

    it('lets only the designated representative decide for the customer group', async () => {
      const { as, create, moveOk } = await start({ entities: ENTITIES });
      await create('slas', slaBody({ entityRefs: [PAYMENTS_DB] }));
      await as(AMARA).post('/slas/SLA-1/signatures', { role: 'serviceOwner' });
      expect(
        (await as(INES).post('/slas/SLA-1/signatures', { role: 'customer' }))
          .status,
      ).toBe(200);
      await moveOk('/slas/SLA-1', 'active', {}, AMARA);

      await create('changes', changeBody(), LUKAS);
      await moveOk('/changes/CHG-1', 'review', {}, LUKAS);
      await moveOk('/changes/CHG-1', 'planning', {}, AMARA);
      await moveOk('/changes/CHG-1', 'approval', {}, AMARA);
      const round = await as(AMARA).get('/changes/CHG-1/approvals');
      expect(round.body.required).toContainEqual(
        expect.objectContaining({
          approverRef: STOREFRONT,
          representatives: [INES],
        }),
      );

      // sofia is a member of storefront-team but not its representative.
      const member = await as(SOFIA).post('/changes/CHG-1/approvals', {
        decision: 'approve',
      });
      expect(member.status).toBe(403);
      expect(
        (await as(AMARA).get('/changes/CHG-1/approvals')).body.pending,
      ).toContain(STOREFRONT);
      const representative = await as(INES).post('/changes/CHG-1/approvals', {
        decision: 'approve',
      });
      expect(representative.status).toBe(200);
      expect(
        (await as(AMARA).get('/changes/CHG-1/approvals')).body.pending,
      ).not.toContain(STOREFRONT);
    });
  },
);
