import type { Priority } from '../priority';
import { INCIDENT_PENDING_STATE, isSlaClockRunning } from '../stateMachines';
import {
  ServiceCalendar,
  addServiceMinutes,
  hasServiceTime,
  serviceIntervals,
} from './calendar';
import { DEFAULT_DANGER_THRESHOLD, clockWarningThresholds } from './danger';
import {
  Interval,
  MINUTE_MS,
  instantAfterElapsed,
  subtractIntervals,
  totalMs,
} from './intervals';

/**
 * The default warning thresholds of SLA clocks, as fractions of the target:
 * the default danger threshold (75 %) and the breach (100 %). With a
 * configured danger threshold use {@link clockWarningThresholds}.
 *
 * @public
 */
export const DEFAULT_SLA_THRESHOLDS: readonly number[] = clockWarningThresholds(
  DEFAULT_DANGER_THRESHOLD,
);

/**
 * A period in which an SLA clock is paused (the incident is pending), in
 * epoch milliseconds; `end: null` while the pause lasts.
 *
 * @public
 */
export interface PauseInterval {
  start: number;
  end: number | null;
}

/**
 * What {@link computeSlaClock} evaluates.
 *
 * @public
 */
export interface SlaClockInput {
  /** The SLA's service hours; only service time counts. */
  calendar: ServiceCalendar;
  /** The target in service minutes (> 0). */
  targetMinutes: number;
  /** When the clock started (incident registration), epoch ms. */
  startedAt: number;
  /** When the clock stopped (response or resolution), epoch ms; absent or `null` while it runs. */
  stoppedAt?: number | null;
  /** Pending periods; an open pause (`end: null`) lasts until now (or the stop). */
  pauses?: readonly PauseInterval[];
  /** The evaluation instant, epoch ms. */
  now: number;
  /** Warning thresholds as fractions of the target (> 0); default {@link DEFAULT_SLA_THRESHOLDS}. */
  thresholds?: readonly number[];
}

/**
 * - `ok`: running (or waiting for service hours), below every warning threshold;
 * - `warning`: running, past a threshold below 1 (default 75 %);
 * - `paused`: pending now and not breached;
 * - `breached`: the elapsed service time reached the target (also once stopped late);
 * - `met`: stopped before the target was reached.
 *
 * @public
 */
export type SlaClockState = 'ok' | 'warning' | 'breached' | 'paused' | 'met';

/**
 * When one warning threshold is or was crossed.
 *
 * @public
 */
export interface SlaThresholdStatus {
  /** Fraction of the target, e.g. 0.75. */
  threshold: number;
  /** Whether the elapsed service time has reached it. */
  crossed: boolean;
  /**
   * The instant it was crossed; when not yet crossed, the projected instant
   * assuming the clock runs from now on without further pauses; `null` when
   * it will never be crossed (the clock stopped first, or the calendar has
   * no service time).
   */
  at: number | null;
}

/**
 * The state of one SLA clock at `now`.
 *
 * @public
 */
export interface SlaClock {
  targetMinutes: number;
  /** Service time elapsed since the start, excluding pauses (minutes, fractional). */
  elapsedMinutes: number;
  /** `elapsedMinutes / targetMinutes x 100`; above 100 once breached. */
  elapsedPercent: number;
  /** Service minutes left until the target; never negative. */
  remainingMinutes: number;
  /**
   * The instant the target is or was reached, counting service time only and
   * excluding pauses. Past once breached; `null` when the clock stopped
   * before the target (met). While running, and also while paused, it is
   * projected assuming the clock runs from now on without further pauses
   * (for a paused clock: the breach time if it resumed now). `null` too when
   * the calendar has no service time at all.
   */
  breachAt: number | null;
  state: SlaClockState;
  stopped: boolean;
  /** Whether a pause covers `now` (false once stopped). */
  paused: boolean;
  /** The thresholds reached so far, ascending. */
  crossedThresholds: number[];
  /** Every threshold with the instant it is or was crossed, ascending. */
  thresholds: SlaThresholdStatus[];
}

function normaliseThresholds(thresholds: readonly number[]): number[] {
  for (const t of thresholds) {
    if (!Number.isFinite(t) || t <= 0) {
      throw new RangeError(
        `SLA threshold ${t} must be a positive fraction of the target`,
      );
    }
  }
  return [...new Set(thresholds)].sort((a, b) => a - b);
}

