import { Entity } from '@backstage/catalog-model';
import {
  amara,
  at,
  incidentBody,
  PAYMENTS,
  PAYMENTS_API,
  PAYMENTS_DB,
  sofia,
  TEST_ENTITIES,
  withRelations,
} from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(90_000);

const SYSTEM = 'system:default/payments';

const REDUNDANT = { 'itsm.backstage.io/redundant': 'true' };

/**
 * The test CMDB with its relations; payments-db has a replica, and the two
 * are redundant parts of the payments system.
 */
function catalog(): Entity[] {
  const db = TEST_ENTITIES.find(e => e.metadata.name === 'payments-db')!;
  return withRelations([
    ...TEST_ENTITIES.map(e =>
      e === db
        ? { ...e, metadata: { ...e.metadata, annotations: REDUNDANT } }
        : e,
    ),
    {
      ...db,
      metadata: {
        ...db.metadata,
        name: 'payments-db-replica',
        annotations: REDUNDANT,
      },
    },
  ]);
}

describe.each(ITSM_TEST_DATABASES)('A System SLA on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('runs its clocks, warnings and escalation on incidents of its parts', async () => {
    const { records, signatures, slas, clock, sent, store } = itsmServices({
      knex: db.knex,
      now: at(-60),
      entities: catalog(),
    });
    const sla = await activeSla(
      { records, signatures },
      { entityRefs: [SYSTEM] },
    );
    clock.now = at(0);
    const inc = await records.create(
      'incidents',
      incidentBody({ outage: { kind: 'down', start: at(0).toISOString() } }),
      sofia,
    );
    expect(inc.entityRefs).toEqual([PAYMENTS_API]);
    clock.now = at(20);
    const { clocks } = await slas.incidentClocks(inc.key, amara);
    expect(clocks.map(c => [c.slaKey, c.kind, c.targetMinutes])).toEqual([
      [sla.key, 'response', 30],
      [sla.key, 'resolution', 480],
    ]);
    clock.now = at(24);
    expect(await slas.sweep()).toEqual({ warnings: 1, escalations: 0 });
    clock.now = at(481);
    expect(await slas.sweep()).toEqual({ warnings: 3, escalations: 1 });
    const record = await store.getRecord('incidents', inc.key);
    expect(record!.data).toMatchObject({
      escalated: true,
      escalatedTo: PAYMENTS,
    });
    expect(sent.map(n => n.title)).toContain(
      `${inc.key}: escalated to the service owner`,
    );
  });

  it('counts incidents of its parts in its reports and availability, unless the part is redundant', async () => {
    const { records, signatures, slas, clock } = itsmServices({
      knex: db.knex,
      now: new Date('2026-10-01T00:00:00Z'),
      entities: catalog(),
    });
    const sla = await activeSla(
      { records, signatures },
      { entityRefs: [SYSTEM] },
    );
    clock.now = new Date('2026-11-10T12:00:00Z');
    const api = await records.create(
      'incidents',
      incidentBody({
        outage: {
          kind: 'down',
          start: '2026-11-10T10:00:00Z',
          end: '2026-11-10T11:00:00Z',
        },
      }),
      sofia,
    );
    // One of the redundant databases down: the system is not.
    const dbDown = await records.create(
      'incidents',
      incidentBody({
        title: 'replica down',
        entityRefs: [PAYMENTS_DB],
        outage: {
          kind: 'down',
          start: '2026-11-11T10:00:00Z',
          end: '2026-11-11T12:00:00Z',
        },
      }),
      sofia,
    );
    clock.now = new Date('2026-12-02T00:00:00Z');
    const report = await slas.report(sla.key, '2026-11', amara);
    // 60 of 43,200 minutes down.
    expect(report.entities).toEqual([
      expect.objectContaining({
        entityRef: SYSTEM,
        availability: 99.861,
        downtimeMinutes: 60,
        outages: 1,
        incidents: [api.key],
        met: false,
      }),
    ]);
    expect(report.incidents).toMatchObject({ registered: 2, clocks: 4 });
    expect(report.violations).toContainEqual(
      expect.objectContaining({ target: 'availability', incidents: [api.key] }),
    );

    const availability = await slas.availability(
      {
        entityRef: SYSTEM,
        from: '2026-11-01T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
        granularity: 'month',
      },
      amara,
    );
    expect(availability.slas).toEqual([
      expect.objectContaining({
        key: sla.key,
        availability: 99.861,
        downtimeMinutes: 60,
        met: false,
      }),
    ]);
    expect(availability.incidents).toEqual([api.key]);
    expect(dbDown.entityRefs).toEqual([PAYMENTS_DB]);
  });
});
