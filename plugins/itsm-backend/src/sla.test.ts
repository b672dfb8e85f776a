import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import knexFactory from 'knex';
import {
  callerOf,
  itsmServices,
  systemCaller,
} from './__testUtils__/itsmServices';
import {
  TEST_ENTITIES,
  slaBody,
  startItsm,
} from './__testUtils__/itsmTestBackend';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const MIN = 60_000;
const T0 = Date.parse('2026-11-02T09:00:00Z'); // a Monday
const at = (minutes: number) => new Date(T0 + minutes * MIN);

const amara = callerOf('user:default/amara');
const sofia = callerOf('user:default/sofia');

/** An active 24x7 SLA on payments-api: response P2 30 min, resolution P2 480 min. */
async function activeSla(
  records: Awaited<ReturnType<typeof itsmServices>>['records'],
  overrides = {},
) {
  const sla = await records.create('slas', slaBody(overrides), amara);
  await records.sign(sla.key, { role: 'serviceOwner' }, amara);
  const signed = await records.sign(sla.key, { role: 'customer' }, sofia);
  return records.transition(
    'slas',
    sla.key,
    { to: 'active', version: signed.version },
    amara,
  );
}

const incident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Payments time out',
  entityRefs: ['component:default/payments-api'],
  impact: 'high',
  urgency: 'medium', // P2
  ...overrides,
});