/**
 * Evaluates an SLA clock at `now`. Pure: the caller passes `now`.
 *
 * The clock counts the calendar's service time between `startedAt` and
 * `stoppedAt` (or `now` while it runs), minus the pauses. Pauses are clipped
 * to that span; an open pause ends at `now` (or at the stop). The state is
 * `breached` once the elapsed service time reaches the target, whatever else
 * holds (a breached clock stays breached when paused or stopped); otherwise
 * `met` when stopped, `paused` when a pause covers `now`, `warning` when a
 * threshold below 1 was crossed, else `ok`. See {@link SlaClock.breachAt} for
 * how the breach time is projected.
 *
 * Durations are taken to whole milliseconds.
 *
 * @throws RangeError when the target is not a positive finite number of
 *   minutes or a threshold is not positive.
 * @public
 */
export function computeSlaClock(input: SlaClockInput): SlaClock {
  const { calendar, targetMinutes, startedAt, now } = input;
  if (!Number.isFinite(targetMinutes) || targetMinutes <= 0) {
    throw new RangeError(
      `SLA target ${targetMinutes} must be a positive number of minutes`,
    );
  }
  const thresholds = normaliseThresholds(
    input.thresholds ?? DEFAULT_SLA_THRESHOLDS,
  );
  const stopped = input.stoppedAt !== undefined && input.stoppedAt !== null;
  const end = Math.max(startedAt, stopped ? (input.stoppedAt as number) : now);
  const pauses = input.pauses ?? [];

  const pauseIntervals: Interval[] = pauses.map(p => ({
    start: p.start,
    end: p.end ?? end,
  }));
  const running = subtractIntervals(
    serviceIntervals(calendar, startedAt, end),
    pauseIntervals,
  );
  const elapsedMs = totalMs(running);
  const targetMs = Math.max(1, Math.round(targetMinutes * MINUTE_MS));
  const breached = elapsedMs >= targetMs;
  const paused =
    !stopped &&
    now >= startedAt &&
    pauses.some(p => p.start <= now && (p.end === null || p.end > now));
  const projectFrom = Math.max(now, startedAt);
  const canProject = hasServiceTime(calendar);

  const instantOf = (ms: number): number | null => {
    if (elapsedMs >= ms) return instantAfterElapsed(running, ms) ?? startedAt;
    if (stopped || !canProject) return null;
    return addServiceMinutes(
      calendar,
      projectFrom,
      (ms - elapsedMs) / MINUTE_MS,
    );
  };

  const statuses: SlaThresholdStatus[] = thresholds.map(threshold => {
    const ms = Math.max(1, Math.round(threshold * targetMs));
    return { threshold, crossed: elapsedMs >= ms, at: instantOf(ms) };
  });
  const crossedThresholds = statuses
    .filter(s => s.crossed)
    .map(s => s.threshold);

  let state: SlaClockState;
  if (breached) state = 'breached';
  else if (stopped) state = 'met';
  else if (paused) state = 'paused';
  else if (crossedThresholds.some(t => t < 1)) state = 'warning';
  else state = 'ok';

  return {
    targetMinutes,
    elapsedMinutes: elapsedMs / MINUTE_MS,
    elapsedPercent: (elapsedMs / targetMs) * 100,
    remainingMinutes: Math.max(0, targetMs - elapsedMs) / MINUTE_MS,
    breachAt: instantOf(targetMs),
    state,
    stopped,
    paused,
    crossedThresholds,
    thresholds: statuses,
  };
}

/**
 * The thresholds a clock has crossed that were not notified yet, ascending;
 * lets a notifier fire each warning exactly once.
 *
 * @param clock - the clock evaluated now
 * @param notified - the thresholds already notified for this clock
 * @public
 */
export function thresholdsToNotify(
  clock: Pick<SlaClock, 'crossedThresholds'>,
  notified: readonly number[],
): number[] {
  return clock.crossedThresholds.filter(t => !notified.includes(t));
}

/**
 * One state transition of an incident, with `at` in epoch milliseconds.
 *
 * @public
 */
export interface StateTransition {
  at: number;
  from: string;
  to: string;
}

