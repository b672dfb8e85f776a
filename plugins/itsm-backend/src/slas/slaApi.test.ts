import { incidentBody, slaBody, SOFIA } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { suiteBackends } from '../__testUtils__/suiteBackends';

jest.setTimeout(90_000);

describe.each(ITSM_TEST_DATABASES)('SLA API on %s', databaseId => {
  const start = suiteBackends(useItsmTestDatabase(databaseId));

  it('serves clocks, availability and the term report as JSON and CSV', async () => {
    const { as } = await start();
    await as().post('/slas', slaBody());
    await as().post('/slas/SLA-1/signatures', { role: 'serviceOwner' });
    await as(SOFIA).post('/slas/SLA-1/signatures', {
      role: 'customer',
    });
    await as().post('/slas/SLA-1/transitions', { to: 'active', version: 3 });
    await as(SOFIA).post(
      '/incidents',
      incidentBody({
        outage: {
          kind: 'down',
          start: '2026-10-05T10:00:00Z',
          end: '2026-10-05T11:00:00Z',
        },
      }),
    );

    const clocks = await as().get('/incidents/INC-1/sla');
    expect(clocks.status).toBe(200);
    expect(clocks.body.clocks.map((c: { kind: string }) => c.kind)).toEqual([
      'response',
      'resolution',
    ]);

    const availability = await as().get(
      '/availability?entityRef=component:default/payments-api&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&granularity=month',
    );
    expect(availability.status).toBe(200);
    expect(availability.body).toMatchObject({
      downtimeMinutes: 60,
      outages: 1,
    });
    expect(availability.body.series).toHaveLength(1);
    expect(
      (
        await as().get(
          '/availability?entityRef=component:default/payments-api&from=x&to=2026-11-01',
        )
      ).status,
    ).toBe(400);

    const json = await as().get('/slas/SLA-1/report?term=2026-10');
    expect(json.status).toBe(200);
    expect(json.body.entities[0].met).toBe(false);
    const csv = await as().get('/slas/SLA-1/report?term=2026-10&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/SLA-1-2026-10\.csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      '"sla","term","section","target","entityRef","expected","actual","met","incidents"',
    );
    expect(csv.text).toContain(
      '"violation","availability","component:default/payments-api","99.9"',
    );
    expect((await as().get('/slas/SLA-1/report?term=October')).status).toBe(
      400,
    );
    // The group coordinator's escalation decision: validated by the
    // document, taken by the role, only on a target in danger.
    const { version } = (await as().get('/incidents/INC-1')).body;
    const decide = (body: object, user?: string) =>
      as(user).post('/incidents/INC-1/escalation-decision', body);
    const bad = await decide({ version, decision: 'shout', reason: 'x' });
    expect(bad.status).toBe(400);
    const notMine = await decide(
      { version, decision: 'urge', reason: 'x' },
      SOFIA,
    );
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.message).toMatch(/group coordinator/);
    const notDue = await decide({ version, decision: 'urge', reason: 'x' });
    expect(notDue.status).toBe(409);
    expect(notDue.body.error.message).toMatch(/no SLA target in danger/);
  });
});
