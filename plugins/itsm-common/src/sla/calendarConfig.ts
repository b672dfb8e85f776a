import { DateTime, IANAZone } from 'luxon';
import {
  AlwaysOnCalendar,
  ServiceCalendar,
  ServiceTimeSlot,
  WEEKDAYS,
  Weekday,
} from './calendar';
import { minutesOf } from './timeOfDay';

/**
 * The config path the service calendars are read from.
 *
 * @public
 */
export const CALENDARS_CONFIG_PATH = 'itsm.calendars';

/**
 * Name of the calendar that always exists and that SLAs without a calendar use.
 *
 * @public
 */
export const DEFAULT_CALENDAR_NAME = '24x7';

/**
 * The built-in 24x7 calendar.
 *
 * @public
 */
export const CALENDAR_24X7: AlwaysOnCalendar = Object.freeze({
  name: DEFAULT_CALENDAR_NAME,
  kind: '24x7',
}) as AlwaysOnCalendar;

const START_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

function rejectUnknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new Error(
        `${path}.${key} is not a calendar field; use ${allowed.join(', ')}`,
      );
    }
  }
}

/**
 * Validates one service calendar from config.
 *
 * @param name - the calendar's name (its key in config)
 * @param value - the config value, e.g. `{ kind: 'business-hours', ... }`
 * @param path - the config path used in error messages
 * @throws Error naming the offending path, e.g.
 *   `itsm.calendars.eu.weeklyHours.mon[0].end must be after start`.
 * @public
 */
