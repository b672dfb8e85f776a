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

/**
 * Why implementation may not start at `now` (epoch ms) in the approved
 * window: it has not opened yet, or it has closed (then the window moves and
 * approval is asked again). Undefined inside the window `[start, end)`.
 *
 * @public
 */
export function outsideWindowReason(
  window: TimeWindow | undefined,
  now: number,
): string | undefined {
  if (!window) return 'the change has no approved window';
  const at = (ms: number) => new Date(ms).toISOString();
  if (now < window.start) {
    return `implementation starts only inside the approved window ${at(
      window.start,
    )} to ${at(window.end)}, which has not opened yet (it is ${at(now)})`;
  }
  if (now >= window.end) {
    return `implementation starts only inside the approved window ${at(
      window.start,
    )} to ${at(window.end)}, which closed (it is ${at(
      now,
    )}); move the window, which asks for approval again`;
  }
  return undefined;
}

/**
 * Why implementation may not be reported done at `now` (epoch ms): the
 * approved window closed before it, so the production transfer ran out of
 * the window, and that requires approval again (process model, change
 * management). Undefined up to and including the window's end, and when
 * the change has no window (the plan guards ask for one before approval).
 *
 * @public
 */
export function overranWindowReason(
  window: TimeWindow | undefined,
  now: number,
): string | undefined {
  if (!window || now <= window.end) return undefined;
  const at = (ms: number) => new Date(ms).toISOString();
  return `the approved window ${at(window.start)} to ${at(
    window.end,
  )} closed before the implementation was done (it is ${at(
    now,
  )}); a transfer to production out of the approved window requires approval again: request approval again and move the window`;
}
