import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import {
  AMARA,
  at,
  incidentBody,
  SOFIA,
  sofia,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import { activeSla, allowAll } from '../__testUtils__/itsmServices';
import { testUserInfo } from '../__testUtils__/itsmTestBackend';
import { validatingServer } from '../__testUtils__/openapiSpec';
import { HealthService } from '../health/HealthService';
import { createRouter } from '../http/createRouter';
import { spec } from '../schema/openapi';
import { migrateItsmDatabase } from '../store';
import { createItsmServices } from '../wiring';

/*
 * The acknowledgement over HTTP, behind the validating proxy: the escalated
 * incident and the answers of the acknowledgement (200, 403, 409, and the
 * replay of an Idempotency-Key) are what openapi.yaml says.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

it('acknowledges an escalated incident as openapi.yaml describes', async () => {
  const knex = await databases.init('SQLITE_3');
  await migrateItsmDatabase(knex);
  const logger = mockServices.logger.mock();
  const clock = { now: at(-60) };
  const services = createItsmServices({
    config: new ConfigReader({ itsm: {} }),
    db: knex,
    catalog: catalogServiceMock({ entities: TEST_ENTITIES }),
    notifier: { notify: async () => {} },
    logger,
    authorization: { authorizer: allowAll },
    clock: () => clock.now,
  });
  const router = await createRouter({
    health: new HealthService({
      database: mockServices.database({ knex }),
      logger,
      checks: [],
    }),
    services,
    httpAuth: mockServices.httpAuth(),
    userInfo: testUserInfo,
  });
  const server = await validatingServer(
    express().use(router).use(mockErrorHandler()),
    spec,
  );
  const as = (user: string) => ({
    get: (path: string) =>
      request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header(user)),
    post: (path: string) =>
      request(server)
        .post(path)
        .set('Authorization', mockCredentials.user.header(user)),
  });

  await activeSla(services);
  clock.now = at(0);
  await services.records.create(
    'incidents',
    incidentBody({ outage: { kind: 'down', start: at(0).toISOString() } }),
    sofia,
  );
  clock.now = at(481);
  expect((await services.slas.sweep()).escalations).toBe(1);

  const escalated = await as(SOFIA).get('/incidents/INC-1');
  expect(escalated.status).toBe(200);
  expect(escalated.body).toMatchObject({
    escalated: true,
    escalatedTo: 'group:default/payments-team',
    escalatedAt: at(481).toISOString(),
    escalatedOutage: { kind: 'down', start: at(0).toISOString() },
    escalationAcknowledgedBy: null,
  });

  const path = '/incidents/INC-1/escalation-acknowledgement';
  const refused = await as(SOFIA).post(path).send({});
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toMatch(
    /^Only the service owner \(group:default\/payments-team\) or the on-duty manager/,
  );
  expect((await as(AMARA).post(path).send({ colour: 'red' })).status).toBe(400);

  clock.now = at(490);
  const first = await as(AMARA)
    .post(path)
    .set('Idempotency-Key', 'ack-INC-1')
    .send({ note: 'on it' });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({
    escalationAcknowledgedBy: AMARA,
    escalationAcknowledgedAt: at(490).toISOString(),
    escalationAcknowledgementNote: 'on it',
  });
  const replay = await as(AMARA)
    .post(path)
    .set('Idempotency-Key', 'ack-INC-1')
    .send({ note: 'on it' });
  expect(replay.status).toBe(200);
  expect(replay.body).toEqual(first.body);

  const again = await as(AMARA).post(path).send({});
  expect(again.status).toBe(409);
  expect(again.body.error.message).toBe(
    `The escalation of INC-1 was already acknowledged by ${AMARA} at ${at(
      490,
    ).toISOString()}`,
  );
});
