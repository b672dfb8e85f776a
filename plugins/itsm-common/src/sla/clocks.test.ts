import fc from 'fast-check';
import { PRIORITIES } from '../priority';
import {
  ServiceCalendar,
  addServiceMinutes,
  serviceMinutesBetween,
} from './calendar';
import {
  DEFAULT_SLA_THRESHOLDS,
  PauseInterval,
  SlaClockInput,
  StateTransition,
  computeSlaClock,
  incidentPauses,
  incidentResolutionClockSpan,
  slaTargetMinutes,
  thresholdsToNotify,
} from './clocks';
import {
  ALWAYS,
  BERLIN_ALL_DAY,
  EU_BUSINESS,
  berlin,
  t,
} from './testCalendars';

const RUNS = { numRuns: 200 };
const at = (hhmm: string) => t(`2026-04-01T${hhmm}:00Z`);

describe('computeSlaClock on a 24x7 calendar', () => {
  const base = {
    calendar: ALWAYS,
    targetMinutes: 60,
    startedAt: at('10:00'),
    pauses: [],
  };

  it('reports elapsed, remaining and the breach time while running', () => {
    const clock = computeSlaClock({ ...base, now: at('10:30') });
    expect(clock).toMatchObject({
      targetMinutes: 60,
      elapsedMinutes: 30,
      elapsedPercent: 50,
      remainingMinutes: 30,
      breachAt: at('11:00'),
      state: 'ok',
      stopped: false,
      paused: false,
      crossedThresholds: [],
    });
    expect(clock.thresholds).toEqual([
      { threshold: 0.75, crossed: false, at: at('10:45') },
      { threshold: 1, crossed: false, at: at('11:00') },
    ]);
  });

  it('crosses 75 % and 100 % at the right instants', () => {
    expect(computeSlaClock({ ...base, now: at('10:45') - 1 })).toMatchObject({
      state: 'ok',
      crossedThresholds: [],
    });
    const warning = computeSlaClock({ ...base, now: at('10:45') });
    expect(warning).toMatchObject({
      state: 'warning',
      crossedThresholds: [0.75],
      elapsedPercent: 75,
    });
    expect(warning.thresholds[0]).toEqual({
      threshold: 0.75,
      crossed: true,
      at: at('10:45'),
    });
    expect(computeSlaClock({ ...base, now: at('11:00') - 1 })).toMatchObject({
      state: 'warning',
      crossedThresholds: [0.75],
    });
    const breached = computeSlaClock({ ...base, now: at('11:00') });
    expect(breached).toMatchObject({
      state: 'breached',
      crossedThresholds: [0.75, 1],
      breachAt: at('11:00'),
      remainingMinutes: 0,
    });
    const later = computeSlaClock({ ...base, now: at('12:00') });
    expect(later).toMatchObject({
      state: 'breached',
      elapsedMinutes: 120,
      elapsedPercent: 200,
      breachAt: at('11:00'),
    });
    expect(later.thresholds.map(s => s.at)).toEqual([at('10:45'), at('11:00')]);
  });

  it('shifts the breach time by the paused time after a pause and resume', () => {
    const clock = computeSlaClock({
      ...base,
      pauses: [{ start: at('10:10'), end: at('10:30') }],
      now: at('10:40'),
    });
    expect(clock).toMatchObject({
      elapsedMinutes: 20,
      breachAt: at('11:20'),
      state: 'ok',
      paused: false,
    });
    expect(clock.thresholds[0].at).toBe(at('11:05'));
    expect(
      computeSlaClock({
        ...base,
        pauses: [{ start: at('10:10'), end: at('10:30') }],
        now: at('11:20'),
      }).state,
    ).toBe('breached');
  });

  it('projects the breach time while paused as if the clock resumed now', () => {
    const pauses: PauseInterval[] = [{ start: at('10:10'), end: null }];
    const clock = computeSlaClock({ ...base, pauses, now: at('10:30') });
    expect(clock).toMatchObject({
      state: 'paused',
      paused: true,
      elapsedMinutes: 10,
      breachAt: at('11:20'),
    });
    const laterStill = computeSlaClock({ ...base, pauses, now: at('12:00') });
    expect(laterStill).toMatchObject({
      state: 'paused',
      elapsedMinutes: 10,
      breachAt: at('12:50'),
    });
  });

  it('stays breached while paused after the breach', () => {
    const clock = computeSlaClock({
      ...base,
      pauses: [{ start: at('11:10'), end: null }],
      now: at('12:00'),
    });
    expect(clock).toMatchObject({
      state: 'breached',
      paused: true,
      elapsedMinutes: 70,
      breachAt: at('11:00'),
    });
  });

  it('is met when stopped before the target and breached when stopped late', () => {
    const met = computeSlaClock({
      ...base,
      stoppedAt: at('10:50'),
      now: at('12:00'),
    });
    expect(met).toMatchObject({
      state: 'met',
      stopped: true,
      elapsedMinutes: 50,
      remainingMinutes: 10,
      breachAt: null,
      crossedThresholds: [0.75],
    });
    expect(met.thresholds).toEqual([
      { threshold: 0.75, crossed: true, at: at('10:45') },
      { threshold: 1, crossed: false, at: null },
    ]);
    const late = computeSlaClock({
      ...base,
      stoppedAt: at('11:30'),
      now: at('12:00'),
    });
    expect(late).toMatchObject({
      state: 'breached',
      stopped: true,
      elapsedMinutes: 90,
      breachAt: at('11:00'),
    });
    // Stopped exactly at the target is a breach: the target was reached.
    expect(
      computeSlaClock({ ...base, stoppedAt: at('11:00'), now: at('12:00') })
        .state,
    ).toBe('breached');
    // An open pause ends at the stop.
    const stoppedWhilePaused = computeSlaClock({
      ...base,
      pauses: [{ start: at('10:20'), end: null }],
      stoppedAt: at('10:40'),
      now: at('12:00'),
    });
    expect(stoppedWhilePaused).toMatchObject({
      state: 'met',
      paused: false,
      elapsedMinutes: 20,
    });
  });

  it('has not started before startedAt', () => {
    expect(computeSlaClock({ ...base, now: at('09:00') })).toMatchObject({
      elapsedMinutes: 0,
      state: 'ok',
      breachAt: at('11:00'),
    });
  });

  it('sorts and de-duplicates custom thresholds, including ones past the target', () => {
    const clock = computeSlaClock({
      ...base,
      thresholds: [1.5, 0.5, 0.9, 1, 0.5],
      now: at('11:40'),
    });
    expect(clock.thresholds).toEqual([
      { threshold: 0.5, crossed: true, at: at('10:30') },
      { threshold: 0.9, crossed: true, at: at('10:54') },
      { threshold: 1, crossed: true, at: at('11:00') },
      { threshold: 1.5, crossed: true, at: at('11:30') },
    ]);
    // Not yet crossed: projected.
    expect(
      computeSlaClock({ ...base, thresholds: [1.5], now: at('11:00') })
        .thresholds,
    ).toEqual([{ threshold: 1.5, crossed: false, at: at('11:30') }]);
    expect(clock.crossedThresholds).toEqual([0.5, 0.9, 1, 1.5]);
    expect(DEFAULT_SLA_THRESHOLDS).toEqual([0.75, 1]);
  });

  it('rejects bad targets and thresholds', () => {
    expect(() =>
      computeSlaClock({ ...base, targetMinutes: 0, now: at('10:00') }),
    ).toThrow(RangeError);
    expect(() =>
      computeSlaClock({ ...base, targetMinutes: Number.NaN, now: at('10:00') }),
    ).toThrow(RangeError);
    expect(() =>
      computeSlaClock({ ...base, thresholds: [0], now: at('10:00') }),
    ).toThrow(RangeError);
  });
});

