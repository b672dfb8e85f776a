import fc from 'fast-check';
import {
  ServiceCalendar,
  addServiceMinutes,
  hasServiceTime,
  isServiceTime,
  serviceIntervals,
  serviceMinutesBetween,
} from './calendar';
import { CALENDAR_24X7, parseCalendars } from './calendarConfig';
import { MINUTE_MS } from './intervals';
import {
  ALWAYS,
  BERLIN_ALL_DAY,
  EU_BUSINESS,
  berlin,
  instantArb,
  spanArb,
  t,
} from './__testUtils__/calendars';

const RUNS = { numRuns: 200 };
const DAY_MS = 24 * 60 * MINUTE_MS;

const calendarArb = fc.constantFrom<ServiceCalendar>(
  ALWAYS,
  EU_BUSINESS,
  BERLIN_ALL_DAY,
);

describe('parseCalendars', () => {
  const eu = {
    kind: 'business-hours',
    timeZone: 'Europe/Berlin',
    weeklyHours: {
      mon: [{ start: '08:00', end: '18:00' }],
      fri: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '16:00' },
      ],
    },
    holidays: ['2026-12-25'],
  };

  it('always contains the 24x7 calendar', () => {
    expect(parseCalendars(undefined)).toEqual(
      new Map([['24x7', CALENDAR_24X7]]),
    );
    expect(parseCalendars(null).get('24x7')).toEqual({
      name: '24x7',
      kind: '24x7',
    });
    expect(parseCalendars({ eu }).get('24x7')).toEqual({
      name: '24x7',
      kind: '24x7',
    });
    expect(parseCalendars({ '24x7': { kind: '24x7' } }).size).toBe(1);
  });

  it('reads business-hours calendars', () => {
    const calendars = parseCalendars({
      '24x7': { kind: '24x7' },
      'business-hours-eu': eu,
    });
    expect(calendars.get('business-hours-eu')).toEqual({
      name: 'business-hours-eu',
      ...eu,
    });
    expect(
      parseCalendars({ eu: { ...eu, holidays: undefined } }).get('eu'),
    ).toMatchObject({
      holidays: [],
    });
  });

  it.each<[string, unknown, string]>([
    [
      'a slot that ends before it starts',
      {
        eu: { ...eu, weeklyHours: { mon: [{ start: '18:00', end: '08:00' }] } },
      },
      'itsm.calendars.eu.weeklyHours.mon[0].end must be after start',
    ],
    [
      'an empty slot',
      {
        eu: { ...eu, weeklyHours: { mon: [{ start: '08:00', end: '08:00' }] } },
      },
      'itsm.calendars.eu.weeklyHours.mon[0].end must be after start',
    ],
    [
      'a bad time',
      {
        eu: { ...eu, weeklyHours: { tue: [{ start: '8:00', end: '18:00' }] } },
      },
      'itsm.calendars.eu.weeklyHours.tue[0].start must be a time HH:mm',
    ],
    [
      'an end after 24:00',
      {
        eu: { ...eu, weeklyHours: { tue: [{ start: '08:00', end: '24:30' }] } },
      },
      'itsm.calendars.eu.weeklyHours.tue[0].end must be a time HH:mm',
    ],
    [
      'overlapping slots',
      {
        eu: {
          ...eu,
          weeklyHours: {
            wed: [
              { start: '12:00', end: '18:00' },
              { start: '08:00', end: '12:30' },
            ],
          },
        },
      },
      'itsm.calendars.eu.weeklyHours.wed[0] overlaps itsm.calendars.eu.weeklyHours.wed[1]',
    ],
    [
      'an unknown weekday',
      { eu: { ...eu, weeklyHours: { monday: [] } } },
      'itsm.calendars.eu.weeklyHours.monday is not a weekday',
    ],
    [
      'no service time at all',
      { eu: { ...eu, weeklyHours: { mon: [] } } },
      'itsm.calendars.eu.weeklyHours must define at least one time slot',
    ],
    [
      'a bad time zone',
      { eu: { ...eu, timeZone: 'Europe/Atlantis' } },
      'itsm.calendars.eu.timeZone must be an IANA time zone',
    ],
    [
      'a date that does not exist',
      { eu: { ...eu, holidays: ['2026-12-25', '2026-02-30'] } },
      'itsm.calendars.eu.holidays[1] must be a date YYYY-MM-DD',
    ],
    [
      'a badly formatted date',
      { eu: { ...eu, holidays: ['25.12.2026'] } },
      'itsm.calendars.eu.holidays[0] must be a date YYYY-MM-DD',
    ],
    [
      'an unknown kind',
      { eu: { ...eu, kind: 'office' } },
      'itsm.calendars.eu.kind must be "24x7" or "business-hours"',
    ],
    [
      'an unknown field',
      { eu: { ...eu, holiday: [] } },
      'itsm.calendars.eu.holiday is not a calendar field',
    ],
    [
      'a business-hours calendar named 24x7',
      { '24x7': eu },
      'itsm.calendars.24x7 is reserved for the 24x7 calendar',
    ],
    ['a list instead of a map', [eu], 'itsm.calendars must be an object'],
  ])('rejects %s naming the path', (_label, config, message) => {
    expect(() => parseCalendars(config)).toThrow(message);
  });

  it('uses the given config path in errors', () => {
    expect(() => parseCalendars({ x: 1 }, 'custom.path')).toThrow(
      'custom.path.x must be an object with a kind',
    );
  });
});

