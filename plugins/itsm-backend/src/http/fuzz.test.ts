import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import request from 'supertest';
import {
  AMARA,
  changeBody,
  incidentBody,
  slaBody,
  SOFIA,
} from '../__testUtils__/fixtures';
import { startItsm } from '../__testUtils__/itsmTestBackend';
import {
  ITSM_TABLES,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { specOperations } from '../__testUtils__/openapiSpec';

jest.setTimeout(300_000);

/*
 * Hostile input on every operation of openapi.yaml: random and malformed
 * path parameters, query strings and bodies (valid JSON of any shape, JSON
 * close to a valid body, text that is not JSON, NUL characters, nesting
 * thousands deep, bodies over the size limit). Whatever
 * comes in, the answer is never a 5xx: bad input is a 4xx naming what is
 * wrong, and changes nothing: every table is compared before and after
 * each request answered 4xx, on every database of the run (PostgreSQL
 * refuses input SQLite keeps, e.g. NUL in text). The records a request could reach exist, so
 * the fuzzer gets past "not found" into the services.
 */

const KEYS = ['INC-1', 'CHG-1', 'PRB-1', 'REL-1', 'SLA-1'];
const TYPES = ['incidents', 'problems', 'changes', 'releases', 'slas'];

const nasty = fc.oneof(
  fc.string(),
  fc.fullUnicodeString(),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '../../etc/passwd',
    '%00',
    '9'.repeat(40),
    '-1',
    '1e309',
    'null',
    '{}',
    "' OR 1=1 --",
    'component:default/payments-api',
    'group:default/payments-team',
    'user:default/nobody',
    'bob',
  ),
);

/** A path segment: a real key or type most of the time, anything otherwise. */
const segment = (name: string) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...(name === 'type' ? TYPES : KEYS)),
    },
    { weight: 1, arbitrary: nasty },
  );

const valid = [incidentBody(), changeBody(), slaBody()] as Array<
  Record<string, unknown>
>;

/** Near a valid body: one field replaced by something hostile, or removed. */
const mutated = fc
  .tuple(fc.constantFrom(...valid), fc.nat(), fc.jsonValue(), fc.boolean())
  .map(([body, i, value, remove]) => {
    const keys = Object.keys(body);
    const key = keys[i % keys.length];
    const copy: Record<string, unknown> = {
      ...body,
      version: 1,
      to: 'assigned',
    };
    if (remove) delete copy[key];
    else copy[key] = value;
    return JSON.stringify(copy);
  });

/** Arrays or objects nested thousands deep, alone or as a field of a valid body. */
const nested = fc
  .tuple(
    fc.integer({ min: 100, max: 20_000 }),
    fc.boolean(),
    fc.constantFrom(...valid),
    fc.boolean(),
  )
  .map(([depth, arrays, base, alone]) => {
    const deep = arrays
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return alone
      ? deep
      : `${JSON.stringify({ ...base, version: 1 }).slice(
          0,
          -1,
        )},"title":${deep}}`;
  });

/** Bodies over the 256 kB limit: one huge field, or very many fields. */
const oversized = fc.constantFrom(
  JSON.stringify({ ...incidentBody(), description: 'x'.repeat(300 * 1024) }),
  JSON.stringify(
    Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`f${i}`, i])),
  ),
);

const body = fc.oneof(
  fc.jsonValue().map(v => JSON.stringify(v)),
  mutated,
  nasty.map(s => JSON.stringify({ title: s, body: s, target: s, reason: s })),
  fc.string(), // not JSON at all
  nested,
  oversized,
);

const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'entityRef',
        'state',
        'priority',
        'assignedGroup',
        'q',
        'limit',
        'cursor',
        'from',
        'to',
        'term',
        'format',
        'granularity',
        'x',
      ),
      nasty,
    ),
    { maxLength: 4 },
  )
  .map(pairs =>
    pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'),
  );

describe.each(ITSM_TEST_DATABASES)(
  'hostile input on every operation on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);

    /** Every row of every ITSM table, in a stable order. */
    const snapshot = async () => {
      const tables = await Promise.all(
        ITSM_TABLES.map(async table => {
          const rows: Array<Record<string, unknown>> = await db.knex(table);
          return rows.map(r => JSON.stringify(r)).sort();
        }),
      );
      return JSON.stringify(tables);
    };

    it('never answers 5xx, and changes nothing when it answers 4xx', async () => {
      const { server, as } = await startItsm({
        config: {},
        extraFeatures: [db.feature()],
      });
      // Something to reach: a record of each type.
      expect((await as(AMARA).post('/incidents', incidentBody())).status).toBe(
        201,
      );
      expect((await as(AMARA).post('/changes', changeBody())).status).toBe(201);
      expect(
        (
          await as(AMARA).post('/problems', {
            title: 'Pool exhaustion',
            entityRefs: ['component:default/payments-api'],
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await as(AMARA).post('/releases', {
            title: 'Q4',
            entityRefs: ['component:default/payments-api'],
          })
        ).status,
      ).toBe(201);
      expect((await as(AMARA).post('/slas', slaBody())).status).toBe(201);

      // The snapshot sees a write (so it would see a 4xx that wrote).
      const unchanged = await snapshot();
      expect(
        (await as(AMARA).post('/incidents/INC-1/comments', { body: 'seen' }))
          .status,
      ).toBe(201);
      expect(await snapshot()).not.toBe(unchanged);

      const failures: string[] = [];
      const statuses = new Map<number, number>();
      for (const { method, path } of specOperations()) {
        const params = [...path.matchAll(/:(\w+)/g)].map(m => m[1]);
        await fc
          .assert(
            fc.asyncProperty(
              fc.tuple(...params.map(segment)),
              query,
              body,
              fc.constantFrom(AMARA, SOFIA),
              async (values, qs, payload, user) => {
                let url = path;
                params.forEach((p, i) => {
                  url = url.replace(
                    `:${p}`,
                    encodeURIComponent(String(values[i])),
                  );
                });
                const full = `/api/itsm${url}${qs ? `?${qs}` : ''}`;
                let req = (request(server) as any)
                  [method](full)
                  .set('Authorization', mockCredentials.user.header(user));
                if (method !== 'get' && method !== 'delete') {
                  req = req
                    .set('Content-Type', 'application/json')
                    .send(payload);
                }
                const before = method === 'get' ? undefined : await snapshot();
                const res = await req;
                statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
                const changed =
                  before !== undefined && (await snapshot()) !== before;
                if (changed && res.status >= 400 && res.status < 500) {
                  failures.push(
                    `${method.toUpperCase()} ${full} ${payload.slice(
                      0,
                      200,
                    )} -> ${res.status} but the tables changed`,
                  );
                  return false;
                }
                if (res.status >= 500) {
                  failures.push(
                    `${method.toUpperCase()} ${full} ${payload.slice(
                      0,
                      200,
                    )} -> ${res.status} ${JSON.stringify(res.body).slice(
                      0,
                      300,
                    )}`,
                  );
                }
                return res.status < 500;
              },
            ),
            { numRuns: 40, seed: 20261202 },
          )
          .catch(() => undefined);
      }
      expect(failures).toEqual([]);
      // The fuzzer got past validation into the services, and was refused too.
      const count = (from: number, to: number) =>
        [...statuses]
          .filter(([status]) => status >= from && status < to)
          .reduce((sum, [, n]) => sum + n, 0);
      expect(count(200, 300)).toBeGreaterThan(20);
      expect(count(400, 401)).toBeGreaterThan(200);
      expect(count(403, 410)).toBeGreaterThan(10);
    });
  },
);
