import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { roleAnnotation } from '@backstage-itsm/plugin-itsm-common';
import {
  AMARA,
  CHECKOUT_WEB,
  INES,
  LUKAS,
  PAYMENTS_API,
  PAYMENTS_DB,
  PLATFORM,
  SLA_TARGETS,
  slaBody,
  SOFIA,
  TEST_ENTITIES,
  DEMO_CALENDARS,
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

/** A policy that allows everything except what `denies` names (user, permission name). */
function policy(denies: Record<string, string[]>): PermissionsService {
  const decide = (
    requests: Array<{ permission: { name: string } }>,
    credentials: { principal: unknown },
  ) => {
    const user = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return requests.map(r => ({
      result: denies[user]?.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    }));
  };
  return {
    authorize: async (requests, { credentials }) =>
      decide(requests, credentials),
    authorizeConditional: async (requests, { credentials }) =>
      decide(requests, credentials),
  } as PermissionsService;
}

/** storefront-team designates ines and amara (not its members) as its customer representatives. */
const DESIGNATED: Entity[] = TEST_ENTITIES.map(e =>
  e.kind === 'Group' && e.metadata.name === 'storefront-team'
    ? {
        ...e,
        metadata: {
          ...e.metadata,
          annotations: {
            [roleAnnotation('customer-representative')]: `${INES}, ${AMARA}`,
          },
        },
      }
    : e,
);

const path = '/slas/SLA-1';
const retargeted = { ...SLA_TARGETS, availabilityPercent: 99.5 };

describe.each(ITSM_TEST_DATABASES)('SLA roles on %s', databaseId => {
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  it('needs itsm.sla.manage to edit an SLA and to move it, besides the role', async () => {
    // lukas holds the roles (payments-team owns payments-api), not the permission.
    const t = await start({
      permissions: policy({ [LUKAS]: ['itsm.sla.manage'] }),
    });
    const { as, create, get, history, move, moveOk, patch } = t;
    await create('slas', slaBody());
    const unchanged = async (action: () => Promise<unknown>) => {
      const before = await get(path);
      const entries = await history(path);
      await action();
      expect(await get(path)).toEqual(before);
      expect(await history(path)).toEqual(entries);
    };
    const refused = /^You may not update \(itsm\.sla\.manage\)$/;
    await unchanged(async () => {
      await expectForbidden(
        await patch(path, { targets: retargeted }, LUKAS),
        refused,
      );
    });
    // Signing is the party's act: it needs no itsm.sla.manage.
    expect(
      (await as(LUKAS).post(`${path}/signatures`, { role: 'serviceOwner' }))
        .status,
    ).toBe(200);
    expect(
      (await as(SOFIA).post(`${path}/signatures`, { role: 'customer' })).status,
    ).toBe(200);
    await unchanged(async () => {
      await expectForbidden(await move(path, 'active', {}, LUKAS), refused);
    });
    await moveOk(path, 'active', {}, AMARA);
    await unchanged(async () => {
      await expectForbidden(
        await patch(path, { targets: retargeted }, LUKAS),
        refused,
      );
      await expectForbidden(
        await move(path, 'terminated', { reason: 'gone' }, LUKAS),
        refused,
      );
    });
    const edited = await patch(path, { targets: retargeted }, AMARA);
    expect(edited.status).toBe(200);
    expect(edited.body.targetHistory).toHaveLength(1);
    await moveOk(path, 'terminated', { reason: 'gone' }, AMARA);
  });

  it('lets a party decline a draft with its role alone, without itsm.sla.manage', async () => {
    const { create, moveOk } = await start({
      permissions: policy({ [SOFIA]: ['itsm.sla.manage'] }),
    });
    await create('slas', slaBody());
    // sofia is of storefront-team, the customer group of slaBody.
    const declined = await moveOk(
      path,
      'declined',
      { reason: 'too slow' },
      SOFIA,
    );
    expect(declined.state).toBe('declined');
  });

  it('lets only the service level manager register and edit an SLA', async () => {
    const { as, create, get, history, patch } = await start();
    await create('slas', slaBody());
    // sofia's team owns checkout-web, not payments-api.
    await expectForbidden(
      await as(SOFIA).post('/slas', slaBody({ title: 'Mine now' })),
      /^Only the service level manager \(group:default\/payments-team\) may register a new SLA$/,
    );
    expect((await as().get('/slas')).body.totalCount).toBe(1);
    const before = await get(path);
    const entries = await history(path);
    await expectForbidden(
      await patch(path, { title: 'Hijacked' }, SOFIA),
      /^Only the service level manager \(group:default\/payments-team\) may edit SLA-1$/,
    );
    expect(await get(path)).toEqual(before);
    expect(await history(path)).toEqual(entries);

    const own = await as(SOFIA).post(
      '/slas',
      slaBody({ entityRefs: [CHECKOUT_WEB], title: 'Storefront web' }),
    );
    expect(own.status).toBe(201);
    expect((await patch(path, { title: 'Payments' }, LUKAS)).status).toBe(200);
  });

  it('takes each signature from its party: the designated representative, the service owner', async () => {
    const { as, create, get, history, moveOk } = await start({
      entities: DESIGNATED,
    });
    await create('slas', slaBody());
    const sign = (user: string, role: string) =>
      as(user).post(`${path}/signatures`, { role });
    const before = await get(path);
    const entries = await history(path);
    // A member of the customer group is not a designated representative.
    await expectForbidden(
      await sign(SOFIA, 'customer'),
      /^Only the customer representative \(user:default\/ines, user:default\/amara\) may sign the customer side of SLA-1$/,
    );
    await expectForbidden(
      await sign(INES, 'serviceOwner'),
      /^Only the service owner \(group:default\/payments-team\) may sign the service owner side of SLA-1$/,
    );
    expect(await get(path)).toEqual(before);
    expect(await history(path)).toEqual(entries);

    expect((await sign(AMARA, 'serviceOwner')).status).toBe(200);
    const signedOnce = await get(path);
    // amara represents the customer too, but signs for one party only.
    await expectConflict(
      await sign(AMARA, 'customer'),
      /^user:default\/amara signed SLA-1 for the service owner; one person cannot sign for both parties$/,
    );
    // Each party signs once.
    await expectConflict(
      await sign(LUKAS, 'serviceOwner'),
      /^SLA-1 is already signed for the service owner by user:default\/amara; each party signs once$/,
    );
    expect(await get(path)).toEqual(signedOnce);

    const customer = await sign(INES, 'customer');
    expect(customer.status).toBe(200);
    expect(customer.body.signatures).toMatchObject({
      customer: { by: INES },
      serviceOwner: { by: AMARA },
    });
    await expectConflict(
      await sign(INES, 'customer'),
      /already signed for the customer by user:default\/ines/,
    );
    expect(
      (await history(path))
        .filter(e => e.action === 'signed')
        .map(e => [e.field, e.actor]),
    ).toEqual([
      ['serviceOwner', AMARA],
      ['customer', INES],
    ]);
    await moveOk(path, 'active', {}, LUKAS);
  });

  it('lets a representative sign without update rights, but not without reading the SLA', async () => {
    const { as, create, get } = await start({
      permissions: policy({
        [SOFIA]: ['itsm.record.update'],
        [LUKAS]: ['itsm.record.read'],
      }),
    });
    await create('slas', slaBody());
    const hidden = await as(LUKAS).post(`${path}/signatures`, {
      role: 'serviceOwner',
    });
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.message).toMatch(/itsm\.record\.read/);
    const signed = await as(SOFIA).post(`${path}/signatures`, {
      role: 'customer',
    });
    expect(signed.status).toBe(200);
    expect((await get(path)).signatures).toEqual({
      customer: expect.objectContaining({ by: SOFIA }),
    });
  });

  it.each([
    ['targets', { targets: retargeted }],
    ['customerGroup', { customerGroup: PLATFORM }],
    ['serviceOwnerGroup', { serviceOwnerGroup: PLATFORM }],
    ['calendar', { calendar: 'business-hours-eu' }],
    ['term', { term: 'quarterly' }],
    ['entityRefs', { entityRefs: [PAYMENTS_API, PAYMENTS_DB] }],
  ])(
    'clears the signatures of a draft when its %s change',
    async (_field, edit) => {
      // The calendar an SLA names must be configured.
      const { as, create, get, history, move, patch } = await start({
        config: { calendars: DEMO_CALENDARS },
      });
      await create('slas', slaBody());
      await as(SOFIA).post(`${path}/signatures`, { role: 'customer' });
      await as(LUKAS).post(`${path}/signatures`, { role: 'serviceOwner' });
      const signed = (await get(path)).signatures;
      expect(Object.keys(signed).sort()).toEqual(['customer', 'serviceOwner']);

      // What the signatures did not sign leaves them, as does sending the same.
      expect((await patch(path, { title: 'Renamed' })).status).toBe(200);
      expect((await patch(path, { targets: SLA_TARGETS })).status).toBe(200);
      expect((await get(path)).signatures).toEqual(signed);

      const edited = await patch(path, edit);
      expect(edited.status).toBe(200);
      expect(edited.body.signatures).toEqual({});
      expect(
        (await history(path)).filter(e => e.field === 'signatures'),
      ).toEqual([
        expect.objectContaining({
          action: 'updated',
          actor: AMARA,
          from: signed,
          to: {},
        }),
      ]);
      await expectConflict(
        await move(path, 'active'),
        /needs the signature of the customer representative and the service owner/,
      );
    },
  );
});
