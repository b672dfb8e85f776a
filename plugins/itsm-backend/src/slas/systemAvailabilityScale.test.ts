import { Entity } from '@backstage/catalog-model';
import {
  APPROVED_CHANGE_STATES,
  CALENDAR_24X7,
  computeAvailability,
  intersectIntervals,
  isAbandonedState,
  Outage,
  OutagePeriod,
  outagePeriodFromRecord,
  rollUpAvailability,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import {
  amara,
  newRecord,
  PAYMENTS,
  TEST_ENTITIES,
  withRelations,
} from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { StoredRecord } from '../store/types';

jest.setTimeout(600_000);

/*
 * Availability and the term report of a System read the outages and
 * windows of all its parts at once: checked on a thousand records of the
 * System, its parts and other entities against the roll-up computed over
 * every record written, and by the number of SQL statements (the same for a
 * System of twelve parts as for one of one part).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/*
 * A System of twelve parts (two of them redundant) and a System of one part,
 * with records on the Systems, their parts and an entity outside them.
 */
const SYSTEM = 'system:default/scale';
const SMALL = 'system:default/scale-small';
const PARTS = Array.from(
  { length: 12 },
  (_, i) => `component:default/scale-part-${i}`,
);
const SMALL_PART = 'component:default/scale-small-part';
const OUTSIDE = 'component:default/scale-outside';
const REDUNDANT_PARTS = new Set(PARTS.slice(0, 2));
const REFS = [SYSTEM, ...PARTS, SMALL, SMALL_PART, OUTSIDE];

function scaleCatalog(): Entity[] {
  const nameOf = (ref: string) => ref.split('/')[1];
  const system = (ref: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: nameOf(ref), namespace: 'default' },
    spec: { owner: PAYMENTS },
  });
  const component = (ref: string, systemRef?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: nameOf(ref),
      namespace: 'default',
      annotations: REDUNDANT_PARTS.has(ref)
        ? { 'itsm.backstage.io/redundant': 'true' }
        : {},
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: PAYMENTS,
      ...(systemRef ? { system: nameOf(systemRef) } : {}),
    },
  });
  return withRelations([
    ...TEST_ENTITIES,
    system(SYSTEM),
    system(SMALL),
    ...PARTS.map(p => component(p, SYSTEM)),
    component(SMALL_PART, SMALL),
    component(OUTSIDE),
  ]);
}

const systemIncidentArb = fc.record({
  state: fc.constantFrom(...STATE_MACHINES.incidents.states),
  refs: fc.uniqueArray(fc.integer({ min: 0, max: REFS.length - 1 }), {
    minLength: 1,
    maxLength: 3,
  }),
  startHour: fc.integer({ min: 0, max: 760 * 24 - 1 }),
  // Up to two days: outages that cross the edges of the period.
  minutes: fc.option(fc.integer({ min: 1, max: 2880 }), { freq: 10 }),
  kind: fc.constantFrom('down' as const, 'degraded' as const),
  withOutage: fc.boolean(),
});
const systemChangeArb = fc.record({
  state: fc.constantFrom(...STATE_MACHINES.changes.states),
  ref: fc.integer({ min: 0, max: REFS.length - 1 }),
  startHour: fc.integer({ min: 0, max: 760 * 24 - 1 }),
  hours: fc.integer({ min: 1, max: 30 }),
});

