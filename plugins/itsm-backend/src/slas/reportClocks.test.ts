import { amara, incidentBody, sofia } from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(90_000);

describe.each(ITSM_TEST_DATABASES)('The term report on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('counts a clock still running neither as met nor as breached', async () => {
    const { records, signatures, slas, clock } = itsmServices({
      knex: db.knex,
      now: new Date('2026-11-10T09:00:00Z'),
    });
    const sla = await activeSla({ records, signatures });
    clock.now = new Date('2026-11-10T10:00:00Z');
    // Resolved in 20 minutes: both clocks met (P2: 30 and 480 minutes).
    const quick = await records.create('incidents', incidentBody(), sofia);
    await records.create(
      'incidents',
      incidentBody({ title: 'left open' }),
      sofia,
    );
    clock.now = new Date('2026-11-10T10:20:00Z');
    await records.transition(
      'incidents',
      quick.key,
      { to: 'resolved', version: quick.version, resolutionCode: 'fixed' },
      amara,
    );
    // Opened ten minutes before the report: both clocks still run.
    clock.now = new Date('2026-11-30T23:00:00Z');
    await records.create(
      'incidents',
      incidentBody({ title: 'just opened' }),
      sofia,
    );
    clock.now = new Date('2026-11-30T23:10:00Z');

    const report = await slas.report(sla.key, '2026-11', amara);
    expect(report.incidents).toEqual({
      registered: 3,
      clocks: 6,
      met: 2,
      breached: 2,
      running: 2,
      compliancePercent: 50,
    });

    // Decided later, after the term: the report of the term says how.
    clock.now = new Date('2026-12-01T09:00:00Z');
    const later = await slas.report(sla.key, '2026-11', amara);
    expect(later.incidents).toMatchObject({
      met: 2,
      breached: 4,
      running: 0,
      compliancePercent: 33.333,
    });
  });
});
