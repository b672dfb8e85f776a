import { createApiRef } from '@backstage/core-plugin-api';
import type {
  approvalSchema,
  Change,
  ChangeApprover,
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
} & (T extends 'changes' ? { approvals: ItsmApproval[] } : unknown);

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
