import fc from 'fast-check';
import { DEFAULT_SLA_THRESHOLDS, computeSlaClock } from './clocks';
import {
  DANGER_THRESHOLD_CONFIG_KEY,
  DEFAULT_DANGER_THRESHOLD,
  availabilityTargetStatus,
  clockWarningThresholds,
  downtimeBudgetMinutes,
  isBudgetInDanger,
  readDangerThreshold,
} from './danger';
import { ALWAYS, t } from './__testUtils__/calendars';

const configWith = (value?: number) => ({
  getOptionalNumber: (key: string) =>
    key === DANGER_THRESHOLD_CONFIG_KEY ? value : undefined,
});

describe('the danger threshold', () => {
  it('is 75 % of the budget by default, as the process model says', () => {
    expect(DEFAULT_DANGER_THRESHOLD).toBe(0.75);
    expect(DANGER_THRESHOLD_CONFIG_KEY).toBe('itsm.sla.dangerThreshold');
    expect(readDangerThreshold(configWith(undefined))).toBe(0.75);
  });

  it('reads a configured fraction', () => {
    expect(readDangerThreshold(configWith(0.8))).toBe(0.8);
  });

  it('refuses anything but a fraction strictly between 0 and 1', () => {
    for (const value of [0, 1, 1.5, -0.2, 75, Number.NaN]) {
      expect(() => readDangerThreshold(configWith(value))).toThrow(
        /^itsm\.sla\.dangerThreshold must be a fraction/,
      );
    }
  });

  it('makes the clock warnings fire at the threshold and at the breach', () => {
    expect(clockWarningThresholds(0.6)).toEqual([0.6, 1]);
    expect(DEFAULT_SLA_THRESHOLDS).toEqual(
      clockWarningThresholds(DEFAULT_DANGER_THRESHOLD),
    );
    const clock = (minutes: number) =>
      computeSlaClock({
        calendar: ALWAYS,
        targetMinutes: 100,
        startedAt: t('2026-04-01T00:00:00Z'),
        now: t('2026-04-01T00:00:00Z') + minutes * 60_000,
        thresholds: clockWarningThresholds(0.6),
      });
    expect(clock(59).state).toBe('ok');
    expect(clock(60).state).toBe('warning');
    expect(clock(60).crossedThresholds).toEqual([0.6]);
    expect(clock(100).state).toBe('breached');
  });
});

describe('availabilityTargetStatus', () => {
  // 30 days of 24x7 service against 99.9 %: 43.2 minutes of downtime allowed.
  const agreedMinutes = 30 * 24 * 60;
  const figures = (downtimeMinutes: number) => ({
    agreedMinutes,
    downtimeMinutes,
    availability: ((agreedMinutes - downtimeMinutes) / agreedMinutes) * 100,
  });

  it('is in danger from 75 % of the downtime budget (not 20 %, not 80 %)', () => {
    expect(downtimeBudgetMinutes(agreedMinutes, 99.9)).toBeCloseTo(43.2, 9);
    expect(availabilityTargetStatus(figures(10), 99.9)).toBe('met');
    expect(availabilityTargetStatus(figures(32), 99.9)).toBe('met');
    expect(availabilityTargetStatus(figures(32.4), 99.9)).toBe('in_danger');
    expect(availabilityTargetStatus(figures(34.56), 99.9)).toBe('in_danger');
    expect(availabilityTargetStatus(figures(43.3), 99.9)).toBe('violated');
  });

  it('uses the configured threshold', () => {
    expect(availabilityTargetStatus(figures(32.4), 99.9, 0.8)).toBe('met');
    expect(availabilityTargetStatus(figures(8.64), 99.9, 0.2)).toBe(
      'in_danger',
    );
  });

  it('allows no downtime against a 100 % target', () => {
    expect(availabilityTargetStatus(figures(0), 100)).toBe('met');
    expect(
      availabilityTargetStatus(
        { agreedMinutes: 0, downtimeMinutes: 0, availability: 100 },
        99.9,
      ),
    ).toBe('met');
  });

  it('never improves with more downtime', () => {
    const rank = { met: 0, in_danger: 1, violated: 2 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom(95, 99, 99.5, 99.9, 99.99, 100),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (a, b, target, threshold) => {
          const [less, more] = a < b ? [a, b] : [b, a];
          const low = availabilityTargetStatus(
            figures(less),
            target,
            threshold,
          );
          const high = availabilityTargetStatus(
            figures(more),
            target,
            threshold,
          );
          expect(rank[high]).toBeGreaterThanOrEqual(rank[low]);
        },
      ),
    );
  });
});

describe('isBudgetInDanger', () => {
  it('compares the used share with the threshold', () => {
    expect(isBudgetInDanger(74, 100)).toBe(false);
    expect(isBudgetInDanger(75, 100)).toBe(true);
    expect(isBudgetInDanger(0, 0)).toBe(false);
    expect(isBudgetInDanger(1, 0)).toBe(true);
  });
});
