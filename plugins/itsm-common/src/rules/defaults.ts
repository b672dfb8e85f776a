import type { Level, Priority } from '../priority';
import {
  CHANGE_TYPES,
  ChangeGate,
  INCIDENT_SERVICE_TYPES,
  SERVICE_IMPACTS,
} from '../schemas';
import type { ChangeTask, Outage } from '../records';
import { DEFAULT_CALENDAR_NAME } from '../sla/calendarConfig';
import type { SlaTermKind } from '../sla/terms';

/**
 * What a new record holds besides what was typed in: the defaults of every
 * type-specific field, and readers that apply the same defaults to stored
 * data. The backend stores these; the forms propose them.
 */

/** @public */
export type IncidentServiceType = (typeof INCIDENT_SERVICE_TYPES)[number];
/** @public */
export type ChangeType = (typeof CHANGE_TYPES)[number];
/** @public */
export type ServiceImpact = (typeof SERVICE_IMPACTS)[number];

/** An incident nobody typed a service type for restores a user. @public */
export const DEFAULT_INCIDENT_SERVICE_TYPE: IncidentServiceType =
  'user_restoration';
/** A change is normal unless said otherwise (RFCs raised for known errors are). @public */
export const DEFAULT_CHANGE_TYPE: ChangeType = 'normal';
/** A change without a stated impact does not disrupt the service. @public */
export const DEFAULT_SERVICE_IMPACT: ServiceImpact = 'none';
/** SLAs are evaluated monthly unless they say quarterly. @public */
export const DEFAULT_SLA_TERM: SlaTermKind = 'monthly';

/**
 * The targets the form of a new SLA proposes: 99.9 % availability; response
 * 15 min / 30 min / 4 h / 8 h and resolution 4 h / 8 h / 2 d / 4 d for P1 to
 * P4 (service minutes).
 *
 * @public
 */
export const DEFAULT_SLA_TARGETS: Readonly<{
  availabilityPercent: number;
  responseMinutes: Readonly<Record<Priority, number>>;
  resolutionMinutes: Readonly<Record<Priority, number>>;
}> = Object.freeze({
  availabilityPercent: 99.9,
  responseMinutes: Object.freeze({ P1: 15, P2: 30, P3: 240, P4: 480 }),
  resolutionMinutes: Object.freeze({ P1: 240, P2: 480, P3: 2880, P4: 5760 }),
});

/** The calendar an SLA runs on: its own, or 24x7. @public */
export function slaCalendarName(sla: { calendar?: unknown }): string {
  return sla.calendar ? String(sla.calendar) : DEFAULT_CALENDAR_NAME;
}

/** The evaluation term of an SLA: quarterly when it says so, else monthly. @public */
export function slaTermKind(sla: { term?: unknown }): SlaTermKind {
  return sla.term === 'quarterly' ? 'quarterly' : DEFAULT_SLA_TERM;
}

/** The type of a stored change, `normal` when it has none. @public */
export function changeTypeOf(change: { changeType?: unknown }): string {
  return String(change.changeType ?? DEFAULT_CHANGE_TYPE);
}

/** The service impact of a stored change, `none` when it has none. @public */
export function serviceImpactOf(change: { serviceImpact?: unknown }): string {
  return String(change.serviceImpact ?? DEFAULT_SERVICE_IMPACT);
}

/** What {@link newIncidentData} takes. @public */
export interface NewIncidentFields {
  impact: Level;
  urgency: Level;
  category?: string | null;
  serviceType?: IncidentServiceType;
  outage?: Outage | null;
  major?: boolean;
  changeGate?: ChangeGate | null;
  causedByChange?: string | null;
}

/** The type-specific data of a new incident. @public */
export type NewIncidentData = {
  category: string | null;
  serviceType: IncidentServiceType;
  impact: Level;
  urgency: Level;
  outage: Outage | null;
  major: boolean;
  changeGate: ChangeGate | null;
  causedByChange: string | null;
  pendingReason: null;
  resolutionCode: null;
  resolutionNotes: null;
  reopenCount: number;
  sendBackCount: number;
  reassignmentCount: number;
  escalated: boolean;
};

/** @public */
export function newIncidentData(input: NewIncidentFields): NewIncidentData {
  return {
    category: input.category ?? null,
    serviceType: input.serviceType ?? DEFAULT_INCIDENT_SERVICE_TYPE,
    impact: input.impact,
    urgency: input.urgency,
    outage: input.outage ?? null,
    major: input.major ?? false,
    changeGate: input.changeGate ?? null,
    causedByChange: input.causedByChange ?? null,
    pendingReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    reopenCount: 0,
    sendBackCount: 0,
    reassignmentCount: 0,
    escalated: false,
  };
}

