import fc from 'fast-check';
import type { AvailabilityInput, OutagePeriod } from '../availability';
import type { ServiceCalendar } from '../calendar';
import { MINUTE_MS } from '../intervals';
import { ALWAYS, BERLIN_ALL_DAY, EU_BUSINESS, t } from './calendars';

/**
 * fast-check arbitraries shared by the availability tests. Not exported from
 * the package.
 */

const HOUR = 60 * MINUTE_MS;

export const calendarArb = fc.constantFrom<ServiceCalendar>(
  ALWAYS,
  EU_BUSINESS,
  BERLIN_ALL_DAY,
);
/** Periods of up to 10 days in June 2026. */
export const JUNE = t('2026-06-01T00:00:00Z');
export const offsetArb = fc
  .integer({ min: 0, max: 10 * 24 })
  .map(h => JUNE + h * HOUR);
export const intervalArb = fc
  .tuple(offsetArb, fc.integer({ min: 0, max: 48 * 60 }))
  .map(([start, minutes]) => ({ start, end: start + minutes * MINUTE_MS }));
export const outageArb: fc.Arbitrary<OutagePeriod> = fc
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
export const inputArb: fc.Arbitrary<AvailabilityInput> = fc
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
