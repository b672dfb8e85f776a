import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AddressInfo } from 'node:net';
import { authModuleDemoSignIn, DEMO_USER_HEADER } from './demoSignIn';

jest.setTimeout(60_000);

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: 'amara.okafor',
      namespace: 'default',
      description: 'Payments engineer',
    },
    spec: {
      profile: { displayName: 'Amara Okafor', email: 'amara@kestrel.example' },
      memberOf: ['payments-team'],
    },
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments-team' }],
  },
];

async function start(
  config: { itsm: { demoSignIn?: boolean } },
  providers: object = { demo: {} },
) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoSignIn,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers },
          ...config,
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  return (path: string, user?: string) =>
    fetch(`http://localhost:${port}/api/auth/demo${path}`, {
      headers: user ? { [DEMO_USER_HEADER]: user } : {},
    });
}

function claimsOf(token: string) {
  const payload = token.split('.')[1];
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

describe('demo sign-in', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('issues a token for the chosen catalog user with their groups as ownership claims, in development', async () => {
    const call = await start({ itsm: { demoSignIn: true } });
    process.env.NODE_ENV = 'development';

    const res = await call('/refresh', 'amara.okafor');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.profile).toMatchObject({
      displayName: 'Amara Okafor',
      email: 'amara@kestrel.example',
    });
    expect(body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/amara.okafor',
      ownershipEntityRefs: [
        'user:default/amara.okafor',
        'group:default/payments-team',
      ],
    });
    expect(claimsOf(body.backstageIdentity.token)).toMatchObject({
      sub: 'user:default/amara.okafor',
    });

    // A full ref works as well; people the catalog does not know do not.
    expect((await call('/refresh', 'user:default/amara.okafor')).status).toBe(
      200,
    );
    expect((await call('/refresh', 'mallory')).status).toBe(404);
    expect((await call('/refresh', 'group:default/payments-team')).status).toBe(
      400,
    );
    expect((await call('/refresh')).status).toBe(400);

    const users = await call('/users');
    expect(users.status).toBe(200);
    expect(await users.json()).toEqual({
      users: [
        {
          userEntityRef: 'user:default/amara.okafor',
          displayName: 'Amara Okafor',
          description: 'Payments engineer',
          groups: ['group:default/payments-team'],
        },
      ],
    });
  });

  it('is refused outside development even when config enables it', async () => {
    const call = await start({ itsm: { demoSignIn: true } });
    for (const env of ['production', 'test']) {
      process.env.NODE_ENV = env;
      const res = await call('/refresh', 'amara.okafor');
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body.backstageIdentity).toBeUndefined();
      expect(body.error.message).toMatch(
        `Demo sign-in works only in development; NODE_ENV is ${env}`,
      );
      expect((await call('/users')).status).toBe(403);
    }
  });

  it('is refused in development unless itsm.demoSignIn is true', async () => {
    for (const itsm of [{}, { demoSignIn: false }]) {
      const call = await start({ itsm });
      process.env.NODE_ENV = 'development';
      const res = await call('/refresh', 'amara.okafor');
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(
        /set itsm.demoSignIn: true/,
      );
      expect((await call('/users')).status).toBe(403);
    }
  });

  it('is refused when the demo provider is not configured', async () => {
    const call = await start({ itsm: { demoSignIn: true } }, { guest: {} });
    process.env.NODE_ENV = 'development';
    expect((await call('/refresh', 'amara.okafor')).status).toBe(404);
    const users = await call('/users');
    expect(users.status).toBe(403);
    expect((await users.json()).error.message).toBe(
      'Demo sign-in is off; auth.providers.demo is not configured',
    );
  });
});
