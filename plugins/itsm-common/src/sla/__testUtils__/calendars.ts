import fc from 'fast-check';
import type { ServiceCalendar } from '../calendar';
import { MINUTE_MS, toEpochMs } from '../intervals';

/**
 * Calendars and helpers shared by the SLA tests. Not exported from the
 * package.
 */

const workday = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

/** Mon-Fri 08:00-12:00 and 13:00-18:00 in Berlin (9 h a day), two holidays. */
export const EU_BUSINESS: ServiceCalendar = {
  name: 'business-hours-eu',
  kind: 'business-hours',
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    mon: workday,
    tue: workday,
    wed: workday,
    thu: workday,
    fri: workday,
  },
  holidays: ['2026-04-03', '2026-12-25'],
};

const allDay = [{ start: '00:00', end: '24:00' }];

/** Every local day 00:00-24:00 in Berlin: 24x7 measured through local days. */
export const BERLIN_ALL_DAY: ServiceCalendar = {
  name: 'berlin-all-day',
  kind: 'business-hours',
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    mon: allDay,
    tue: allDay,
    wed: allDay,
    thu: allDay,
    fri: allDay,
    sat: allDay,
    sun: allDay,
  },
  holidays: [],
};

export const ALWAYS: ServiceCalendar = { name: '24x7', kind: '24x7' };

/** Epoch ms of an ISO instant. */
export const t = (iso: string): number => toEpochMs(iso);

/** Epoch ms of a local Berlin wall time given as `YYYY-MM-DDTHH:mm`. */
export function berlin(local: string): number {
  // Offsets of Europe/Berlin in 2026: +02:00 from 29 March 01:00Z to 25 October 01:00Z.
  const utcGuess = toEpochMs(`${local}:00Z`);
  const summer =
    utcGuess - 2 * 3_600_000 >= Date.UTC(2026, 2, 29, 1) &&
    utcGuess - 2 * 3_600_000 < Date.UTC(2026, 9, 25, 1);
  return toEpochMs(`${local}:00${summer ? '+02:00' : '+01:00'}`);
}

/** April 2026 in UTC, [from, to). */
export const APRIL = {
  from: t('2026-04-01T00:00:00Z'),
  to: t('2026-05-01T00:00:00Z'),
};

const DAY_MS = 24 * 60 * MINUTE_MS;

/** Instants from March to November 2026, so both DST switches are covered. */
export const instantArb = fc.integer({
  min: t('2026-03-01T00:00:00Z'),
  max: t('2026-11-30T00:00:00Z'),
});

/** Up to three weeks, in whole minutes or arbitrary milliseconds. */
export const spanArb = fc.oneof(
  fc.integer({ min: 0, max: 21 * 1440 }).map(m => m * MINUTE_MS),
  fc.integer({ min: 0, max: 21 * DAY_MS }),
);
