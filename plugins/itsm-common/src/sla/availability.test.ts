import fc from 'fast-check';
import {
  AvailabilityInput,
  OutagePeriod,
  availabilitySeries,
  computeAvailability,
  outagePeriodFromRecord,
  rollUpAvailability,
} from './availability';
import { ServiceCalendar } from './calendar';
import { Interval, MINUTE_MS } from './intervals';
import {
  ALWAYS,
  BERLIN_ALL_DAY,
  EU_BUSINESS,
  berlin,
  t,
} from './testCalendars';

const RUNS = { numRuns: 200 };
const HOUR = 60 * MINUTE_MS;

const APRIL = {
  from: t('2026-04-01T00:00:00Z'),
  to: t('2026-05-01T00:00:00Z'),
};

describe('computeAvailability', () => {
  it('gives 99.9 % for one 43.2-minute outage in a 30-day 24x7 month', () => {
    const start = t('2026-04-10T12:00:00Z');
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start,
          end: start + 43.2 * MINUTE_MS,
          incidentKey: 'INC-1',
        },
      ],
    });
    expect(result.agreedMinutes).toBe(30 * 1440);
    expect(result.downtimeMinutes).toBeCloseTo(43.2, 10);
    expect(result.availability).toBeCloseTo(99.9, 10);
    expect(result.outages).toBe(1);
    expect(result.mttrMinutes).toBeCloseTo(43.2, 10);
    expect(result.incidentKeys).toEqual(['INC-1']);
  });

  it('gives 100 % without outages and when there is no agreed time', () => {
    expect(
      computeAvailability({ calendar: ALWAYS, ...APRIL, outages: [] }),
    ).toMatchObject({
      availability: 100,
      outages: 0,
      mttrMinutes: null,
      mtbfMinutes: null,
      mtbsiMinutes: null,
    });
    // A weekend in a Mon-Fri calendar.
    const weekend = computeAvailability({
      calendar: EU_BUSINESS,
      from: berlin('2026-06-06T00:00'),
      to: berlin('2026-06-08T00:00'),
      outages: [
        {
          kind: 'down',
          start: berlin('2026-06-06T10:00'),
          end: berlin('2026-06-07T10:00'),
        },
      ],
    });
    expect(weekend).toMatchObject({
      agreedMinutes: 0,
      downtimeMinutes: 0,
      availability: 100,
      outages: 0,
    });
  });

  it('does not lower availability for degraded outages but reports them', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'degraded',
          start: t('2026-04-02T10:00:00Z'),
          end: t('2026-04-02T11:00:00Z'),
        },
        // Down from 10:30 to 10:45: those 15 minutes count as down, not degraded.
        {
          kind: 'down',
          start: t('2026-04-02T10:30:00Z'),
          end: t('2026-04-02T10:45:00Z'),
        },
      ],
    });
    expect(result.degradedMinutes).toBe(45);
    expect(result.downtimeMinutes).toBe(15);
    const degradedOnly = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'degraded',
          start: t('2026-04-02T10:00:00Z'),
          end: t('2026-04-02T11:00:00Z'),
        },
      ],
    });
    expect(degradedOnly).toMatchObject({
      availability: 100,
      degradedMinutes: 60,
      downtimeMinutes: 0,
      outages: 0,
    });
  });

  it('lets an outage inside an approved change window cost nothing', () => {
    const window: Interval = {
      start: t('2026-04-04T22:00:00Z'),
      end: t('2026-04-05T02:00:00Z'),
    };
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start: t('2026-04-04T23:00:00Z'),
          end: t('2026-04-05T00:30:00Z'),
          incidentKey: 'INC-2',
        },
      ],
      maintenance: [window],
    });
    expect(result).toMatchObject({
      availability: 100,
      downtimeMinutes: 0,
      excusedMinutes: 90,
      maintenanceMinutes: 240,
      agreedMinutes: 30 * 1440,
      outages: 0,
      incidentKeys: [],
    });
  });

  it('does not change availability for a change window in which the service ran', () => {
    const start = t('2026-04-10T12:00:00Z');
    const outages: OutagePeriod[] = [
      { kind: 'down', start, end: start + 43.2 * MINUTE_MS },
    ];
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages,
      maintenance: [
        { start: t('2026-04-20T00:00:00Z'), end: t('2026-04-30T00:00:00Z') },
      ],
    });
    expect(result.agreedMinutes).toBe(30 * 1440);
    expect(result.maintenanceMinutes).toBe(10 * 1440);
    expect(result.availability).toBeCloseTo(99.9, 10);
  });

  it('counts only the part of an outage outside the change window', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start: t('2026-04-05T01:00:00Z'),
          end: t('2026-04-05T03:00:00Z'),
        },
      ],
      maintenance: [
        { start: t('2026-04-04T22:00:00Z'), end: t('2026-04-05T02:00:00Z') },
      ],
    });
    expect(result).toMatchObject({
      downtimeMinutes: 60,
      excusedMinutes: 60,
      outages: 1,
      mttrMinutes: 60,
    });
    expect(result.availability).toBeCloseTo(((43200 - 60) / 43200) * 100, 10);
  });

  it('counts only the part of an outage inside service hours', () => {
    // Monday 1 June 17:30 to 18:30 Berlin: 30 minutes of service time.
    const result = computeAvailability({
      calendar: EU_BUSINESS,
      from: berlin('2026-06-01T00:00'),
      to: berlin('2026-06-02T00:00'),
      outages: [
        {
          kind: 'down',
          start: berlin('2026-06-01T17:30'),
          end: berlin('2026-06-01T18:30'),
        },
      ],
    });
    expect(result).toMatchObject({
      agreedMinutes: 540,
      downtimeMinutes: 30,
      outages: 1,
    });
    expect(result.availability).toBeCloseTo((510 / 540) * 100, 10);
    expect(result.downIntervals).toEqual([
      { start: berlin('2026-06-01T17:30'), end: berlin('2026-06-01T18:00') },
    ]);
  });

  it('counts an outage over the night once', () => {
    const result = computeAvailability({
      calendar: EU_BUSINESS,
      from: berlin('2026-06-01T00:00'),
      to: berlin('2026-06-08T00:00'),
      outages: [
        {
          kind: 'down',
          start: berlin('2026-06-01T17:00'),
          end: berlin('2026-06-02T09:30'),
        },
        // Overlaps the first one: still the same down period.
        {
          kind: 'down',
          start: berlin('2026-06-02T09:00'),
          end: berlin('2026-06-02T10:00'),
        },
        // Outside service hours only: no outage.
        {
          kind: 'down',
          start: berlin('2026-06-03T19:00'),
          end: berlin('2026-06-03T21:00'),
        },
      ],
    });
    expect(result).toMatchObject({
      downtimeMinutes: 60 + 120,
      outages: 1,
      mttrMinutes: 180,
    });
  });

  it('computes MTTR, MTBF and MTBSI', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start: t('2026-04-02T10:00:00Z'),
          end: t('2026-04-02T11:00:00Z'),
          incidentKey: 'INC-2',
        },
        {
          kind: 'down',
          start: t('2026-04-20T10:00:00Z'),
          end: t('2026-04-20T10:30:00Z'),
          incidentKey: 'INC-1',
        },
      ],
    });
    expect(result).toMatchObject({
      outages: 2,
      downtimeMinutes: 90,
      mttrMinutes: 45,
      mtbfMinutes: (43200 - 90) / 2,
      mtbsiMinutes: 43200 / 2,
      incidentKeys: ['INC-1', 'INC-2'],
    });
  });

  it('takes open outages until the end of the period and clips outages to it', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        { kind: 'down', start: t('2026-04-30T23:00:00Z'), end: null },
        {
          kind: 'down',
          start: t('2026-03-31T23:00:00Z'),
          end: t('2026-04-01T00:10:00Z'),
        },
      ],
    });
    expect(result).toMatchObject({ downtimeMinutes: 70, outages: 2 });
  });
});

