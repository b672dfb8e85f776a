import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  isError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ItsmHealthCheck } from '@backstage-itsm/plugin-itsm-node';
import { randomBytes } from 'node:crypto';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { Caller } from '../engine/types';
import { HealthService } from '../health/HealthService';
import { createOpenApiRouter } from '../schema/openapi';
import { registerChangeRoutes } from './changeRoutes';
import { registerCmdbRoutes } from './cmdbRoutes';
import { registerHealthRoutes } from './healthRoutes';
import {
  admissionGate,
  AdmissionOptions,
  busy,
  DEFAULT_ADMISSION,
} from './admission';
import { registerCabRoutes } from './cabRoutes';
import { registerReleasePlanRoutes } from './releasePlanRoutes';
import { registerKpiRoutes } from './kpiRoutes';
import { checkRecordBody } from './recordBodies';
import { registerRecordRoutes } from './recordRoutes';
import { refuseNul } from './refuseNul';
import { ItsmRouterServices, RouteDeps } from './routeDeps';
import { registerSlaRoutes } from './slaRoutes';
import { registerWorkRoutes } from './workRoutes';

export type { ItsmRouterServices } from './routeDeps';

/** Largest request body the API accepts. */
export const MAX_BODY = '256kb';

/**
 * The HTTP surface of the plugin: the router generated from
 * src/schema/openapi.yaml, which answers 400 to any request the document does
 * not allow, with a typed handler for each of its operations. Handlers only
 * translate between HTTP and the services; the rules live in the services.
 *
 * Bodies are parsed here, outside the generated router, so that a body over
 * MAX_BODY stays a 413 and malformed JSON says what is wrong (errors inside the
 * generated router all become 400); the body of a record create or update is
 * checked against its type's schema here too (see checkRecordBody).
 */
export async function createRouter(options: {
  health: HealthService;
  /** The services, with the checks of their dependencies (the catalog) for /health. */
  services: ItsmRouterServices & { healthChecks?: readonly ItsmHealthCheck[] };
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  /** Back-pressure: requests worked on at once and waiting (itsm.http.*). */
  admission?: AdmissionOptions;
}): Promise<express.Router> {
  const { services, httpAuth, userInfo } = options;
  const health = services.healthChecks?.length
    ? options.health.withChecks(services.healthChecks)
    : options.health;
  const router = Router();
  // Bounded work and waiting; /health answers even when the API is saturated.
  const gate = admissionGate(options.admission ?? DEFAULT_ADMISSION);
  router.use((req, res, next) =>
    req.path === '/health' ? next() : gate(req, res, next),
  );
  router.use(express.json({ limit: MAX_BODY }));
  router.use(bodyParserErrors);
  router.use(refuseNul);
  router.use(checkRecordBody);

  const api = await createOpenApiRouter({
    // The body is parsed above already.
    middleware: [(_req, _res, next) => next()],
    validatorOptions: {
      // httpAuth answers a missing or bad token with 401, not the validator with 400.
      validateSecurity: false,
      // The document the router serves itself, which /{type} would refuse
      // (the validator matches the path with the mount path in front).
      ignorePaths: /\/openapi\.json$/,
    },
  });

  const caller = async (req: Request<any, any, any, any>): Promise<Caller> => {
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

  // The fixed paths of the processes first: /{type} would otherwise take them.
  const deps: RouteDeps = { router: api, services, health, caller };
  registerHealthRoutes(deps);
  registerCmdbRoutes(deps);
  registerChangeRoutes(deps);
  registerSlaRoutes(deps);
  registerKpiRoutes(deps);
  registerWorkRoutes(deps);
  registerCabRoutes(deps);
  registerReleasePlanRoutes(deps);
  registerRecordRoutes(deps);

  router.use(api);
  router.use(unexpectedErrors(health));
  return router;
}

/** Errors whose name says what went wrong; the Backstage error handler answers them as they are. */
const ANSWERED_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/** Whether an error says what went wrong (a 4xx, a 503) rather than something unexpected. */
function isAnswered(error: unknown): boolean {
  if (!isError(error)) return false;
  const { statusCode, status } = error as {
    statusCode?: unknown;
    status?: unknown;
  };
  const code = typeof statusCode === 'number' ? statusCode : status;
  if (typeof code === 'number') return code < 500 || code === 503;
  return ANSWERED_ERRORS.has(error.name);
}

/**
 * Unexpected errors (a database driver's, a bug's) never reach the answer
 * with their text, which may hold SQL, addresses or a stack: they are logged
 * with an id, and answered 503 when the database does not answer (an outage)
 * or its pool had no free connection in time (with `Retry-After`), else 500,
 * naming the id only.
 */
function unexpectedErrors(health: HealthService) {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (isAnswered(error)) {
      next(error);
      return;
    }
    // No database connection became free in time: the write never began.
    if ((error as Error)?.name === 'KnexTimeoutError') {
      busy(res, next, 'no database connection was free');
      return;
    }
    const logId = randomBytes(10).toString('hex');
    health.logger.error(
      `ITSM request ${req.method} ${req.originalUrl} failed, logId=${logId}`,
      isError(error) ? (error as Error) : { error: String(error) },
    );
    health.databaseAnswers().then(up => {
      if (!up) {
        next(
          new ServiceUnavailableError(
            `The ITSM database is unavailable; try again later (logId=${logId})`,
          ),
        );
        return;
      }
      const internal = new Error(`An internal error occurred, logId=${logId}`);
      delete internal.stack;
      next(internal);
    }, next);
  };
}

/** Body parser failures: a message that says what is wrong, 413 kept as is. */
function bodyParserErrors(
  error: unknown,
  _req: Request,
  _res: Response,
  next: NextFunction,
) {
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
}
