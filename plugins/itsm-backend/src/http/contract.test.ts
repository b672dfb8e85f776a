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
  changeBody,
  incidentBody,
  LUKAS,
  slaBody,
  SOFIA,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import { allowAll } from '../__testUtils__/itsmServices';
import { testUserInfo } from '../__testUtils__/itsmTestBackend';
import { specOperations, validatingServer } from '../__testUtils__/openapiSpec';
import { HealthService } from '../health/HealthService';
import { spec } from '../schema/openapi';
import { migrateItsmDatabase } from '../store';
import { createItsmServices } from '../wiring';
import { createRouter } from './createRouter';

/*
 * Every operation of openapi.yaml, called through the plugin's router behind
 * the validating proxy of @backstage/backend-openapi-utils: each request and
 * each answer is checked against the document, so an answer the document does
 * not describe fails this test. (Request validation through the plugin is in
 * requestValidation.test.ts, route coverage in createRouter.test.ts.)
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function startApi() {
  const knex = await databases.init('SQLITE_3');
  await migrateItsmDatabase(knex);
  const logger = mockServices.logger.mock();
  const services = createItsmServices({
    config: new ConfigReader({ itsm: {} }),
    db: knex,
    catalog: catalogServiceMock({ entities: TEST_ENTITIES }),
    notifier: { notify: async () => {} },
    logger,
    authorization: { authorizer: allowAll },
    clock: () => new Date('2026-11-15T12:00:00Z'),
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
  const app = express().use(router).use(mockErrorHandler());
  const server = await validatingServer(app, spec);
  /** The operations called, as `method path-template`. */
  const called = new Set<string>();
  const call = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    template: string,
    path: string,
    user = AMARA,
    target: 'validated' | 'direct' = 'validated',
  ) => {
    called.add(`${method} ${template}`);
    return request(target === 'validated' ? server : app)
      [method](path)
      .set('Authorization', mockCredentials.user.header(user));
  };
  return { call, called };
}