const calendarArb = fc.constantFrom<ServiceCalendar>(
  ALWAYS,
  EU_BUSINESS,
  BERLIN_ALL_DAY,
);
/** Periods of up to 10 days in June 2026. */
const JUNE = t('2026-06-01T00:00:00Z');
const offsetArb = fc
  .integer({ min: 0, max: 10 * 24 })
  .map(h => JUNE + h * HOUR);
const intervalArb = fc
  .tuple(offsetArb, fc.integer({ min: 0, max: 48 * 60 }))
  .map(([start, minutes]) => ({ start, end: start + minutes * MINUTE_MS }));
const outageArb: fc.Arbitrary<OutagePeriod> = fc
  .tuple(
    fc.constantFrom<OutagePeriod['kind']>('down', 'degraded'),
    intervalArb,
    fc.boolean(),
  )
  .map(([kind, i, open]) => ({
    kind,
    start: i.start,
    end: open ? null : i.end,
  }));
const inputArb: fc.Arbitrary<AvailabilityInput> = fc
  .tuple(
    calendarArb,
    offsetArb,
    offsetArb,
    fc.array(outageArb, { maxLength: 6 }),
    fc.array(intervalArb, { maxLength: 3 }),
  )
  .map(([calendar, a, b, outages, maintenance]) => ({
    calendar,
    from: Math.min(a, b),
    to: Math.max(a, b),
    outages,
    maintenance,
  }));

