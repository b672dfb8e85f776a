import fc from 'fast-check';
import {
  DEFAULT_SLA_THRESHOLDS,
  PauseInterval,
  computeSlaClock,
  thresholdsToNotify,
} from './clocks';
import { ALWAYS, EU_BUSINESS, berlin, t } from './__testUtils__/calendars';

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
