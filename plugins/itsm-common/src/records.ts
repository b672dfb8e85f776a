import type { ItsmRecordType } from './recordTypes';
import type { Level, Priority } from './priority';
import type { ChangeOutcome } from './stateMachines';
import type { ChangeGate } from './schemas';
import type { FreezeScope } from './rules/freeze';
import type { CommentVisibility } from './roles/comments';
import type { ChangeRisk } from './rules/risk';

/**
 * The shapes the ITSM API answers with. Every record carries the common
 * fields; the fields of its type stand beside them.
 */

/** @public */
export interface ItsmRecordBase {
  id: string;
  type: ItsmRecordType;
  /** Human key, e.g. INC-1042. */
  key: string;
  title: string;
  /** Markdown. */
  description: string;
  state: string;
  /** Catalog entity refs the record concerns (the CIs). */
  entityRefs: string[];
  assignedGroup: string | null;
  assignee: string | null;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
  stateChangedAt: string;
  /** +1 on every write; send it back on PATCH and transitions. */
  version: number;
  /**
   * The systems the record's entities belong to, as the catalog said when
   * they were last set (absent on records the backend raised itself).
   */
  systemRefs?: string[];
}

/** @public */
export interface Outage {
  kind: 'down' | 'degraded';
  start: string;
  end?: string | null;
}

/** @public */
export interface Incident extends ItsmRecordBase {
  type: 'incidents';
  priority: Priority;
  impact: Level;
  urgency: Level;
  category: string | null;
  serviceType: string;
  outage?: Outage | null;
  major: boolean;
  /** Null until a change gate is set; then every flag is there. */
  changeGate: ChangeGate | null;
  /** Key of the change that caused this incident. */
  causedByChange?: string | null;
  pendingReason?: string | null;
  resolutionCode?: string | null;
  resolutionNotes?: string | null;
  reopenCount: number;
  sendBackCount: number;
  reassignmentCount: number;
  /** The service desk agent who registered it for its requester (`createdBy`). */
  registeredBy?: string;
  escalated?: boolean;
  /** The service owner group an outage was escalated to (with `escalated`). */
  escalatedTo?: string;
  /** When the last escalation was made. */
  escalatedAt?: string;
  /** The outage the last escalation was about. */
  escalatedOutage?: { kind: 'down' | 'degraded'; start: string };
  /** Who acknowledged the last escalation (null until someone does). */
  escalationAcknowledgedBy?: string | null;
  /** When the last escalation was acknowledged. */
  escalationAcknowledgedAt?: string | null;
  /** The note given with the acknowledgement. */
  escalationAcknowledgementNote?: string | null;
  /** The group coordinator's last decision on SLA targets in danger or breached. */
  escalationDecision?: EscalationDecisionRecord;
}

/**
 * The group coordinator's decision on SLA targets in danger or breached, as
 * the incident keeps it: who decided what, when, and the targets it covered
 * with their state at the time.
 *
 * @public
 */
export interface EscalationDecisionRecord {
  decision: 'reassign' | 'urge';
  decidedBy: string;
  decidedAt: string;
  targets: Array<{
    sla: string;
    clock: 'response' | 'resolution';
    state: string;
  }>;
}

/** @public */
export interface Problem extends ItsmRecordBase {
  type: 'problems';
  category: string | null;
  workaround?: string;
  rootCause?: string;
  candidateSolutions?: string[];
  recommendation?: string;
  impasseReason?: string | null;
  sendBackCount?: number;
  /** Set by a transition that named one (e.g. raising a known error). */
  changeGate?: ChangeGate;
  /** Problems raised by SLA term tracking: the SLA and the term, e.g. `2026-10`. */
  slaKey?: string;
  term?: string;
}

/** @public */
export interface ChangeTask {
  kind: string;
  title: string;
  done: boolean;
}

/** @public */
export interface ChangeApprover {
  /** Group (or user) entity ref whose approval is required. */
  approverRef: string;
  /** Why it is required, e.g. "service owner of component:default/payments-api". */
  reason: string;
  /** How many members of the group must approve; absent when one suffices. */
  quorum?: number;
  /**
   * A customer group that designates its representatives (annotation
   * `itsm.backstage.io/customer-representative` on the Group entity): only
   * they decide for it. Absent: any member decides.
   */
  representatives?: string[];
}

/**
 * Whether a caller with these ownership claims decides for the approver:
 * one of its designated representatives, or else a member of it.
 *
 * @public
 */
export function decidesFor(
  claims: readonly string[],
  approver: Pick<ChangeApprover, 'approverRef' | 'representatives'>,
): boolean {
  const mine = new Set(claims.map(c => c.toLocaleLowerCase('en-US')));
  return approver.representatives?.length
    ? approver.representatives.some(r => mine.has(r))
    : mine.has(approver.approverRef);
}

/** @public */
export interface Change extends ItsmRecordBase {
  type: 'changes';
  changeType: 'standard' | 'normal' | 'emergency';
  /** Standard changes only; null otherwise. */
  template: string | null;
  /** Emergency changes only; null otherwise. */
  incidentKey: string | null;
  category: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  implementationPlan?: string;
  testPlan?: string;
  backoutPlan?: string;
  serviceImpact: 'none' | 'degraded' | 'unavailable';
  functionalChange: boolean;
  cmdbUpdate: boolean;
  tasks: ChangeTask[];
  outcome?: ChangeOutcome | null;
  /** Approvals the current round needs (computed, never typed in). */
  requiredApprovers: ChangeApprover[];
  sendBackCount?: number;
  /** What the CMDB says of the change; absent when the backend has no assessor. */
  assessment?: ChangeAssessment;
  /** Changes raised from a known error: the problem's key. */
  problemKey?: string;
}

