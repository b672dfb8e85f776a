import express from 'express';
import request from 'supertest';
import { createOpenApiRouter } from './generated';

/*
 * What the generated router's validator (express-openapi-validator inside
 * @backstage/backend-openapi-utils) does with openapi.yaml, for whoever
 * serves the routes through it: it must load the document, check requests
 * against it, and hand the handlers coerced values. (How the plugin answers
 * requests the document does not allow: src/http/requestValidation.test.ts.)
 *
 * The document's server URL is `/`, as in Backstage's plugins: the router
 * matches the path below the mount path, wherever the backend mounts it.
 */

async function app() {
  const router = await createOpenApiRouter();
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

  it('answers 400 to a request the document does not allow', async () => {
    const res = await request(await app())
      .get('/api/itsm/widgets')
      .set(TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(
      'request/params/type must be equal to one of the allowed values',
    );
  });
});
