import { DateTime } from 'luxon';
import {
  Interval,
  MINUTE_MS,
  instantAfterElapsed,
  totalMs,
  unionIntervals,
} from './intervals';
import { minutesOf } from './timeOfDay';

/**
 * Days of the week as used in `weeklyHours`, Monday first (ISO order).
 *
 * @public
 */
export const WEEKDAYS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const;

/** @public */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * One period of service on a weekday, in the calendar's local time.
 * `start` is `HH:mm` from `00:00` to `23:59`; `end` is `HH:mm` from `00:01`
 * to `24:00` (the end of the day) and after `start`.
 *
 * @public
 */
export interface ServiceTimeSlot {
  start: string;
  end: string;
}

/**
 * Service hours around the clock: every instant is service time.
 *
 * @public
 */
export interface AlwaysOnCalendar {
  name: string;
  kind: '24x7';
}

/**
 * Service hours on given weekdays in a time zone, minus holidays.
 *
 * @public
 */
export interface BusinessHoursCalendar {
  name: string;
  kind: 'business-hours';
  /** IANA time zone, e.g. `Europe/Berlin`. Local times and dates are read in it. */
  timeZone: string;
  /** Service periods per weekday in local time; a missing day has no service. */
  weeklyHours: Partial<Record<Weekday, ServiceTimeSlot[]>>;
  /** Local dates (`YYYY-MM-DD`) without any service time. */
  holidays: string[];
}

/**
 * The service hours of an SLA: when its clocks run and its availability is
 * measured.
 *
 * @public
 */
export type ServiceCalendar = AlwaysOnCalendar | BusinessHoursCalendar;

interface CompiledCalendar {
  zone: string;
  /** Slots as [startMinute, endMinute) per luxon weekday (1 = Monday .. 7 = Sunday). */
  slots: Array<Array<[number, number]>>;
  holidays: Set<string>;
  weeklyMinutes: number;
}