export function parseServiceCalendar(
  name: string,
  value: unknown,
  path: string = `${CALENDARS_CONFIG_PATH}.${name}`,
): ServiceCalendar {
  if (!isPlainObject(value)) {
    throw new Error(
      `${path} must be an object with a kind, not ${show(value)}`,
    );
  }
  const kind = value.kind;
  if (kind === '24x7') {
    rejectUnknownKeys(value, ['kind'], path);
    return { name, kind: '24x7' };
  }
  if (kind !== 'business-hours') {
    throw new Error(
      `${path}.kind must be "24x7" or "business-hours", not ${show(kind)}`,
    );
  }
  if (name === DEFAULT_CALENDAR_NAME) {
    throw new Error(
      `${path} is reserved for the 24x7 calendar; its kind must be "24x7"`,
    );
  }
  rejectUnknownKeys(
    value,
    ['kind', 'timeZone', 'weeklyHours', 'holidays'],
    path,
  );

  const timeZone = value.timeZone;
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    throw new Error(
      `${path}.timeZone must be an IANA time zone such as "Europe/Berlin", not ${show(
        timeZone,
      )}`,
    );
  }

  const rawWeekly = value.weeklyHours;
  if (!isPlainObject(rawWeekly)) {
    throw new Error(
      `${path}.weeklyHours must be an object mapping weekdays (${WEEKDAYS.join(
        ', ',
      )}) to time slots`,
    );
  }
  const weeklyHours: Partial<Record<Weekday, ServiceTimeSlot[]>> = {};
  let slotCount = 0;
  for (const [day, rawSlots] of Object.entries(rawWeekly)) {
    const dayPath = `${path}.weeklyHours.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      throw new Error(
        `${dayPath} is not a weekday; use one of ${WEEKDAYS.join(', ')}`,
      );
    }
    if (rawSlots === undefined || rawSlots === null) continue;
    if (!Array.isArray(rawSlots)) {
      throw new Error(`${dayPath} must be a list of { start, end } time slots`);
    }
    const slots: ServiceTimeSlot[] = [];
    rawSlots.forEach((rawSlot: unknown, index: number) => {
      const slotPath = `${dayPath}[${index}]`;
      if (!isPlainObject(rawSlot)) {
        throw new Error(`${slotPath} must be an object { start, end }`);
      }
      for (const key of Object.keys(rawSlot)) {
        if (key !== 'start' && key !== 'end') {
          throw new Error(
            `${slotPath}.${key} is not a slot field; use start, end`,
          );
        }
      }
      const { start, end } = rawSlot;
      if (typeof start !== 'string' || !START_RE.test(start)) {
        throw new Error(
          `${slotPath}.start must be a time HH:mm from 00:00 to 23:59, not ${show(
            start,
          )}`,
        );
      }
      if (typeof end !== 'string' || !END_RE.test(end)) {
        throw new Error(
          `${slotPath}.end must be a time HH:mm from 00:01 to 24:00, not ${show(
            end,
          )}`,
        );
      }
      if (minutesOf(end) <= minutesOf(start)) {
        throw new Error(`${slotPath}.end must be after start`);
      }
      slots.push({ start, end });
    });
    const byStart = slots
      .map((slot, index) => ({ slot, index }))
      .sort((a, b) => minutesOf(a.slot.start) - minutesOf(b.slot.start));
    for (let i = 1; i < byStart.length; i++) {
      const prev = byStart[i - 1];
      const cur = byStart[i];
      if (minutesOf(cur.slot.start) < minutesOf(prev.slot.end)) {
        throw new Error(
          `${dayPath}[${cur.index}] overlaps ${dayPath}[${prev.index}]`,
        );
      }
    }
    weeklyHours[day as Weekday] = slots;
    slotCount += slots.length;
  }
  if (slotCount === 0) {
    throw new Error(`${path}.weeklyHours must define at least one time slot`);
  }

  const rawHolidays = value.holidays ?? [];
  if (!Array.isArray(rawHolidays)) {
    throw new Error(`${path}.holidays must be a list of dates YYYY-MM-DD`);
  }
  const holidays = rawHolidays.map((date: unknown, index: number) => {
    const datePath = `${path}.holidays[${index}]`;
    if (
      typeof date !== 'string' ||
      !DATE_RE.test(date) ||
      !DateTime.fromISO(date, { zone: 'utc' }).isValid
    ) {
      throw new Error(
        `${datePath} must be a date YYYY-MM-DD, not ${show(date)}`,
      );
    }
    return date;
  });

  return { name, kind: 'business-hours', timeZone, weeklyHours, holidays };
}

/**
 * Validates the service calendars from config (the value at
 * {@link CALENDARS_CONFIG_PATH}, a map from calendar name to calendar), e.g.
 *
 * ```yaml
 * itsm:
 *   calendars:
 *     business-hours-eu:
 *       kind: business-hours
 *       timeZone: Europe/Berlin
 *       weeklyHours:
 *         mon: [{ start: '08:00', end: '18:00' }]
 *       holidays: ['2026-12-25']
 * ```
 *
 * The result always contains the {@link CALENDAR_24X7} calendar under
 * `24x7`; `undefined` or `null` gives only that one. The name `24x7` may only
 * be given to a calendar of kind `24x7`. Unknown fields, weekdays, bad times,
 * slots that end before they start or overlap, bad time zones and bad dates
 * are rejected.
 *
 * @param config - the config value (plain data, e.g. `config.getOptional(...)`)
 * @param path - the config path used in error messages
 * @throws Error naming the offending path.
 * @public
 */
export function parseCalendars(
  config: unknown,
  path: string = CALENDARS_CONFIG_PATH,
): Map<string, ServiceCalendar> {
  const calendars = new Map<string, ServiceCalendar>();
  if (config !== undefined && config !== null) {
    if (!isPlainObject(config)) {
      throw new Error(
        `${path} must be an object mapping calendar names to calendars`,
      );
    }
    for (const [name, value] of Object.entries(config)) {
      if (name.trim() === '') {
        throw new Error(`${path} has a calendar with an empty name`);
      }
      calendars.set(name, parseServiceCalendar(name, value, `${path}.${name}`));
    }
  }
  if (!calendars.has(DEFAULT_CALENDAR_NAME)) {
    calendars.set(DEFAULT_CALENDAR_NAME, { ...CALENDAR_24X7 });
  }
  return calendars;
}
