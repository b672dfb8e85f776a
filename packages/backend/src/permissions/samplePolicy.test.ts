import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import itsmPlugin from '@backstage-itsm/plugin-itsm-backend';
import {
  itsmCabMeetingReadPermission,
  itsmChangeApprovePermission,
  itsmCommentCreatePermission,
  itsmFreezeManagePermission,
  itsmRecordCreatePermission,
  itsmRecordReadPermission,
  itsmRecordTransitionPermission,
  itsmRecordUpdatePermission,
  itsmSlaManagePermission,
  ITSM_ROLES,
} from '@backstage-itsm/plugin-itsm-common';
import { AddressInfo } from 'node:net';
import {
  permissionModuleItsmSamplePolicy,
  samplePolicyFromConfig,
  TeamsApartPolicy,
} from './samplePolicy';

jest.setTimeout(60_000);

const AMARA = 'user:default/amara.okafor';
const LUKAS = 'user:default/lukas.weber';
const SOFIA = 'user:default/sofia.martins';
const NADIA = 'user:default/nadia.haddad';
const PAYMENTS = 'group:default/payments-team';
const STOREFRONT = 'group:default/storefront-team';
const CHANGE_MANAGEMENT = 'group:default/change-management';
const GROUPS: Record<string, string[]> = {
  [AMARA]: [PAYMENTS],
  [LUKAS]: [PAYMENTS],
  [SOFIA]: [STOREFRONT],
  [NADIA]: [CHANGE_MANAGEMENT],
};

function userOf(ref: string): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...GROUPS[ref]] },
  };
}

describe('TeamsApartPolicy', () => {
  const policy = new TeamsApartPolicy();

  it('answers every ITSM record permission with the records of the caller and their teams, and those naming them as a party except for edits', async () => {
    for (const permission of [
      itsmRecordReadPermission,
      itsmRecordUpdatePermission,
      itsmRecordTransitionPermission,
      itsmChangeApprovePermission,
      itsmCommentCreatePermission,
    ]) {
      const party =
        permission === itsmRecordUpdatePermission
          ? []
          : [
              {
                rule: 'IS_PARTY',
                resourceType: 'itsm-record',
                params: { refs: [AMARA, PAYMENTS] },
              },
            ];
      expect(await policy.handle({ permission }, userOf(AMARA))).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'itsm',
        resourceType: 'itsm-record',
        conditions: {
          anyOf: [
            {
              rule: 'IS_REQUESTER',
              resourceType: 'itsm-record',
              params: { refs: [AMARA] },
            },
            {
              rule: 'IS_IN_ASSIGNMENT_GROUP',
              resourceType: 'itsm-record',
              params: { refs: [AMARA, PAYMENTS] },
            },
            {
              rule: 'OWNS_AFFECTED_ENTITY',
              resourceType: 'itsm-record',
              params: { refs: [AMARA, PAYMENTS] },
            },
            {
              rule: 'HAS_ITSM_ROLE',
              resourceType: 'itsm-record',
              params: { roles: [...ITSM_ROLES], claims: [AMARA, PAYMENTS] },
            },
            ...party,
          ],
        },
      });
    }
  });

  it('allows everything else, and backend plugins acting as themselves', async () => {
    for (const permission of [
      itsmRecordCreatePermission,
      itsmSlaManagePermission,
      itsmFreezeManagePermission,
      // CAB meetings are read by every signed-in user in the demo.
      itsmCabMeetingReadPermission,
    ]) {
      expect(await policy.handle({ permission }, userOf(SOFIA))).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
    const catalogRead = {
      type: 'resource' as const,
      name: 'catalog.entity.read',
      attributes: { action: 'read' as const },
      resourceType: 'catalog-entity',
    };
    expect(
      (await policy.handle({ permission: catalogRead }, userOf(SOFIA))).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await policy.handle({ permission: itsmRecordReadPermission })).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('is chosen by itsm.samplePolicy, allow-all by default', async () => {
    const choose = (itsm: object) =>
      samplePolicyFromConfig(new ConfigReader({ itsm }));
    expect(choose({}).name).toBe('allow-all');
    expect(
      (
        await choose({}).policy.handle(
          { permission: itsmRecordReadPermission },
          userOf(SOFIA),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(choose({ samplePolicy: 'restrictive' }).policy).toBeInstanceOf(
      TeamsApartPolicy,
    );
    expect(() => choose({ samplePolicy: 'strict' })).toThrow(
      'itsm.samplePolicy must be one of allow-all, restrictive, not strict',
    );
  });
});

// ---------------------------------------------------------------------------
// With the ITSM backend and the permission backend

const entity = (kind: string, name: string, spec: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
});

const ENTITIES: Entity[] = [
  entity('Group', 'payments-team', { type: 'team', children: [] }),
  entity('Group', 'storefront-team', { type: 'team', children: [] }),
  entity('Component', 'payments-api', {
    type: 'service',
    lifecycle: 'production',
    owner: PAYMENTS,
  }),
  entity('Component', 'checkout-web', {
    type: 'website',
    lifecycle: 'production',
    owner: STOREFRONT,
  }),
];

/**
 * The mock auth service, except that a plugin calling another on behalf of
 * a user names itself as the actor, as the real one does: the permission
 * backend refuses direct user requests for resource permissions without a
 * resource ref, and the mock's on-behalf-of tokens lose the actor.
 */
const authWithActor = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: auth.authenticate.bind(auth),
      getNoneCredentials: auth.getNoneCredentials.bind(auth),
      getOwnServiceCredentials: auth.getOwnServiceCredentials.bind(auth),
      isPrincipal: auth.isPrincipal.bind(auth) as typeof auth.isPrincipal,
      getLimitedUserToken: auth.getLimitedUserToken.bind(auth),
      listPublicServiceKeys: auth.listPublicServiceKeys.bind(auth),
      async getPluginRequestToken(options) {
        const onBehalfOf = options.onBehalfOf;
        if (!auth.isPrincipal(onBehalfOf, 'user')) {
          return auth.getPluginRequestToken(options);
        }
        const token = mockCredentials.user.token(
          onBehalfOf.principal.userEntityRef,
          { actor: { subject: `plugin:${plugin.getId()}` } },
        );
        return { token };
      },
    };
  },
});

