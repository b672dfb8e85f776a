import { DateTime, DurationLikeObject } from 'luxon';
import type { Outage } from '../records';
import {
  ServiceCalendar,
  calendarTimeZone,
  serviceIntervals,
} from './calendar';
import {
  Interval,
  MINUTE_MS,
  clipIntervals,
  intersectIntervals,
  subtractIntervals,
  toEpochMs,
  totalMs,
  unionIntervals,
} from './intervals';

/**
 * One outage of a service or entity, as recorded on an incident.
 *
 * @public
 */
export interface OutagePeriod {
  /** `down` costs availability; `degraded` is only reported. */
  kind: 'down' | 'degraded';
  /** Epoch milliseconds. */
  start: number;
  /** Epoch milliseconds; `null` while the outage lasts (taken as the period's end). */
  end: number | null;
  /** The incident that recorded the outage. */
  incidentKey?: string;
}

/**
 * What {@link computeAvailability} measures.
 *
 * @public
 */
export interface AvailabilityInput {
  /** The service hours of the SLA (or entity) measured. */
  calendar: ServiceCalendar;
  /** Start of the period, epoch milliseconds (inclusive). */
  from: number;
  /** End of the period, epoch milliseconds (exclusive). */
  to: number;
  /** Outages; may be unsorted, overlapping and reach outside the period. */
  outages: readonly OutagePeriod[];
  /** Approved implementation windows of changes on the measured entity. */
  maintenance?: readonly Interval[];
}

/**
 * Availability figures for a period. Minutes are fractional.
 *
 * Definitions:
 *
 * - `agreedMinutes`: the service time of the calendar inside the period
 *   (the SLA's service hours). Approved change windows are **not** removed
 *   from it; they excuse downtime instead (next items). This is the model's
 *   formula read literally, and the only reading under which both "adding an
 *   approved window never lowers availability" and "an outage entirely
 *   inside an approved window costs exactly nothing" hold. (ITIL's variant,
 *   agreed time minus the windows, lowers the figure whenever a window is
 *   declared while the service runs: 30 days with 43.2 minutes down is
 *   99.9 %, but declaring a 10-day window in which nothing happened would
 *   make it 99.85 %.)
 * - `downtimeMinutes`: the union of `down` outages inside service time,
 *   excluding approved change windows.
 * - `maintenanceMinutes`: service time covered by approved change windows.
 * - `excusedMinutes`: downtime that fell inside approved change windows and
 *   therefore does not count.
 * - `availability` = (agreed - downtime) / agreed x 100, in percent;
 *   100 when `agreedMinutes` is 0.
 * - `outages`: number of distinct down periods (the union of `down`
 *   outages, so overlapping or touching outages count once) that cost any
 *   downtime. A down period that spans the night of a business-hours calendar
 *   is still one outage.
 * - `mttrMinutes`: mean time to restore service = downtime / outages (the
 *   mean service-time duration of the counted down periods).
 * - `mtbfMinutes`: mean time between failures, the mean uptime between
 *   them = (agreed - downtime) / outages.
 * - `mtbsiMinutes`: mean time between service incidents = agreed / outages
 *   (= MTBF + MTTR).
 *
 * The means are `null` when there was no outage.
 *
 * @public
 */
export interface AvailabilityResult {
  from: number;
  to: number;
  agreedMinutes: number;
  maintenanceMinutes: number;
  excusedMinutes: number;
  downtimeMinutes: number;
  /** Degraded (not down) service time outside approved windows. */
  degradedMinutes: number;
  /** Percent, 0..100. */
  availability: number;
  outages: number;
  mttrMinutes: number | null;
  mtbfMinutes: number | null;
  mtbsiMinutes: number | null;
  /** The downtime intervals counted (service time, outside approved windows). */
  downIntervals: Interval[];
  /** Keys of the incidents whose `down` outages cost downtime, sorted. */
  incidentKeys: string[];
}

function outageIntervals(
  outages: readonly OutagePeriod[],
  kind: OutagePeriod['kind'],
  from: number,
  to: number,
): Interval[] {
  return clipIntervals(
    outages
      .filter(o => o.kind === kind)
      .map(o => ({ start: o.start, end: o.end ?? to })),
    from,
    to,
  );
}