/** What {@link newProblemData} takes. @public */
export interface NewProblemFields {
  category?: string | null;
  workaround?: string;
  rootCause?: string;
  candidateSolutions?: string[];
  recommendation?: string;
}

/** The type-specific data of a new problem. @public */
export type NewProblemData = {
  category: string | null;
  workaround: string;
  rootCause: string;
  candidateSolutions: string[];
  recommendation: string;
  impasseReason: null;
  sendBackCount: number;
};

/** @public */
export function newProblemData(input: NewProblemFields = {}): NewProblemData {
  return {
    category: input.category ?? null,
    workaround: input.workaround ?? '',
    rootCause: input.rootCause ?? '',
    candidateSolutions: input.candidateSolutions ?? [],
    recommendation: input.recommendation ?? '',
    impasseReason: null,
    sendBackCount: 0,
  };
}

/** What {@link newChangeData} takes. @public */
export interface NewChangeFields {
  changeType?: ChangeType;
  template?: string | null;
  incidentKey?: string | null;
  category?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  implementationPlan?: string;
  testPlan?: string;
  backoutPlan?: string;
  serviceImpact?: ServiceImpact;
  functionalChange?: boolean;
  cmdbUpdate?: boolean;
  tasks?: ChangeTask[];
}

/** The type-specific data of a new change. @public */
export type NewChangeData = {
  changeType: ChangeType;
  template: string | null;
  incidentKey: string | null;
  category: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  implementationPlan: string;
  testPlan: string;
  backoutPlan: string;
  serviceImpact: ServiceImpact;
  functionalChange: boolean;
  cmdbUpdate: boolean;
  tasks: ChangeTask[];
  outcome: null;
  requiredApprovers: [];
  sendBackCount: number;
};

/** @public */
export function newChangeData(input: NewChangeFields = {}): NewChangeData {
  return {
    changeType: input.changeType ?? DEFAULT_CHANGE_TYPE,
    template: input.template ?? null,
    incidentKey: input.incidentKey ?? null,
    category: input.category ?? null,
    plannedStart: input.plannedStart ?? null,
    plannedEnd: input.plannedEnd ?? null,
    implementationPlan: input.implementationPlan ?? '',
    testPlan: input.testPlan ?? '',
    backoutPlan: input.backoutPlan ?? '',
    serviceImpact: input.serviceImpact ?? DEFAULT_SERVICE_IMPACT,
    functionalChange: input.functionalChange ?? false,
    cmdbUpdate: input.cmdbUpdate ?? false,
    tasks: input.tasks ?? [],
    outcome: null,
    requiredApprovers: [],
    sendBackCount: 0,
  };
}

/** What {@link newReleaseData} takes. @public */
export interface NewReleaseFields {
  backlog?: boolean;
  targetDate?: string | null;
  withinBudget?: boolean;
  summary?: string;
}

/** The type-specific data of a new release. @public */
export type NewReleaseData = {
  backlog: boolean;
  targetDate: string | null;
  withinBudget: boolean;
  summary: string;
};

/** @public */
export function newReleaseData(input: NewReleaseFields = {}): NewReleaseData {
  return {
    backlog: input.backlog ?? false,
    targetDate: input.targetDate ?? null,
    withinBudget: input.withinBudget ?? false,
    summary: input.summary ?? '',
  };
}

/** What {@link newSlaData} takes. @public */
export interface NewSlaFields<TTargets> {
  customerGroup: string;
  serviceOwnerGroup: string;
  targets: TTargets;
  calendar?: string;
  term?: SlaTermKind;
}

/** The type-specific data of a new SLA. @public */
export type NewSlaData<TTargets> = {
  customerGroup: string;
  serviceOwnerGroup: string;
  targets: TTargets;
  calendar: string;
  term: SlaTermKind;
  signatures: Record<string, never>;
  targetHistory: [];
  terminationReason: null;
  declineReason: null;
};

/** @public */
export function newSlaData<TTargets>(
  input: NewSlaFields<TTargets>,
): NewSlaData<TTargets> {
  return {
    customerGroup: input.customerGroup,
    serviceOwnerGroup: input.serviceOwnerGroup,
    targets: input.targets,
    calendar: input.calendar ?? DEFAULT_CALENDAR_NAME,
    term: input.term ?? DEFAULT_SLA_TERM,
    signatures: {},
    targetHistory: [],
    terminationReason: null,
    declineReason: null,
  };
}
