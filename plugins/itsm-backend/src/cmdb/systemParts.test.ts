import { Entity } from '@backstage/catalog-model';
import {
  CHECKOUT_WEB,
  incidentBody,
  PAYMENTS,
  PAYMENTS_API,
  PAYMENTS_DB,
  TEST_ENTITIES,
  withRelations,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { suiteBackends } from '../__testUtils__/suiteBackends';

jest.setTimeout(90_000);

const SYSTEM = 'system:default/payments';
const DOMAIN = 'domain:default/finance';

/** The test CMDB, its payments system in the finance domain. */
function catalog(): Entity[] {
  return withRelations([
    ...TEST_ENTITIES.map(e =>
      e.kind === 'System'
        ? { ...e, spec: { ...e.spec, domain: 'finance' } }
        : e,
    ),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'finance', namespace: 'default' },
      spec: { owner: PAYMENTS },
    },
  ]);
}

describe.each(ITSM_TEST_DATABASES)(
  'records of a System or Domain with its parts on %s',
  databaseId => {
    const start = suiteBackends(useItsmTestDatabase(databaseId));

    it('lists the records of its parts with includeParts, and only its own without', async () => {
      const { as } = await start({ entities: catalog() });
      const create = async (title: string, entityRef: string) => {
        const res = await as().post(
          '/incidents',
          incidentBody({ title, entityRefs: [entityRef] }),
        );
        expect(res.status).toBe(201);
        return res.body.key as string;
      };
      const onApi = await create('API down', PAYMENTS_API);
      const onDb = await create('DB slow', PAYMENTS_DB);
      const onSystem = await create('Payments degraded', SYSTEM);
      await create('Checkout broken', CHECKOUT_WEB);
      const keys = async (query: string) =>
        (await as().get(`/incidents?${query}`)).body.items
          .map((r: { key: string }) => r.key)
          .sort();

      expect(await keys(`entityRef=${SYSTEM}`)).toEqual([onSystem]);
      expect(await keys(`entityRef=${SYSTEM}&includeParts=true`)).toEqual(
        [onApi, onDb, onSystem].sort(),
      );
      // A Domain: its Systems and their parts.
      expect(await keys(`entityRef=${DOMAIN}`)).toEqual([]);
      expect(await keys(`entityRef=${DOMAIN}&includeParts=true`)).toEqual(
        [onApi, onDb, onSystem].sort(),
      );
      // A component has no parts: the same either way.
      expect(
        await keys(`entityRef=${CHECKOUT_WEB}&includeParts=true`),
      ).toHaveLength(1);
    });
  },
);
