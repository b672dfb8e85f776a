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
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { itsmPlugin } from '../plugin';
import { TEST_ENTITIES, TEST_USERS } from './fixtures';

// The fixtures the tests of this backend used to import from here.
export {
  changeBody,
  incidentBody,
  slaBody,
  TEST_ENTITIES,
  TEST_USERS,
} from './fixtures';

/** The user info of the test users: their groups are their ownership claims. */
export const testUserInfo: UserInfoService = {
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
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => testUserInfo,
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
