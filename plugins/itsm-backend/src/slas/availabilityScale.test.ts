import {
  APPROVED_CHANGE_STATES,
  CALENDAR_24X7,
  computeAvailability,
  isAbandonedState,
  Outage,
  outagePeriodFromRecord,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import { amara, PAYMENTS_API } from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  createRecord,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { StoredRecord } from '../store/types';

jest.setTimeout(600_000);

/*
 * Availability over a year reads only the outages and windows that overlap
 * it (range queries on the record facts): checked on thousands of records
 * over two years against the computation over every record written.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const incidentArb = fc.record({
  state: fc.constantFrom(...STATE_MACHINES.incidents.states),
  startHour: fc.integer({ min: 0, max: 730 * 24 - 1 }),
  minutes: fc.option(fc.integer({ min: 1, max: 120 }), { freq: 20 }),
  kind: fc.constantFrom('down' as const, 'degraded' as const),
  withOutage: fc.boolean(),
});
const changeArb = fc.record({
  state: fc.constantFrom(...STATE_MACHINES.changes.states),
  startHour: fc.integer({ min: 0, max: 730 * 24 - 1 }),
  hours: fc.integer({ min: 1, max: 8 }),
});

describe.each(ITSM_TEST_DATABASES)(
  'availability at scale on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('counts every outage and window of the year among two years of records', async () => {
      const { slas } = itsmServices({ knex: db.knex, now: new Date(NOW) });
      const [incidentSpecs] = fc.sample(
        fc.array(incidentArb, { minLength: 3000, maxLength: 3000 }),
        { numRuns: 1, seed: 1603 },
      );
      const [changeSpecs] = fc.sample(
        fc.array(changeArb, { minLength: 400, maxLength: 400 }),
        { numRuns: 1, seed: 1604 },
      );
      const twoYearsAgo = NOW - 730 * DAY;
      const incidents: StoredRecord[] = [];
      for (const spec of incidentSpecs) {
        const start = twoYearsAgo + spec.startHour * HOUR;
        incidents.push(
          await createRecord(db.store, 'incidents', {
            state: spec.state,
            entityRefs: [PAYMENTS_API],
            data: spec.withOutage
              ? {
                  outage: {
                    kind: spec.kind,
                    start: iso(start),
                    // Still open only when it began in the last two days.
                    end:
                      spec.minutes === null && start > NOW - 2 * DAY
                        ? null
                        : iso(
                            Math.min(
                              start + (spec.minutes ?? 30) * 60_000,
                              NOW,
                            ),
                          ),
                  },
                }
              : {},
          }),
        );
      }
      const changes: StoredRecord[] = [];
      for (const spec of changeSpecs) {
        const start = twoYearsAgo + spec.startHour * HOUR;
        changes.push(
          await createRecord(db.store, 'changes', {
            state: spec.state,
            entityRefs: [PAYMENTS_API],
            data: {
              changeType: 'normal',
              plannedStart: iso(start),
              plannedEnd: iso(start + spec.hours * HOUR),
            },
          }),
        );
      }

      const from = NOW - 365 * DAY;
      const answer = await slas.availability(
        {
          entityRef: PAYMENTS_API,
          from: iso(from),
          to: iso(NOW),
          granularity: 'month',
        },
        amara,
      );

      // Every record written, with no selection by date.
      const expected = computeAvailability({
        calendar: CALENDAR_24X7,
        from,
        to: NOW,
        outages: incidents
          .filter(i => i.data.outage && !isAbandonedState('incidents', i.state))
          .map(i => outagePeriodFromRecord(i.data.outage as Outage, i.key))
          .map(o => (o.end === null ? { ...o, end: NOW } : o)),
        maintenance: changes
          .filter(c => APPROVED_CHANGE_STATES.includes(c.state))
          .map(c => ({
            start: Date.parse(String(c.data.plannedStart)),
            end: Date.parse(String(c.data.plannedEnd)),
          })),
      });
      expect(expected.outages).toBeGreaterThan(100);
      expect(answer.outages).toBe(expected.outages);
      expect(answer.downtimeMinutes).toBeCloseTo(expected.downtimeMinutes, 1);
      expect(answer.degradedMinutes).toBeCloseTo(expected.degradedMinutes, 1);
      expect(answer.incidents).toEqual([...expected.incidentKeys].sort());
    });
  },
);