describe('computeAvailability properties', () => {
  it('keeps availability within [0, 100] and the figures consistent', () => {
    fc.assert(
      fc.property(inputArb, input => {
        const r = computeAvailability(input);
        expect(r.availability).toBeGreaterThanOrEqual(0);
        expect(r.availability).toBeLessThanOrEqual(100);
        expect(r.downtimeMinutes).toBeLessThanOrEqual(r.agreedMinutes);
        expect(r.excusedMinutes).toBeLessThanOrEqual(r.maintenanceMinutes);
        expect(r.maintenanceMinutes).toBeLessThanOrEqual(r.agreedMinutes);
        expect(r.downtimeMinutes + r.degradedMinutes).toBeLessThanOrEqual(
          r.agreedMinutes + 1e-9,
        );
        // Without outages there is no downtime and no MTTR; with them MTBSI = MTBF + MTTR.
        const none = r.outages === 0;
        expect(none ? r.downtimeMinutes : 0).toBe(0);
        expect(none ? r.mttrMinutes : null).toBeNull();
        const gap = none
          ? 0
          : (r.mtbsiMinutes as number) -
            ((r.mtbfMinutes as number) + (r.mttrMinutes as number));
        expect(gap).toBeCloseTo(0, 9);
      }),
      RUNS,
    );
  });

  it('never lowers availability by excluding approved change windows', () => {
    fc.assert(
      fc.property(inputArb, input => {
        const withWindows = computeAvailability(input);
        const without = computeAvailability({ ...input, maintenance: [] });
        expect(withWindows.availability).toBeGreaterThanOrEqual(
          without.availability - 1e-9,
        );
        expect(withWindows.downtimeMinutes).toBeLessThanOrEqual(
          without.downtimeMinutes,
        );
        expect(withWindows.outages).toBeLessThanOrEqual(without.outages);
      }),
      RUNS,
    );
  });

  it('never lowers availability for outages inside change windows or for degraded outages', () => {
    fc.assert(
      fc.property(inputArb, intervalArb, (input, extra) => {
        const base = computeAvailability(input);
        const maintenance = [...(input.maintenance ?? []), extra];
        const withWindow = computeAvailability({ ...input, maintenance });
        const withOutageInWindow = computeAvailability({
          ...input,
          maintenance,
          outages: [
            ...input.outages,
            { kind: 'down', start: extra.start, end: extra.end },
          ],
        });
        // Costs exactly nothing once the window is approved ...
        expect(withOutageInWindow.availability).toBe(withWindow.availability);
        expect(withOutageInWindow.downtimeMinutes).toBe(
          withWindow.downtimeMinutes,
        );
        // ... and approving the window never made it worse.
        expect(withWindow.availability).toBeGreaterThanOrEqual(
          base.availability,
        );
        const withDegraded = computeAvailability({
          ...input,
          outages: [
            ...input.outages,
            { kind: 'degraded', start: extra.start, end: extra.end },
          ],
        });
        expect(withDegraded.availability).toBe(base.availability);
      }),
      RUNS,
    );
  });

  it('does not depend on the order of outages', () => {
    fc.assert(
      fc.property(
        inputArb.chain(input =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray([...input.outages], {
              minLength: input.outages.length,
            }),
          ),
        ),
        ([input, shuffled]) => {
          const a = computeAvailability(input);
          const b = computeAvailability({ ...input, outages: shuffled });
          expect(b).toEqual(a);
        },
      ),
      RUNS,
    );
  });
});