/**
 * Measures availability over `[from, to)` with the calendar's service hours.
 * See {@link AvailabilityResult} for every definition, in particular how
 * approved change windows (`maintenance`) are handled.
 *
 * @public
 */
export function computeAvailability(
  input: AvailabilityInput,
): AvailabilityResult {
  const { calendar, from, to, outages } = input;
  const service = serviceIntervals(calendar, from, to);
  const maintenance = clipIntervals(input.maintenance ?? [], from, to);

  const downRaw = outageIntervals(outages, 'down', from, to);
  const downInService = intersectIntervals(downRaw, service);
  const downIntervals = subtractIntervals(downInService, maintenance);
  const excused = intersectIntervals(downInService, maintenance);

  const degradedIntervals = subtractIntervals(
    intersectIntervals(outageIntervals(outages, 'degraded', from, to), service),
    [...maintenance, ...downRaw],
  );

  const agreedMs = totalMs(service);
  const downMs = totalMs(downIntervals);

  // A down period counts once when it costs any downtime.
  let count = 0;
  for (const period of downRaw) {
    if (intersectIntervals([period], downIntervals).length > 0) count++;
  }

  const incidentKeys = new Set<string>();
  for (const o of outages) {
    if (o.kind !== 'down' || o.incidentKey === undefined) continue;
    const own = [{ start: o.start, end: o.end ?? to }];
    if (intersectIntervals(own, downIntervals).length > 0) {
      incidentKeys.add(o.incidentKey);
    }
  }

  const agreedMinutes = agreedMs / MINUTE_MS;
  const downtimeMinutes = downMs / MINUTE_MS;
  const availability =
    agreedMs > 0
      ? Math.min(100, Math.max(0, ((agreedMs - downMs) / agreedMs) * 100))
      : 100;

  return {
    from,
    to,
    agreedMinutes,
    maintenanceMinutes:
      totalMs(intersectIntervals(service, maintenance)) / MINUTE_MS,
    excusedMinutes: totalMs(excused) / MINUTE_MS,
    downtimeMinutes,
    degradedMinutes: totalMs(degradedIntervals) / MINUTE_MS,
    availability,
    outages: count,
    mttrMinutes: count > 0 ? downtimeMinutes / count : null,
    mtbfMinutes: count > 0 ? (agreedMinutes - downtimeMinutes) / count : null,
    mtbsiMinutes: count > 0 ? agreedMinutes / count : null,
    downIntervals,
    incidentKeys: [...incidentKeys].sort(),
  };
}

/**
 * Bucket sizes of {@link availabilitySeries}.
 *
 * @public
 */
export type AvailabilityBucketSize = 'day' | 'week' | 'month' | 'quarter';

/**
 * One bucket of {@link availabilitySeries}.
 *
 * @public
 */
export interface AvailabilityBucket extends AvailabilityResult {
  /**
   * The bucket's local name: `2026-03-29` (day), `2026-W13` (ISO week),
   * `2026-03` (month), `2026-Q1` (quarter).
   */
  label: string;
}

const BUCKET_STEP: Record<AvailabilityBucketSize, DurationLikeObject> = {
  day: { days: 1 },
  week: { weeks: 1 },
  month: { months: 1 },
  quarter: { quarters: 1 },
};

function bucketLabel(start: DateTime, size: AvailabilityBucketSize): string {
  switch (size) {
    case 'day':
      return start.toFormat('yyyy-LL-dd');
    case 'week':
      return start.toFormat("kkkk-'W'WW");
    case 'month':
      return start.toFormat('yyyy-LL');
    case 'quarter':
    default:
      return start.toFormat("yyyy-'Q'q");
  }
}

/**
 * Splits `[from, to)` into local days, ISO weeks (Monday to Sunday), months
 * or quarters and measures each with {@link computeAvailability}. Boundaries
 * are local midnights in `timeZone` (default: the calendar's time zone, UTC
 * for 24x7), so DST days are 23 or 25 hours long. The first and last bucket
 * are cut at `from` and `to`.
 *
 * The minute figures of the buckets (agreed, maintenance, excused,
 * downtime, degraded) add up to those of the whole period. Outage counts do not: a
 * down period that spans a boundary counts once in each bucket it costs.
 *
 * @public
 */