describe('serviceIntervals', () => {
  it('gives the whole range for 24x7', () => {
    expect(serviceIntervals(ALWAYS, 10, 20)).toEqual([{ start: 10, end: 20 }]);
    expect(serviceIntervals(ALWAYS, 20, 10)).toEqual([]);
  });

  it('reads business hours in the calendar time zone, across DST', () => {
    // Friday 27 March (CET, +01:00) and Monday 30 March (CEST, +02:00).
    expect(
      serviceIntervals(
        EU_BUSINESS,
        t('2026-03-27T00:00:00Z'),
        t('2026-03-31T00:00:00Z'),
      ),
    ).toEqual([
      { start: t('2026-03-27T07:00:00Z'), end: t('2026-03-27T11:00:00Z') },
      { start: t('2026-03-27T12:00:00Z'), end: t('2026-03-27T17:00:00Z') },
      { start: t('2026-03-30T06:00:00Z'), end: t('2026-03-30T10:00:00Z') },
      { start: t('2026-03-30T11:00:00Z'), end: t('2026-03-30T16:00:00Z') },
    ]);
  });

  it('clips to [from, to)', () => {
    expect(
      serviceIntervals(
        EU_BUSINESS,
        berlin('2026-06-01T10:30'),
        berlin('2026-06-01T14:00'),
      ),
    ).toEqual([
      { start: berlin('2026-06-01T10:30'), end: berlin('2026-06-01T12:00') },
      { start: berlin('2026-06-01T13:00'), end: berlin('2026-06-01T14:00') },
    ]);
  });

  it('merges touching all-day slots across midnight', () => {
    expect(
      serviceIntervals(
        BERLIN_ALL_DAY,
        berlin('2026-06-01T10:00'),
        berlin('2026-06-04T10:00'),
      ),
    ).toEqual([
      { start: berlin('2026-06-01T10:00'), end: berlin('2026-06-04T10:00') },
    ]);
  });

  it('tells whether an instant is service time', () => {
    expect(isServiceTime(EU_BUSINESS, berlin('2026-06-01T08:00'))).toBe(true);
    expect(isServiceTime(EU_BUSINESS, berlin('2026-06-01T12:00'))).toBe(false);
    expect(isServiceTime(EU_BUSINESS, berlin('2026-06-01T17:59'))).toBe(true);
    expect(isServiceTime(EU_BUSINESS, berlin('2026-06-01T18:00'))).toBe(false);
    expect(isServiceTime(EU_BUSINESS, berlin('2026-06-06T10:00'))).toBe(false);
  });
});