describe('computeSlaClock on business hours', () => {
  // Mon-Fri 08:00-12:00 and 13:00-18:00 in Berlin.
  const friday = {
    calendar: EU_BUSINESS,
    targetMinutes: 120,
    startedAt: berlin('2026-06-05T17:00'),
    pauses: [],
  };

  it('does not advance over a weekend', () => {
    expect(
      computeSlaClock({ ...friday, now: berlin('2026-06-05T18:00') }),
    ).toMatchObject({ elapsedMinutes: 60, state: 'ok' });
    expect(
      computeSlaClock({ ...friday, now: berlin('2026-06-06T12:00') }),
    ).toMatchObject({ elapsedMinutes: 60, state: 'ok' });
    const monday = computeSlaClock({
      ...friday,
      now: berlin('2026-06-08T07:59'),
    });
    expect(monday).toMatchObject({
      elapsedMinutes: 60,
      state: 'ok',
      breachAt: berlin('2026-06-08T09:00'),
    });
    fc.assert(
      fc.property(
        fc.integer({
          min: berlin('2026-06-05T18:00'),
          max: berlin('2026-06-08T08:00'),
        }),
        now => {
          expect(computeSlaClock({ ...friday, now }).elapsedMinutes).toBe(60);
        },
      ),
      RUNS,
    );
  });

  it('crosses the thresholds on Monday morning', () => {
    const clock = computeSlaClock({
      ...friday,
      now: berlin('2026-06-06T12:00'),
    });
    expect(clock.thresholds.map(s => s.at)).toEqual([
      berlin('2026-06-08T08:30'),
      berlin('2026-06-08T09:00'),
    ]);
    expect(
      computeSlaClock({ ...friday, now: berlin('2026-06-08T08:30') }),
    ).toMatchObject({
      state: 'warning',
      crossedThresholds: [0.75],
    });
    expect(
      computeSlaClock({ ...friday, now: berlin('2026-06-08T09:00') }),
    ).toMatchObject({
      state: 'breached',
      breachAt: berlin('2026-06-08T09:00'),
    });
  });

  it('shifts the breach time by the paused service time only', () => {
    const monday = {
      calendar: EU_BUSINESS,
      targetMinutes: 240,
      startedAt: berlin('2026-06-01T09:00'),
      now: berlin('2026-06-01T13:45'),
    };
    expect(computeSlaClock({ ...monday, pauses: [] }).breachAt).toBe(
      berlin('2026-06-01T14:00'),
    );
    // Paused 11:30-13:30: 60 minutes of service time (the lunch break does not count).
    const paused = computeSlaClock({
      ...monday,
      pauses: [
        { start: berlin('2026-06-01T11:30'), end: berlin('2026-06-01T13:30') },
      ],
    });
    expect(paused).toMatchObject({
      elapsedMinutes: 150 + 15,
      breachAt: berlin('2026-06-01T15:00'),
    });
  });
});

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

