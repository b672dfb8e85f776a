/** The counts behind the process figures (definitions in docs/kpis.md). */
export interface KpiCounts {
  /** Open incidents now, by priority. */
  openIncidents: Record<string, number>;
  /** Open problems now, by state. */
  openProblems: Record<string, number>;
  activeSlas: number;
  /** Incidents created in the period: their send-backs, reassignments, ... */
  reportedIncidents: {
    count: number;
    sendBacks: number;
    reassignments: number;
    escalated: number;
    major: number;
  };
  /** Incidents that reached `resolved` in the period (null mean: none did). */
  resolvedIncidents: { count: number; meanMs: number | null; reopened: number };
  /** Changes closed in the period, by outcome; those an incident names as cause. */
  closedChanges: {
    count: number;
    successful: number;
    failed: number;
    backedOut: number;
    causedIncidents: number;
  };
  /** Changes created in the period, and the emergency changes among them. */
  reportedChanges: { count: number; emergency: number };
  /** The release figures (store/releaseKpiQueries.ts). */
  releases: ReleaseKpiCounts;
}

/** What a CAB meeting decided on the RFCs on its agenda. */
export interface CabOutcomeCounts {
  included: number;
  rejected: number;
  /** Outcome `backlog`: neither two thirds, the RFC waits for the next meeting. */
  carriedOver: number;
}

/** One CAB meeting closed in the period, with its outcomes. */
export interface CabMeetingCounts extends CabOutcomeCounts {
  key: string;
  closedAt: string;
}

/** The counts behind the release figures (definitions in docs/kpis.md). */
export interface ReleaseKpiCounts {
  /** CAB meetings closed in the period, and the outcomes summed over them. */
  cabMeetings: CabOutcomeCounts & {
    closed: number;
    /** The latest of them (at most LATEST_CAB_MEETINGS), newest first. */
    latest: CabMeetingCounts[];
  };
  /** RFCs closed as fulfilled (in_release -> closed, `fulfil`) in the period. */
  rfcsFulfilled: number;
  /** RFCs returned to the backlog by a release's end of coordination in the period. */
  rfcsReturnedUnmet: number;
  /** Business cases sent back (justification -> defined) and finally rejected (-> cancelled). */
  businessCases: { sentBack: number; rejected: number };
  /** Changes added to a release plan in the period after a partial failure. */
  additionalChanges: { finish: number; backout: number };
  /** Releases that finished coordination (coordinating -> reviewing) in the period. */
  coordinationFinished: {
    count: number;
    /** Those with a target date, and those that finished on or before it. */
    withTargetDate: number;
    onTime: number;
  };
}
