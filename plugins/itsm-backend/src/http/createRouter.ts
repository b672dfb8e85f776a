import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { Caller } from '../engine/types';
import { HealthService } from '../health/HealthService';
import { registerChangeRoutes } from './changeRoutes';
import { registerCmdbRoutes } from './cmdbRoutes';
import { registerHealthRoutes } from './healthRoutes';
import { registerRecordRoutes } from './recordRoutes';
import { ItsmRouterServices, RouteDeps } from './routeDeps';
import { registerSlaRoutes } from './slaRoutes';

export type { ItsmRouterServices } from './routeDeps';

/** Largest request body the API accepts. */
export const MAX_BODY = '256kb';

/**
 * The HTTP surface of the plugin (documented in src/schema/openapi.yaml).
 * It only translates between HTTP and the services; the rules live in the
 * services. Each area registers its routes on the one router, the generic
 * record routes last.
 */
export async function createRouter(options: {
  health: HealthService;
  services: ItsmRouterServices;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
}): Promise<express.Router> {
  const { health, services, httpAuth, userInfo } = options;
  const router = Router();
  router.use(express.json({ limit: MAX_BODY }));

  const caller = async (req: Request): Promise<Caller> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    const lower = (s: string) => s.toLocaleLowerCase('en-US');
    return {
      credentials,
      userRef: lower(info.userEntityRef),
      claims: Array.from(
        new Set([info.userEntityRef, ...info.ownershipEntityRefs].map(lower)),
      ),
    };
  };

  const deps: RouteDeps = { router, services, health, caller };
  registerHealthRoutes(deps);
  registerCmdbRoutes(deps);
  registerChangeRoutes(deps);
  registerSlaRoutes(deps);
  registerRecordRoutes(deps);

  // Body parser failures get a message that says what is wrong.
  router.use(
    (error: unknown, _req: Request, _res: Response, next: NextFunction) => {
      const type = (error as { type?: string })?.type;
      if (type === 'entity.parse.failed') {
        next(
          new InputError(
            `The request body is not valid JSON: ${(error as Error).message}`,
          ),
        );
        return;
      }
      next(error);
    },
  );

  return router;
}