describe.each(ITSM_TEST_DATABASES)(
  'System availability at scale on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('rolls a System up from every record of its parts, in queries that do not grow with its parts', async () => {
      const services = itsmServices({
        knex: db.knex,
        now: new Date(NOW),
        entities: scaleCatalog(),
      });
      const { slas } = services;
      const [incidentSpecs] = fc.sample(
        fc.array(systemIncidentArb, { minLength: 1200, maxLength: 1200 }),
        { numRuns: 1, seed: 1605 },
      );
      const [changeSpecs] = fc.sample(
        fc.array(systemChangeArb, { minLength: 150, maxLength: 150 }),
        { numRuns: 1, seed: 1606 },
      );
      const FROM = NOW - 395 * DAY;
      const TO = NOW - 30 * DAY;
      const start = NOW - 760 * DAY;
      type Spec = {
        state: string;
        refs: string[];
        at: number;
        outage?: { kind: string; start: number; end: number | null };
      };
      const specs: Spec[] = incidentSpecs.map(spec => {
        const at = start + spec.startHour * HOUR;
        // Still open only when it began in the last sixty days (some
        // before the end of the period, some after).
        const open = spec.minutes === null && at > NOW - 60 * DAY;
        return {
          state: spec.state,
          refs: spec.refs.map(i => REFS[i]),
          at,
          ...(spec.withOutage
            ? {
                outage: {
                  kind: spec.kind,
                  start: at,
                  end: open
                    ? null
                    : Math.min(at + (spec.minutes ?? 30) * 60_000, NOW),
                },
              }
            : {}),
        };
      });
      // Across both edges of the period, on the System and on parts.
      for (const [refs, edge] of [
        [[SYSTEM], FROM],
        [[PARTS[3], PARTS[4]], TO],
        [[PARTS[0], PARTS[1]], FROM],
      ] as const) {
        specs.push({
          state: 'closed',
          refs: [...refs],
          at: edge - HOUR,
          outage: { kind: 'down', start: edge - HOUR, end: edge + HOUR },
        });
      }
      specs.push({
        state: 'in_progress',
        refs: [PARTS[5]],
        at: TO - DAY,
        outage: { kind: 'down', start: TO - DAY, end: null },
      });
      const incidents: StoredRecord[] = [];
      const changes: StoredRecord[] = [];
      // The Systems of the parts, as the record service would name them.
      const systemsOf = (refs: string[]) => [
        ...(refs.some(ref => PARTS.includes(ref)) ? [SYSTEM] : []),
        ...(refs.includes(SMALL_PART) ? [SMALL] : []),
      ];
      for (let i = 0; i < specs.length; i += 200) {
        await db.store.transaction(async tx => {
          for (const spec of specs.slice(i, i + 200)) {
            const { outage } = spec;
            incidents.push(
              await tx.insertRecord(
                newRecord('incidents', {
                  state: spec.state,
                  entityRefs: spec.refs,
                  now: iso(spec.at),
                  data: {
                    systemRefs: systemsOf(spec.refs),
                    ...(outage
                      ? {
                          outage: {
                            kind: outage.kind,
                            start: iso(outage.start),
                            end: outage.end === null ? null : iso(outage.end),
                          },
                        }
                      : {}),
                  },
                }),
              ),
            );
          }
        });
      }
      await db.store.transaction(async tx => {
        for (const spec of [
          ...changeSpecs,
          // An approved window across the start of the period.
          {
            state: 'scheduled',
            ref: 0,
            startHour: (FROM - start) / HOUR - 2,
            hours: 4,
          },
        ]) {
          const at = start + spec.startHour * HOUR;
          changes.push(
            await tx.insertRecord(
              newRecord('changes', {
                state: spec.state,
                entityRefs: [REFS[spec.ref]],
                now: iso(at),
                data: {
                  changeType: 'normal',
                  plannedStart: iso(at),
                  plannedEnd: iso(at + spec.hours * HOUR),
                },
              }),
            ),
          );
        }
      });

      /** The figures from every record written, with no selection by date. */
      const expectedOf = (entityRef: string, from: number, to: number) => {
        const measure = (ref: string) => {
          const outages: OutagePeriod[] = incidents
            .filter(
              i =>
                i.entityRefs.includes(ref) &&
                i.data.outage &&
                !isAbandonedState('incidents', i.state),
            )
            .map(i => outagePeriodFromRecord(i.data.outage as Outage, i.key))
            .map(o =>
              o.end === null ? { ...o, end: Math.max(o.start, NOW) } : o,
            );
          const maintenance = changes
            .filter(
              c =>
                c.entityRefs.includes(ref) &&
                APPROVED_CHANGE_STATES.includes(c.state),
            )
            .map(c => ({
              start: Date.parse(String(c.data.plannedStart)),
              end: Date.parse(String(c.data.plannedEnd)),
            }));
          const result = computeAvailability({
            calendar: CALENDAR_24X7,
            from,
            to,
            outages,
            maintenance,
          });
          return { outages, maintenance, result };
        };
        const own = measure(entityRef);
        const parts = (entityRef === SYSTEM ? PARTS : [SMALL_PART]).map(p => ({
          entityRef: p,
          redundant: REDUNDANT_PARTS.has(p),
          ...measure(p),
        }));
        const rolled = rollUpAvailability(
          [
            {
              entityRef,
              redundant: false,
              downIntervals: own.result.downIntervals,
            },
            ...parts.map(p => ({
              entityRef: p.entityRef,
              redundant: p.redundant,
              downIntervals: p.result.downIntervals,
            })),
          ],
          { calendar: CALENDAR_24X7, from, to, maintenance: own.maintenance },
        );
        const keys = new Set<string>();
        for (const o of [...own.outages, ...parts.flatMap(p => p.outages)]) {
          const down = [{ start: o.start, end: o.end ?? to }];
          if (
            o.kind === 'down' &&
            intersectIntervals(down, rolled.availability.downIntervals).length >
              0
          ) {
            keys.add(o.incidentKey!);
          }
        }
        return { rolled, parts, incidentKeys: [...keys].sort() };
      };

      /** The SQL statements `fn` sends. */
      const statementsOf = async (fn: () => Promise<unknown>) => {
        const sql: string[] = [];
        const listener = (q: { sql: string }) => sql.push(q.sql);
        db.knex.on('query', listener);
        try {
          await fn();
        } finally {
          db.knex.removeListener('query', listener);
        }
        return sql;
      };

      const params = (entityRef: string) => ({
        entityRef,
        from: iso(FROM),
        to: iso(TO),
        granularity: 'month',
      });
      let answer: Awaited<ReturnType<typeof slas.availability>> | undefined;
      const big = await statementsOf(async () => {
        answer = await slas.availability(params(SYSTEM), amara);
      });
      const expected = expectedOf(SYSTEM, FROM, TO);
      const figures = expected.rolled.availability;
      expect(figures.outages).toBeGreaterThan(20);
      expect(expected.rolled.causes.length).toBeGreaterThan(5);
      expect(answer!.calendar).toBe('24x7');
      expect(answer!.outages).toBe(figures.outages);
      expect(answer!.downtimeMinutes).toBeCloseTo(figures.downtimeMinutes, 1);
      expect(answer!.availability).toBeCloseTo(figures.availability, 2);
      expect(answer!.incidents).toEqual(expected.incidentKeys);
      expect(answer!.causes).toEqual(expected.rolled.causes);
      expect(
        answer!.parts!.map(p => [p.entityRef, p.redundant, p.downtimeMinutes]),
      ).toEqual(
        expected.parts.map(p => [
          p.entityRef,
          p.redundant,
          expect.closeTo(p.result.downtimeMinutes, 1),
        ]),
      );
      // A part alone: its own outages, degraded ones too.
      const part = await slas.availability(params(PARTS[4]), amara);
      const partExpected = expectedOf(SYSTEM, FROM, TO).parts[4].result;
      expect(part.outages).toBe(partExpected.outages);
      expect(part.downtimeMinutes).toBeCloseTo(partExpected.downtimeMinutes, 1);
      expect(part.degradedMinutes).toBeCloseTo(partExpected.degradedMinutes, 1);
      expect(part.incidents).toEqual(partExpected.incidentKeys);

      // Twelve parts cost the queries of one: one per record type.
      const small = await statementsOf(() =>
        slas.availability(params(SMALL), amara),
      );
      expect(big.length).toBe(small.length);
      expect(big.filter(q => q.includes('itsm_record_facts'))).toHaveLength(2);

      // The term report of an SLA on each System: the same figures, and
      // queries that grow neither with the parts nor with the incidents.
      const bigSla = await activeSla(services, { entityRefs: [SYSTEM] });
      const smallSla = await activeSla(services, { entityRefs: [SMALL] });
      const term = { from: Date.parse('2026-04-01T00:00:00Z') };
      const termTo = Date.parse('2026-07-01T00:00:00Z');
      let report: Awaited<ReturnType<typeof slas.report>> | undefined;
      const bigReport = await statementsOf(async () => {
        report = await slas.report(bigSla.key, '2026-Q2', amara);
      });
      const termExpected = expectedOf(SYSTEM, term.from, termTo);
      expect(report!.entities[0]).toMatchObject({
        entityRef: SYSTEM,
        outages: termExpected.rolled.availability.outages,
        incidents: termExpected.incidentKeys,
      });
      expect(report!.entities[0].downtimeMinutes).toBeCloseTo(
        termExpected.rolled.availability.downtimeMinutes,
        1,
      );
      const registered = incidents.filter(
        i =>
          Date.parse(i.createdAt) >= term.from &&
          Date.parse(i.createdAt) < termTo &&
          !isAbandonedState('incidents', i.state) &&
          i.entityRefs.some(r => r === SYSTEM || PARTS.includes(r)),
      );
      expect(registered.length).toBeGreaterThan(50);
      expect(report!.incidents.registered).toBe(registered.length);
      expect(report!.incidents.clocks).toBe(2 * registered.length);
      const smallReport = await statementsOf(() =>
        slas.report(smallSla.key, '2026-Q2', amara),
      );
      expect(bigReport.length).toBe(smallReport.length);
    });
  },
);
