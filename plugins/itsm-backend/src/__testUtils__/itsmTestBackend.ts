import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { itsmPlugin } from '../plugin';

/**
 * A small CMDB for tests: two teams, a system, a service that depends on a
 * database, and the users who belong to the teams.
 */
export const TEST_ENTITIES: Entity[] = [
  group('payments-team'),
  group('storefront-team'),
  group('platform-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'group:default/payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  component('payments-api', 'payments-team', 'payments'),
  component('checkout-web', 'storefront-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-db', namespace: 'default' },
    spec: {
      type: 'database',
      owner: 'group:default/payments-team',
      system: 'payments',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
];

/** Users and the groups they belong to (their ownership claims). */
export const TEST_USERS: Record<string, string[]> = {
  'user:default/amara': ['group:default/payments-team'],
  'user:default/lukas': ['group:default/payments-team'],
  'user:default/sofia': ['group:default/storefront-team'],
  'user:default/ines': ['group:default/platform-team'],
  'user:default/outsider': [],
};

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function component(name: string, owner: string, system?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${owner}`,
      system,
    },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const principal = credentials.principal as { userEntityRef: string };
      return {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: [
          principal.userEntityRef,
          ...(TEST_USERS[principal.userEntityRef] ?? []),
        ],
      };
    },
  }),
});

export interface ItsmTestOptions {
  databaseId?: TestDatabaseId;
  databases?: TestDatabases;
  config?: JsonObject;
  /** Replaces the allow-all permission service. */
  permissions?: PermissionsService;
  entities?: Entity[];
  extraFeatures?: Parameters<typeof startTestBackend>[0]['features'];
}

/**
 * Starts the ITSM plugin on a test backend with the test CMDB and users, on
 * SQLite in memory or on the given test database.
 */
export interface ItsmTestBackend {
  server: Parameters<typeof request>[0];
  /** A supertest agent acting as the given user (default amara, payments-team). */
  as(user?: string): {
    get(path: string): request.Test;
    post(path: string, body?: unknown): request.Test;
    patch(path: string, body?: unknown): request.Test;
    delete(path: string): request.Test;
  };
}

export async function startItsm(
  options: ItsmTestOptions = {},
): Promise<ItsmTestBackend> {
  const features: NonNullable<
    Parameters<typeof startTestBackend>[0]['features']
  > = [
    itsmPlugin,
    catalogServiceMock.factory({ entities: options.entities ?? TEST_ENTITIES }),
    userInfoFactory,
    mockServices.rootConfig.factory({ data: { itsm: options.config ?? {} } }),
    ...(options.extraFeatures ?? []),
  ];
  if (options.databaseId && options.databases) {
    const knex = await options.databases.init(options.databaseId);
    features.push(mockServices.database.factory({ knex }));
  }
  if (options.permissions) {
    const impl = options.permissions;
    features.push(
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => impl,
      }),
    );
  }
  const backend = await startTestBackend({ features });
  const server = backend.server;

  /** A supertest agent acting as the given user (default amara, payments-team). */
  const as = (user = 'user:default/amara') => {
    const auth = mockCredentials.user.header(user);
    return {
      get: (path: string) =>
        request(server).get(`/api/itsm${path}`).set('Authorization', auth),
      post: (path: string, body?: unknown) =>
        request(server)
          .post(`/api/itsm${path}`)
          .set('Authorization', auth)
          .send(body as object),
      patch: (path: string, body?: unknown) =>
        request(server)
          .patch(`/api/itsm${path}`)
          .set('Authorization', auth)
          .send(body as object),
      delete: (path: string) =>
        request(server).delete(`/api/itsm${path}`).set('Authorization', auth),
    };
  };
  return { server, as };
}

/** A valid incident body on the test CMDB. */
export function incidentBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Payments fail',
    description: 'Card payments time out',
    entityRefs: ['component:default/payments-api'],
    impact: 'high',
    urgency: 'medium',
    ...overrides,
  };
}

/** A valid, fully planned normal change body on the test CMDB. */
export function changeBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Upgrade payments-db',
    entityRefs: ['resource:default/payments-db'],
    changeType: 'normal',
    plannedStart: '2026-12-01T22:00:00Z',
    plannedEnd: '2026-12-01T23:00:00Z',
    implementationPlan: 'pg_upgrade on the replica, fail over',
    testPlan: 'reconciliation suite',
    backoutPlan: 'fail back to the old primary',
    serviceImpact: 'degraded',
    ...overrides,
  };
}

/** A valid SLA body on the test CMDB. */
export function slaBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Payments for the storefront',
    entityRefs: ['component:default/payments-api'],
    customerGroup: 'group:default/storefront-team',
    serviceOwnerGroup: 'group:default/payments-team',
    targets: {
      availabilityPercent: 99.9,
      responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
      resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
    },
    ...overrides,
  };
}
