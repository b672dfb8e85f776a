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

/** A freeze window's scope in words: "everything", "system payments", "checkout-web". */
export function freezeScopeText(
  scope: { kind: string; entityRef?: string } | undefined,
): string {
  if (!scope || scope.kind === 'all' || !scope.entityRef) return 'everything';
  const name = scope.entityRef.replace(/^[^:]+:(default\/)?/, '');
  return scope.kind === 'entity' ? name : `${scope.kind} ${name}`;
}

/**
 * Whether a freeze window is shown as shading the days it covers: a freeze of
 * everything always, a scoped one only when the calendar is filtered to an
 * entity (the server then sends only the windows that cover it). Without a
 * filter a scoped freeze is listed with its scope but does not shade days on
 * which most changes are not frozen.
 */
export function freezeShades(
  scope: { kind: string } | undefined,
  filtered: boolean,
): boolean {
  return filtered || !scope || scope.kind === 'all';
}

/** A change placed on the time grid of one day: minutes from the day's start, and its lane. */
export interface DayBlock<T> {
  item: T;
  /** Minutes after 00:00 UTC of the day where the block starts (0 when it began before). */
  top: number;
  /** Minutes it lasts within the day (at least 15, to stay readable). */
  height: number;
  /** Its column among the blocks it overlaps, and how many columns they need. */
  lane: number;
  lanes: number;
}

const MINUTES_PER_DAY = 24 * 60;
const MIN_BLOCK_MINUTES = 15;

/**
 * Lays out the changes of one day on a time grid: each covers the part of its
 * window within the day; overlapping ones sit side by side, each in the first
 * free lane, and every block of an overlapping cluster shares its lane count.
 */
export function dayBlocks<
  T extends { plannedStart?: string | null; plannedEnd?: string | null },
>(items: readonly T[], day: number): Array<DayBlock<T>> {
  const placed = items
    .filter(i => coversDay(i.plannedStart, i.plannedEnd, day))
    .map(item => {
      const start = Date.parse(item.plannedStart!);
      let end = item.plannedEnd ? Date.parse(item.plannedEnd) : NaN;
      if (Number.isNaN(end) || end <= start) end = start + 60_000;
      const from = Math.max(0, (start - day) / 60_000);
      const to = Math.min(MINUTES_PER_DAY, (end - day) / 60_000);
      const top = Math.min(from, MINUTES_PER_DAY - MIN_BLOCK_MINUTES);
      return {
        item,
        top,
        height: Math.max(MIN_BLOCK_MINUTES, to - top),
        lane: 0,
        lanes: 1,
      };
    })
    .sort((a, b) => a.top - b.top || b.height - a.height);
  let cluster: Array<DayBlock<T>> = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = Math.max(1, ...cluster.map(b => b.lane + 1));
    for (const b of cluster) b.lanes = lanes;
    cluster = [];
  };
  for (const block of placed) {
    if (block.top >= clusterEnd) close();
    const busy = new Set(
      cluster.filter(b => b.top + b.height > block.top).map(b => b.lane),
    );
    let lane = 0;
    while (busy.has(lane)) lane += 1;
    block.lane = lane;
    cluster.push(block);
    clusterEnd = Math.max(clusterEnd, block.top + block.height);
  }
  close();
  return placed;
}
