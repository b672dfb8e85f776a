/**
 * Periods of changes and freezes: when two of them overlap, and the
 * implementation window of a change.
 */

/** A period `[start, end)` in epoch milliseconds. @public */
export interface TimeWindow {
  start: number;
  end: number;
}

/**
 * Windows overlap when each starts before the other ends: windows that only
 * touch (one ends when the other starts) do not.
 *
 * @public
 */
export function windowsOverlap(a: TimeWindow, b: TimeWindow): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * The implementation window of a change from its `plannedStart` and
 * `plannedEnd` (ISO 8601), or undefined while either is missing or is no
 * instant.
 *
 * @public
 */
export function changeWindowOf(change: {
  plannedStart?: unknown;
  plannedEnd?: unknown;
}): TimeWindow | undefined {
  const { plannedStart, plannedEnd } = change;
  if (!plannedStart || !plannedEnd) return undefined;
  const start = Date.parse(String(plannedStart));
  const end = Date.parse(String(plannedEnd));
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return { start, end };
}
