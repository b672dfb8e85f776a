import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TEST_ENTITIES } from '../__testUtils__/fixtures';
import {
  DEFAULT_CATALOG_TIMEOUT_MS,
  readCatalogTimeoutMs,
  timedCatalog,
} from './timedCatalog';

const credentials = mockCredentials.service();
const REF = 'component:default/payments-api';

describe('timedCatalog', () => {
  afterEach(() => jest.useRealTimers());

  it('passes the answers of a catalog that answers in time', async () => {
    const catalog = timedCatalog(
      catalogServiceMock({ entities: TEST_ENTITIES }),
      { timeoutMs: 1_000 },
    );
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: [REF, 'component:default/nope'] },
      { credentials },
    );
    expect(items.map(e => e?.metadata.name ?? null)).toEqual([
      'payments-api',
      null,
    ]);
  });

  it('gives up a call after the timeout with 503, not before', async () => {
    jest.useFakeTimers();
    const inner = catalogServiceMock.mock({
      getEntitiesByRefs: () => new Promise(() => {}),
    });
    const logger = mockServices.logger.mock();
    const catalog = timedCatalog(inner, { timeoutMs: 5_000, logger });
    const outcome = catalog
      .getEntitiesByRefs({ entityRefs: [REF] }, { credentials })
      .then(
        () => 'answered',
        (e: Error) => e,
      );
    await jest.advanceTimersByTimeAsync(4_999);
    const early = await Promise.race([outcome, Promise.resolve('pending')]);
    expect(early).toBe('pending');

    await jest.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'The catalog did not answer within 5 s; try again later',
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Catalog call getEntitiesByRefs gave no answer within 5 s',
    );
    expect(jest.getTimerCount()).toBe(0);
  });

  it('clears its timer once the catalog answers', async () => {
    jest.useFakeTimers();
    const catalog = timedCatalog(
      catalogServiceMock({ entities: TEST_ENTITIES }),
      { timeoutMs: 5_000 },
    );
    await catalog.getEntityByRef(REF, { credentials });
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each([
    [
      'an answer with an error status',
      Object.assign(new Error('Request failed with 500, at 10.0.0.5:7007'), {
        name: 'ResponseError',
        statusCode: 500,
      }),
      'The catalog is unavailable (it answered 500); try again later',
    ],
    [
      'a network failure',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:7007'), {
        name: 'FetchError',
      }),
      'The catalog is unavailable (it could not be reached); try again later',
    ],
    [
      'a method that throws at once',
      new TypeError('Cannot read properties of undefined'),
      'The catalog is unavailable (it could not be reached); try again later',
    ],
  ])(
    'answers %s with 503, naming no internals',
    async (name, error, message) => {
      const fail =
        name === 'a method that throws at once'
          ? () => {
              throw error;
            }
          : () => Promise.reject(error);
      const logger = mockServices.logger.mock();
      const catalog = timedCatalog(
        catalogServiceMock.mock({ queryEntities: fail as any }),
        { timeoutMs: 1_000, logger },
      );
      const refused = catalog.queryEntities({ limit: 1 }, { credentials });
      await expect(refused).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message,
      });
      expect(logger.warn).toHaveBeenCalledWith(
        'Catalog call queryEntities failed',
        error,
      );
    },
  );

  it('passes a stream on unchanged', () => {
    const stream = { [Symbol.asyncIterator]: jest.fn() };
    const catalog = timedCatalog(
      catalogServiceMock.mock({ streamEntities: () => stream as any }),
      { timeoutMs: 1_000 },
    );
    expect(catalog.streamEntities(undefined, { credentials })).toBe(stream);
  });
});

describe('readCatalogTimeoutMs', () => {
  it.each([
    [undefined, DEFAULT_CATALOG_TIMEOUT_MS],
    ['2s', 2_000],
    ['50ms', 50],
    [{ seconds: 3 }, 3_000],
    ['PT1M', 60_000],
  ])('reads itsm.catalog.timeout %j as %d ms', (timeout, ms) => {
    const config = new ConfigReader({
      itsm: timeout === undefined ? {} : { catalog: { timeout } },
    });
    expect(readCatalogTimeoutMs(config)).toBe(ms);
  });

  it('refuses a timeout that is no positive duration', () => {
    for (const timeout of ['soon', '0ms']) {
      expect(() =>
        readCatalogTimeoutMs(
          new ConfigReader({ itsm: { catalog: { timeout } } }),
        ),
      ).toThrow(/itsm\.catalog\.timeout/);
    }
  });
});