async function startPortal(samplePolicy?: string) {
  const { server } = await startTestBackend({
    features: [
      authWithActor,
      itsmPlugin,
      permissionPlugin,
      permissionModuleItsmSamplePolicy,
      catalogServiceMock.factory({ entities: ENTITIES }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const { userEntityRef } = credentials.principal as {
              userEntityRef: string;
            };
            return {
              userEntityRef,
              ownershipEntityRefs: [
                userEntityRef,
                ...(GROUPS[userEntityRef] ?? []),
              ],
            };
          },
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          itsm: {
            ...(samplePolicy ? { samplePolicy } : {}),
            // The change manager of every service, owning none of them.
            roles: { changeManager: CHANGE_MANAGEMENT },
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  return (user: string) => {
    const call = async (method: string, path: string, body?: object) => {
      const res = await fetch(`http://localhost:${port}/api/itsm${path}`, {
        method,
        headers: {
          authorization: mockCredentials.user.header(user),
          'content-type': 'application/json',
        },
        body: body && JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    return {
      call,
      get: (path: string) => call('GET', path),
      post: (path: string, body: object) => call('POST', path, body),
    };
  };
}

const incident = (title: string, entityRef: string) => ({
  title,
  description: title,
  entityRefs: [entityRef],
  impact: 'medium',
  urgency: 'medium',
});

const keysOf = (list: { body: { items: Array<{ key: string }> } }) =>
  list.body.items.map(i => i.key).sort();

describe('the sample policy on the ITSM backend', () => {
  it('restrictive: each team reads, lists and comments on its own records only; role holders reach the records of their services', async () => {
    const as = await startPortal('restrictive');
    const payments = await as(AMARA).post(
      '/incidents',
      incident('Payments fail', 'component:default/payments-api'),
    );
    expect(payments.status).toBe(201);
    const checkout = await as(SOFIA).post(
      '/incidents',
      incident('Checkout is slow', 'component:default/checkout-web'),
    );
    expect(checkout.status).toBe(201);
    const [mine, theirs] = [payments.body.key, checkout.body.key];

    // Amara's teammate reads her record: the team owns the entity.
    expect((await as(LUKAS).get(`/incidents/${mine}`)).status).toBe(200);
    expect(keysOf(await as(LUKAS).get('/incidents'))).toEqual([mine]);
    // The storefront team neither reads nor lists nor comments on it.
    expect([403, 404]).toContain(
      (await as(SOFIA).get(`/incidents/${mine}`)).status,
    );
    expect(keysOf(await as(SOFIA).get('/incidents'))).toEqual([theirs]);
    expect([403, 404]).toContain(
      (
        await as(SOFIA).post(`/incidents/${mine}/comments`, {
          body: 'peeking',
        })
      ).status,
    );
    expect(
      (await as(AMARA).post(`/incidents/${mine}/comments`, { body: 'on it' }))
        .status,
    ).toBe(201);
    // The change manager holds a process role for every service.
    expect((await as(NADIA).get(`/incidents/${mine}`)).status).toBe(200);
    expect(keysOf(await as(NADIA).get('/incidents'))).toEqual(
      [mine, theirs].sort(),
    );
  });

  it('restrictive: the customer of an SLA reads, lists and signs it, and cannot edit it', async () => {
    const as = await startPortal('restrictive');
    const created = await as(AMARA).post('/slas', {
      title: 'Payments for the storefront',
      entityRefs: ['component:default/payments-api'],
      customerGroup: STOREFRONT,
      serviceOwnerGroup: PAYMENTS,
      targets: {
        availabilityPercent: 99.9,
        responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
        resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
      },
    });
    expect(created.status).toBe(201);
    const key = created.body.key;
    // Sofia is in the customer group and owns nothing the SLA is about.
    expect((await as(SOFIA).get(`/slas/${key}`)).status).toBe(200);
    expect(keysOf(await as(SOFIA).get('/slas'))).toEqual([key]);
    const signed = await as(SOFIA).post(`/slas/${key}/signatures`, {
      role: 'customer',
    });
    expect(signed.status).toBe(200);
    expect(signed.body.signatures.customer.by).toBe(SOFIA);
    const edit = await as(SOFIA).call('PATCH', `/slas/${key}`, {
      version: signed.body.version,
      title: 'Renamed by the customer',
    });
    expect([403, 404]).toContain(edit.status);
    expect((await as(AMARA).get(`/slas/${key}`)).body.title).toBe(
      'Payments for the storefront',
    );
    // Someone neither in a team of the SLA, nor a role holder, nor a party.
    const outsider = as('user:default/omar.outsider');
    expect([403, 404]).toContain((await outsider.get(`/slas/${key}`)).status);
    expect(keysOf(await outsider.get('/slas'))).toEqual([]);
  });

  it('restrictive: a customer approver of another team reads the change in approval and approves it', async () => {
    const as = await startPortal('restrictive');
    const sla = await as(AMARA).post('/slas', {
      title: 'Payments for the storefront',
      entityRefs: ['component:default/payments-api'],
      customerGroup: STOREFRONT,
      serviceOwnerGroup: PAYMENTS,
      targets: {
        availabilityPercent: 99.9,
        responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
        resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
      },
    });
    await as(AMARA).post(`/slas/${sla.body.key}/signatures`, {
      role: 'serviceOwner',
    });
    await as(SOFIA).post(`/slas/${sla.body.key}/signatures`, {
      role: 'customer',
    });
    const active = await as(AMARA).post(`/slas/${sla.body.key}/transitions`, {
      to: 'active',
      version: 3,
    });
    expect(active.status).toBe(200);

    const change = await as(AMARA).post('/changes', {
      title: 'Upgrade the payments API',
      entityRefs: ['component:default/payments-api'],
      changeType: 'normal',
      plannedStart: '2030-01-08T10:00:00Z',
      plannedEnd: '2030-01-08T11:00:00Z',
      implementationPlan: 'rolling',
      testPlan: 'smoke',
      backoutPlan: 'roll back',
      serviceImpact: 'degraded',
    });
    expect(change.status).toBe(201);
    const key = change.body.key;
    // Before the approval round the customer is no party yet.
    expect([403, 404]).toContain(
      (await as(SOFIA).get(`/changes/${key}`)).status,
    );
    let version = change.body.version;
    for (const to of ['review', 'planning', 'approval']) {
      const moved = await as(AMARA).post(`/changes/${key}/transitions`, {
        to,
        version,
      });
      expect(moved.status).toBe(200);
      version = moved.body.version;
    }
    const inApproval = await as(SOFIA).get(`/changes/${key}`);
    expect(inApproval.status).toBe(200);
    expect(
      inApproval.body.requiredApprovers.map(
        (a: { approverRef: string }) => a.approverRef,
      ),
    ).toContain(STOREFRONT);
    expect(keysOf(await as(SOFIA).get('/changes'))).toEqual([key]);
    const approved = await as(SOFIA).post(`/changes/${key}/approvals`, {
      decision: 'approve',
    });
    expect(approved.status).toBe(200);
    // Reading is not editing.
    const edit = await as(SOFIA).call('PATCH', `/changes/${key}`, {
      version: inApproval.body.version,
      title: 'Renamed by the customer',
    });
    expect([403, 404]).toContain(edit.status);
  });

  it('allow-all (the default): every user reads every record', async () => {
    const as = await startPortal();
    const payments = await as(AMARA).post(
      '/incidents',
      incident('Payments fail', 'component:default/payments-api'),
    );
    expect(
      (await as(SOFIA).get(`/incidents/${payments.body.key}`)).status,
    ).toBe(200);
    expect(keysOf(await as(SOFIA).get('/incidents'))).toEqual([
      payments.body.key,
    ]);
  });
});
