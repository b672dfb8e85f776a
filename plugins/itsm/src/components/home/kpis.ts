import {
  ACTIVE_SLA_STATES,
  Change,
  Incident,
  OPEN_INCIDENT_STATES,
  OPEN_PROBLEM_STATES,
  PRIORITIES,
  Priority,
} from '@backstage-itsm/plugin-itsm-common';
import type { ItsmApi } from '../../api';

/** How many records the sampled figures look at (the API's largest page). */
export const SAMPLE_LIMIT = 500;

/** The process figures of the ITSM home. */
export interface ItsmKpis {
  openIncidents: { total: number; byPriority: Record<Priority, number> };
  /** Mean of stateChangedAt - createdAt over incidents now in `resolved`. */
  timeToResolve: { meanMs?: number; sampled: number; total: number };
  changes: {
    /** Closed changes in the sample, by outcome. */
    closedSampled: number;
    closedTotal: number;
    successful: number;
    failed: number;
    backedOut: number;
    withoutOutcome: number;
    successRate?: number;
    /** All changes in the sample, and how many of them are emergencies. */
    sampled: number;
    total: number;
    emergency: number;
    emergencyRatio?: number;
  };
  problems: { open: number; knownErrors: number; impasse: number };
  activeSlas: number;
}

/**
 * Mean time from report to resolution: for each incident whose current
 * state is `resolved`, `stateChangedAt` is the moment it was resolved.
 * Closed incidents are left out because their last state change is the
 * close, not the resolution.
 */
export function meanTimeToResolve(
  incidents: ReadonlyArray<
    Pick<Incident, 'state' | 'createdAt' | 'stateChangedAt'>
  >,
): number | undefined {
  const durations = incidents
    .filter(i => i.state === 'resolved')
    .map(i => Date.parse(i.stateChangedAt) - Date.parse(i.createdAt))
    .filter(d => Number.isFinite(d) && d >= 0);
  if (durations.length === 0) return undefined;
  return durations.reduce((a, b) => a + b, 0) / durations.length;
}

/** Outcome counts and success rate of closed changes. */
export function changeOutcomes(
  changes: ReadonlyArray<Pick<Change, 'state' | 'outcome'>>,
) {
  const closed = changes.filter(c => c.state === 'closed');
  const count = (outcome: string) =>
    closed.filter(c => c.outcome === outcome).length;
  const successful = count('successful');
  const failed = count('failed');
  const backedOut = count('backed_out');
  return {
    closed: closed.length,
    successful,
    failed,
    backedOut,
    withoutOutcome: closed.length - successful - failed - backedOut,
    successRate: closed.length > 0 ? successful / closed.length : undefined,
  };
}

/** Share of emergency changes among changes. */
export function emergencyRatio(
  changes: ReadonlyArray<Pick<Change, 'changeType'>>,
) {
  const emergency = changes.filter(c => c.changeType === 'emergency').length;
  return {
    emergency,
    ratio: changes.length > 0 ? emergency / changes.length : undefined,
  };
}

/** Loads every figure of the ITSM home from the list API. */
export async function loadKpis(api: ItsmApi): Promise<ItsmKpis> {
  const count = async (
    type: 'incidents' | 'problems' | 'slas',
    query: { state?: string[]; priority?: Priority },
  ) => (await api.listRecords(type, { ...query, limit: 1 })).totalCount;
  const open = [...OPEN_INCIDENT_STATES];

  const [
    byPriorityCounts,
    resolved,
    closedChanges,
    allChanges,
    problems,
    slas,
  ] = await Promise.all([
    Promise.all(
      PRIORITIES.map(priority => count('incidents', { state: open, priority })),
    ),
    api.listRecords('incidents', { state: ['resolved'], limit: SAMPLE_LIMIT }),
    api.listRecords('changes', { state: ['closed'], limit: SAMPLE_LIMIT }),
    api.listRecords('changes', { limit: SAMPLE_LIMIT }),
    Promise.all([
      count('problems', { state: [...OPEN_PROBLEM_STATES] }),
      count('problems', { state: ['known_error'] }),
      count('problems', { state: ['impasse'] }),
    ]),
    count('slas', { state: [...ACTIVE_SLA_STATES] }),
  ]);

  const byPriority = Object.fromEntries(
    PRIORITIES.map((p, i) => [p, byPriorityCounts[i]]),
  ) as Record<Priority, number>;
  const outcomes = changeOutcomes(closedChanges.items);
  const emergencies = emergencyRatio(allChanges.items);

  return {
    openIncidents: {
      total: byPriorityCounts.reduce((a, b) => a + b, 0),
      byPriority,
    },
    timeToResolve: {
      meanMs: meanTimeToResolve(resolved.items),
      sampled: resolved.items.length,
      total: resolved.totalCount,
    },
    changes: {
      closedSampled: outcomes.closed,
      closedTotal: closedChanges.totalCount,
      successful: outcomes.successful,
      failed: outcomes.failed,
      backedOut: outcomes.backedOut,
      withoutOutcome: outcomes.withoutOutcome,
      successRate: outcomes.successRate,
      sampled: allChanges.items.length,
      total: allChanges.totalCount,
      emergency: emergencies.emergency,
      emergencyRatio: emergencies.ratio,
    },
    problems: {
      open: problems[0],
      knownErrors: problems[1],
      impasse: problems[2],
    },
    activeSlas: slas,
  };
}

/** Query string of a filtered list, e.g. `state=new&state=assigned&priority=P1`. */
export function listSearch(filters: {
  state?: readonly string[];
  priority?: readonly string[];
}): string {
  const params = new URLSearchParams();
  for (const s of filters.state ?? []) params.append('state', s);
  for (const p of filters.priority ?? []) params.append('priority', p);
  return params.toString();
}
