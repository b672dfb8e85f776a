import type {
  Priority,
  SlaClockState,
  SlaTargets,
} from '@backstage-itsm/plugin-itsm-common';

export type { SlaClockState, SlaTargets };

/**
 * One SLA clock (response or resolution) of an incident.
 *
 * @public
 */
export interface SlaClockView {
  slaKey: string;
  slaTitle: string;
  kind: 'response' | 'resolution';
  calendar: string;
  targetMinutes: number;
  elapsedMinutes: number;
  elapsedPercent: number;
  remainingMinutes: number;
  /** Past when breached; otherwise projected as if the clock ran from now on. */
  breachAt: string | null;
  state: SlaClockState;
  stopped: boolean;
  paused: boolean;
  thresholds: Array<{ threshold: number; crossed: boolean; at: string | null }>;
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
 * term (`2026-10` or `2026-Q4`).
 *
 * @public
 */
export interface SlaReport {
  sla: {
    key: string;
    title: string;
    customerGroup: string;
    serviceOwnerGroup: string;
    calendar: string;
  };
  term: { label: string; from: string; to: string };
  targets: SlaTargets;
  entities: Array<{
    entityRef: string;
    availability: number | null;
    target: number;
    met: boolean;
    downtimeMinutes: number | null;
    outages: number;
    mttrMinutes: number | null;
    incidents: string[];
  }>;
  outages: { actual: number; max: number | null };
  incidents: {
    registered: number;
    clocks: number;
    met: number;
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
