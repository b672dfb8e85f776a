import type {
  AvailabilityResult,
  Priority,
  Sla,
  SlaClock,
  SlaClockKind,
  SlaClockState,
  SlaTargets,
  SlaTermPeriod,
  SlaThresholdStatus,
} from '@backstage-itsm/plugin-itsm-common';

export type { SlaClockState, SlaTargets };

/**
 * One SLA clock (response or resolution) of an incident: the clock of
 * itsm-common (`SlaClock`) as the API answers it, instants as ISO 8601, with
 * the SLA it runs for. `breachAt` is past when breached; otherwise projected
 * as if the clock ran from now on.
 *
 * @public
 */
export interface SlaClockView
  extends Pick<
    SlaClock,
    | 'targetMinutes'
    | 'elapsedMinutes'
    | 'elapsedPercent'
    | 'remainingMinutes'
    | 'state'
    | 'stopped'
    | 'paused'
  > {
  slaKey: string;
  slaTitle: string;
  kind: SlaClockKind;
  calendar: string;
  breachAt: string | null;
  thresholds: Array<
    Pick<SlaThresholdStatus, 'threshold' | 'crossed'> & { at: string | null }
  >;
}

/**
 * What `GET /incidents/{idOrKey}/sla` answers.
 *
 * @public
 */
export interface IncidentSlaResponse {
  incidentKey: string;
  priority: Priority | null;
  clocks: SlaClockView[];
}

/**
 * What `GET /slas/{idOrKey}/report?term=` answers: actual vs target for a
 * term (`2026-10` or `2026-Q4`, its bounds as ISO 8601).
 *
 * @public
 */
export interface SlaReport {
  sla: Pick<
    Sla,
    'key' | 'title' | 'customerGroup' | 'serviceOwnerGroup' | 'calendar'
  >;
  term: Pick<SlaTermPeriod, 'label'> & { from: string; to: string };
  targets: SlaTargets;
  entities: Array<
    Pick<AvailabilityResult, 'outages' | 'mttrMinutes'> & {
      entityRef: string;
      availability: number | null;
      target: number;
      met: boolean;
      downtimeMinutes: number | null;
      incidents: string[];
    }
  >;
  outages: { actual: number; max: number | null };
  incidents: {
    registered: number;
    /** Every clock: met, breached or still running. */
    clocks: number;
    met: number;
    breached: number;
    /** Not decided yet; neither met nor breached. */
    running: number;
    /** Met of the decided clocks, in %; null while none is decided. */
    compliancePercent: number | null;
  };
  violations: Array<{
    target: string;
    entityRef?: string;
    expected: number;
    actual: number;
    incidents: string[];
  }>;
}

/**
 * The body of `POST /incidents/{idOrKey}/escalation-decision`: the group
 * coordinator's decision on an incident whose SLA target is in danger or
 * breached. `reassign` names the new specialist (a user entity ref); `urge`
 * keeps the specialist. `version` is the version of the incident read.
 *
 * @public
 */
export type EscalationDecisionBody =
  | {
      version: number;
      decision: 'reassign';
      assignee: string;
      reason: string;
    }
  | { version: number; decision: 'urge'; reason: string };

/**
 * The body of `POST /incidents/{idOrKey}/escalation-acknowledgement`: the
 * service owner's optional note.
 *
 * @public
 */
export type EscalationAcknowledgementBody = { note?: string };
