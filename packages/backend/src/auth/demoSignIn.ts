import {
  coreServices,
  createBackendModule,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/*
 * Development-only sign-in as any User of the catalog, so that a person (or
 * a script, or a browser test) can act in the roles the demo catalog gives
 * its people.
 *
 *   GET /api/auth/demo/refresh   header x-itsm-demo-user: amara.okafor
 *     -> { profile, backstageIdentity: { token, identity } }, the token of
 *        user:default/amara.okafor with the ownership claims the catalog
 *        gives (the user and the groups they are a member of)
 *   GET /api/auth/demo/users
 *     -> { users: [{ userEntityRef, displayName, description, groups }] },
 *        what the sign-in page offers
 *
 * Both answer 403 unless the backend runs with NODE_ENV=development (as
 * `yarn start` does) AND app-config sets `itsm.demoSignIn: true` AND
 * configures the provider (`auth.providers.demo: {}`).
 */

/** The auth provider id: the routes live under /api/auth/demo. */
export const DEMO_PROVIDER_ID = 'demo';

/** The request header naming the user to sign in as. */
export const DEMO_USER_HEADER = 'x-itsm-demo-user';

/**
 * Why demo sign-in is refused, or undefined when it is allowed: only in
 * development, only when `itsm.demoSignIn` is true and the provider is
 * configured.
 */
export function demoSignInRefusal(config: RootConfigService) {
  if (process.env.NODE_ENV !== 'development') {
    return `Demo sign-in works only in development; NODE_ENV is ${
      process.env.NODE_ENV ?? 'not set'
    }`;
  }
  if (config.getOptionalBoolean('itsm.demoSignIn') !== true) {
    return 'Demo sign-in is off; set itsm.demoSignIn: true in app-config.yaml (development only)';
  }
  if (!config.has(`auth.providers.${DEMO_PROVIDER_ID}`)) {
    return `Demo sign-in is off; auth.providers.${DEMO_PROVIDER_ID} is not configured`;
  }
  return undefined;
}

function assertAllowed(config: RootConfigService) {
  const refusal = demoSignInRefusal(config);
  if (refusal) throw new NotAllowedError(refusal);
}

/** The user ref a header value names: `amara.okafor` or `user:default/amara.okafor`. */
export function demoUserRef(value: string | undefined): string {
  if (!value?.trim()) {
    throw new InputError(
      `Name the demo user in the ${DEMO_USER_HEADER} header, e.g. amara.okafor`,
    );
  }
  const ref = parseEntityRef(value.trim(), {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(`${value} is not a user`);
  }
  return stringifyEntityRef(ref);
}

function createDemoAuthenticator(config: RootConfigService) {
  return createProxyAuthenticator({
    async defaultProfileTransform(result: { userEntityRef: string }, ctx) {
      const { entity } = await ctx.findCatalogUser({
        entityRef: result.userEntityRef,
      });
      const profile = (entity.spec?.profile ?? {}) as {
        displayName?: string;
        email?: string;
        picture?: string;
      };
      return {
        profile: {
          displayName: profile.displayName ?? entity.metadata.name,
          email: profile.email,
          picture: profile.picture,
        },
      };
    },
    initialize() {},
    async authenticate({ req }) {
      assertAllowed(config);
      return {
        result: { userEntityRef: demoUserRef(req.get(DEMO_USER_HEADER)) },
      };
    },
  });
}

/** One user the sign-in page offers. */
export interface DemoUser {
  userEntityRef: string;
  displayName: string;
  description?: string;
  groups: string[];
}

function toDemoUser(entity: Entity): DemoUser {
  const spec = (entity.spec ?? {}) as {
    profile?: { displayName?: string };
    memberOf?: string[];
  };
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_MEMBER_OF)
    .map(r => r.targetRef);
  const groups = related.length
    ? related
    : (spec.memberOf ?? []).map(g =>
        stringifyEntityRef(
          parseEntityRef(g, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
  return {
    userEntityRef: stringifyEntityRef(entity),
    displayName: spec.profile?.displayName ?? entity.metadata.name,
    description: entity.metadata.description,
    groups,
  };
}

/** The auth backend module of the `demo` provider and its user list. */
export const authModuleDemoSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'itsm-demo-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ providers, config, httpRouter, catalog, auth, logger }) {
        providers.registerProvider({
          providerId: DEMO_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: createDemoAuthenticator(config),
            async signInResolver({ result }, ctx) {
              assertAllowed(config);
              return ctx.signInWithCatalogUser({
                entityRef: result.userEntityRef,
              });
            },
          }),
        });

        const usersPath = `/${DEMO_PROVIDER_ID}/users`;
        httpRouter.addAuthPolicy({ path: usersPath, allow: 'unauthenticated' });
        httpRouter.use(async (req, res, next) => {
          if (req.method !== 'GET' || req.path !== usersPath) {
            next();
            return;
          }
          try {
            assertAllowed(config);
            const { items } = await catalog.getEntities(
              {
                filter: { kind: 'User' },
                fields: ['kind', 'metadata', 'spec', 'relations'],
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            const users = items
              .map(toDemoUser)
              .sort((a, b) => a.displayName.localeCompare(b.displayName));
            res.json({ users });
          } catch (error) {
            next(error);
          }
        });

        const refusal = demoSignInRefusal(config);
        if (refusal) logger.info(`Demo sign-in is off: ${refusal}`);
        else
          logger.warn('Demo sign-in is ON: anyone can act as any catalog user');
      },
    });
  },
});