describe('the HTTP API against openapi.yaml', () => {
  it('answers every operation as the document describes', async () => {
    const { call, called } = await startApi();
    /** The body of an answer that must have the given status. */
    const ok = async (res: request.Response, status = 200) => {
      expect({ status: res.status, body: res.body }).toEqual({
        status,
        body: expect.anything(),
      });
      return res.body;
    };

    expect(await ok(await call('get', '/health', '/health'))).toEqual({
      status: 'ok',
    });

    // Records, comments, history and links
    await ok(
      await call('post', '/:type', '/incidents').send(
        incidentBody({
          outage: {
            kind: 'down',
            start: '2026-10-05T10:00:00Z',
            end: '2026-10-05T11:00:00Z',
          },
        }),
      ),
      201,
    );
    const page = await ok(
      await call(
        'get',
        '/:type',
        '/incidents?entityRef=Component:Payments-API&state=new&state=assigned' +
          '&assignedGroup=Group:Default/Payments-Team&q=payments&limit=10',
      ),
    );
    expect(page.items.map((r: { key: string }) => r.key)).toEqual(['INC-1']);
    // An order (the CSV export: http/recordCsv.test.ts).
    const sorted = await call('get', '/:type', '/incidents?sort=-priority');
    expect((await ok(sorted)).items).toHaveLength(1);
    expect((await call('get', '/:type', '/incidents?sort=x')).status).toBe(400);
    const incident = await ok(
      await call('get', '/:type/:idOrKey', '/incidents/INC-1'),
    );
    await ok(
      await call('patch', '/:type/:idOrKey', '/incidents/INC-1').send({
        version: incident.version,
        title: 'Card payments fail',
      }),
    );
    const assigned = await ok(
      await call(
        'post',
        '/:type/:idOrKey/transitions',
        '/incidents/INC-1/transitions',
      ).send({ to: 'assigned', version: incident.version + 1 }),
    );
    expect(assigned.state).toBe('assigned');
    const history = await ok(
      await call('get', '/:type/:idOrKey/history', '/incidents/INC-1/history'),
    );
    expect(history.items.length).toBeGreaterThan(2);
    await ok(
      await call(
        'post',
        '/:type/:idOrKey/comments',
        '/incidents/INC-1/comments',
      ).send({ body: 'Looking into it' }),
      201,
    );
    const comments = await ok(
      await call(
        'get',
        '/:type/:idOrKey/comments',
        '/incidents/INC-1/comments?limit=1',
      ),
    );
    expect(comments.items).toHaveLength(1);
    await ok(
      await call('post', '/:type', '/problems').send({
        title: 'Payments keep failing',
        entityRefs: ['component:default/payments-api'],
      }),
      201,
    );
    const linked = await ok(
      await call(
        'post',
        '/:type/:idOrKey/links',
        '/incidents/INC-1/links',
      ).send({ target: 'PRB-1' }),
      201,
    );
    expect(linked.links.map((l: { key: string }) => l.key)).toEqual(['PRB-1']);
    await ok(
      await call(
        'delete',
        '/:type/:idOrKey/links/:targetKey',
        '/incidents/INC-1/links/PRB-1',
      ),
      204,
    );
    await ok(
      await call('post', '/:type', '/releases').send({
        title: 'Payments 2.0',
        entityRefs: ['component:default/payments-api'],
      }),
      201,
    );

    // Changes: impact, approvals, calendar and freeze windows
    const impact = await ok(
      await call(
        'get',
        '/impact',
        '/impact?entityRef=resource:default/payments-db',
      ),
    );
    expect(impact.direct[0].entityRef).toBe('resource:default/payments-db');
    const roles = await ok(
      await call(
        'get',
        '/roles',
        '/roles?entityRef=resource:default/payments-db',
      ),
    );
    expect(roles.roles).toContainEqual({
      role: 'change-manager',
      title: 'change manager',
      holders: ['group:default/payments-team'],
      source: 'owner',
    });
    await ok(await call('post', '/:type', '/changes').send(changeBody()), 201);
    for (const to of ['review', 'planning', 'approval']) {
      const { version } = await ok(
        await call('get', '/:type/:idOrKey', '/changes/CHG-1'),
      );
      await ok(
        await call(
          'post',
          '/:type/:idOrKey/transitions',
          '/changes/CHG-1/transitions',
        ).send({ to, version }),
      );
    }
    const approvals = await ok(
      await call(
        'get',
        '/changes/:idOrKey/approvals',
        '/changes/CHG-1/approvals',
      ),
    );
    expect(approvals.pending).toEqual(['group:default/payments-team']);
    const inbox = await ok(
      await call('get', '/work', '/work?section=approvals&limit=5', LUKAS),
    );
    expect(inbox.items.map((r: { key: string }) => r.key)).toEqual(['CHG-1']);
    const recordRoles = await ok(
      await call('get', '/:type/:idOrKey/roles', '/changes/CHG-1/roles'),
    );
    expect(recordRoles.callerRoles).toEqual(
      expect.arrayContaining(['requester', 'change-coordinator']),
    );
    const approved = await ok(
      await call(
        'post',
        '/changes/:idOrKey/approvals',
        '/changes/CHG-1/approvals',
        LUKAS,
      ).send({ decision: 'approve' }),
    );
    expect(approved.state).toBe('scheduled');
    const calendar = await ok(
      await call(
        'get',
        '/calendar',
        '/calendar?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z' +
          '&entityRef=resource:default/payments-db',
      ),
    );
    expect(calendar.changes.map((c: { key: string }) => c.key)).toEqual([
      'CHG-1',
    ]);
    const templates = await ok(
      await call('get', '/change-templates', '/change-templates'),
    );
    expect(Array.isArray(templates.items)).toBe(true);
    const freeze = await ok(
      await call('post', '/freeze-windows', '/freeze-windows').send({
        title: 'Year end',
        reason: 'Closing the books',
        start: '2026-12-20T00:00:00Z',
        end: '2027-01-03T00:00:00Z',
        // amara's team owns it: she is its change manager.
        scope: { kind: 'entity', entityRef: 'resource:default/payments-db' },
      }),
      201,
    );
    const freezes = await ok(
      await call(
        'get',
        '/freeze-windows',
        '/freeze-windows?from=2026-12-01T00:00:00Z',
      ),
    );
    expect(freezes.items.map((w: { id: string }) => w.id)).toContain(freeze.id);
    await ok(
      await call(
        'delete',
        '/freeze-windows/:id',
        `/freeze-windows/${freeze.id}`,
      ),
      204,
    );

    // SLAs: signatures, clocks, availability and the term report
    await ok(await call('post', '/:type', '/slas').send(slaBody()), 201);
    await ok(
      await call(
        'post',
        '/slas/:idOrKey/signatures',
        '/slas/SLA-1/signatures',
      ).send({ role: 'serviceOwner' }),
    );
    const signed = await ok(
      await call(
        'post',
        '/slas/:idOrKey/signatures',
        '/slas/SLA-1/signatures',
        SOFIA,
      ).send({ role: 'customer' }),
    );
    await ok(
      await call(
        'post',
        '/:type/:idOrKey/transitions',
        '/slas/SLA-1/transitions',
      ).send({ to: 'active', version: signed.version }),
    );
    const clocks = await ok(
      await call('get', '/incidents/:idOrKey/sla', '/incidents/INC-1/sla'),
    );
    expect(clocks.clocks.length).toBeGreaterThan(0);
    // The group coordinator's escalation decision needs a target in danger:
    // none on this clock (it stands still), so the answer is the documented 409.
    const current = await ok(
      await call('get', '/:type/:idOrKey', '/incidents/INC-1'),
    );
    await ok(
      await call(
        'post',
        '/incidents/:idOrKey/escalation-decision',
        '/incidents/INC-1/escalation-decision',
      ).send({ version: current.version, decision: 'urge', reason: 'hurry' }),
      409,
    );
    // INC-1 is not escalated: acknowledging it is the documented 409.
    const ack = '/incidents/:idOrKey/escalation-acknowledgement';
    const acked = call('post', ack, ack.replace(':idOrKey', 'INC-1'));
    await ok(await acked.send({ note: 'seen' }), 409);
    const availability = await ok(
      await call(
        'get',
        '/availability',
        '/availability?entityRef=component:default/payments-api' +
          '&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&granularity=week',
      ),
    );
    expect(availability.downtimeMinutes).toBeGreaterThan(0);
    const kpis = await ok(
      await call(
        'get',
        '/kpis',
        '/kpis?entityRef=component:default/payments-api' +
          '&from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z',
      ),
    );
    expect(kpis.incidents.reported).toBe(1);
    const report = await ok(
      await call(
        'get',
        '/slas/:idOrKey/report',
        '/slas/SLA-1/report?term=2026-10',
      ),
    );
    expect(report.sla.key).toBe('SLA-1');
    // The proxy reads every answer as JSON: the CSV download bypasses it.
    const csv = await call(
      'get',
      '/slas/:idOrKey/report',
      '/slas/SLA-1/report?term=2026-10&format=csv',
      AMARA,
      'direct',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/SLA-1-2026-10\.csv/);

    // CAB meetings: an RFC of payments handed to release management, put
    // on the agenda, voted on and decided at the close.
    const rfc = await ok(
      await call('post', '/:type', '/changes').send(
        changeBody({ title: 'For the CAB' }),
      ),
      201,
    );
    for (const to of ['review', 'in_release']) {
      const { version } = await ok(
        await call('get', '/:type/:idOrKey', `/changes/${rfc.key}`),
      );
      await ok(
        await call(
          'post',
          '/:type/:idOrKey/transitions',
          `/changes/${rfc.key}/transitions`,
        ).send({ to, version }),
      );
    }
    const cab = await ok(
      await call('post', '/cab-meetings', '/cab-meetings').send({
        serviceRef: 'system:default/payments',
        meetingAt: '2026-11-20T10:00:00Z',
        submissionDeadline: '2026-11-18T17:00:00Z',
      }),
      201,
    );
    expect(cab).toMatchObject({ key: 'CAB-1', members: [AMARA, LUKAS] });
    await ok(
      await call(
        'put',
        '/cab-meetings/:key/agenda',
        '/cab-meetings/CAB-1/agenda',
      ).send({ change: rfc.key, effortDays: 2, cost: 1500 }),
    );
    const meetings = await ok(
      await call(
        'get',
        '/cab-meetings',
        '/cab-meetings?serviceRef=system:default/payments&state=planned&limit=5',
      ),
    );
    expect(meetings.items.map((m: { key: string }) => m.key)).toEqual([
      'CAB-1',
    ]);
    await ok(
      await call(
        'post',
        '/cab-meetings/:key/votes',
        '/cab-meetings/CAB-1/votes',
      ).send({ change: rfc.key, vote: 'include' }),
    );
    await ok(
      await call(
        'post',
        '/cab-meetings/:key/votes',
        '/cab-meetings/CAB-1/votes',
        LUKAS,
      ).send({ change: rfc.key, vote: 'include' }),
    );
    const closed = await ok(
      await call(
        'post',
        '/cab-meetings/:key/close',
        '/cab-meetings/CAB-1/close',
      ).send({ version: 1, nextMeetingAt: '2026-12-18T10:00:00Z' }),
    );
    expect(closed.agenda[0]).toMatchObject({
      changeKey: rfc.key,
      outcome: 'included',
    });
    expect(
      (await ok(await call('get', '/cab-meetings/:key', '/cab-meetings/CAB-1')))
        .minutes.decisions,
    ).toEqual([expect.objectContaining({ outcome: 'included' })]);

    // The release the meeting registered: within budget, coordinated by a
    // plan of changes on a timeline.
    const releasePath = `/releases/${closed.releaseKey}`;
    const registered = await ok(
      await call('get', '/:type/:idOrKey', releasePath),
    );
    const withinBudget = await ok(
      await call('patch', '/:type/:idOrKey', releasePath).send({
        version: registered.version,
        withinBudget: true,
      }),
    );
    await ok(
      await call(
        'post',
        '/:type/:idOrKey/transitions',
        `${releasePath}/transitions`,
      ).send({ to: 'coordinating', version: withinBudget.version }),
    );
    const plan = await ok(
      await call('post', '/releases/:key/plan', `${releasePath}/plan`).send({
        title: 'Deliver',
        coordinator: LUKAS,
        durationDays: 2,
      }),
      201,
    );
    expect(plan.changes).toEqual([
      expect.objectContaining({ coordinator: LUKAS, purpose: 'deliver' }),
    ]);
    expect(
      await ok(await call('get', '/releases/:key/plan', `${releasePath}/plan`)),
    ).toEqual(plan);

    // The journey called every operation of the document.
    expect([...called].sort()).toEqual(
      specOperations()
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    );
  });
});