/** @public */
export interface Release extends ItsmRecordBase {
  type: 'releases';
  backlog: boolean;
  targetDate?: string | null;
  withinBudget: boolean;
  summary?: string;
  /** Who wrote the business case (set on entering `justification`). */
  businessCaseBy?: string;
  /** When coordination started (the start of the release plan's timeline). */
  coordinationStartedAt?: string;
  /** The improvement suggestions the post-implementation review published (set on closing). */
  reviewSuggestions?: string;
}

/** @public */
export interface SlaSignature {
  by: string;
  at: string;
}

/** @public */
export interface Sla extends ItsmRecordBase {
  type: 'slas';
  customerGroup: string;
  serviceOwnerGroup: string;
  targets: {
    availabilityPercent: number;
    responseMinutes: Record<Priority, number>;
    resolutionMinutes: Record<Priority, number>;
    maxOutages?: number;
  };
  calendar: string;
  term: 'monthly' | 'quarterly';
  signatures: { customer?: SlaSignature; serviceOwner?: SlaSignature };
  terminationReason?: string | null;
  declineReason?: string | null;
  /** Earlier targets of this SLA with the period each was in force. */
  targetHistory?: Array<{
    targets: Sla['targets'];
    validFrom: string;
    validTo: string;
  }>;
  /** When the current targets came into force (set when they change on an active SLA). */
  targetsValidFrom?: string;
  /** Covered entities left without an active SLA when this one was terminated. */
  discontinuedEntityRefs?: string[];
  /** The ended terms whose availability was tracked, e.g. `2026-10`. */
  trackedTerms?: string[];
  /** Whether a degraded outage beyond a resolution target escalates (a down one always does). */
  escalateDegraded?: boolean;
  /** The version in force (1 until an active SLA is first changed). */
  slaVersion?: number;
  /** When the version in force came into force (absent for version 1). */
  versionValidFrom?: string;
  /** Earlier versions, oldest first, each with its terms and period. */
  versions?: Array<{
    version: number;
    validFrom: string | null;
    validTo: string | null;
    customerGroup: string;
    serviceOwnerGroup: string;
    targets: Sla['targets'];
    calendar: string;
    term: 'monthly' | 'quarterly';
    escalateDegraded: boolean;
    entityRefs: string[];
  }>;
}

/** The targets (SLTs) of an SLA. @public */
export type SlaTargets = Sla['targets'];

/** @public */
export type ItsmRecord = Incident | Problem | Change | Release | Sla;

/** A record as another record's link shows it. @public */
export interface ItsmRecordLink {
  key: string;
  type: ItsmRecordType;
  title: string;
  state: string;
}

/** @public */
export interface ItsmApproval {
  approverRef: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  decidedBy: string;
  decidedAt: string;
  superseded: boolean;
}

/** One page of a list. @public */
export interface ItsmPage<T> {
  items: T[];
  nextCursor?: string;
  totalCount: number;
}

/** One page of a list of records. @public */
export interface ItsmRecordPage<T> extends ItsmPage<T> {
  /** Matches over all pages, or with totalCountIsLowerBound at least that many. */
  totalCount: number;
  /** True when the server stopped counting at its bound (see formatTotalCount). */
  totalCountIsLowerBound?: boolean;
}

/**
 * A page's total as a person reads it: `1,234`, or `10,000+` when the
 * server counted only up to its bound. @public
 */
export function formatTotalCount(
  page: Pick<ItsmRecordPage<unknown>, 'totalCount' | 'totalCountIsLowerBound'>,
): string {
  const n = page.totalCount.toLocaleString('en-US');
  return page.totalCountIsLowerBound ? `${n}+` : n;
}

/** @public */
export interface ItsmHistoryEntry {
  at: string;
  actor: string;
  action: string;
  field: string | null;
  from: unknown;
  to: unknown;
}

/** @public */
export interface ItsmComment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
  /** `internal`: a work note, listed only to those who work the record. */
  visibility: CommentVisibility;
}

/**
 * What change management knows of a change, computed from the CMDB (the
 * `assessment` of a change; see docs/change-management.md).
 *
 * @public
 */
export interface ChangeAssessment {
  computedAt: string;
  impact: {
    direct: string[];
    affected: Array<{
      entityRef: string;
      depth: number;
      path: string[];
      dependent: boolean;
    }>;
    owners: Array<{ ownerRef: string; entityRefs: string[] }>;
    slas: Array<{
      key: string;
      title: string;
      customerGroup: string;
      serviceOwnerGroup: string;
      entityRefs: string[];
    }>;
    truncated: boolean;
  };
  /** The window touches the service hours of a changed entity. */
  serviceHoursImpact: boolean;
  /** Service impact during service hours, or a functional change: customers approve. */
  customerAffecting: boolean;
  conflicts: Array<{
    changeKey: string;
    title: string;
    state: string;
    plannedStart: string;
    plannedEnd: string;
    /** The entities both changes touch (directly or through dependencies). */
    entityRefs: string[];
  }>;
  freezeWindows: Array<{
    id: string;
    title: string;
    start: string;
    end: string;
    scope: FreezeScope;
  }>;
  /** Incidents of the last 90 days caused by earlier changes to the same entities. */
  incidentHistory: Array<{
    key: string;
    title: string;
    causedByChange: string;
    createdAt: string;
  }>;
  risk: ChangeRisk;
  approvers: ChangeApprover[];
}
