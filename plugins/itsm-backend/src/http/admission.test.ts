import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import request from 'supertest';
import { changeBody } from '../__testUtils__/fixtures';
import { HealthService } from '../health/HealthService';
import { admissionGate, readAdmissionConfig } from './admission';
import { createRouter, ItsmRouterServices } from './createRouter';

/** A promise with its resolve, to hold a request inside its handler. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves once the condition holds (checked after each turn of the event loop). */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise(r => setImmediate(r));
}

describe('admissionGate', () => {
  function appWith(gate: ReturnType<typeof admissionGate>) {
    const held: Array<ReturnType<typeof deferred>> = [];
    let entered = 0;
    const app = express()
      .use(gate)
      .get('/work', async (_req, res) => {
        entered += 1;
        const hold = deferred();
        held.push(hold);
        await hold.promise;
        res.json({ ok: true });
      })
      .use(mockErrorHandler());
    return { app, held, entered: () => entered };
  }

  it('works on maxActive at once, queues maxQueued, refuses the rest with 503 and Retry-After', async () => {
    const gate = admissionGate({
      maxActive: 1,
      maxQueued: 1,
      maxWaitMs: 600_000,
    });
    const { app, held, entered } = appWith(gate);
    const first = request(app)
      .get('/work')
      .then(r => r);
    await until(() => entered() === 1);
    const second = request(app)
      .get('/work')
      .then(r => r);
    await until(() => gate.load().waiting === 1);

    const third = await request(app).get('/work');
    expect(third.status).toBe(503);
    expect(third.headers['retry-after']).toBe('2');
    expect(third.body.error.message).toMatch(
      /^The ITSM backend is busy \(1 requests running, 1 waiting\); nothing was written/,
    );
    expect(entered()).toBe(1);

    held[0].resolve();
    expect((await first).status).toBe(200);
    await until(() => entered() === 2);
    held[1].resolve();
    expect((await second).status).toBe(200);
    expect(gate.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('answers 503 to a request that waited its longest, without running it', async () => {
    const gate = admissionGate({ maxActive: 1, maxQueued: 5, maxWaitMs: 20 });
    const { app, held, entered } = appWith(gate);
    const first = request(app)
      .get('/work')
      .then(r => r);
    await until(() => entered() === 1);
    const waited = await request(app).get('/work');
    expect(waited.status).toBe(503);
    expect(waited.body.error.message).toMatch(/waited 20 ms for a turn/);
    expect(gate.load().waiting).toBe(0);
    held[0].resolve();
    expect((await first).status).toBe(200);
    expect(entered()).toBe(1);
    expect(gate.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('reads its limits from config and refuses nonsense', () => {
    expect(readAdmissionConfig(new ConfigReader({}))).toEqual({
      maxActive: 16,
      maxQueued: 200,
      maxWaitMs: 10_000,
    });
    expect(() =>
      readAdmissionConfig(
        new ConfigReader({ itsm: { http: { maxActiveRequests: 0 } } }),
      ),
    ).toThrow('itsm.http.maxActiveRequests must be an integer of at least 1');
  });
});

describe('the API under back-pressure', () => {
  it('refuses a write beyond its limits before the service sees it, and still answers /health', async () => {
    const hold = deferred();
    const create = jest.fn(async () => {
      await hold.promise;
      return { key: 'CHG-1' };
    });
    const router = await createRouter({
      health: {
        report: async () => ({ status: 'ok' }),
        withChecks() {
          return this;
        },
      } as unknown as HealthService,
      services: { records: { create } } as unknown as ItsmRouterServices,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
      admission: { maxActive: 1, maxQueued: 0, maxWaitMs: 600_000 },
    });
    const app = express().use(router).use(mockErrorHandler());
    const first = request(app)
      .post('/changes')
      .send(changeBody())
      .then(r => r);
    await until(() => create.mock.calls.length === 1);

    const refused = await request(app).post('/changes').send(changeBody());
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(create).toHaveBeenCalledTimes(1);
    expect((await request(app).get('/health')).status).toBe(200);

    hold.resolve();
    expect((await first).status).toBe(201);
  });

  it('answers 503 with Retry-After when no database connection became free', async () => {
    const timeout = Object.assign(
      new Error('Knex: Timeout acquiring a connection'),
      {
        name: 'KnexTimeoutError',
      },
    );
    const router = await createRouter({
      health: {
        withChecks() {
          return this;
        },
      } as unknown as HealthService,
      services: {
        records: { create: async () => Promise.reject(timeout) },
      } as unknown as ItsmRouterServices,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
    });
    const app = express().use(router).use(mockErrorHandler());
    const res = await request(app).post('/changes').send(changeBody());
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body.error.message).toMatch(/no database connection was free/);
  });
});
