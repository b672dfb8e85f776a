import fc from 'fast-check';
import {
  availabilitySeries,
  computeAvailability,
  rollUpAvailability,
} from './availability';
import { MINUTE_MS } from './intervals';
import { JUNE, inputArb, intervalArb } from './__testUtils__/arbitraries';
import {
  ALWAYS,
  APRIL,
  BERLIN_ALL_DAY,
  EU_BUSINESS,
  berlin,
  t,
} from './__testUtils__/calendars';

const RUNS = { numRuns: 200 };
const HOUR = 60 * MINUTE_MS;

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