describe('availabilitySeries', () => {
  it('splits into local days, ISO weeks and months', () => {
    const days = availabilitySeries({
      calendar: BERLIN_ALL_DAY,
      from: berlin('2026-03-28T12:00'),
      to: berlin('2026-03-30T06:00'),
      outages: [],
      bucket: 'day',
    });
    expect(days.map(d => [d.label, d.agreedMinutes])).toEqual([
      ['2026-03-28', 12 * 60],
      ['2026-03-29', 23 * 60],
      ['2026-03-30', 6 * 60],
    ]);

    const weeks = availabilitySeries({
      calendar: EU_BUSINESS,
      ...APRIL,
      outages: [],
      bucket: 'week',
    });
    // 1 April 2026 is a Wednesday: the first bucket is cut at `from`.
    expect(weeks.map(w => w.label)).toEqual([
      '2026-W14',
      '2026-W15',
      '2026-W16',
      '2026-W17',
      '2026-W18',
    ]);
    expect(weeks[1].from).toBe(berlin('2026-04-06T00:00'));
    expect(weeks[0].from).toBe(APRIL.from);
    // Week 14 holds Wed, Thu and (holiday) Good Friday; the last bucket ends at `to`.
    expect(weeks[0].agreedMinutes).toBe(2 * 540);
    expect(weeks[weeks.length - 1].to).toBe(APRIL.to);

    const months = availabilitySeries({
      calendar: ALWAYS,
      from: t('2026-01-15T00:00:00Z'),
      to: t('2026-04-15T00:00:00Z'),
      outages: [],
      bucket: 'month',
    });
    expect(months.map(m => [m.label, m.agreedMinutes / 1440])).toEqual([
      ['2026-01', 17],
      ['2026-02', 28],
      ['2026-03', 31],
      ['2026-04', 14],
    ]);

    const quarters = availabilitySeries({
      calendar: ALWAYS,
      ...APRIL,
      outages: [],
      bucket: 'quarter',
    });
    expect(quarters.map(q => q.label)).toEqual(['2026-Q2']);
  });

  it('uses the given time zone for 24x7 calendars', () => {
    const days = availabilitySeries({
      calendar: ALWAYS,
      from: berlin('2026-10-25T00:00'),
      to: berlin('2026-10-27T00:00'),
      outages: [],
      bucket: 'day',
      timeZone: 'Europe/Berlin',
    });
    expect(days.map(d => d.agreedMinutes)).toEqual([25 * 60, 24 * 60]);
  });

  it('has buckets whose minutes sum to the whole', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (input, bucket) => {
          const whole = computeAvailability(input);
          const series = availabilitySeries({ ...input, bucket });
          const sum = (
            key:
              | 'agreedMinutes'
              | 'downtimeMinutes'
              | 'degradedMinutes'
              | 'excusedMinutes'
              | 'maintenanceMinutes',
          ) => series.reduce((acc, b) => acc + b[key], 0);
          expect(sum('agreedMinutes')).toBeCloseTo(whole.agreedMinutes, 6);
          expect(sum('maintenanceMinutes')).toBeCloseTo(
            whole.maintenanceMinutes,
            6,
          );
          expect(sum('downtimeMinutes')).toBeCloseTo(whole.downtimeMinutes, 6);
          expect(sum('degradedMinutes')).toBeCloseTo(whole.degradedMinutes, 6);
          expect(sum('excusedMinutes')).toBeCloseTo(whole.excusedMinutes, 6);
          // Buckets tile [from, to).
          series.forEach((b, k) => {
            expect(b.from).toBe(k === 0 ? input.from : series[k - 1].to);
          });
          expect(
            series.length > 0 ? series[series.length - 1].to : input.to,
          ).toBe(input.to);
          // Every outage costing the whole period costs at least one bucket.
          expect(
            series.reduce((acc, b) => acc + b.outages, 0),
          ).toBeGreaterThanOrEqual(whole.outages);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('rollUpAvailability', () => {
  const h = (hour: number) => t('2026-04-02T00:00:00Z') + hour * HOUR;

  it('takes non-redundant parts as the system and redundant parts only when all are down', () => {
    const result = rollUpAvailability(
      [
        {
          entityRef: 'component:default/api',
          redundant: false,
          downIntervals: [{ start: h(1), end: h(2) }],
        },
        {
          entityRef: 'resource:default/db',
          redundant: false,
          downIntervals: [{ start: h(1.5), end: h(3) }],
        },
        {
          entityRef: 'component:default/web-a',
          redundant: true,
          downIntervals: [{ start: h(10), end: h(12) }],
        },
        {
          entityRef: 'component:default/web-b',
          redundant: true,
          downIntervals: [
            { start: h(11), end: h(13) },
            { start: h(20), end: h(21) },
          ],
        },
      ],
      { calendar: ALWAYS, ...APRIL },
    );
    expect(result.downIntervals).toEqual([
      { start: h(1), end: h(3) },
      { start: h(11), end: h(12) },
    ]);
    expect(result.availability).toMatchObject({
      downtimeMinutes: 180,
      outages: 2,
    });
    expect(result.causes).toEqual([
      'component:default/api',
      'component:default/web-a',
      'component:default/web-b',
      'resource:default/db',
    ]);
  });

  it('ignores a redundant failure when its partner is up, and applies change windows', () => {
    const result = rollUpAvailability(
      [
        {
          entityRef: 'component:default/a',
          redundant: true,
          downIntervals: [{ start: h(1), end: h(2) }],
        },
        {
          entityRef: 'component:default/b',
          redundant: true,
          downIntervals: [{ start: h(3), end: h(4) }],
        },
        {
          entityRef: 'component:default/c',
          redundant: false,
          downIntervals: [{ start: h(5), end: h(6) }],
        },
      ],
      { calendar: ALWAYS, ...APRIL, maintenance: [{ start: h(5), end: h(7) }] },
    );
    expect(result.downIntervals).toEqual([{ start: h(5), end: h(6) }]);
    expect(result.availability).toMatchObject({
      availability: 100,
      downtimeMinutes: 0,
    });
    expect(result.causes).toEqual([]);
  });

  it('never reports more downtime than the union of all parts or less than any single part', () => {
    const partArb = fc.record({
      entityRef: fc.constantFrom(
        'component:default/a',
        'component:default/b',
        'component:default/c',
      ),
      redundant: fc.boolean(),
      downIntervals: fc.array(intervalArb, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(partArb, { maxLength: 5 }), parts => {
        const period = {
          calendar: ALWAYS,
          from: JUNE,
          to: JUNE + 12 * 24 * HOUR,
        };
        const system = rollUpAvailability(parts, period).availability
          .downtimeMinutes;
        const all = rollUpAvailability(
          parts.map(p => ({ ...p, redundant: false })),
          period,
        ).availability.downtimeMinutes;
        expect(system).toBeLessThanOrEqual(all);
        for (const p of parts.filter(x => !x.redundant)) {
          expect(system).toBeGreaterThanOrEqual(
            rollUpAvailability([p], period).availability.downtimeMinutes,
          );
        }
      }),
      RUNS,
    );
  });
});

describe('outagePeriodFromRecord', () => {
  it('converts ISO instants', () => {
    expect(
      outagePeriodFromRecord(
        { kind: 'down', start: '2026-04-02T10:00:00Z', end: null },
        'INC-7',
      ),
    ).toEqual({
      kind: 'down',
      start: t('2026-04-02T10:00:00Z'),
      end: null,
      incidentKey: 'INC-7',
    });
    expect(
      outagePeriodFromRecord({
        kind: 'degraded',
        start: '2026-04-02T10:00:00Z',
        end: '2026-04-02T11:00:00+02:00',
      }),
    ).toEqual({
      kind: 'degraded',
      start: t('2026-04-02T10:00:00Z'),
      end: t('2026-04-02T09:00:00Z'),
    });
  });
});
