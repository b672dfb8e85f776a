import fc from 'fast-check';
import {
  ServiceCalendar,
  addServiceMinutes,
  serviceMinutesBetween,
} from './calendar';
import { SlaClockInput, computeSlaClock } from './clocks';
import {
  ALWAYS,
  BERLIN_ALL_DAY,
  EU_BUSINESS,
  t,
} from './__testUtils__/calendars';

const RUNS = { numRuns: 200 };

const calendarArb = fc.constantFrom<ServiceCalendar>(
  ALWAYS,
  EU_BUSINESS,
  BERLIN_ALL_DAY,
);
const instantArb = fc.integer({
  min: t('2026-03-01T00:00:00Z'),
  max: t('2026-11-15T00:00:00Z'),
});
const minutesArb = (max: number) =>
  fc.integer({ min: 0, max: max * 60 }).map(s => s * 1000);

describe('computeSlaClock properties', () => {
  it('shifts the breach time by exactly the paused service time', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.integer({ min: 1, max: 2000 }),
        minutesArb(3000),
        minutesArb(3000),
        (calendar, startedAt, targetMinutes, pauseOffset, pauseLength) => {
          const pause = {
            start: startedAt + pauseOffset,
            end: startedAt + pauseOffset + pauseLength,
          };
          const clock = computeSlaClock({
            calendar,
            targetMinutes,
            startedAt,
            pauses: [pause],
            now: pause.end,
          });
          const paused = serviceMinutesBetween(
            calendar,
            pause.start,
            pause.end,
          );
          // Breached before the pause ended: the pause did not shift it past
          // now; otherwise the breach moved by exactly the paused service time.
          const expected =
            clock.state === 'breached'
              ? Math.min(clock.breachAt as number, pause.end)
              : addServiceMinutes(calendar, startedAt, targetMinutes + paused);
          expect(clock.breachAt).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('breaches exactly at breachAt and crosses each threshold exactly at its instant', () => {
    const inputArb: fc.Arbitrary<SlaClockInput> = fc
      .tuple(
        calendarArb,
        instantArb,
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.tuple(minutesArb(4000), minutesArb(600)), { maxLength: 3 }),
        minutesArb(5000),
      )
      .map(([calendar, startedAt, targetMinutes, pauses, nowOffset]) => ({
        calendar,
        targetMinutes,
        startedAt,
        // Closed pauses before now: the projection assumes no further pauses.
        pauses: pauses
          .map(([offset, length]) => ({
            start: startedAt + offset,
            end: startedAt + offset + length,
          }))
          .filter(p => p.end <= startedAt + nowOffset),
        now: startedAt + nowOffset,
      }));
    fc.assert(
      fc.property(inputArb, input => {
        const clock = computeSlaClock(input);
        const breachAt = clock.breachAt as number;
        expect(breachAt).not.toBeNull();
        const atBreach = computeSlaClock({
          ...input,
          now: Math.max(breachAt, input.now),
        });
        expect(atBreach.state).toBe('breached');
        expect(atBreach.breachAt).toBe(breachAt);
        const before = computeSlaClock({ ...input, now: breachAt - 1 });
        expect(before.state).not.toBe('breached');
        expect(before.elapsedMinutes).toBeLessThan(input.targetMinutes);
        for (const s of clock.thresholds) {
          const when = s.at as number;
          expect(
            computeSlaClock({ ...input, now: Math.max(when, input.now) })
              .crossedThresholds,
          ).toContain(s.threshold);
          expect(
            computeSlaClock({ ...input, now: when - 1 }).crossedThresholds,
          ).not.toContain(s.threshold);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never lets elapsed time go backwards or past the calendar time', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        minutesArb(3000),
        minutesArb(3000),
        (calendar, startedAt, a, b) => {
          const input = {
            calendar,
            targetMinutes: 500,
            startedAt,
            pauses: [{ start: startedAt + 60_000, end: startedAt + 3_600_000 }],
          };
          const first = computeSlaClock({
            ...input,
            now: startedAt + Math.min(a, b),
          });
          const second = computeSlaClock({
            ...input,
            now: startedAt + Math.max(a, b),
          });
          expect(second.elapsedMinutes).toBeGreaterThanOrEqual(
            first.elapsedMinutes,
          );
          expect(second.elapsedMinutes).toBeLessThanOrEqual(
            serviceMinutesBetween(
              calendar,
              startedAt,
              startedAt + Math.max(a, b),
            ),
          );
          expect(
            first.remainingMinutes + Math.min(first.elapsedMinutes, 500),
          ).toBeCloseTo(500, 9);
        },
      ),
      RUNS,
    );
  });
});
