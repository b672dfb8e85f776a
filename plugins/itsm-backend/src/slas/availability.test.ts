import { Entity } from '@backstage/catalog-model';
import {
  amara,
  callerOf,
  incidentBody,
  LUKAS,
  PAYMENTS_API,
  PAYMENTS_DB,
  sofia,
  systemCaller,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(90_000);

describe.each(ITSM_TEST_DATABASES)('SLA engine on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('measures availability, maintenance, degradation and rolls a system up from its parts', async () => {
    const entities = TEST_ENTITIES.map(e =>
      e.metadata.name === 'payments' && e.kind === 'System'
        ? {
            ...e,
            relations: [
              ...(e.relations ?? []),
              { type: 'hasPart', targetRef: PAYMENTS_API },
              { type: 'hasPart', targetRef: PAYMENTS_DB },
            ],
          }
        : e,
    ) as Entity[];
    const { records, signatures, approvals, slas, clock } = itsmServices({
      knex: db.knex,
      now: new Date('2026-11-20T00:00:00Z'),
      entities,
    });
    await activeSla({ records, signatures });
    // November 2026 has 30 days: 43.2 minutes down is 99.9 %.
    await records.create(
      'incidents',
      incidentBody({
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
      incidentBody({
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
        entityRefs: [PAYMENTS_API],
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
    await approvals.decideApproval(
      change.key,
      { decision: 'approve' },
      callerOf(LUKAS),
    );
    await records.create(
      'incidents',
      incidentBody({
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
        entityRef: PAYMENTS_API,
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
        ...incidentBody({
          outage: {
            kind: 'down',
            start: '2026-11-15T00:00:00Z',
            end: '2026-11-15T01:00:00Z',
          },
        }),
        entityRefs: [PAYMENTS_DB],
      },
      sofia,
    );
    const system = await slas.availability(
      { entityRef: 'system:default/payments', ...month },
      amara,
    );
    expect(system.downtimeMinutes).toBeCloseTo(103.2, 6);
    expect(system.causes).toEqual([PAYMENTS_API, PAYMENTS_DB]);
    expect(system.parts).toHaveLength(2);

    await expect(
      slas.availability(
        {
          entityRef: PAYMENTS_API,
          from: month.to,
          to: month.from,
        },
        amara,
      ),
    ).rejects.toThrow('to: must be after from');
    await expect(
      slas.availability(
        {
          entityRef: PAYMENTS_API,
          ...month,
          granularity: 'hour',
        },
        amara,
      ),
    ).rejects.toThrow(/^granularity/);
  });

  it('counts an open outage until now and no time after now', async () => {
    const { records, slas, clock } = itsmServices({
      knex: db.knex,
      now: new Date('2026-11-20T12:00:00Z'),
    });
    await records.create(
      'incidents',
      incidentBody({ outage: { kind: 'down', start: '2026-11-20T11:50:00Z' } }),
      sofia,
    );
    const figures = await slas.availability(
      {
        entityRef: PAYMENTS_API,
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
        entityRef: PAYMENTS_API,
        from: '2026-11-20T00:00:00Z',
        to: '2026-11-21T00:00:00Z',
      },
      amara,
    );
    expect(later).toMatchObject({ agreedMinutes: 780, downtimeMinutes: 70 });
  });

  it('reports a term and links the incidents of a violated target to a problem, once', async () => {
    const { records, signatures, slas, clock, store } = itsmServices({
      knex: db.knex,
      now: new Date('2026-10-01T00:00:00Z'),
    });
    await activeSla(
      { records, signatures },
      {
        targets: {
          availabilityPercent: 99.9,
          maxOutages: 1,
          responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
          resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
        },
      },
    );
    clock.now = new Date('2026-10-10T10:00:00Z');
    const first = await records.create(
      'incidents',
      incidentBody({
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
      incidentBody({
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
      entityRef: PAYMENTS_API,
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

  it('tracks a term whose availability target is in danger at itsm.sla.dangerThreshold of the downtime budget, not below it', async () => {
    /** Problems term tracking registers after one outage of `minutes` in October (budget: 44.64 min). */
    const trackAfterOutage = async (
      minutes: number,
      config?: Record<string, any>,
    ) => {
      await db.truncate(); // every call starts on an empty database
      const { records, signatures, slas, clock } = itsmServices({
        knex: db.knex,
        now: new Date('2026-10-01T00:00:00Z'),
        config,
      });
      await activeSla({ records, signatures }); // 99.9 %, 24x7, monthly
      // Registered late in the term as P4 and resolved within its targets:
      // no clock is breached (clocks are judged as they stand when tracked).
      clock.now = new Date('2026-10-31T23:00:00Z');
      const start = Date.parse('2026-10-10T10:00:00Z');
      const incident = await records.create(
        'incidents',
        incidentBody({
          impact: 'low',
          urgency: 'low',
          outage: {
            kind: 'down',
            start: new Date(start).toISOString(),
            end: new Date(start + minutes * 60_000).toISOString(),
          },
        }),
        sofia,
      );
      clock.now = new Date('2026-10-31T23:30:00Z');
      await records.transition(
        'incidents',
        incident.key,
        { to: 'resolved', version: incident.version, resolutionCode: 'fixed' },
        amara,
      );
      clock.now = new Date('2026-11-03T08:00:00Z');
      const problems = await slas.trackEndedTerms(systemCaller);
      const titles = await Promise.all(
        problems.map(
          async key => (await records.get('problems', key, amara)).title,
        ),
      );
      return titles;
    };

    // 40 of 44.64 minutes used: the target is met but in danger (>= 75 %).
    expect(await trackAfterOutage(40)).toEqual([
      'Availability of SLA-1 in danger in 2026-10',
    ]);
    // 30 minutes is 67 % of the budget: not in danger by default ...
    expect(await trackAfterOutage(30)).toEqual([]);
    // ... and in danger when the one threshold is set to 50 %.
    expect(
      await trackAfterOutage(30, { sla: { dangerThreshold: 0.5 } }),
    ).toEqual(['Availability of SLA-1 in danger in 2026-10']);
  });
});