describe('serviceMinutesBetween', () => {
  it('gives 23 and 25 hour local days on the Berlin DST switches', () => {
    expect(
      serviceMinutesBetween(
        BERLIN_ALL_DAY,
        berlin('2026-03-29T00:00'),
        berlin('2026-03-30T00:00'),
      ),
    ).toBe(23 * 60);
    expect(
      serviceMinutesBetween(
        BERLIN_ALL_DAY,
        berlin('2026-10-25T00:00'),
        berlin('2026-10-26T00:00'),
      ),
    ).toBe(25 * 60);
    expect(
      serviceMinutesBetween(
        BERLIN_ALL_DAY,
        berlin('2026-03-28T00:00'),
        berlin('2026-03-29T00:00'),
      ),
    ).toBe(24 * 60);
    // The same local days measured over a wider range, one day at a time.
    const days = serviceIntervals(
      BERLIN_ALL_DAY,
      berlin('2026-10-24T00:00'),
      berlin('2026-10-27T00:00'),
    );
    expect(days).toEqual([
      { start: berlin('2026-10-24T00:00'), end: berlin('2026-10-27T00:00') },
    ]);
    expect(days[0].end - days[0].start).toBe((24 + 25 + 24) * 60 * MINUTE_MS);
  });

  it('counts business hours only', () => {
    // Monday 1 June 2026: 9 hours.
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        berlin('2026-06-01T00:00'),
        berlin('2026-06-02T00:00'),
      ),
    ).toBe(540);
    // A whole working week.
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        berlin('2026-06-01T00:00'),
        berlin('2026-06-08T00:00'),
      ),
    ).toBe(5 * 540);
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        berlin('2026-06-01T11:30'),
        berlin('2026-06-01T13:30'),
      ),
    ).toBe(60);
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        berlin('2026-06-02T00:00'),
        berlin('2026-06-01T00:00'),
      ),
    ).toBe(0);
  });

  it('counts holidays as zero', () => {
    // Friday 25 December and Good Friday 3 April 2026 are holidays; the days before are not.
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        berlin('2026-12-25T00:00'),
        berlin('2026-12-26T00:00'),
      ),
    ).toBe(0);
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        berlin('2026-12-24T00:00'),
        berlin('2026-12-25T00:00'),
      ),
    ).toBe(540);
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        berlin('2026-04-03T00:00'),
        berlin('2026-04-04T00:00'),
      ),
    ).toBe(0);
    // Holidays are local dates: 24 December 23:30Z is already the 25th in Berlin.
    expect(
      serviceMinutesBetween(
        EU_BUSINESS,
        t('2026-12-24T23:30:00Z'),
        t('2026-12-25T23:00:00Z'),
      ),
    ).toBe(0);
  });

  it('counts weekends as zero for a Mon-Fri calendar', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 2 * DAY_MS }),
        fc.integer({ min: 0, max: 2 * DAY_MS }),
        (week, a, b) => {
          // Saturday 7 March 2026 plus whole weeks, in local days.
          const saturday = new Date(Date.UTC(2026, 2, 7 + 7 * week));
          const iso = saturday.toISOString().slice(0, 10);
          const monday = new Date(Date.UTC(2026, 2, 9 + 7 * week))
            .toISOString()
            .slice(0, 10);
          const start = berlin(`${iso}T00:00`);
          const end = berlin(`${monday}T00:00`);
          const x = Math.min(start + a, end);
          const y = Math.min(start + b, end);
          expect(serviceMinutesBetween(EU_BUSINESS, start, end)).toBe(0);
          expect(
            serviceMinutesBetween(EU_BUSINESS, Math.min(x, y), Math.max(x, y)),
          ).toBe(0);
        },
      ),
      RUNS,
    );
  });

  it('is additive over split intervals', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        spanArb,
        spanArb,
        (calendar, a, ab, bc) => {
          const b = a + ab;
          const c = b + bc;
          const whole = serviceMinutesBetween(calendar, a, c);
          const parts =
            serviceMinutesBetween(calendar, a, b) +
            serviceMinutesBetween(calendar, b, c);
          // Whole milliseconds: exact up to float division.
          expect(Math.round(whole * MINUTE_MS)).toBe(
            Math.round(parts * MINUTE_MS),
          );
          expect(whole).toBeLessThanOrEqual((c - a) / MINUTE_MS);
        },
      ),
      RUNS,
    );
  });

  it('equals elapsed time for 24x7', () => {
    fc.assert(
      fc.property(instantArb, spanArb, (a, span) => {
        expect(serviceMinutesBetween(ALWAYS, a, a + span)).toBe(
          span / MINUTE_MS,
        );
      }),
      RUNS,
    );
  });
});

