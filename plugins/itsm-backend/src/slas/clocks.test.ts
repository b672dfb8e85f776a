import knexFactory from 'knex';
import {
  amara,
  at,
  BERLIN_OFFICE_HOURS,
  incidentBody,
  PAYMENTS,
  sofia,
} from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(90_000);

describe.each(ITSM_TEST_DATABASES)('SLA engine on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('runs response and resolution clocks that stop, pause and resume', async () => {
    const { records, signatures, slas, clock } = itsmServices({
      knex: db.knex,
      now: at(-60),
    });
    await activeSla({ records, signatures });
    clock.now = at(0);
    const inc = await records.create('incidents', incidentBody(), sofia);

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
    const { records, signatures, slas, clock } = itsmServices({
      knex: db.knex,
      now: new Date('2026-11-06T15:00:00Z'),
      config: { calendars: { office: BERLIN_OFFICE_HOURS } },
    });
    await activeSla({ records, signatures }, { calendar: 'office' });
    // Friday 16:00 Berlin (15:00 UTC): two service hours left that day.
    const inc = await records.create('incidents', incidentBody(), sofia);
    clock.now = new Date('2026-11-09T07:30:00Z'); // Monday 08:30 Berlin
    const { clocks } = await slas.incidentClocks(inc.key, amara);
    const resolution = clocks.find(c => c.kind === 'resolution')!;
    expect(resolution.elapsedMinutes).toBe(150);
    expect(resolution.calendar).toBe('office');
  });

  it('warns at each threshold exactly once, writes history, and escalates an outage to the service owner', async () => {
    const { records, signatures, slas, clock, sent, store } = itsmServices({
      knex: db.knex,
      now: at(-60),
    });
    await activeSla({ records, signatures });
    clock.now = at(0);
    const inc = await records.create(
      'incidents',
      incidentBody({ outage: { kind: 'down', start: at(0).toISOString() } }),
      sofia,
    );
    clock.now = at(10);
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
    clock.now = at(24); // 80 % of the 30-minute response target
    expect(await slas.sweep()).toEqual({ warnings: 1, escalations: 0 });
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
    expect(sent.map(n => [n.recipients, n.title])).toEqual([
      [[PAYMENTS], `${inc.key}: 75 % of the response target of SLA-1 used`],
    ]);
    clock.now = at(481); // response (100 %) and resolution (75 %, 100 %) crossed
    expect(await slas.sweep()).toEqual({ warnings: 3, escalations: 1 });
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
    const breach = sent.find(n =>
      n.title.includes('resolution target of SLA-1 breached'),
    )!;
    expect(breach.recipients).toEqual([PAYMENTS, PAYMENTS]);

    const record = await store.getRecord('incidents', inc.key);
    expect(record!.data).toMatchObject({
      escalated: true,
      escalatedTo: PAYMENTS,
    });
    const history = await store.listHistory(record!.id);
    expect(history.map(h => h.action)).toEqual(
      expect.arrayContaining(['sla-warning', 'sla-breached', 'escalated']),
    );
    expect(history.filter(h => h.action.startsWith('sla-'))).toHaveLength(4);
  });

  it('sends each warning once with two backend instances sweeping one database', async () => {
    const a = itsmServices({ knex: db.knex, now: at(-60) });
    await activeSla(a);
    a.clock.now = at(0);
    for (let i = 0; i < 6; i++) {
      await a.records.create(
        'incidents',
        incidentBody({ title: `incident ${i}` }),
        sofia,
      );
    }
    // The second instance has its own connection pool where the database allows it.
    const { knex } = db;
    const secondKnex =
      databaseId === 'SQLITE_3' ? knex : knexFactory(knex.client.config);
    try {
      const b = itsmServices({ knex: secondKnex, now: at(0) });
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
    } finally {
      if (secondKnex !== knex) await secondKnex.destroy();
    }
  });
});
