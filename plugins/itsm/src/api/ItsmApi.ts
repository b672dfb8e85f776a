import { createApiRef } from '@backstage/core-plugin-api';
import type {
  approvalSchema,
  Change,
  ChangeApprover,
  ChangeAssessment,
  RiskFactor,
  RiskLevel,
  commentSchema,
  CREATE_SCHEMAS,
  Incident,
  ItsmApproval,
  ItsmComment,
  ItsmHistoryEntry,
  ItsmPage,
  ItsmRecordLink,
  ItsmRecordType,
  linkSchema,
  Priority,
  Problem,
  Release,
  signatureSchema,
  Sla,
  transitionSchema,
  UPDATE_SCHEMAS,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * The record shape of each record type.
 *
 * @public
 */
export interface ItsmRecordByType {
  incidents: Incident;
  problems: Problem;
  changes: Change;
  releases: Release;
  slas: Sla;
}

/**
 * The record shape of the record type `T`, e.g. `RecordOf<'incidents'>` is
 * `Incident`.
 *
 * @public
 */
export type RecordOf<T extends ItsmRecordType> = ItsmRecordByType[T];

/**
 * A record as `GET /{type}/{idOrKey}` answers it: the record with its links,
 * and for changes every approval (superseded ones included).
 *
 * @public
 */
export type RecordDetail<T extends ItsmRecordType> = RecordOf<T> & {
  links: ItsmRecordLink[];
} & (T extends 'changes'
    ? { approvals: ItsmApproval[]; assessment?: ChangeAssessment | null }
    : unknown);

/**
 * The body of `POST /{type}`: what the create schema of the type accepts
 * (its zod input type, so defaulted fields may be left out).
 *
 * @public
 */
export type CreateRecordBody<T extends ItsmRecordType> =
  (typeof CREATE_SCHEMAS)[T]['_input'];

/**
 * The body of `PATCH /{type}/{idOrKey}`: what the update schema of the type
 * accepts. It must carry the `version` that was read.
 *
 * @public
 */
export type UpdateRecordBody<T extends ItsmRecordType> =
  (typeof UPDATE_SCHEMAS)[T]['_input'];

/**
 * The body of `POST /{type}/{idOrKey}/transitions`.
 *
 * @public
 */
export type TransitionBody = (typeof transitionSchema)['_input'];

/**
 * The body of `POST /{type}/{idOrKey}/comments`.
 *
 * @public
 */
export type CommentBody = (typeof commentSchema)['_input'];

/**
 * The body of `POST /{type}/{idOrKey}/links`: the key of the record to link.
 *
 * @public
 */
export type LinkBody = (typeof linkSchema)['_input'];

/**
 * The body of `POST /changes/{idOrKey}/approvals`.
 *
 * @public
 */
export type ApprovalBody = (typeof approvalSchema)['_input'];

/**
 * The body of `POST /slas/{idOrKey}/signatures`.
 *
 * @public
 */
export type SignatureBody = (typeof signatureSchema)['_input'];

/**
 * Filters and paging of a record list. Filters given as arrays are sent as
 * repeated query parameters and match any of their values.
 *
 * @public
 */
export interface ListQuery {
  /** Only records that concern one of these catalog entities. */
  entityRef?: string | string[];
  /** Only records in one of these states. */
  state?: string | string[];
  /** Only incidents of one of these priorities (incidents only). */
  priority?: Priority | Priority[];
  /** Only records assigned to one of these group entity refs. */
  assignedGroup?: string | string[];
  /** Free text. */
  q?: string;
  /** Page size, 1 to 500; the server defaults to 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * Paging of a comment list.
 *
 * @public
 */
export interface PageQuery {
  /** Page size, 1 to 500; the server defaults to 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * The history of a record, oldest entry first.
 *
 * @public
 */
export interface ItsmHistory {
  items: ItsmHistoryEntry[];
}

/**
 * The links of a record, as `POST /{type}/{idOrKey}/links` answers them.
 *
 * @public
 */
export interface ItsmLinks {
  links: ItsmRecordLink[];
}

/**
 * The approval state of the current round of a change.
 *
 * @public
 */
export interface ItsmChangeApprovals {
  /** The approvers the current round needs. */
  required: ChangeApprover[];
  /** Every decision recorded on the change. */
  approvals: ItsmApproval[];
  /** Approver refs of the current round without a decision. */
  pending: string[];
}

/**
 * What `GET /health` answers.
 *
 * @public
 */
export type ItsmHealth =
  | { status: 'ok' }
  | { status: 'error'; failures: Array<{ name: string; message: string }> };

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

/**
 * An entity named in an impact analysis.
 *
 * @public
 */
export interface ImpactEntity {
  entityRef: string;
  kind: string;
  title: string;
  ownerRefs: string[];
  /** Name of the entity's service-hours calendar. */
  calendar: string;
}

/**
 * An entity reached from the analysed entities through the catalog relations.
 *
 * @public
 */
export interface ImpactAffectedEntity extends ImpactEntity {
  /** Steps from the nearest analysed entity (1 = a neighbour). */
  depth: number;
  /** Entity refs from an analysed entity to this one, both included. */
  path: string[];
  /** The relation of the last step, e.g. `dependencyOf`. */
  relation: string;
  /** True when it uses the analysed service (dependency or API consumer). */
  dependent: boolean;
}

/**
 * An active SLA covering impacted entities.
 *
 * @public
 */
export interface ImpactSla {
  key: string;
  title: string;
  customerGroup: string;
  serviceOwnerGroup: string;
  /** The impacted entities this SLA covers. */
  entityRefs: string[];
}

/**
 * What `GET /impact` answers: the CMDB impact of a change to the given
 * entities.
 *
 * @public
 */
export interface ImpactResponse {
  direct: ImpactEntity[];
  affected: ImpactAffectedEntity[];
  owners: Array<{ ownerRef: string; entityRefs: string[] }>;
  slas: ImpactSla[];
  /** True when the walk stopped at `maxDepth` with entities still to visit. */
  truncated: boolean;
  maxDepth: number;
}

/**
 * The query of `GET /calendar`.
 *
 * @public
 */
export interface ChangeCalendarQuery {
  /** Start of the period, ISO 8601. */
  from: string;
  /** End of the period, ISO 8601. */
  to: string;
  /** Only changes (and windows) concerning this entity. */
  entityRef?: string;
}

/**
 * A change on the change calendar.
 *
 * @public
 */
export interface CalendarChange {
  key: string;
  title: string;
  state: string;
  changeType: 'standard' | 'normal' | 'emergency';
  plannedStart: string | null;
  plannedEnd: string | null;
  entityRefs: string[];
  /** Keys of other changes whose window overlaps on a shared entity. */
  conflicts: string[];
  /** Ids of the freeze windows the change falls into. */
  freezeWindows: string[];
}

/**
 * What a freeze window covers.
 *
 * @public
 */
export type FreezeScope =
  | { kind: 'all' }
  | { kind: 'domain' | 'system' | 'entity'; entityRef: string };

/**
 * A period in which changes are frozen.
 *
 * @public
 */
export interface FreezeWindow {
  id: string;
  title: string;
  start: string;
  end: string;
  /** What the freeze covers: everything, or a domain, system or entity. */
  scope: FreezeScope;
}

/**
 * An approved implementation window of a change.
 *
 * @public
 */
export interface MaintenanceWindow {
  changeKey: string;
  start: string;
  end: string;
  entityRefs: string[];
}

/**
 * What `GET /calendar` answers.
 *
 * @public
 */
export interface ChangeCalendarResponse {
  changes: CalendarChange[];
  freezeWindows: FreezeWindow[];
  maintenanceWindows: MaintenanceWindow[];
}

export type { ChangeAssessment, RiskFactor, RiskLevel };

/**
 * The state of an SLA clock.
 *
 * @public
 */
export type SlaClockState = 'ok' | 'warning' | 'paused' | 'breached' | 'met';

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
 * The targets of an SLA.
 *
 * @public
 */
export interface SlaTargets {
  availabilityPercent: number;
  responseMinutes: Record<Priority, number>;
  resolutionMinutes: Record<Priority, number>;
  maxOutages?: number;
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

/**
 * A typed client of the ITSM backend (`/api/itsm`). Each method is one
 * operation of the API contract (`plugins/itsm-backend/src/schema/openapi.yaml`).
 *
 * Every method except {@link ItsmApi.health} rejects a non-2xx answer with a
 * `ResponseError` from `@backstage/errors`: `error.statusCode` is the HTTP
 * status (400, 403, 404, 409, ...) and `error.body.error` the server's
 * `{ name, message }`.
 *
 * @public
 */
export interface ItsmApi {
  /** Lists records of a type, newest first, one page at a time. */
  listRecords<T extends ItsmRecordType>(
    type: T,
    query?: ListQuery,
  ): Promise<ItsmPage<RecordOf<T>>>;

  /** Reads one record by id (uuid) or key (INC-12), with its links. */
  getRecord<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
  ): Promise<RecordDetail<T>>;

  /** Creates a record; it starts in the initial state of its machine. */
  createRecord<T extends ItsmRecordType>(
    type: T,
    body: CreateRecordBody<T>,
  ): Promise<RecordOf<T>>;

  /** Updates fields of a record; 409 when `body.version` is stale. */
  updateRecord<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
    body: UpdateRecordBody<T>,
  ): Promise<RecordOf<T>>;

  /**
   * Moves a record to `body.to`; 409 for an illegal transition (the message
   * names the allowed targets), a stale version or a failed guard.
   */
  transition<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
    body: TransitionBody,
  ): Promise<RecordOf<T>>;

  /** Reads the history of a record, oldest entry first. */
  getHistory(type: ItsmRecordType, idOrKey: string): Promise<ItsmHistory>;

  /** Lists the comments of a record, one page at a time. */
  listComments(
    type: ItsmRecordType,
    idOrKey: string,
    query?: PageQuery,
  ): Promise<ItsmPage<ItsmComment>>;

  /** Comments on a record. */
  addComment(
    type: ItsmRecordType,
    idOrKey: string,
    body: CommentBody,
  ): Promise<ItsmComment>;

  /** Links a record to another one (`{ target: 'PRB-3' }`); answers every link of the record. */
  addLink(
    type: ItsmRecordType,
    idOrKey: string,
    body: LinkBody,
  ): Promise<ItsmLinks>;

  /** Removes the link from a record to the record with key `targetKey`. */
  removeLink(
    type: ItsmRecordType,
    idOrKey: string,
    targetKey: string,
  ): Promise<void>;

  /** Approves or rejects a change for a required approver; answers the change. */
  decideApproval(idOrKey: string, body: ApprovalBody): Promise<Change>;

  /** Reads the required approvers, the decisions and the pending approvers of a change. */
  getApprovals(idOrKey: string): Promise<ItsmChangeApprovals>;

  /** Records the caller's signature on an SLA, as customer or service owner; answers the SLA. */
  sign(idOrKey: string, body: SignatureBody): Promise<Sla>;

  /**
   * Reads the availability of an entity over a period, with a series of
   * buckets of the given granularity.
   */
  getAvailability(query: AvailabilityQuery): Promise<AvailabilityResponse>;

  /**
   * Analyses the impact of a change to the given entities along the catalog
   * relations: what depends on them, their owners and the active SLAs.
   */
  getImpact(entityRefs: string[]): Promise<ImpactResponse>;

  /**
   * Reads the change calendar of a period: changes with their conflicts and
   * freeze windows, the freeze windows and the approved maintenance windows.
   */
  getChangeCalendar(
    query: ChangeCalendarQuery,
  ): Promise<ChangeCalendarResponse>;

  /** Reads the response and resolution clocks of every active SLA covering an incident. */
  getIncidentSla(idOrKey: string): Promise<IncidentSlaResponse>;

  /** Reads the report of an SLA for a term (`2026-10` or `2026-Q4`). */
  getSlaReport(idOrKey: string, term: string): Promise<SlaReport>;

  /** Downloads the report of an SLA for a term as CSV. */
  downloadSlaReportCsv(idOrKey: string, term: string): Promise<Blob>;

  /**
   * Reads the health of the backend. A failing backend (503) resolves with
   * `status: 'error'` and its failures rather than rejecting; other error
   * answers reject with a `ResponseError`.
   */
  health(): Promise<ItsmHealth>;
}

/**
 * The API reference of the ITSM client.
 *
 * @public
 */
export const itsmApiRef = createApiRef<ItsmApi>({ id: 'plugin.itsm.api' });