function compile(calendar: BusinessHoursCalendar): CompiledCalendar {
  const slots: Array<Array<[number, number]>> = [[]];
  let weeklyMinutes = 0;
  WEEKDAYS.forEach(day => {
    const daySlots: Array<[number, number]> = (calendar.weeklyHours[day] ?? [])
      .map(s => [minutesOf(s.start), minutesOf(s.end)] as [number, number])
      .filter(([s, e]) => e > s);
    for (const [s, e] of daySlots) weeklyMinutes += e - s;
    slots.push(daySlots);
  });
  return {
    zone: calendar.timeZone,
    slots,
    holidays: new Set(calendar.holidays),
    weeklyMinutes,
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** What {@link serviceIntervals} needs of one local day of a time zone. */
interface LocalDay {
  /** The day's first instant (local midnight, or the first hour after a skipped one). */
  start: number;
  /** The next day's first instant. */
  next: number;
  /** The local date, `YYYY-MM-DD`. */
  key: string;
  year: number;
  month: number;
  day: number;
  /** Luxon weekday: 1 = Monday .. 7 = Sunday. */
  weekday: number;
  /** Starts at 00:00 with no offset change before the next day: local minutes map linearly. */
  linear: boolean;
}

/**
 * Local days by zone and first instant. Reading a zone's offset costs an
 * `Intl` call, several per day walked; the SLA sweep walks the same days for
 * every open incident, which made it the sweep's main cost
 * (docs/performance.md). A day's facts never change, so they are computed
 * once; the map is emptied when it holds {@link LOCAL_DAYS_LIMIT} days.
 */
const localDays = new Map<string, LocalDay>();
const LOCAL_DAYS_LIMIT = 50_000;

/** The local day of `zone` that starts at `start` (a day's first instant). */
function localDay(zone: string, start: number): LocalDay {
  const cacheKey = `${zone} ${start}`;
  const cached = localDays.get(cacheKey);
  if (cached) return cached;
  const current = DateTime.fromMillis(start, { zone });
  const next = current.plus({ days: 1 }).startOf('day');
  const day: LocalDay = {
    start,
    next: next.toMillis(),
    key: `${pad(current.year, 4)}-${pad(current.month, 2)}-${pad(
      current.day,
      2,
    )}`,
    year: current.year,
    month: current.month,
    day: current.day,
    weekday: current.weekday,
    linear:
      current.offset === next.offset &&
      current.hour === 0 &&
      current.minute === 0,
  };
  if (localDays.size >= LOCAL_DAYS_LIMIT) localDays.clear();
  localDays.set(cacheKey, day);
  return day;
}

/**
 * Tells whether a calendar has any service time at all (a business-hours
 * calendar without weekly slots has none; {@link parseCalendars} rejects it).
 *
 * @public
 */
export function hasServiceTime(calendar: ServiceCalendar): boolean {
  return calendar.kind === '24x7' || compile(calendar).weeklyMinutes > 0;
}

/**
 * The service time of a calendar inside `[from, to)`: sorted, disjoint,
 * half-open intervals in epoch milliseconds (touching periods, such as
 * `00:00-24:00` on consecutive days, are merged).
 *
 * Local times are read in the calendar's time zone with the time zone's
 * rules for that date, so daylight saving time is right: in Europe/Berlin a
 * `00:00-24:00` day lasts 23 hours on the spring-forward day and 25 hours on
 * the fall-back day. A local time that does not exist (skipped by a
 * spring-forward) is moved forward by the gap; an ambiguous local time (repeated
 * by a fall-back) is resolved as luxon does (currently its second
 * occurrence). Holidays are local dates.
 *
 * @public
 */
export function serviceIntervals(
  calendar: ServiceCalendar,
  from: number,
  to: number,
): Interval[] {
  if (!(to > from)) return [];
  if (calendar.kind === '24x7') return [{ start: from, end: to }];

  const { zone, slots, holidays } = compile(calendar);
  const out: Interval[] = [];
  let day = localDay(
    zone,
    DateTime.fromMillis(from, { zone }).startOf('day').toMillis(),
  );
  while (day.start < to) {
    const current = day;
    const daySlots = slots[current.weekday] ?? [];
    if (!holidays.has(current.key) && daySlots.length > 0) {
      const instant = (minute: number): number => {
        if (minute >= 1440) return current.next;
        if (current.linear) return current.start + minute * MINUTE_MS;
        return DateTime.fromObject(
          {
            year: current.year,
            month: current.month,
            day: current.day,
            hour: Math.floor(minute / 60),
            minute: minute % 60,
          },
          { zone },
        ).toMillis();
      };
      for (const [startMinute, endMinute] of daySlots) {
        const start = Math.max(from, instant(startMinute));
        const end = Math.min(to, instant(endMinute));
        if (end > start) out.push({ start, end });
      }
    }
    if (current.next <= current.start) break; // cannot happen; guards against a zone bug
    day = localDay(zone, current.next);
  }
  return unionIntervals(out);
}

/**
 * Elapsed service time between two instants, in minutes (fractional). Zero
 * when `to` is not after `from`. Additive: for `a <= b <= c`,
 * `minutes(a, c) = minutes(a, b) + minutes(b, c)`.
 *
 * @public
 */
export function serviceMinutesBetween(
  calendar: ServiceCalendar,
  from: number,
  to: number,
): number {
  return totalMs(serviceIntervals(calendar, from, to)) / MINUTE_MS;
}

const SEARCH_CHUNK_MS = 14 * 24 * 60 * MINUTE_MS;

/**
 * The earliest instant at which `minutes` of service time have elapsed since
 * `from` (used for breach times). `minutes` is rounded to whole milliseconds;
 * zero gives `from`. The inverse of {@link serviceMinutesBetween}:
 * `serviceMinutesBetween(c, from, addServiceMinutes(c, from, m)) === m` for
 * whole milliseconds `m`. The result always lies in service time or at its
 * end (e.g. 10 minutes from Friday 17:55 with Mon-Fri 08:00-18:00 is Monday
 * 08:05).
 *
 * @throws RangeError when `minutes` is negative or not finite, or the
 *   calendar has no service time at all (see {@link hasServiceTime}).
 * @public
 */
export function addServiceMinutes(
  calendar: ServiceCalendar,
  from: number,
  minutes: number,
): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Cannot add ${minutes} service minutes`);
  }
  const ms = Math.round(minutes * MINUTE_MS);
  if (ms === 0) return from;
  if (calendar.kind === '24x7') return from + ms;
  if (!hasServiceTime(calendar)) {
    throw new RangeError(`Calendar ${calendar.name} has no service time`);
  }
  let remaining = ms;
  let cursor = from;
  let emptyChunks = 0;
  for (;;) {
    const chunk = serviceIntervals(calendar, cursor, cursor + SEARCH_CHUNK_MS);
    const available = totalMs(chunk);
    if (available >= remaining) {
      // Non-null: the chunk holds enough service time.
      return instantAfterElapsed(chunk, remaining) as number;
    }
    remaining -= available;
    cursor += SEARCH_CHUNK_MS;
    if (available === 0) {
      // Every empty two-week chunk needs at least one holiday of its own.
      emptyChunks++;
      if (emptyChunks > calendar.holidays.length + 1) {
        throw new RangeError(`Calendar ${calendar.name} has no service time`);
      }
    }
  }
}

/**
 * The time zone a calendar's local dates are read in: the business-hours
 * calendar's zone, `UTC` for 24x7.
 *
 * @public
 */
export function calendarTimeZone(calendar: ServiceCalendar): string {
  return calendar.kind === 'business-hours' ? calendar.timeZone : 'UTC';
}

/**
 * Tells whether an instant lies in the calendar's service time.
 *
 * @public
 */
export function isServiceTime(calendar: ServiceCalendar, at: number): boolean {
  return serviceIntervals(calendar, at, at + 1).length > 0;
}
