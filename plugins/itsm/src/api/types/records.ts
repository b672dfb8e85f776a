import type {
  approvalSchema,
  Change,
  ChangeApprover,
  commentSchema,
  CREATE_SCHEMAS,
  Incident,
  ItsmApproval,
  ItsmHistoryEntry,
  ItsmOpenApi,
  ItsmRecordLink,
  ItsmRecordType,
  linkSchema,
  Priority,
  Problem,
  RecordSort,
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
  /**
   * With `entityRef`: a System or Domain also stands for its parts (a
   * Domain: its Systems and their parts), as its entity tab lists them.
   */
  includeParts?: boolean;
  /** Only records in one of these states. */
  state?: string | string[];
  /** Only incidents of one of these priorities (incidents only). */
  priority?: Priority | Priority[];
  /** Only records assigned to one of these group entity refs. */
  assignedGroup?: string | string[];
  /** Free text. */
  q?: string;
  /**
   * The order (itsm-common's RECORD_SORTS, e.g. `priority`, `-updatedAt`);
   * by default newest first, a search by rank.
   */
  sort?: RecordSort;
  /** Page size, 1 to 500; the server defaults to 50. */
  limit?: number;
  /** The `nextCursor` of the previous page of the same list and sort. */
  cursor?: string;
}

/**
 * The sections of "My work" (`GET /work`): the open records assigned to the
 * caller, the open records in the queues of the caller's groups, the
 * changes awaiting the caller's approval and the SLAs awaiting the caller's
 * signature.
 *
 * @public
 */
export type WorkSection = 'assigned' | 'groups' | 'approvals' | 'signatures';

/**
 * A page of a section of "My work".
 *
 * @public
 */
export interface WorkQuery {
  section: WorkSection;
  /** Page size, 1 to 500; the server defaults to 50. */
  limit?: number;
  /** The `nextCursor` of the previous page of the same section. */
  cursor?: string;
}

/**
 * Paging of a comment list: `limit` (1 to 500; the server defaults to 50)
 * and `cursor` (the `nextCursor` of the previous page), as the API document
 * declares them.
 *
 * @public
 */
export type PageQuery = NonNullable<ItsmOpenApi.ListComments['query']>;

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
 * What `GET /health` answers: `{ status: 'ok' }`, or (with a 503)
 * `{ status: 'error', failures }`, as the API document declares them.
 *
 * @public
 */
export type ItsmHealth = ItsmOpenApi.HealthOk | ItsmOpenApi.HealthError;
