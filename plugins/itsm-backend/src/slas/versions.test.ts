import {
  amara,
  BERLIN_OFFICE_HOURS,
  CHECKOUT_WEB,
  incidentBody,
  PAYMENTS_API,
  PLATFORM,
  SLA_TARGETS,
  sofia,
  STOREFRONT,
} from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(90_000);

const DAY = 86_400_000;

describe.each(ITSM_TEST_DATABASES)('SLA versions on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('makes a new version of every change of what an active SLA agrees to', async () => {
    const start = new Date('2026-09-01T00:00:00Z');
    const { records, signatures, clock } = itsmServices({
      knex: db.knex,
      now: start,
      config: { calendars: { office: BERLIN_OFFICE_HOURS } },
    });
    let sla = (await activeSla({ records, signatures })) as any;
    expect(sla.versions).toBeUndefined();
    const edits: Array<Record<string, unknown>> = [
      { calendar: 'office' },
      { term: 'quarterly' },
      { escalateDegraded: true },
      { customerGroup: PLATFORM },
      { entityRefs: [PAYMENTS_API, CHECKOUT_WEB] },
      { targets: { ...SLA_TARGETS, availabilityPercent: 99.5 } },
    ];
    for (const [i, edit] of edits.entries()) {
      clock.now = new Date(start.getTime() + (i + 1) * DAY);
      sla = await records.update(
        'slas',
        sla.key,
        { version: sla.version, ...edit },
        amara,
      );
      expect([i, sla.slaVersion, sla.versions.length]).toEqual([
        i,
        i + 2,
        i + 1,
      ]);
      expect(sla.versionValidFrom).toBe(clock.now.toISOString());
      expect(sla.versions[i].validTo).toBe(clock.now.toISOString());
    }
    const [v1, v2, v3, v4, v5, v6] = sla.versions;
    expect(v1).toMatchObject({
      version: 1,
      validFrom: null,
      calendar: '24x7',
      term: 'monthly',
      escalateDegraded: false,
      customerGroup: STOREFRONT,
      entityRefs: [PAYMENTS_API],
    });
    expect(v2).toMatchObject({
      version: 2,
      calendar: 'office',
      term: 'monthly',
    });
    expect(v2.validFrom).toBe(v1.validTo);
    expect(v3).toMatchObject({ term: 'quarterly', escalateDegraded: false });
    expect(v4).toMatchObject({
      escalateDegraded: true,
      customerGroup: STOREFRONT,
    });
    expect(v5).toMatchObject({
      customerGroup: PLATFORM,
      entityRefs: [PAYMENTS_API],
    });
    expect(v6.entityRefs).toEqual([PAYMENTS_API, CHECKOUT_WEB]);
    expect(v6.targets.availabilityPercent).toBe(99.9);
    expect(sla.targets.availabilityPercent).toBe(99.5);

    // Edits of what is not agreed (the title), or to the same terms, keep the version.
    const retitled = (await records.update(
      'slas',
      sla.key,
      { version: sla.version, title: 'Payments (renamed)', calendar: 'office' },
      amara,
    )) as any;
    expect(retitled.slaVersion).toBe(7);
    expect(retitled.versions).toHaveLength(6);
  });

  it('reports each term, and runs each clock, with the version in force for its period', async () => {
    const { records, signatures, slas, clock } = itsmServices({
      knex: db.knex,
      now: new Date('2026-09-01T00:00:00Z'),
      config: { calendars: { office: BERLIN_OFFICE_HOURS } },
    });
    const sla = await activeSla({ records, signatures });
    const respond = async (key: string, version: number) =>
      records.transition('incidents', key, { to: 'assigned', version }, amara);

    // Version 1: 99.9 %, P2 response 30 minutes, 24x7, payments-api only.
    clock.now = new Date('2026-10-06T10:00:00Z');
    const early = await records.create(
      'incidents',
      incidentBody({
        outage: {
          kind: 'down',
          start: '2026-10-06T10:00:00Z',
          end: '2026-10-06T11:00:00Z',
        },
      }),
      sofia,
    );
    clock.now = new Date('2026-10-06T10:40:00Z'); // 40 minutes: breached
    await respond(early.key, early.version);

    // Version 2 from 20 October: 99 %, P2 response 60 minutes, office
    // hours, and checkout-web too.
    clock.now = new Date('2026-10-20T00:00:00Z');
    await records.update(
      'slas',
      sla.key,
      {
        version: sla.version,
        targets: {
          ...SLA_TARGETS,
          availabilityPercent: 99,
          responseMinutes: { ...SLA_TARGETS.responseMinutes, P2: 60 },
        },
        calendar: 'office',
        entityRefs: [PAYMENTS_API, CHECKOUT_WEB],
      },
      amara,
    );
    clock.now = new Date('2026-10-21T10:00:00Z'); // Wednesday, office hours
    const late = await records.create('incidents', incidentBody(), sofia);
    clock.now = new Date('2026-10-21T10:45:00Z'); // 45 minutes: met under v2
    await respond(late.key, late.version);

    // Each incident's clocks run under the version in force at its registration.
    const target = async (key: string) =>
      (await slas.incidentClocks(key, amara)).clocks.find(
        c => c.kind === 'response',
      )!;
    expect(await target(early.key)).toMatchObject({
      targetMinutes: 30,
      calendar: '24x7',
      state: 'breached',
    });
    expect(await target(late.key)).toMatchObject({
      targetMinutes: 60,
      calendar: 'office',
      state: 'met',
    });

    clock.now = new Date('2026-11-10T00:00:00Z');
    // October began under version 1: its term figures use version 1.
    const october = await slas.report(sla.key, '2026-10', amara);
    expect(october.targets.availabilityPercent).toBe(99.9);
    expect(october.sla.calendar).toBe('24x7');
    expect(october.entities.map(e => e.entityRef)).toEqual([PAYMENTS_API]);
    // 60 of 44,640 minutes down: 99.866 % misses 99.9 %.
    expect(october.entities[0]).toMatchObject({
      availability: 99.866,
      met: false,
      incidents: [early.key],
    });
    const responses = october.violations.filter(v =>
      v.target.startsWith('response'),
    );
    expect(responses).toEqual([
      {
        target: 'response P2',
        expected: 30,
        actual: 40,
        incidents: [early.key],
      },
    ]);
    expect(october.incidents).toMatchObject({ registered: 2, clocks: 4 });

    // November is under version 2 throughout.
    const november = await slas.report(sla.key, '2026-11', amara);
    expect(november.targets.availabilityPercent).toBe(99);
    expect(november.sla.calendar).toBe('office');
    expect(november.entities.map(e => e.entityRef)).toEqual([
      PAYMENTS_API,
      CHECKOUT_WEB,
    ]);
  });
});
