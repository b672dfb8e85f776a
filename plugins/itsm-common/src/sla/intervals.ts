import { DateTime } from 'luxon';

/**
 * Half-open time interval `[start, end)` in epoch milliseconds.
 *
 * Intervals whose `end` is not after `start` are empty; every function in this
 * module ignores them.
 *
 * @public
 */
export interface Interval {
  /** Inclusive start, epoch milliseconds. */
  start: number;
  /** Exclusive end, epoch milliseconds. */
  end: number;
}

/**
 * One minute in milliseconds.
 *
 * @public
 */
export const MINUTE_MS = 60_000;

/**
 * Converts an instant to epoch milliseconds. Numbers are taken as epoch
 * milliseconds; strings must be ISO 8601. An ISO string without an offset is
 * read as UTC (never as the machine's local time), so the result is the same
 * everywhere.
 *
 * @throws RangeError when the value is not a finite number or a valid ISO
 *   string.
 * @public
 */
export function toEpochMs(instant: number | string | Date): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) {
      throw new RangeError(`${instant} is not a valid instant`);
    }
    return instant;
  }
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
    return ms;
  }
  const parsed = DateTime.fromISO(instant, { zone: 'utc' });
  if (!parsed.isValid) {
    throw new RangeError(`"${instant}" is not a valid ISO 8601 instant`);
  }
  return parsed.toMillis();
}

/**
 * Formats epoch milliseconds as an ISO 8601 UTC string, e.g.
 * `2026-03-29T01:00:00.000Z`.
 *
 * @public
 */
export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function nonEmpty(list: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of list) {
    // `!(end > start)` also drops NaN bounds.
    if (i.end > i.start) out.push({ start: i.start, end: i.end });
  }
  return out;
}

/**
 * Normalises a list of intervals: drops empty ones, sorts by start and merges
 * overlapping and touching intervals (`[1,2)` and `[2,3)` become `[1,3)`).
 * The input may be unsorted and overlapping; it is not modified.
 *
 * Every other function of this module returns normalised lists.
 *
 * @public
 */
export function unionIntervals(list: readonly Interval[]): Interval[] {
  const sorted = nonEmpty(list).sort(
    (a, b) => a.start - b.start || a.end - b.end,
  );
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else {
      out.push(i);
    }
  }
  return out;
}

/**
 * The instants that lie in both `a` and `b`, normalised.
 *
 * @public
 */
export function intersectIntervals(
  a: readonly Interval[],
  b: readonly Interval[],
): Interval[] {
  const x = unionIntervals(a);
  const y = unionIntervals(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i].start, y[j].start);
    const end = Math.min(x[i].end, y[j].end);
    if (end > start) out.push({ start, end });
    if (x[i].end < y[j].end) i++;
    else j++;
  }
  return out;
}

/**
 * The instants that lie in `a` but not in `b`, normalised.
 *
 * @public
 */
export function subtractIntervals(
  a: readonly Interval[],
  b: readonly Interval[],
): Interval[] {
  const x = unionIntervals(a);
  const y = unionIntervals(b);
  const out: Interval[] = [];
  let j = 0;
  for (const interval of x) {
    let cursor = interval.start;
    while (j < y.length && y[j].end <= cursor) j++;
    let k = j;
    while (k < y.length && y[k].start < interval.end) {
      if (y[k].start > cursor) out.push({ start: cursor, end: y[k].start });
      cursor = Math.max(cursor, y[k].end);
      if (cursor >= interval.end) break;
      k++;
    }
    if (cursor < interval.end) out.push({ start: cursor, end: interval.end });
  }
  return out;
}

/**
 * The part of the intervals that lies in `[from, to)`, normalised.
 *
 * @public
 */
export function clipIntervals(
  list: readonly Interval[],
  from: number,
  to: number,
): Interval[] {
  return intersectIntervals(list, [{ start: from, end: to }]);
}

/**
 * Total length in milliseconds of the union of the intervals (overlaps are
 * counted once).
 *
 * @public
 */
export function totalMs(list: readonly Interval[]): number {
  let sum = 0;
  for (const i of unionIntervals(list)) sum += i.end - i.start;
  return sum;
}

/**
 * Total length in minutes (fractional) of the union of the intervals
 * (overlaps are counted once).
 *
 * @public
 */
export function totalMinutes(list: readonly Interval[]): number {
  return totalMs(list) / MINUTE_MS;
}

/**
 * The earliest instant at which `ms` milliseconds of the given intervals have
 * elapsed, walking them from the earliest; `null` when they hold less than
 * that. For `ms <= 0` it is the start of the first interval (or `null` when
 * there is none).
 *
 * @public
 */
export function instantAfterElapsed(
  list: readonly Interval[],
  ms: number,
): number | null {
  let remaining = Math.max(0, ms);
  for (const i of unionIntervals(list)) {
    const length = i.end - i.start;
    if (remaining <= length) return i.start + remaining;
    remaining -= length;
  }
  return null;
}
