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

  it('refuses nonsense: an unknown calendar, targets out of order, a term not begun', async () => {
    const { as } = await start();
    const unknown = await as().post(
      '/slas',
      slaBody({ calendar: 'office-hours-mars' }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'calendar: unknown service calendar "office-hours-mars"; known: 24x7',
    );
    const slowP1 = await as().post(
      '/slas',
      slaBody({
        targets: {
          availabilityPercent: 99.9,
          responseMinutes: { P1: 600, P2: 30, P3: 240, P4: 480 },
          resolutionMinutes: { P1: 900, P2: 480, P3: 2880, P4: 7200 },
        },
      }),
    );
    expect(slowP1.status).toBe(400);
    expect(slowP1.body.error.message).toMatch(
      /targets\.responseMinutes\.P1: the response target of P1 \(600 min\) is slower than that of P2/,
    );
    expect((await as().get('/slas?limit=5')).body.totalCount).toBe(0);

    expect((await as().post('/slas', slaBody())).status).toBe(201);
    const future = await as().get('/slas/SLA-1/report?term=2999-01');
    expect(future.status).toBe(400);
    expect(future.body.error.message).toBe(
      'term: 2999-01 has not begun yet; a report covers a term that has begun',
    );
    const edit = await as().patch('/slas/SLA-1', {
      version: 1,
      calendar: 'nope',
    });
    expect(edit.status).toBe(400);
    expect(edit.body.error.message).toMatch(
      /^calendar: unknown service calendar "nope"/,
    );
  });
});
