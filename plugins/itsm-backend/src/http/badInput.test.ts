import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { encodeCursor } from '../store/rows';
import { incidentBody, slaBody } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { suiteBackends } from '../__testUtils__/suiteBackends';

/*
 * Hostile input answers 400 naming what is wrong, on every database, and no
 * error body echoes internals (a stack, SQL, an exception's text). The NUL
 * cases fail on PostgreSQL only without the check, which refuses NUL in text.
 */

jest.setTimeout(60_000);

const NUL = '\u0000';
const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';

describe.each(ITSM_TEST_DATABASES)('bad input on %s', databaseId => {
  const start = suiteBackends(useItsmTestDatabase(databaseId));

  const expectInputError = (
    res: { status: number; body: any; text: string },
    message: string,
  ) => {
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toBe(message);
    expect(res.body.error.stack).toBeUndefined();
    expect(res.text).not.toMatch(/\bat \S+ \(|select |insert |TypeError/i);
  };

  it('answers 400 to a NUL in a body field, naming the field', async () => {
    const { as } = await start();
    expect((await as().post('/incidents', incidentBody())).status).toBe(201);
    expectInputError(
      await as().post('/incidents', incidentBody({ description: `a${NUL}b` })),
      `description: ${NUL_MESSAGE}`,
    );
    expectInputError(
      await as().post('/incidents/INC-1/comments', { body: `hi${NUL}` }),
      `body: ${NUL_MESSAGE}`,
    );
    expectInputError(
      await as().post('/freeze-windows', {
        title: `Freeze${NUL}`,
        start: '2026-12-20T00:00:00Z',
        end: '2026-12-27T00:00:00Z',
      }),
      `title: ${NUL_MESSAGE}`,
    );
    expect((await as().get('/incidents')).body.totalCount).toBe(1);
  });

  it('answers 400 to a body nested thousands deep, and takes a shallow one', async () => {
    const { as, server } = await start();
    // Sent as text: a client library cannot serialise such depth itself.
    const send = (method: 'post' | 'patch', path: string, text: string) =>
      request(server)
        [method](`/api/itsm${path}`)
        .set('Authorization', mockCredentials.user.header())
        .set('Content-Type', 'application/json')
        .send(text);
    const valid = JSON.stringify(incidentBody()).slice(0, -1);
    expectInputError(
      await send(
        'post',
        '/incidents',
        `${valid},"title":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      ),
      `title${'.0'.repeat(31)}: nested deeper than 32 levels`,
    );
    const deepObject = await send(
      'post',
      '/incidents',
      `${valid},"description":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
    );
    expect(deepObject.status).toBe(400);
    expect(deepObject.body.error.message).toBe(
      `description${'.a'.repeat(31)}: nested deeper than 32 levels`,
    );
    // Nothing was written by either.
    expect((await as().get('/incidents')).body.totalCount).toBe(0);
    // Nested within the limit: validated as usual.
    const shallow = await as().post(
      '/incidents',
      incidentBody({ title: [[['three levels']]] }),
    );
    expect(shallow.status).toBe(400);
    expect(shallow.body.error.message).not.toMatch(/nested deeper/);
  });

  it('answers 400 to a NUL in a filter or a key, naming it', async () => {
    const { as } = await start();
    expectInputError(
      await as().get(`/incidents?q=a${encodeURIComponent(NUL)}`),
      `query.q: ${NUL_MESSAGE}`,
    );
    expectInputError(
      await as().get(`/incidents?state=new&state=${encodeURIComponent(NUL)}`),
      `query.state.1: ${NUL_MESSAGE}`,
    );
    expectInputError(
      await as().get('/incidents/INC-1%00'),
      `path parameter idOrKey: ${NUL_MESSAGE}`,
    );
    expectInputError(
      await as().delete('/incidents/INC-1/links/CHG-1%00'),
      `path parameter targetKey: ${NUL_MESSAGE}`,
    );
    expectInputError(
      await as().delete('/freeze-windows/%00'),
      `path parameter id: ${NUL_MESSAGE}`,
    );
    // The same filter without the NUL is answered.
    expect((await as().get('/incidents?q=a&state=new')).status).toBe(200);
  });

  it('answers 404 to a freeze-window id that is no uuid', async () => {
    const { as } = await start();
    const res = await as().delete('/freeze-windows/not-a-uuid');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No freeze window not-a-uuid');
  });

  it('answers 400 to a cursor beyond the integer range', async () => {
    const { as } = await start();
    for (const s of [2 ** 31, Number.MAX_SAFE_INTEGER, 1e20, 1.5, -1]) {
      const cursor = encodeCursor({ k: 'records', t: 'incidents', s });
      expectInputError(
        await as().get(`/incidents?cursor=${cursor}`),
        'Invalid cursor',
      );
    }
    const last = encodeCursor({ k: 'records', t: 'incidents', s: 2 ** 31 - 1 });
    expect((await as().get(`/incidents?cursor=${last}`)).status).toBe(200);
  });

  it.each([
    ['incidents', 'assignedGroup', 'bob'],
    ['incidents', 'assignee', 'group:'],
    ['slas', 'customerGroup', 'bob'],
    ['slas', 'serviceOwnerGroup', 'user:default/amara'],
  ])(
    'answers 400 to a bad %s %s reference, naming the field',
    async (type, field, value) => {
      const { as } = await start();
      const body =
        type === 'slas'
          ? slaBody({ [field]: value })
          : incidentBody({ [field]: value });
      const res = await as().post(`/${type}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
      expect(res.body.error.stack).toBeUndefined();
      expect(res.text).not.toMatch(/startsWith|TypeError|\bat \S+ \(/);
    },
  );
});
