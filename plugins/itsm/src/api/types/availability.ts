import type {
  AvailabilityResult,
  ItsmOpenApi,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * The query of `GET /availability`, as the API document declares it: the
 * catalog entity measured, the period (ISO 8601, `from` inclusive, `to`
 * exclusive) and the size of each bucket of `series` (day by default).
 *
 * @public
 */
export type AvailabilityQuery = ItsmOpenApi.GetAvailability['query'];

/**
 * The granularity of an availability series.
 *
 * @public
 */
export type AvailabilityGranularity = NonNullable<
  AvailabilityQuery['granularity']
>;

/**
 * One bucket of an availability series. The figures are those of
 * `AvailabilityResult` (itsm-common) as computed: minutes may be fractional,
 * `availability` is a percent (0..100).
 *
 * @public
 */
export interface AvailabilityPoint
  extends Pick<
    AvailabilityResult,
    'availability' | 'downtimeMinutes' | 'agreedMinutes'
  > {
  from: string;
  to: string;
}

/**
 * The availability of an entity measured with the service hours of an SLA
 * covering it (the figure the SLA's target is judged by).
 *
 * @public
 */
export interface AvailabilitySla
  extends Pick<
    AvailabilityResult,
    'availability' | 'agreedMinutes' | 'downtimeMinutes'
  > {
  key: string;
  title: string;
  calendar: string;
  /** The SLA's availability target, in percent. */
  target: number;
  met: boolean;
}

/**
 * What `GET /availability` answers: the availability of one entity over a
 * period, within its service hours, with approved change windows excluded
 * from downtime (`outages` counts the distinct down periods that cost
 * downtime; `degradedMinutes` is degraded service time outside approved
 * windows; the means are `null` when the period had no outage).
 *
 * @public
 */
export interface AvailabilityResponse
  extends Pick<
    AvailabilityResult,
    | 'agreedMinutes'
    | 'downtimeMinutes'
    | 'availability'
    | 'outages'
    | 'mttrMinutes'
    | 'mtbfMinutes'
    | 'mtbsiMinutes'
    | 'degradedMinutes'
  > {
  entityRef: string;
  from: string;
  to: string;
  series: AvailabilityPoint[];
  /** Each active SLA covering the entity, measured with its own service hours. */
  slas?: AvailabilitySla[];
}
