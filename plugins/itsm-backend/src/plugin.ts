import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  ItsmHealthCheck,
  itsmHealthCheckExtensionPoint,
} from '@backstage-itsm/plugin-itsm-node';
import { createRouter } from './router';
import { HealthService } from './services/HealthService';

/**
 * The ITSM backend plugin, mounted at `/api/itsm`.
 *
 * @public
 */
export const itsmPlugin = createBackendPlugin({
  pluginId: 'itsm',
  register(env) {
    const extraChecks: ItsmHealthCheck[] = [];
    env.registerExtensionPoint(itsmHealthCheckExtensionPoint, {
      addHealthCheck(check) {
        extraChecks.push(check);
      },
    });

    env.registerInit({
      deps: {
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ database, httpRouter, logger }) {
        const health = new HealthService({
          database,
          logger,
          checks: extraChecks,
        });
        httpRouter.use(await createRouter({ health }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
