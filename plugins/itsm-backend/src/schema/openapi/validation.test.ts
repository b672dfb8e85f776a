import express from 'express';
import request from 'supertest';
import { createOpenApiRouter } from './generated';

/*
 * What the generated router's validator (express-openapi-validator inside
 * @backstage/backend-openapi-utils) does with openapi.yaml, for whoever
 * serves the routes through it: it must load the document, check requests
 * against it, and hand the handlers coerced values.
 *
 * The document's server URL is the plugin base URL (/api/itsm), so the
 * router is mounted there and matches on the full request URL
 * (useRequestUrl: false), as the plugin is served in the backend.
 */

async function app() {
  const router = await createOpenApiRouter({
    validatorOptions: { useRequestUrl: false },
  });
  const echo = (
    req: { params: unknown; query: unknown; body: unknown },
    res: express.Response,
  ) => {
    res.json({ params: req.params, query: req.query, body: req.body });
  };
  router.get('/health', echo);
  router.get('/impact', echo);
  router.get('/calendar', echo);
  router.get('/:type', echo);
  router.post('/:type', echo);
  router.patch('/:type/:idOrKey', echo);
  router.post('/:type/:idOrKey/transitions', echo);
  const server = express();
  server.use('/api/itsm', router);
  server.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(error.name === 'InputError' ? 400 : 500)
        .json({ name: error.name, message: error.message });
    },
  );
  return server;
}

const TOKEN = { Authorization: 'Bearer token' };

describe('the generated router validates requests against openapi.yaml', () => {
  it('serves a request that matches, with coerced and defaulted query values', async () => {
    const res = await request(await app())
      .get(
        '/api/itsm/incidents?state=new&limit=20&entityRef=component:default/a',
      )
      .set(TOKEN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      params: { type: 'incidents' },
      query: { state: ['new'], limit: 20, entityRef: ['component:default/a'] },
      body: {},
    });

    const defaults = await request(await app())
      .get('/api/itsm/changes')
      .set(TOKEN);
    expect(defaults.body.query).toEqual({ limit: 50 });
  });

  it.each([
    [
      '/api/itsm/widgets',
      'request/params/type must be equal to one of the allowed values',
    ],
    ['/api/itsm/incidents?limit=0', 'request/query/limit must be >= 1'],
    ['/api/itsm/incidents?limit=ten', 'request/query/limit must be integer'],
    [
      '/api/itsm/incidents?priority=P9',
      'request/query/priority/0 must be equal to one of the allowed values',
    ],
    ['/api/itsm/incidents?bogus=1', "Unknown query parameter 'bogus'"],
    [
      '/api/itsm/impact',
      "request/query must have required property 'entityRef'",
    ],
    [
      '/api/itsm/calendar?from=soon&to=2026-02-01T00:00:00Z',
      'request/query/from must match format "date-time"',
    ],
  ])('answers 400 to GET %s', async (url, message) => {
    const res = await request(await app())
      .get(url)
      .set(TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
  });

  it('checks bodies, null included where the document allows it', async () => {
    const server = await app();
    const incident = {
      title: 'Down',
      entityRefs: ['component:default/a'],
      impact: 'high',
      urgency: 'low',
    };
    const created = await request(server)
      .post('/api/itsm/incidents')
      .set(TOKEN)
      .send({ ...incident, outage: null, assignee: null });
    expect(created.status).toBe(200);

    const patched = await request(server)
      .patch('/api/itsm/incidents/INC-1')
      .set(TOKEN)
      .send({ version: 1, outage: null });
    expect(patched.status).toBe(200);

    const unknownField = await request(server)
      .post('/api/itsm/incidents')
      .set(TOKEN)
      .send({ ...incident, state: 'closed' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toContain(
      'request/body must NOT have additional properties',
    );

    const stringVersion = await request(server)
      .post('/api/itsm/incidents/INC-1/transitions')
      .set(TOKEN)
      .send({ to: 'assigned', version: '1' });
    expect(stringVersion.status).toBe(400);
    expect(stringVersion.body.message).toBe(
      'request/body/version must be integer',
    );
  });

  it('leaves /health open and asks for a token elsewhere', async () => {
    const server = await app();
    expect((await request(server).get('/api/itsm/health')).status).toBe(200);
    const anonymous = await request(server).get('/api/itsm/incidents');
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.message).toBe('Authorization header required');
  });
});
