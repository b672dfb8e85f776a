import {
  CONFLICTING_CHANGE_STATES,
  isAbandonedState,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import {
  AMARA,
  demoCatalog,
  DEMO_CALENDARS,
  PLATFORM,
} from '../__testUtils__/fixtures';
import {
  createRecord,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { suiteBackends } from '../__testUtils__/suiteBackends';
import { StoredRecord } from '../store/types';

jest.setTimeout(600_000);

/*
 * Conflicts, the incident history of an assessment and the calendar are
 * answered over every matching record, however many there are: checked on
 * thousands of records against a direct computation over what was written.
 */

const LEDGER = 'resource:default/ledger-db';
const ELSEWHERE = 'component:default/not-in-the-catalog';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = Date.parse('2026-12-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const changeArb = fc.record({
  state: fc.constantFrom(...STATE_MACHINES.changes.states),
  startHour: fc.integer({ min: 0, max: 30 * 24 }),
  hours: fc.integer({ min: 1, max: 72 }),
  onLedger: fc.boolean(),
});
const incidentArb = fc.record({
  daysAgo: fc.integer({ min: 0, max: 180 }),
  causedBy: fc.option(fc.constantFrom('CHG-7', 'CHG-99', 'CHG-12345')),
});

describe.each(ITSM_TEST_DATABASES)(
  'change rules at scale on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);
    const backends = suiteBackends(db);

    it('finds every conflict, every earlier incident and every calendar entry among thousands', async () => {
      const { as } = await backends({
        entities: demoCatalog(),
        config: {
          calendars: DEMO_CALENDARS,
          roles: { changeManager: PLATFORM },
        },
      });
      const [changeSpecs] = fc.sample(
        fc.array(changeArb, { minLength: 2000, maxLength: 2000 }),
        { numRuns: 1, seed: 1601 },
      );
      const [incidentSpecs] = fc.sample(
        fc.array(incidentArb, { minLength: 1200, maxLength: 1200 }),
        { numRuns: 1, seed: 1602 },
      );
      const changes: StoredRecord[] = [];
      for (const spec of changeSpecs) {
        const start = BASE + spec.startHour * HOUR;
        changes.push(
          await createRecord(db.store, 'changes', {
            state: spec.state,
            entityRefs: [spec.onLedger ? LEDGER : ELSEWHERE],
            data: {
              changeType: 'normal',
              plannedStart: iso(start),
              plannedEnd: iso(start + spec.hours * HOUR),
            },
          }),
        );
      }
      const now = Date.now();
      const incidents: StoredRecord[] = [];
      for (const spec of incidentSpecs) {
        incidents.push(
          await createRecord(db.store, 'incidents', {
            state: 'resolved',
            entityRefs: [LEDGER],
            // Half a day off every 90-day boundary, whenever the test runs.
            now: iso(now - spec.daysAgo * DAY - 12 * HOUR),
            data: spec.causedBy ? { causedByChange: spec.causedBy } : {},
          }),
        );
      }

      // A new RFC on the ledger database, for days 10 to 12.
      const window = { start: BASE + 10 * DAY, end: BASE + 12 * DAY };
      const created = await as(AMARA).post('/changes', {
        title: 'Upgrade ledger-db',
        entityRefs: [LEDGER],
        changeType: 'normal',
        plannedStart: iso(window.start),
        plannedEnd: iso(window.end),
        implementationPlan: 'pg_upgrade',
        testPlan: 'suite',
        backoutPlan: 'fail back',
        serviceImpact: 'degraded',
      });
      expect(created.status).toBe(201);
      const { assessment } = created.body;

      const overlaps = (c: StoredRecord, from: number, to: number) =>
        Date.parse(String(c.data.plannedStart)) < to &&
        Date.parse(String(c.data.plannedEnd)) > from;
      const expectedConflicts = changes
        .filter(
          c =>
            c.entityRefs.includes(LEDGER) &&
            CONFLICTING_CHANGE_STATES.includes(c.state) &&
            overlaps(c, window.start, window.end),
        )
        .map(c => c.key)
        .sort();
      expect(expectedConflicts.length).toBeGreaterThan(30);
      expect(
        assessment.conflicts
          .map((c: { changeKey: string }) => c.changeKey)
          .sort(),
      ).toEqual(expectedConflicts);

      const expectedHistory = incidents
        .filter(
          i =>
            typeof i.data.causedByChange === 'string' &&
            Date.parse(i.createdAt) >= now - 90 * DAY,
        )
        .map(i => i.key)
        .sort();
      expect(expectedHistory.length).toBeGreaterThan(100);
      expect(
        assessment.incidentHistory.map((i: { key: string }) => i.key).sort(),
      ).toEqual(expectedHistory);

      // The calendar of days 20 to 50: every change of the range but the abandoned ones.
      const [from, to] = [BASE + 20 * DAY, BASE + 50 * DAY];
      const calendar = await as(AMARA).get(
        `/calendar?from=${iso(from)}&to=${iso(to)}`,
      );
      expect(calendar.status).toBe(200);
      const expectedCalendar = changes
        .filter(
          c => !isAbandonedState('changes', c.state) && overlaps(c, from, to),
        )
        .map(c => c.key)
        .sort();
      expect(expectedCalendar.length).toBeGreaterThan(500);
      expect(
        calendar.body.changes.map((c: { key: string }) => c.key).sort(),
      ).toEqual(expectedCalendar);
    });
  },
);
