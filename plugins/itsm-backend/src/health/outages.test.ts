import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { AMARA, incidentBody, TEST_ENTITIES } from '../__testUtils__/fixtures';
import { allowAll } from '../__testUtils__/itsmServices';
import { testUserInfo } from '../__testUtils__/itsmTestBackend';
import { createRouter } from '../http/createRouter';
import { migrateItsmDatabase } from '../store';
import { createItsmServices } from '../wiring';
import { DATABASE_DOWN_MESSAGE, HealthService } from './HealthService';

/*
 * When the catalog or the database fails: a catalog call is given up after
 * itsm.catalog.timeout (50 ms here) and answered 503 with a clear message,
 * reads that need no catalog keep working, /health names what fails, and no
 * answer leaks internals (addresses, stack, SQL, a driver's text).
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** What no answer may contain: an address, a URL, a stack frame, SQL, a driver's words. */
const INTERNALS =
  /10\.1\.2\.3|https?:\/\/|ECONNREFUSED|\bat \S+ \(|select |insert |sqlite|knex|pool|connection/i;

type CatalogMode = 'ok' | 'hang' | 'fail';

/** The test CMDB, made to hang or fail on demand (every method). */
function switchableCatalog() {
  const state = {
    mode: 'ok' as CatalogMode,
    calls: 0,
    /** Fails only the calls this picks (e.g. a lookup of one user). */
    failIf: undefined as ((args: unknown[]) => boolean) | undefined,
  };
  const real = catalogServiceMock({ entities: TEST_ENTITIES });
  const catalog = new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        state.calls += 1;
        if (state.mode === 'hang') return new Promise(() => {});
        if (state.mode === 'fail' || state.failIf?.(args)) {
          const error = new Error(
            'request to http://10.1.2.3:7007/api/catalog/entities/by-refs failed, reason: connect ECONNREFUSED 10.1.2.3:7007',
          );
          error.name = 'FetchError';
          return Promise.reject(error);
        }
        return value.apply(target, args);
      };
    },
  }) as CatalogService;
  return { catalog, state };
}

describe.each(databases.eachSupportedId())('outages on %s', databaseId => {
  async function start() {
    const knex = await databases.init(databaseId);
    await migrateItsmDatabase(knex);
    const logger = mockServices.logger.mock();
    const { catalog, state } = switchableCatalog();
    const services = createItsmServices({
      config: new ConfigReader({ itsm: { catalog: { timeout: '50ms' } } }),
      db: knex,
      catalog,
      notifier: { notify: async () => {} },
      logger,
      authorization: { authorizer: allowAll },
      serviceCredentials: async () => mockCredentials.service(),
    });
    const router = await createRouter({
      health: new HealthService({
        database: mockServices.database({ knex }),
        logger,
        checks: [],
        databaseTimeoutMs: 2_000,
      }),
      services,
      httpAuth: mockServices.httpAuth(),
      userInfo: testUserInfo,
    });
    const app = express().use(router).use(mockErrorHandler());
    const auth = mockCredentials.user.header(AMARA);
    return {
      knex,
      logger,
      catalog: state,
      get: (path: string) => request(app).get(path).set('Authorization', auth),
      post: (path: string, body: object) =>
        request(app).post(path).set('Authorization', auth).send(body),
    };
  }

  const expectUnavailable = (
    res: request.Response,
    message: RegExp | string,
  ) => {
    expect(res.body.error?.message).toMatch(message);
    expect(res.status).toBe(503);
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.stack).toBeUndefined();
    expect(res.text).not.toMatch(INTERNALS);
  };

  it('gives up a hanging catalog after the configured timeout: 503, nothing written, reads work', async () => {
    const t = await start();
    expect((await t.post('/incidents', incidentBody())).status).toBe(201);
    expect((await t.get('/health')).body).toEqual({ status: 'ok' });

    t.catalog.mode = 'hang';
    const before = t.catalog.calls;
    expectUnavailable(
      await t.post('/incidents', incidentBody({ title: 'Second' })),
      /^The catalog did not answer within 50 ms; try again later$/,
    );
    expect(t.catalog.calls).toBeGreaterThan(before);

    // Reads that need no catalog keep working; nothing was written.
    const list = await t.get('/incidents');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { title: string }) => i.title)).toEqual([
      'Payments fail',
    ]);
    expect((await t.get('/incidents/INC-1')).status).toBe(200);

    const health = await t.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({
      status: 'error',
      failures: [
        {
          name: 'catalog',
          message: 'The catalog did not answer within 50 ms; try again later',
        },
      ],
    });

    t.catalog.mode = 'ok';
    expect((await t.get('/health')).status).toBe(200);
    expect(
      (await t.post('/incidents', incidentBody({ title: 'Third' }))).status,
    ).toBe(201);
  });

  it('answers a failing catalog with 503 naming no address, and /health reports it', async () => {
    const t = await start();
    t.catalog.mode = 'fail';
    expectUnavailable(
      await t.post('/incidents', incidentBody()),
      /^The catalog is unavailable \(it could not be reached\); try again later$/,
    );
    expectUnavailable(
      await t.get('/impact?entityRef=component:default/payments-api'),
      /^The catalog is unavailable/,
    );
    const health = await t.get('/health');
    expect(health.status).toBe(503);
    expect(health.body.failures).toEqual([
      {
        name: 'catalog',
        message:
          'The catalog is unavailable (it could not be reached); try again later',
      },
    ]);
    expect(health.text).not.toMatch(INTERNALS);
    // The cause is logged for the operator.
    expect(t.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Catalog call \w+ failed$/),
      expect.objectContaining({ name: 'FetchError' }),
    );
  });

  it('answers 503 when the catalog fails on the caller an incident is registered for, writing nothing', async () => {
    const t = await start();
    t.catalog.failIf = args => JSON.stringify(args).includes('sofia');
    expectUnavailable(
      await t.post(
        '/incidents',
        incidentBody({ onBehalfOf: 'user:default/sofia' }),
      ),
      /^The catalog is unavailable \(it could not be reached\); try again later$/,
    );
    t.catalog.failIf = undefined;
    expect((await t.get('/incidents')).body.totalCount).toBe(0);
    const created = await t.post(
      '/incidents',
      incidentBody({ onBehalfOf: 'user:default/sofia' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      createdBy: 'user:default/sofia',
      registeredBy: AMARA,
    });
  });

  it('answers a database outage with 503 and a clear message, leaking nothing', async () => {
    const t = await start();
    expect((await t.post('/incidents', incidentBody())).status).toBe(201);
    await t.knex.destroy();

    for (const res of [
      await t.get('/incidents'),
      await t.get('/incidents/INC-1'),
      await t.post('/incidents', incidentBody()),
    ]) {
      expectUnavailable(
        res,
        /^The ITSM database is unavailable; try again later \(logId=[0-9a-f]{20}\)$/,
      );
    }
    const health = await t.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({
      status: 'error',
      failures: [{ name: 'database', message: DATABASE_DOWN_MESSAGE }],
    });
    expect(health.text).not.toMatch(INTERNALS);
    expect(t.logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/^ITSM request GET \/incidents failed, logId=/),
      expect.anything(),
    );
  });
});
