/**
 * Inside the implementation window of the change fixtures (FULL_PLAN:
 * 2026-12-01 22:00 to 23:00 UTC), so that a scheduled change may start.
 */
export const IN_FIXTURE_WINDOW = '2026-12-01T22:30:00Z';

/**
 * Moves `Date` of the suite to `now` (and on with real time from there), for
 * suites whose backends read the wall clock. Timers stay real, so database
 * drivers and the test backend are unaffected.
 */
export function useFixtureClock(now: string = IN_FIXTURE_WINDOW) {
  beforeAll(() =>
    jest.useFakeTimers({
      now: new Date(now),
      advanceTimers: true,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    }),
  );
  afterAll(() => jest.useRealTimers());
}