describe.each(databases.eachSupportedId())('SLA engine on %s', databaseId => {
  it('runs response and resolution clocks that stop, pause and resume', async () => {
    const knex = await databases.init(databaseId);
    const { records, slas, clock } = await itsmServices({ knex, now: at(-60) });
    await activeSla(records);
    clock.now = at(0);
    const inc = await records.create('incidents', incident(), sofia);

    clock.now = at(20);
    let { clocks } = await slas.incidentClocks(inc.key, amara);
    const response = () => clocks.find(c => c.kind === 'response')!;
    const resolution = () => clocks.find(c => c.kind === 'resolution')!;
    expect(response()).toMatchObject({
      slaKey: 'SLA-1',
      targetMinutes: 30,
      elapsedMinutes: 20,
      state: 'ok',
      remainingMinutes: 10,
    });
    expect(response().breachAt).toBe(at(30).toISOString());

    clock.now = at(23);
    ({ clocks } = await slas.incidentClocks(inc.key, amara));
    expect(response().state).toBe('warning');

    // Acknowledged (assigned) at 26 minutes: the response clock stops, met.
    clock.now = at(26);
    let v = (
      await records.transition(
        'incidents',
        inc.key,
        { to: 'assigned', version: 1 },
        amara,
      )
    ).version;
    clock.now = at(30);
    v = (
      await records.transition(
        'incidents',
        inc.key,
        { to: 'in_progress', version: v },
        amara,
      )
    ).version;
    clock.now = at(60);
    v = (
      await records.transition(
        'incidents',
        inc.key,
        { to: 'pending', version: v, reason: 'waiting for the card network' },
        amara,
      )
    ).version;
    clock.now = at(90);
    ({ clocks } = await slas.incidentClocks(inc.key, amara));
    expect(response()).toMatchObject({
      state: 'met',
      stopped: true,
      elapsedMinutes: 26,
    });
    expect(resolution()).toMatchObject({
      state: 'paused',
      elapsedMinutes: 60,
      paused: true,
    });

    clock.now = at(120);
    await records.transition(
      'incidents',
      inc.key,
      { to: 'in_progress', version: v },
      amara,
    );
    clock.now = at(180);
    ({ clocks } = await slas.incidentClocks(inc.key, amara));
    // 180 minutes since registration minus the 60 pending ones.
    expect(resolution()).toMatchObject({
      state: 'ok',
      elapsedMinutes: 120,
      targetMinutes: 480,
    });
    expect(resolution().breachAt).toBe(at(480 + 60).toISOString());
  });

  it('counts only service hours on a business-hours SLA', async () => {
    const knex = await databases.init(databaseId);
    const workday = [{ start: '08:00', end: '18:00' }];
    const { records, slas, clock } = await itsmServices({
      knex,
      now: new Date('2026-11-06T15:00:00Z'),
      config: {
        calendars: {
          office: {
            kind: 'business-hours',
            timeZone: 'Europe/Berlin',
            weeklyHours: {
              mon: workday,
              tue: workday,
              wed: workday,
              thu: workday,
              fri: workday,
            },
            holidays: [],
          },
        },
      },
    });
    await activeSla(records, { calendar: 'office' });
    // Friday 16:00 Berlin (15:00 UTC): two service hours left that day.
    const inc = await records.create('incidents', incident(), sofia);
    clock.now = new Date('2026-11-09T07:30:00Z'); // Monday 08:30 Berlin
    const { clocks } = await slas.incidentClocks(inc.key, amara);
    const resolution = clocks.find(c => c.kind === 'resolution')!;
    expect(resolution.elapsedMinutes).toBe(150);
    expect(resolution.calendar).toBe('office');
  });

  it('warns at each threshold exactly once, writes history, and escalates an outage to the service owner', async () => {
    const knex = await databases.init(databaseId);
    const { records, slas, clock, sent, store } = await itsmServices({
      knex,
      now: at(-60),
    });
    await activeSla(records);
    clock.now = at(0);
    const inc = await records.create(
      'incidents',
      incident({ outage: { kind: 'down', start: at(0).toISOString() } }),
      sofia,
    );
    clock.now = at(10);
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
    clock.now = at(24); // 80 % of the 30-minute response target
    expect(await slas.sweep()).toEqual({ warnings: 1, escalations: 0 });
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
    expect(sent.map(n => [n.recipients, n.title])).toEqual([
      [
        ['group:default/payments-team'],
        `${inc.key}: 75 % of the response target of SLA-1 used`,
      ],
    ]);
    clock.now = at(481); // response (100 %) and resolution (75 %, 100 %) crossed
    expect(await slas.sweep()).toEqual({ warnings: 3, escalations: 1 });
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
    const breach = sent.find(n =>
      n.title.includes('resolution target of SLA-1 breached'),
    )!;
    expect(breach.recipients).toEqual([
      'group:default/payments-team',
      'group:default/payments-team',
    ]);

    const record = await store.getRecord('incidents', inc.key);
    expect(record!.data).toMatchObject({
      escalated: true,
      escalatedTo: 'group:default/payments-team',
    });
    const history = await store.listHistory(record!.id);
    expect(history.map(h => h.action)).toEqual(
      expect.arrayContaining(['sla-warning', 'sla-breached', 'escalated']),
    );
    expect(history.filter(h => h.action.startsWith('sla-'))).toHaveLength(4);
  });

  it('sends each warning once with two backend instances sweeping one database', async () => {
    const knex = await databases.init(databaseId);
    const a = await itsmServices({ knex, now: at(-60) });
    await activeSla(a.records);
    a.clock.now = at(0);
    for (let i = 0; i < 6; i++) {
      await a.records.create(
        'incidents',
        incident({ title: `incident ${i}` }),
        sofia,
      );
    }
    // The second instance has its own connection pool where the database allows it.
    const secondKnex =
      databaseId === 'SQLITE_3' ? knex : knexFactory(knex.client.config);
    const b = await itsmServices({
      knex: secondKnex,
      now: at(0),
      migrate: false,
    });
    a.clock.now = at(24);
    b.clock.now = at(24);
    const results = await Promise.all([
      a.slas.sweep(),
      b.slas.sweep(),
      a.slas.sweep(),
      b.slas.sweep(),
    ]);
    expect(results.reduce((sum, r) => sum + r.warnings, 0)).toBe(6);
    expect(a.sent.length + b.sent.length).toBe(6);
    if (secondKnex !== knex) await secondKnex.destroy();
  });

  it('measures availability, maintenance, degradation and rolls a system up from its parts', async () => {
    const knex = await databases.init(databaseId);
    const entities = TEST_ENTITIES.map(e =>
      e.metadata.name === 'payments' && e.kind === 'System'
        ? {
            ...e,
            relations: [
              ...(e.relations ?? []),
              { type: 'hasPart', targetRef: 'component:default/payments-api' },
              { type: 'hasPart', targetRef: 'resource:default/payments-db' },
            ],
          }
        : e,
    ) as Entity[];
    const { records, slas, clock } = await itsmServices({
      knex,
      now: new Date('2026-11-20T00:00:00Z'),
      entities,
    });
    await activeSla(records);
    // November 2026 has 30 days: 43.2 minutes down is 99.9 %.
    await records.create(
      'incidents',
      incident({
        outage: {
          kind: 'down',
          start: '2026-11-10T10:00:00Z',
          end: '2026-11-10T10:43:12Z',
        },
      }),
      sofia,
    );
    await records.create(
      'incidents',
      incident({
        title: 'slow',
        outage: {
          kind: 'degraded',
          start: '2026-11-11T10:00:00Z',
          end: '2026-11-11T11:00:00Z',
        },
      }),
      sofia,
    );
    // An outage inside an approved change window costs nothing.
    const change = await records.create(
      'changes',
      {
        title: 'DB failover',
        entityRefs: ['component:default/payments-api'],
        changeType: 'normal',
        plannedStart: '2026-11-12T22:00:00Z',
        plannedEnd: '2026-11-12T23:00:00Z',
        implementationPlan: 'x',
        testPlan: 'y',
        backoutPlan: 'z',
      },
      amara,
    );
    let v = change.version;
    for (const to of ['review', 'planning', 'approval']) {
      v = (
        await records.transition(
          'changes',
          change.key,
          { to, version: v },
          amara,
        )
      ).version;
    }
    await records.decideApproval(
      change.key,
      { decision: 'approve' },
      callerOf('user:default/lukas'),
    );
    await records.create(
      'incidents',
      incident({
        title: 'during the failover',
        outage: {
          kind: 'down',
          start: '2026-11-12T22:10:00Z',
          end: '2026-11-12T22:40:00Z',
        },
      }),
      sofia,
    );
    clock.now = new Date('2026-12-05T00:00:00Z');

    const month = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const api = await slas.availability(
      {
        entityRef: 'component:default/payments-api',
        ...month,
        granularity: 'week',
      },
      amara,
    );
    expect(api).toMatchObject({
      agreedMinutes: 43200,
      downtimeMinutes: 43.2,
      degradedMinutes: 60,
      availability: 99.9,
      outages: 1,
      mttrMinutes: 43.2,
    });
    expect(
      api.series.reduce((sum, b) => sum + (b.downtimeMinutes ?? 0), 0),
    ).toBeCloseTo(43.2, 6);
    expect(api.slas).toEqual([
      expect.objectContaining({ key: 'SLA-1', target: 99.9, met: true }),
    ]);

    // The database goes down on its own for an hour: the system is down then too.
    await records.create(
      'incidents',
      {
        ...incident({
          outage: {
            kind: 'down',
            start: '2026-11-15T00:00:00Z',
            end: '2026-11-15T01:00:00Z',
          },
        }),
        entityRefs: ['resource:default/payments-db'],
      },
      sofia,
    );
    const system = await slas.availability(
      { entityRef: 'system:default/payments', ...month },
      amara,
    );
    expect(system.downtimeMinutes).toBeCloseTo(103.2, 6);
    expect(system.causes).toEqual([
      'component:default/payments-api',
      'resource:default/payments-db',
    ]);
    expect(system.parts).toHaveLength(2);

    await expect(
      slas.availability(
        {
          entityRef: 'component:default/payments-api',
          from: month.to,
          to: month.from,
        },
        amara,
      ),
    ).rejects.toThrow('to: must be after from');
    await expect(
      slas.availability(
        {
          entityRef: 'component:default/payments-api',
          ...month,
          granularity: 'hour',
        },
        amara,
      ),
    ).rejects.toThrow(/^granularity/);
  });

  it('counts an open outage until now and no time after now', async () => {
    const knex = await databases.init(databaseId);
    const { records, slas, clock } = await itsmServices({
      knex,
      now: new Date('2026-11-20T12:00:00Z'),
    });
    await records.create(
      'incidents',
      incident({ outage: { kind: 'down', start: '2026-11-20T11:50:00Z' } }),
      sofia,
    );
    const figures = await slas.availability(
      {
        entityRef: 'component:default/payments-api',
        from: '2026-11-20T00:00:00Z',
        to: '2026-11-21T00:00:00Z',
      },
      amara,
    );
    expect(figures).toMatchObject({
      agreedMinutes: 720,
      downtimeMinutes: 10,
      outages: 1,
    });
    clock.now = new Date('2026-11-20T13:00:00Z');
    const later = await slas.availability(
      {
        entityRef: 'component:default/payments-api',
        from: '2026-11-20T00:00:00Z',
        to: '2026-11-21T00:00:00Z',
      },
      amara,
    );
    expect(later).toMatchObject({ agreedMinutes: 780, downtimeMinutes: 70 });
  });

  it('reports a term and links the incidents of a violated target to a problem, once', async () => {
    const knex = await databases.init(databaseId);
    const { records, slas, clock, store } = await itsmServices({
      knex,
      now: new Date('2026-10-01T00:00:00Z'),
    });
    await activeSla(records, {
      targets: {
        availabilityPercent: 99.9,
        maxOutages: 1,
        responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
        resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
      },
    });
    clock.now = new Date('2026-10-10T10:00:00Z');
    const first = await records.create(
      'incidents',
      incident({
        outage: {
          kind: 'down',
          start: '2026-10-10T10:00:00Z',
          end: '2026-10-10T11:30:00Z',
        },
      }),
      sofia,
    );
    clock.now = new Date('2026-10-20T10:00:00Z');
    const second = await records.create(
      'incidents',
      incident({
        outage: {
          kind: 'down',
          start: '2026-10-20T10:00:00Z',
          end: '2026-10-20T10:05:00Z',
        },
      }),
      sofia,
    );

    clock.now = new Date('2026-11-03T08:00:00Z');
    const report = await slas.report('SLA-1', '2026-10', amara);
    expect(report.term).toEqual({
      label: '2026-10',
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
    });
    expect(report.entities[0]).toMatchObject({
      entityRef: 'component:default/payments-api',
      met: false,
      outages: 2,
    });
    expect(report.violations.map(x => x.target)).toEqual(
      expect.arrayContaining([
        'availability',
        'maxOutages',
        'response P2',
        'resolution P2',
      ]),
    );
    expect(
      report.violations.find(x => x.target === 'availability')!.incidents,
    ).toEqual([first.key, second.key]);
    await expect(slas.report('SLA-1', '2026-13', amara)).rejects.toThrow(
      /^term:/,
    );

    const problems = await slas.trackEndedTerms(systemCaller);
    expect(problems).toEqual(['PRB-1']);
    expect(await slas.trackEndedTerms(systemCaller)).toEqual([]);
    const problem = await records.get('problems', 'PRB-1', amara);
    expect(problem.title).toBe('Availability of SLA-1 violated in 2026-10');
    expect(problem.links.map(l => l.key).sort()).toEqual(
      [first.key, second.key].sort(),
    );
    const sla = await store.getRecord('slas', 'SLA-1');
    expect(sla!.data.trackedTerms).toEqual(['2026-10']);
  });
});

describe('SLA API', () => {
  it('serves clocks, availability and the term report as JSON and CSV', async () => {
    const { as } = await startItsm();
    await as().post('/slas', slaBody());
    await as().post('/slas/SLA-1/signatures', { role: 'serviceOwner' });
    await as('user:default/sofia').post('/slas/SLA-1/signatures', {
      role: 'customer',
    });
    await as().post('/slas/SLA-1/transitions', { to: 'active', version: 3 });
    await as('user:default/sofia').post(
      '/incidents',
      incident({
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
      '/availability?entityRef=component:default/payments-api&from=2026-10-01&to=2026-11-01&granularity=month',
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
  });
});
