import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { roleAnnotation } from '@backstage-itsm/plugin-itsm-common';
import {
  AMARA,
  INES,
  PAYMENTS_API,
  PAYMENTS_DB,
  PLATFORM,
  SOFIA,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { expectForbidden } from '../__testUtils__/lifecycleApi';
import { suiteBackends } from '../__testUtils__/suiteBackends';

jest.setTimeout(120_000);

/** The payments System names platform-team its change manager; its parts inherit it. */
const ANNOTATED: Entity[] = TEST_ENTITIES.map(e =>
  e.kind === 'System' && e.metadata.name === 'payments'
    ? {
        ...e,
        metadata: {
          ...e.metadata,
          annotations: { [roleAnnotation('change-manager')]: PLATFORM },
        },
      }
    : e,
);

const window = (scope: Record<string, unknown>) => ({
  title: 'Quarter end',
  reason: 'closing the books',
  start: '2026-12-28T00:00:00Z',
  end: '2027-01-02T00:00:00Z',
  scope,
});

const RANGE = '?from=2026-12-01T00:00:00Z&to=2027-02-01T00:00:00Z';

describe.each(ITSM_TEST_DATABASES)('freeze window roles on %s', databaseId => {
  const start = suiteBackends(useItsmTestDatabase(databaseId));

  it("lets only the change manager of the window's scope create and delete it", async () => {
    const { as } = await start();
    const ids = async () =>
      (await as().get(`/freeze-windows${RANGE}`)).body.items.map(
        (w: { id: string }) => w.id,
      );
    // No annotation and no config: the owner of payments-db is its change manager.
    const scope = { kind: 'entity', entityRef: PAYMENTS_DB };
    await expectForbidden(
      await as(SOFIA).post('/freeze-windows', window(scope)),
      /^Only the change manager \(group:default\/payments-team\) may create a freeze window over resource:default\/payments-db$/,
    );
    expect(await ids()).toEqual([]);
    const created = await as(AMARA).post('/freeze-windows', window(scope));
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(AMARA);
    const id = created.body.id;

    await expectForbidden(
      await as(SOFIA).delete(`/freeze-windows/${id}`),
      /^Only the change manager \(group:default\/payments-team\) may delete a freeze window over resource:default\/payments-db$/,
    );
    expect(await ids()).toEqual([id]);
    expect((await as(AMARA).delete(`/freeze-windows/${id}`)).status).toBe(204);
    expect(await ids()).toEqual([]);
  });

  it("resolves the change manager through the scope's System before its owner", async () => {
    const { as } = await start({ entities: ANNOTATED });
    const scope = { kind: 'entity', entityRef: PAYMENTS_API };
    await expectForbidden(
      await as(AMARA).post('/freeze-windows', window(scope)),
      /^Only the change manager \(group:default\/platform-team\) may create a freeze window over component:default\/payments-api$/,
    );
    expect((await as(INES).post('/freeze-windows', window(scope))).status).toBe(
      201,
    );
  });

  it('takes the configured change manager for a window over everything, and nobody without one', async () => {
    const all = window({ kind: 'all' });
    const bare = await start();
    await expectForbidden(
      await bare.as(AMARA).post('/freeze-windows', all),
      /^Only the change manager \(nobody holds it\) may create a freeze window over every service$/,
    );
    const configured = await start({
      config: { roles: { changeManager: PLATFORM } },
    });
    await expectForbidden(
      await configured.as(AMARA).post('/freeze-windows', all),
      /^Only the change manager \(group:default\/platform-team\) may create a freeze window over every service$/,
    );
    const created = await configured.as(INES).post('/freeze-windows', all);
    expect(created.status).toBe(201);
    expect(
      (await configured.as(AMARA).delete(`/freeze-windows/${created.body.id}`))
        .status,
    ).toBe(403);
    expect(
      (await configured.as(INES).delete(`/freeze-windows/${created.body.id}`))
        .status,
    ).toBe(204);
  });

  it('refuses a scope the catalog does not know, naming the field', async () => {
    const { as } = await start();
    const res = await as(AMARA).post(
      '/freeze-windows',
      window({ kind: 'system', entityRef: 'system:default/ghost' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'scope.entityRef: unknown catalog entity "system:default/ghost"',
    );
  });

  it('still needs itsm.freeze.manage besides the role', async () => {
    const permissions = {
      authorize: async (requests, { credentials }) =>
        requests.map(r => ({
          result:
            r.permission.name === 'itsm.freeze.manage' &&
            (credentials.principal as { userEntityRef: string })
              .userEntityRef === AMARA
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as PermissionsService;
    const { as } = await start({ permissions });
    const res = await as(AMARA).post(
      '/freeze-windows',
      window({ kind: 'entity', entityRef: PAYMENTS_DB }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/itsm\.freeze\.manage/);
    expect((await as(AMARA).get(`/freeze-windows${RANGE}`)).body.items).toEqual(
      [],
    );
  });
});