export function availabilitySeries(
  input: AvailabilityInput & {
    bucket: AvailabilityBucketSize;
    timeZone?: string;
  },
): AvailabilityBucket[] {
  const { from, to, bucket } = input;
  const zone = input.timeZone ?? calendarTimeZone(input.calendar);
  const buckets: AvailabilityBucket[] = [];
  if (!(to > from)) return buckets;
  let start = DateTime.fromMillis(from, { zone }).startOf(bucket);
  while (start.toMillis() < to) {
    const next = start.plus(BUCKET_STEP[bucket]).startOf(bucket);
    const bucketFrom = Math.max(from, start.toMillis());
    const bucketTo = Math.min(to, next.toMillis());
    if (bucketTo > bucketFrom) {
      buckets.push({
        ...computeAvailability({ ...input, from: bucketFrom, to: bucketTo }),
        label: bucketLabel(start, bucket),
      });
    }
    if (next.toMillis() <= start.toMillis()) break; // guards against a zone bug
    start = next;
  }
  return buckets;
}

/**
 * A part of a system for {@link rollUpAvailability}.
 *
 * @public
 */
export interface AvailabilityPart {
  /** The part's catalog entity ref. */
  entityRef: string;
  /** Whether the system survives this part failing alone. */
  redundant: boolean;
  /** When the part was down (may be unsorted and overlapping). */
  downIntervals: readonly Interval[];
}

/**
 * The result of {@link rollUpAvailability}.
 *
 * @public
 */
export interface RolledUpAvailability {
  /** When the system was down (before service hours and change windows are applied). */
  downIntervals: Interval[];
  /** Entity refs of the parts whose downtime made the system down, sorted. */
  causes: string[];
  /** The system's availability measured from `downIntervals`. */
  availability: AvailabilityResult;
}

/**
 * Rolls a system's availability up from its parts, as a diagnostic.
 *
 * Rule: the system is down whenever a non-redundant part is down, and
 * whenever all redundant parts are down at the same time. Its downtime is
 * `union(non-redundant parts' downtime) ∪ intersection(redundant parts'
 * downtime)`; the intersection is empty when there is no redundant part (a
 * single redundant part therefore counts like a non-redundant one). The
 * result is measured like any entity with {@link computeAvailability},
 * with the given calendar and approved change windows.
 *
 * @public
 */
export function rollUpAvailability(
  parts: readonly AvailabilityPart[],
  options: Omit<AvailabilityInput, 'outages'>,
): RolledUpAvailability {
  const single = parts.filter(p => !p.redundant);
  const redundant = parts.filter(p => p.redundant);
  const singleDown = unionIntervals(single.flatMap(p => p.downIntervals));
  let allRedundantDown: Interval[] = [];
  if (redundant.length > 0) {
    allRedundantDown = redundant
      .slice(1)
      .reduce<Interval[]>(
        (acc, p) => intersectIntervals(acc, p.downIntervals),
        unionIntervals(redundant[0].downIntervals),
      );
  }
  const downIntervals = unionIntervals([...singleDown, ...allRedundantDown]);
  const availability = computeAvailability({
    ...options,
    outages: downIntervals.map(i => ({
      kind: 'down',
      start: i.start,
      end: i.end,
    })),
  });
  const causes = new Set<string>();
  for (const p of single) {
    if (
      intersectIntervals(p.downIntervals, availability.downIntervals).length > 0
    ) {
      causes.add(p.entityRef);
    }
  }
  if (
    intersectIntervals(allRedundantDown, availability.downIntervals).length > 0
  ) {
    for (const p of redundant) causes.add(p.entityRef);
  }
  return { downIntervals, causes: [...causes].sort(), availability };
}

/**
 * Converts an incident's recorded outage (ISO instants) into an
 * {@link OutagePeriod}.
 *
 * @public
 */
export function outagePeriodFromRecord(
  outage: Outage,
  incidentKey?: string,
): OutagePeriod {
  return {
    kind: outage.kind,
    start: toEpochMs(outage.start),
    end:
      outage.end === undefined || outage.end === null
        ? null
        : toEpochMs(outage.end),
    ...(incidentKey !== undefined ? { incidentKey } : {}),
  };
}