function transitionsUntil(
  history: readonly StateTransition[],
  now: number,
): StateTransition[] {
  // Stable sort keeps the recorded order of transitions at the same instant.
  return history
    .filter(t => t.at <= now)
    .map((t, index) => ({ t, index }))
    .sort((a, b) => a.t.at - b.t.at || a.index - b.index)
    .map(({ t }) => t);
}

/**
 * Derives the pending periods (SLA clock pauses) of an incident from its
 * state-transition history, as of `now`: entering
 * {@link INCIDENT_PENDING_STATE} starts a pause, leaving it ends it.
 * Transitions after `now` are ignored; a pause still open at `now` has
 * `end: null`. The history may be unsorted; transitions at the same instant
 * keep their recorded order. Only the target state of each transition is
 * read, so a history with gaps still gives sensible pauses.
 *
 * @public
 */
export function incidentPauses(
  history: readonly StateTransition[],
  now: number,
): PauseInterval[] {
  const pauses: PauseInterval[] = [];
  let openSince: number | null = null;
  for (const t of transitionsUntil(history, now)) {
    const pending = t.to === INCIDENT_PENDING_STATE;
    if (pending && openSince === null) {
      openSince = t.at;
    } else if (!pending && openSince !== null) {
      if (t.at > openSince) pauses.push({ start: openSince, end: t.at });
      openSince = null;
    }
  }
  if (openSince !== null) pauses.push({ start: openSince, end: null });
  return pauses;
}

/**
 * The span of an incident's resolution clock, ready for
 * {@link computeSlaClock}.
 *
 * @public
 */
export interface IncidentClockSpan {
  startedAt: number;
  stoppedAt: number | null;
  pauses: PauseInterval[];
}

/**
 * Derives the resolution clock's span from an incident's registration time
 * and state-transition history, as of `now` *(our choice for reopening)*:
 *
 * - the clock starts at registration and runs while the incident is in a
 *   state where {@link isSlaClockRunning} holds;
 * - it pauses while the incident is pending;
 * - it stops when the incident enters any other state (resolved, closed,
 *   cancelled);
 * - when a resolved incident is reopened, the clock resumes: the time it
 *   spent resolved becomes a pause and `stoppedAt` is cleared, so the
 *   requester's verification time never counts against the resolver.
 *
 * @public
 */
export function incidentResolutionClockSpan(
  registeredAt: number,
  history: readonly StateTransition[],
  now: number,
): IncidentClockSpan {
  type Phase = 'running' | 'pending' | 'stopped';
  const phaseOf = (state: string): Phase => {
    if (isSlaClockRunning(state)) return 'running';
    return state === INCIDENT_PENDING_STATE ? 'pending' : 'stopped';
  };
  const pauses: PauseInterval[] = [];
  let phase: Phase = 'running';
  let since = registeredAt;
  const addPause = (start: number, end: number) => {
    if (end > start) pauses.push({ start, end });
  };
  for (const t of transitionsUntil(history, now)) {
    const next = phaseOf(t.to);
    const at = Math.max(t.at, registeredAt);
    if (next === phase) continue;
    if (phase === 'pending' && next === 'running') addPause(since, at);
    if (phase === 'pending' && next === 'stopped') addPause(since, at);
    if (phase === 'stopped' && next === 'running') addPause(since, at);
    // stopped -> pending: the pause continues from the stop.
    if (!(phase === 'stopped' && next === 'pending')) since = at;
    phase = next;
  }
  if (phase === 'pending') pauses.push({ start: since, end: null });
  return {
    startedAt: registeredAt,
    stoppedAt: phase === 'stopped' ? since : null,
    pauses,
  };
}

/**
 * The two SLA clocks of an incident.
 *
 * @public
 */
export type SlaClockKind = 'response' | 'resolution';

/**
 * The time targets of an SLA, per priority, in service minutes (the shape of
 * an SLA record's `targets`).
 *
 * @public
 */
export interface SlaTimeTargets {
  responseMinutes: Record<Priority, number>;
  resolutionMinutes: Record<Priority, number>;
}

/**
 * The target in service minutes of an incident's response or resolution
 * clock for its priority.
 *
 * @public
 */
export function slaTargetMinutes(
  targets: SlaTimeTargets,
  priority: Priority,
  kind: SlaClockKind,
): number {
  return kind === 'response'
    ? targets.responseMinutes[priority]
    : targets.resolutionMinutes[priority];
}
