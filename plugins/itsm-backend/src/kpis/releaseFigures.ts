import { ReleaseKpiCounts } from '../store/types';

/** One CAB meeting closed in the period and what it decided. */
export interface ItsmCabMeetingKpis {
  key: string;
  closedAt: string;
  included: number;
  rejected: number;
  carriedOver: number;
}

/**
 * The release figures of `GET /kpis` (docs/kpis.md, "Releases"). Counts are
 * counts; a rate with nothing to measure is null.
 */
export interface ItsmReleaseKpis {
  cabMeetings: {
    /** CAB meetings closed in the period. */
    closed: number;
    /** RFCs included, rejected and carried over (outcome backlog), summed over them. */
    included: number;
    rejected: number;
    carriedOver: number;
    /** The latest 50 of them, newest first (the totals cover all). */
    latest: ItsmCabMeetingKpis[];
  };
  /** RFCs closed as fulfilled in the period. */
  rfcsFulfilled: number;
  /** RFCs returned to the backlog by a release's end of coordination in the period. */
  rfcsReturnedUnmet: number;
  /** rfcsFulfilled / (rfcsFulfilled + rfcsReturnedUnmet). */
  requirementsFulfilledRate: number | null;
  /** Business cases sent back for adjustment, and finally rejected, in the period. */
  businessCases: { sentBack: number; rejected: number };
  /** Changes added to release plans in the period after a partial failure. */
  additionalChanges: { total: number; finish: number; backout: number };
  /** Releases that finished coordination in the period. */
  coordinationFinished: number;
  /** Of those, the ones with a target date, and those on or before it. */
  withTargetDate: number;
  onTime: number;
  /** onTime / withTargetDate. */
  onTimeRate: number | null;
}

/** Release counts of nothing. */
export const NO_RELEASE_COUNTS: ReleaseKpiCounts = {
  cabMeetings: {
    closed: 0,
    included: 0,
    rejected: 0,
    carriedOver: 0,
    latest: [],
  },
  rfcsFulfilled: 0,
  rfcsReturnedUnmet: 0,
  businessCases: { sentBack: 0, rejected: 0 },
  additionalChanges: { finish: 0, backout: 0 },
  coordinationFinished: { count: 0, withTargetDate: 0, onTime: 0 },
};

const rate = (part: number, whole: number): number | null =>
  whole > 0 ? part / whole : null;

/** The release figures of the counts. */
export function releaseKpisOf(counts: ReleaseKpiCounts): ItsmReleaseKpis {
  const { additionalChanges, coordinationFinished: finished } = counts;
  return {
    cabMeetings: {
      ...counts.cabMeetings,
      latest: counts.cabMeetings.latest.map(m => ({ ...m })),
    },
    rfcsFulfilled: counts.rfcsFulfilled,
    rfcsReturnedUnmet: counts.rfcsReturnedUnmet,
    requirementsFulfilledRate: rate(
      counts.rfcsFulfilled,
      counts.rfcsFulfilled + counts.rfcsReturnedUnmet,
    ),
    businessCases: { ...counts.businessCases },
    additionalChanges: {
      total: additionalChanges.finish + additionalChanges.backout,
      ...additionalChanges,
    },
    coordinationFinished: finished.count,
    withTargetDate: finished.withTargetDate,
    onTime: finished.onTime,
    onTimeRate: rate(finished.onTime, finished.withTargetDate),
  };
}