describe('thresholdsToNotify', () => {
  it('gives each crossed threshold once', () => {
    expect(
      thresholdsToNotify({ crossedThresholds: [0.75, 1] }, [0.75]),
    ).toEqual([1]);
    expect(
      thresholdsToNotify({ crossedThresholds: [0.75, 1] }, [0.75, 1]),
    ).toEqual([]);
  });
});

describe('incidentPauses', () => {
  const history: StateTransition[] = [
    { at: 5, from: 'pending', to: 'in_progress' },
    { at: 1, from: 'new', to: 'assigned' },
    { at: 2, from: 'assigned', to: 'in_progress' },
    { at: 3, from: 'in_progress', to: 'pending' },
    { at: 7, from: 'in_progress', to: 'pending' },
  ];

  it('derives pending periods from the transitions, unsorted input allowed', () => {
    expect(incidentPauses(history, 10)).toEqual([
      { start: 3, end: 5 },
      { start: 7, end: null },
    ]);
  });

  it('ignores transitions after now', () => {
    expect(incidentPauses(history, 6)).toEqual([{ start: 3, end: 5 }]);
    expect(incidentPauses(history, 4)).toEqual([{ start: 3, end: null }]);
    expect(incidentPauses([], 4)).toEqual([]);
  });

  it('feeds computeSlaClock', () => {
    const startedAt = at('10:00');
    const transitions: StateTransition[] = [
      { at: at('10:10'), from: 'assigned', to: 'pending' },
      { at: at('10:30'), from: 'pending', to: 'in_progress' },
    ];
    const now = at('10:40');
    expect(
      computeSlaClock({
        calendar: ALWAYS,
        targetMinutes: 60,
        startedAt,
        pauses: incidentPauses(transitions, now),
        now,
      }),
    ).toMatchObject({ elapsedMinutes: 20, breachAt: at('11:20') });
  });
});

