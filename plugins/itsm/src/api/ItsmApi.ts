import { createApiRef } from '@backstage/core-plugin-api';
import type {
  Change,
  Incident,
  ItsmComment,
  ItsmPage,
  ItsmRecord,
  ItsmRecordPage,
  ItsmRecordType,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import type {
  ApprovalBody,
  AvailabilityQuery,
  AvailabilityResponse,
  CabAgendaBody,
  CabCloseBody,
  CabMeeting,
  CabMeetingCreateBody,
  CabMeetingPage,
  CabMeetingQuery,
  CabVoteBody,
  ReleasePlan,
  ReleasePlanChangeBody,
  ChangeCalendarQuery,
  ChangeCalendarResponse,
  StandardChangeTemplate,
  CommentBody,
  CreateRecordBody,
  EscalationAcknowledgementBody,
  EscalationDecisionBody,
  ImpactResponse,
  IncidentSlaResponse,
  ItsmChangeApprovals,
  ItsmEntityRoles,
  ItsmHealth,
  ItsmHistory,
  ItsmKpis,
  ItsmLinks,
  ItsmRecordRoles,
  KpiQuery,
  LinkBody,
  ListQuery,
  PageQuery,
  RecordDetail,
  RecordOf,
  SignatureBody,
  SlaReport,
  TransitionBody,
  UpdateRecordBody,
  WorkQuery,
} from './types';

export * from './types';

/**
 * A typed client of the ITSM backend (`/api/itsm`). Each method is one
 * operation of the API contract (`plugins/itsm-backend/src/schema/openapi.yaml`);
 * `ItsmClient` implements it over the client generated from that
 * document (`ItsmOpenApi.DefaultApiClient` of itsm-common).
 *
 * Every method except {@link ItsmApi.health} rejects a non-2xx answer with a
 * `ResponseError` from `@backstage/errors`: `error.statusCode` is the HTTP
 * status (400, 403, 404, 409, ...) and `error.body.error` the server's
 * `{ name, message }`.
 *
 * @public
 */
export interface ItsmApi {
  /** Lists records of a type, newest first or in `sort`, one page at a time. */
  listRecords<T extends ItsmRecordType>(
    type: T,
    query?: ListQuery,
  ): Promise<ItsmRecordPage<RecordOf<T>>>;

  /**
   * Downloads every record of a list (the same filters and sort; `limit`
   * and `cursor` ignored) as CSV, the caller's permission applied.
   */
  downloadRecordsCsv(type: ItsmRecordType, query?: ListQuery): Promise<Blob>;

  /**
   * One page of a section of the signed-in caller's work ("My work"),
   * newest first, over the records the caller may read.
   */
  getMyWork(query: WorkQuery): Promise<ItsmRecordPage<ItsmRecord>>;

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
   * relations: what depends on them, their owners and the active SLAs. The
   * affected entities come a page at a time (`affectedCount`, `nextCursor`).
   */
  getImpact(
    entityRefs: string[],
    page?: { limit?: number; cursor?: string },
  ): Promise<ImpactResponse>;

  /**
   * Reads the change calendar of a period: changes with their conflicts and
   * freeze windows, the freeze windows and the approved maintenance windows.
   */
  getChangeCalendar(
    query: ChangeCalendarQuery,
  ): Promise<ChangeCalendarResponse>;

  /**
   * The catalogue of standard change templates (`itsm.changes.standardTemplates`),
   * each with whether its changes skip approval.
   */
  listStandardChangeTemplates(): Promise<StandardChangeTemplate[]>;

  /** Reads the response and resolution clocks of every active SLA covering an incident. */
  getIncidentSla(idOrKey: string): Promise<IncidentSlaResponse>;

  /**
   * Records the group coordinator's decision on an open incident whose SLA
   * response or resolution target is in danger or breached: reassign it to
   * another specialist or urge the one assigned; answers the incident. 403
   * for anyone else; 409 when no target is in danger or breached, the
   * incident is not open or `body.version` is stale.
   */
  decideEscalation(
    idOrKey: string,
    body: EscalationDecisionBody,
  ): Promise<Incident>;

  /**
   * Records the service owner's (or on-duty manager's) acknowledgement of
   * the escalation of an incident's outage, with an optional note; answers
   * the incident. 403 for anyone else; 409 when the incident is not
   * escalated or the escalation was already acknowledged.
   */
  acknowledgeEscalation(
    idOrKey: string,
    body: EscalationAcknowledgementBody,
  ): Promise<Incident>;

  /**
   * Reads the process figures (KPIs) over the records the caller may read,
   * restricted to `query.entityRef` when given, the period figures over
   * `[query.from, query.to)` (the last 90 days by default). Every figure is
   * computed by the backend over the whole matching set, never a sample.
   */
  getKpis(query?: KpiQuery): Promise<ItsmKpis>;

  /** Reads the report of an SLA for a term (`2026-10` or `2026-Q4`). */
  getSlaReport(idOrKey: string, term: string): Promise<SlaReport>;

  /** Downloads the report of an SLA for a term as CSV. */
  downloadSlaReportCsv(idOrKey: string, term: string): Promise<Blob>;

  /**
   * Reads who does what for a catalog entity: each process role with its
   * holders (groups or users) and where they came from (`entity`, `system`,
   * `domain`, `config` or `owner`).
   */
  getEntityRoles(entityRef: string): Promise<ItsmEntityRoles>;

  /**
   * Reads the roles on one record (the process roles over its entities and
   * requester, assignee, customer representatives) and the roles the caller
   * acts in.
   */
  getRecordRoles(
    type: ItsmRecordType,
    idOrKey: string,
  ): Promise<ItsmRecordRoles>;

  /**
   * Reads the health of the backend. A failing backend (503) resolves with
   * `status: 'error'` and its failures rather than rejecting; other error
   * answers reject with a `ResponseError`.
   */
  health(): Promise<ItsmHealth>;
  /** CAB meetings, newest first, a page at a time (`GET /cab-meetings`). */
  listCabMeetings(query?: CabMeetingQuery): Promise<CabMeetingPage>;
  /** Calls a CAB meeting of a service (its release coordinator). */
  createCabMeeting(body: CabMeetingCreateBody): Promise<CabMeeting>;
  /** A CAB meeting with its agenda, votes and live tallies. */
  getCabMeeting(key: string): Promise<CabMeeting>;
  /** Puts a backlog RFC on the agenda, or changes its estimates (until the deadline). */
  putCabAgendaItem(key: string, body: CabAgendaBody): Promise<CabMeeting>;
  /** The caller's vote on an RFC of the agenda (members, until the close). */
  voteCabMeeting(key: string, body: CabVoteBody): Promise<CabMeeting>;
  /** Closes the meeting: each RFC decided by the two-thirds rule. */
  closeCabMeeting(key: string, body: CabCloseBody): Promise<CabMeeting>;
  /** The plan of a release: its changes on a timeline. */
  getReleasePlan(key: string): Promise<ReleasePlan>;
  /** Adds a change to the plan of a coordinating release (its release coordinator). */
  addReleasePlanChange(
    key: string,
    body: ReleasePlanChangeBody,
  ): Promise<ReleasePlan>;
}

/**
 * The API reference of the ITSM client.
 *
 * @public
 */
export const itsmApiRef = createApiRef<ItsmApi>({ id: 'plugin.itsm.api' });
