import { PRIORITIES, Priority } from '@backstage-itsm/plugin-itsm-common';
import { KpiCounts } from '../store/types';
import {
  ItsmReleaseKpis,
  NO_RELEASE_COUNTS,
  releaseKpisOf,
} from './releaseFigures';

export type { ItsmReleaseKpis } from './releaseFigures';

/**
 * The process figures (KPIs) as `GET /kpis` answers them. Counts are counts
 * (0 when nothing matches); a rate or mean with nothing to measure is null.
 * Each figure is defined in docs/kpis.md.
 */
export interface ItsmKpis {
  /** The period of the period figures, `[from, to)`. */
  from: string;
  to: string;
  /** The entities the figures are restricted to (empty: all). */
  entityRefs: string[];
  incidents: {
    /** Incidents open now (new, assigned, in progress, pending). */
    open: { total: number; byPriority: Record<Priority, number> };
    /** Incidents reported (created) in the period. */
    reported: number;
    /** Incidents that reached resolved in the period, whatever their state now. */
    resolved: number;
    /** Mean time from report to that resolution, in milliseconds. */
    meanTimeToResolveMs: number | null;
    /** Of the incidents resolved in the period, those ever reopened. */
    reopened: number;
    reopenRate: number | null;
    /** Send-backs of the incidents reported in the period. */
    sendBacks: number;
    /** Reassignments of the incidents reported in the period. */
    reassignments: number;
    /** Incidents reported in the period that were escalated to the service owner. */
    escalations: number;
    /** Major incidents reported in the period. */
    major: number;
  };
  problems: { open: number; knownErrors: number; impasse: number };
  changes: {
    /** Changes closed in the period, by outcome. */
    closed: number;
    successful: number;
    failed: number;
    backedOut: number;
    withoutOutcome: number;
    /** successful / (successful + failed + backedOut). */
    successRate: number | null;
    /** Changes closed in the period named as its cause by an incident. */
    causedIncidents: number;
    /** Changes reported (created) in the period, and the emergencies among them. */
    reported: number;
    emergency: number;
    emergencyRatio: number | null;
  };
  slas: { active: number };
  releases: ItsmReleaseKpis;
}

/** Counts of nothing: what a caller who may read no record is answered. */
export const NO_COUNTS: KpiCounts = {
  openIncidents: {},
  openProblems: {},
  activeSlas: 0,
  reportedIncidents: {
    count: 0,
    sendBacks: 0,
    reassignments: 0,
    escalated: 0,
    major: 0,
  },
  resolvedIncidents: { count: 0, meanMs: null, reopened: 0 },
  closedChanges: {
    count: 0,
    successful: 0,
    failed: 0,
    backedOut: 0,
    causedIncidents: 0,
  },
  reportedChanges: { count: 0, emergency: 0 },
  releases: NO_RELEASE_COUNTS,
};

/** part / whole, or null when the whole is empty. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The figures of the counts. */
export function kpisOf(
  counts: KpiCounts,
  scope: { from: string; to: string; entityRefs: string[] },
): ItsmKpis {
  const byPriority = Object.fromEntries(
    PRIORITIES.map(p => [p, counts.openIncidents[p] ?? 0]),
  ) as Record<Priority, number>;
  const sum = (values: Record<string, number>) =>
    Object.values(values).reduce((a, b) => a + b, 0);
  const resolved = counts.resolvedIncidents;
  const closed = counts.closedChanges;
  const withOutcome = closed.successful + closed.failed + closed.backedOut;
  const problems = counts.openProblems;
  return {
    ...scope,
    incidents: {
      open: { total: sum(counts.openIncidents), byPriority },
      reported: counts.reportedIncidents.count,
      resolved: resolved.count,
      meanTimeToResolveMs: resolved.count > 0 ? resolved.meanMs : null,
      reopened: resolved.reopened,
      reopenRate: ratio(resolved.reopened, resolved.count),
      sendBacks: counts.reportedIncidents.sendBacks,
      reassignments: counts.reportedIncidents.reassignments,
      escalations: counts.reportedIncidents.escalated,
      major: counts.reportedIncidents.major,
    },
    problems: {
      open: sum(problems),
      knownErrors: problems.known_error ?? 0,
      impasse: problems.impasse ?? 0,
    },
    changes: {
      closed: closed.count,
      successful: closed.successful,
      failed: closed.failed,
      backedOut: closed.backedOut,
      withoutOutcome: closed.count - withOutcome,
      successRate: ratio(closed.successful, withOutcome),
      causedIncidents: closed.causedIncidents,
      reported: counts.reportedChanges.count,
      emergency: counts.reportedChanges.emergency,
      emergencyRatio: ratio(
        counts.reportedChanges.emergency,
        counts.reportedChanges.count,
      ),
    },
    slas: { active: counts.activeSlas },
    releases: releaseKpisOf(counts.releases),
  };
}