describe('incidentResolutionClockSpan', () => {
  const history: StateTransition[] = [
    { at: 1, from: 'new', to: 'in_progress' },
    { at: 2, from: 'in_progress', to: 'pending' },
    { at: 4, from: 'pending', to: 'in_progress' },
    { at: 6, from: 'in_progress', to: 'resolved' },
    { at: 9, from: 'resolved', to: 'in_progress' },
    { at: 12, from: 'in_progress', to: 'resolved' },
    { at: 15, from: 'resolved', to: 'closed' },
  ];

  it('stops on resolution and resumes on reopen, pausing the resolved time', () => {
    expect(incidentResolutionClockSpan(0, history, 7)).toEqual({
      startedAt: 0,
      stoppedAt: 6,
      pauses: [{ start: 2, end: 4 }],
    });
    expect(incidentResolutionClockSpan(0, history, 10)).toEqual({
      startedAt: 0,
      stoppedAt: null,
      pauses: [
        { start: 2, end: 4 },
        { start: 6, end: 9 },
      ],
    });
    expect(incidentResolutionClockSpan(0, history, 20)).toEqual({
      startedAt: 0,
      stoppedAt: 12,
      pauses: [
        { start: 2, end: 4 },
        { start: 6, end: 9 },
      ],
    });
  });

  it('handles pending at the end, resolving from pending and reopening into pending', () => {
    expect(incidentResolutionClockSpan(0, history.slice(0, 2), 3)).toEqual({
      startedAt: 0,
      stoppedAt: null,
      pauses: [{ start: 2, end: null }],
    });
    expect(
      incidentResolutionClockSpan(
        0,
        [
          { at: 2, from: 'in_progress', to: 'pending' },
          { at: 4, from: 'pending', to: 'resolved' },
          { at: 6, from: 'resolved', to: 'pending' },
          { at: 8, from: 'pending', to: 'in_progress' },
        ],
        10,
      ),
    ).toEqual({
      startedAt: 0,
      stoppedAt: null,
      pauses: [
        { start: 2, end: 4 },
        { start: 4, end: 8 },
      ],
    });
    expect(
      incidentResolutionClockSpan(
        0,
        [{ at: 3, from: 'new', to: 'cancelled' }],
        10,
      ),
    ).toEqual({
      startedAt: 0,
      stoppedAt: 3,
      pauses: [],
    });
  });
});

describe('slaTargetMinutes', () => {
  it('picks the response or resolution target of the priority', () => {
    const targets = {
      responseMinutes: { P1: 15, P2: 30, P3: 120, P4: 480 },
      resolutionMinutes: { P1: 240, P2: 480, P3: 1440, P4: 4320 },
    };
    for (const p of PRIORITIES) {
      expect(slaTargetMinutes(targets, p, 'response')).toBe(
        targets.responseMinutes[p],
      );
      expect(slaTargetMinutes(targets, p, 'resolution')).toBe(
        targets.resolutionMinutes[p],
      );
    }
  });
});