describe('addServiceMinutes', () => {
  it('skips nights, lunch breaks, weekends and holidays', () => {
    // Friday 17:55 + 10 minutes = Monday 08:05.
    expect(addServiceMinutes(EU_BUSINESS, berlin('2026-06-05T17:55'), 10)).toBe(
      berlin('2026-06-08T08:05'),
    );
    expect(addServiceMinutes(EU_BUSINESS, berlin('2026-06-01T11:30'), 60)).toBe(
      berlin('2026-06-01T13:30'),
    );
    // Ends exactly at the end of service: the earliest instant, 18:00.
    expect(addServiceMinutes(EU_BUSINESS, berlin('2026-06-01T17:00'), 60)).toBe(
      berlin('2026-06-01T18:00'),
    );
    // Thursday 24 December 17:00 + 2 hours: Friday is a holiday, so Monday 09:00.
    expect(
      addServiceMinutes(EU_BUSINESS, berlin('2026-12-24T17:00'), 120),
    ).toBe(berlin('2026-12-28T09:00'));
    // From outside service time.
    expect(addServiceMinutes(EU_BUSINESS, berlin('2026-06-06T12:00'), 1)).toBe(
      berlin('2026-06-08T08:01'),
    );
    // Many weeks ahead: 20 working weeks of 45 hours.
    expect(
      addServiceMinutes(EU_BUSINESS, berlin('2026-06-01T08:00'), 20 * 5 * 540),
    ).toBe(berlin('2026-10-16T18:00'));
  });

  it('crosses DST in wall-clock terms', () => {
    // 24x7 in local days: Saturday 28 March 12:00 + 24 h lands at 13:00 local on the 29th.
    expect(
      addServiceMinutes(BERLIN_ALL_DAY, berlin('2026-03-28T12:00'), 24 * 60),
    ).toBe(berlin('2026-03-29T13:00'));
    expect(addServiceMinutes(ALWAYS, 1000, 1)).toBe(1000 + MINUTE_MS);
  });

  it('gives from for zero minutes and rejects negative ones', () => {
    expect(addServiceMinutes(EU_BUSINESS, 12345, 0)).toBe(12345);
    expect(() => addServiceMinutes(EU_BUSINESS, 0, -1)).toThrow(RangeError);
    expect(() =>
      addServiceMinutes(EU_BUSINESS, 0, Number.POSITIVE_INFINITY),
    ).toThrow(RangeError);
  });

  it('rejects calendars without service time', () => {
    const none: ServiceCalendar = {
      ...EU_BUSINESS,
      kind: 'business-hours',
      timeZone: 'UTC',
      weeklyHours: {},
    } as ServiceCalendar;
    expect(hasServiceTime(none)).toBe(false);
    expect(hasServiceTime(EU_BUSINESS)).toBe(true);
    expect(() => addServiceMinutes(none, 0, 1)).toThrow('has no service time');
  });

  it('inverts serviceMinutesBetween', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.integer({ min: 0, max: 3 * 5 * 540 * MINUTE_MS }),
        (calendar, from, ms) => {
          const minutes = ms / MINUTE_MS;
          const at = addServiceMinutes(calendar, from, minutes);
          expect(at).toBeGreaterThanOrEqual(from);
          expect(serviceMinutesBetween(calendar, from, at)).toBe(minutes);
          // Earliest: one millisecond less is not enough.
          const earlier =
            ms > 0 ? serviceMinutesBetween(calendar, from, at - 1) : -1;
          expect(earlier).toBeLessThan(minutes);
        },
      ),
      RUNS,
    );
  });

  it('goes back to the last service instant before a later instant', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, spanArb, (calendar, from, span) => {
        const to = from + span;
        const at = addServiceMinutes(
          calendar,
          from,
          serviceMinutesBetween(calendar, from, to),
        );
        expect(at).toBeLessThanOrEqual(to);
        expect(serviceMinutesBetween(calendar, at, to)).toBe(0);
      }),
      RUNS,
    );
  });
});
