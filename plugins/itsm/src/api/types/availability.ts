/**
 * The granularity of an availability series.
 *
 * @public
 */
export type AvailabilityGranularity = 'day' | 'week' | 'month';

/**
 * The query of `GET /availability`.
 *
 * @public
 */
export interface AvailabilityQuery {
  /** The catalog entity measured. */
  entityRef: string;
  /** Start of the period, ISO 8601 (inclusive). */
  from: string;
  /** End of the period, ISO 8601 (exclusive). */
  to: string;
  /** The size of each bucket of `series`. */
  granularity: AvailabilityGranularity;
}

/**
 * One bucket of an availability series.
 *
 * @public
 */
export interface AvailabilityPoint {
  from: string;
  to: string;
  /** Percent, 0..100. */
  availability: number;
  downtimeMinutes: number;
  agreedMinutes: number;
}

/**
 * What `GET /availability` answers: the availability of one entity over a
 * period, within its service hours, with approved change windows excluded
 * from downtime. Minutes may be fractional; the means are `null` when the
 * period had no outage.
 *
 * @public
 */
export interface AvailabilityResponse {
  entityRef: string;
  from: string;
  to: string;
  agreedMinutes: number;
  downtimeMinutes: number;
  /** (agreed - downtime) / agreed, in percent (0..100). */
  availability: number;
  /** Number of distinct down periods that cost downtime. */
  outages: number;
  mttrMinutes: number | null;
  mtbfMinutes: number | null;
  mtbsiMinutes: number | null;
  /** Degraded (not down) service time outside approved windows. */
  degradedMinutes: number;
  series: AvailabilityPoint[];
  /**
   * Each active SLA covering the entity, measured with that SLA's own
   * service hours (the figure its target is judged by).
   */
  slas?: Array<{
    key: string;
    title: string;
    calendar: string;
    target: number;
    availability: number;
    agreedMinutes: number;
    downtimeMinutes: number;
    met: boolean;
  }>;
}
