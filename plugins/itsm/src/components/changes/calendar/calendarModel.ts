/**
 * Date math of the change calendar. Days are UTC days (the calendar shows
 * times in UTC), weeks start on Monday.
 */

export const DAY_MS = 86_400_000;

export type CalendarView = 'month' | 'week';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start (00:00 UTC) of a `YYYY-MM-DD` day, or undefined when invalid. */
export function parseDay(text: string | null | undefined): number | undefined {
  const match = DAY_PATTERN.exec(text ?? '');
  if (!match) return undefined;
  const [year, month, day] = [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
  ];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return ms;
}

/** `YYYY-MM-DD` of an instant (UTC). */
export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The start of the UTC day of an instant. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The Monday (00:00 UTC) of the week of an instant. */
export function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY_MS;
}

/** The first day (00:00 UTC) of the month of an instant, shifted by `months`. */
export function startOfMonth(ms: number, months = 0): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

/** The visible period of a view around a day: [from, to) and its days. */
export function visibleRange(
  view: CalendarView,
  day: number,
): { from: string; to: string; days: number[] } {
  const start = view === 'month' ? startOfMonth(day) : startOfWeek(day);
  const end = view === 'month' ? startOfMonth(day, 1) : start + 7 * DAY_MS;
  const days: number[] = [];
  for (let d = start; d < end; d += DAY_MS) days.push(d);
  return {
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    days,
  };
}

/** The day shown after Previous (-1) or Next (+1). */
export function shiftDay(view: CalendarView, day: number, by: -1 | 1): number {
  return view === 'month'
    ? startOfMonth(day, by)
    : startOfWeek(day) + by * 7 * DAY_MS;
}

/**
 * The days of a month laid out in weeks (Monday first); days outside the
 * month are `null`.
 */
export function monthWeeks(days: number[]): Array<Array<number | null>> {
  if (days.length === 0) return [];
  const lead = (new Date(days[0]).getUTCDay() + 6) % 7;
  const cells: Array<number | null> = [...Array(lead).fill(null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<number | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * Whether a window [start, end) covers part of a day. A window without an
 * end (or an empty one) covers the day of its start.
 */
export function coversDay(
  start: string | null | undefined,
  end: string | null | undefined,
  day: number,
): boolean {
  if (!start) return false;
  const s = Date.parse(start);
  if (Number.isNaN(s)) return false;
  let e = end ? Date.parse(end) : NaN;
  if (Number.isNaN(e) || e <= s) e = s + 1;
  return s < day + DAY_MS && e > day;
}

const monthTitle = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const shortDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const weekdayName = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  timeZone: 'UTC',
});
const time = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** "December 2026" or "30 Nov – 6 Dec 2026". */
export function periodTitle(view: CalendarView, days: number[]): string {
  if (view === 'month') return monthTitle.format(days[0]);
  const last = days[days.length - 1];
  return `${shortDay.format(days[0])} – ${shortDay.format(last)} ${new Date(
    last,
  ).getUTCFullYear()}`;
}

/** "Mon", "Tue", ... */
export function weekdayOf(day: number): string {
  return weekdayName.format(day);
}

/** "Wed 2 Dec" */
export function dayTitle(day: number): string {
  return `${weekdayName.format(day)} ${shortDay.format(day)}`;
}

/** "10:00" (UTC). */
export function timeOf(iso: string): string {
  return time.format(Date.parse(iso));
}
