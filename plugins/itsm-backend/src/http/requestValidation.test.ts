import request from 'supertest';
import { incidentBody, PAYMENTS_API } from '../__testUtils__/fixtures';
import { ItsmTestBackend, startItsm } from '../__testUtils__/itsmTestBackend';

/*
 * How the plugin, as a backend serves it at /api/itsm, answers requests that
 * openapi.yaml does not allow: the generated router's validator says 400 and
 * names what failed, before any handler runs. What the document cannot say
 * (entity refs, the schema of each record type, authentication) is still
 * checked behind it.
 */

jest.setTimeout(60_000);

let itsm: ItsmTestBackend;
beforeAll(async () => {
  itsm = await startItsm();
  // One incident, so that a request the validator let through finds it.
  const created = await itsm.as().post('/incidents', incidentBody());
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
});

const message = (res: request.Response) => res.body.error?.message as string;

describe('requests the document does not allow', () => {
  it.each([
    [
      'an unknown record type in the path',
      '/tickets',
      'request/params/type must be equal to one of the allowed values: incidents, problems, changes, releases, slas',
    ],
    [
      'a bad enum value in the query',
      '/incidents?priority=P9',
      'request/query/priority/0 must be equal to one of the allowed values: P1, P2, P3, P4',
    ],
    [
      'an unknown query parameter',
      '/incidents?colour=red',
      "Unknown query parameter 'colour'",
    ],
    [
      'a limit out of range',
      '/incidents?limit=501',
      'request/query/limit must be <= 500',
    ],
    [
      'a limit that is no number',
      '/incidents?limit=ten',
      'request/query/limit must be integer',
    ],
    [
      'an empty value',
      '/incidents?q=',
      "Empty value found for query parameter 'q'",
    ],
    [
      'a value over 500 characters',
      `/incidents?q=${'x'.repeat(501)}`,
      'request/query/q must NOT have more than 500 characters',
    ],
    [
      'a missing required parameter',
      '/impact',
      "request/query must have required property 'entityRef'",
    ],
    [
      'a date that is no date-time',
      '/calendar?from=2026-12-01&to=2026-12-31T00:00:00Z',
      'request/query/from must match format "date-time"',
    ],
    [
      'a bad report format',
      '/slas/SLA-1/report?term=2026-10&format=pdf',
      'request/query/format must be equal to one of the allowed values: json, csv',
    ],
  ])('answers 400 to %s', async (_, path, expected) => {
    const res = await itsm.as().get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(message(res)).toContain(expected);
  });

  it('answers 400 to a body the document does not allow', async () => {
    const textVersion = await itsm
      .as()
      .post('/incidents/INC-1/transitions', { to: 'assigned', version: '1' });
    expect(textVersion.status).toBe(400);
    expect(message(textVersion)).toBe('request/body/version must be integer');

    const extraField = await itsm
      .as()
      .post('/incidents/INC-1/comments', { body: 'Looking', colour: 'red' });
    expect(extraField.status).toBe(400);
    expect(message(extraField)).toBe(
      'request/body must NOT have additional properties',
    );
  });
});

describe('what the document cannot say, checked behind the validator', () => {
  it('parses entity refs and looks them up case-insensitively', async () => {
    const bad = await itsm.as().get('/incidents?entityRef=nonsense');
    expect(bad.status).toBe(400);
    expect(message(bad)).toBe(
      'entityRef: "nonsense" is not an entity ref of the form kind:namespace/name',
    );

    const found = await itsm
      .as()
      .get(
        '/incidents?entityRef=Component:Payments-API&assignedGroup=Group:Default/Payments-Team',
      );
    expect(found.status).toBe(200);
    expect(found.body.items.map((r: { key: string }) => r.key)).toEqual([
      'INC-1',
    ]);
  });

  it('checks a record body against the schema of the type in the path, naming the field', async () => {
    // The document allows any of the five types' bodies (anyOf); the body is
    // checked against its own type's schema, whose messages name the field.
    const readOnly = await itsm
      .as()
      .post('/incidents', incidentBody({ state: 'closed' }));
    expect(readOnly.status).toBe(400);
    expect(message(readOnly)).toBe('unknown or read-only field(s) "state"');

    const incidentAsProblem = await itsm.as().post('/problems', incidentBody());
    expect(incidentAsProblem.status).toBe(400);
    expect(message(incidentAsProblem)).toMatch(
      /^unknown or read-only field\(s\) .*"impact"/,
    );

    const noVersion = await itsm
      .as()
      .patch('/incidents/INC-1', { title: 'Renamed' });
    expect(noVersion.status).toBe(400);
    expect(message(noVersion)).toMatch(/^version: /);
  });

  it('hands the handlers typed values with the defaults filled in', async () => {
    const second = await itsm
      .as()
      .post('/incidents', incidentBody({ entityRefs: [PAYMENTS_API] }));
    expect(second.status).toBe(201);
    const page = await itsm.as().get('/incidents?limit=1&state=new');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    // Without limit, the default page of 50 holds both.
    expect((await itsm.as().get('/incidents')).body.items).toHaveLength(2);
  });

  it('answers /health without credentials', async () => {
    const health = await request(itsm.server).get('/api/itsm/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('keeps 413 for a body over the limit and says when JSON is malformed', async () => {
    const large = await itsm
      .as()
      .post('/incidents', incidentBody({ description: 'x'.repeat(300_000) }));
    expect(large.status).toBe(413);

    const malformed = await itsm
      .as()
      .post('/incidents')
      .set('Content-Type', 'application/json')
      .send('{"title": ');
    expect(malformed.status).toBe(400);
    expect(message(malformed)).toMatch(/^The request body is not valid JSON: /);
  });

  it('serves the document itself at /openapi.json, paths under the base URL', async () => {
    const res = await itsm.as().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain('/api/itsm/{type}/{idOrKey}');
  });
});
