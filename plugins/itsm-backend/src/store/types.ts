import {
  CabOutcome,
  ItsmRecordType,
  RecordSort,
} from '@backstage-itsm/plugin-itsm-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { CabMeetingStore, CabMeetingTransaction } from './cabTypes';
import type { ReleasePlanStore } from './releasePlanTypes';
import type { IdempotencyStore } from './idempotencyTypes';
import type { OutboxStore } from './outboxTypes';
import type { OutageEscalation, SlaWarning } from './slaTypes';
import type { KpiCounts } from './kpiTypes';

export type { OutageEscalation, SlaWarning } from './slaTypes';
export type { CabMeetingCounts, KpiCounts, ReleaseKpiCounts } from './kpiTypes';

/**
 * One ITSM record as stored. Columns shared by every record type are
 * top-level; the fields specific to one type (an incident's impact, a
 * change's plans, an SLA's targets ...) live in `data`, validated by the
 * service layer before they reach the store.
 */
export interface StoredRecord {
  id: string;
  type: ItsmRecordType;
  /** Human key, e.g. INC-12. */
  key: string;
  /** The number in the key; orders lists (newest first). */
  seq: number;
  title: string;
  description: string;
  state: string;
  /** P1..P4 for incidents; null for other types. */
  priority: string | null;
  /** Entity ref of the group the record is assigned to, if any. */
  assignedGroup: string | null;
  /** Entity ref of the user the record is assigned to, if any. */
  assignee: string | null;
  /** Catalog entity refs the record concerns, in the order given. */
  entityRefs: string[];
  /**
   * Owner refs of those entities as the catalog said when they were last
   * written; used by the "owns an affected entity" permission rule.
   */
  ownerRefs: string[];
  data: Record<string, unknown>;
  createdBy: string;
  updatedBy: string;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  /** When `state` last changed (set on insert and whenever a patch changes state). */
  stateChangedAt: string;
  version: number;
}

/**
 * A fact derived from a record's data and stored as an indexed row, so that
 * rules can ask about it in SQL: a reference (`value` is a key or an entity
 * ref) or an interval (`start`, and `end` or null while open; `value` is
 * its kind).
 */
export interface RecordFact {
  name: string;
  value: string;
  start?: string | null;
  end?: string | null;
  /**
   * What the fact is about (e.g. the approver a decider decides for). A fact
   * name is always or never about a subject.
   */
  subject?: string | null;
  /** A number it carries (e.g. that approver's quorum). */
  amount?: number | null;
}

/**
 * How a record's facts follow from its data, one function for every type.
 * `version` names the derivation: raise it whenever `of` changes, and the
 * store rewrites the facts of every record written by an older one.
 */
export interface RecordFactsIndex {
  version: number;
  of(type: ItsmRecordType, data: Record<string, unknown>): RecordFact[];
}

/** What the service gives the store to create a record (key and seq are the store's). */
export type NewRecord = Omit<
  StoredRecord,
  | 'key'
  | 'seq'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
  | 'updatedBy'
  | 'stateChangedAt'
> & { now: string; updatedBy?: string }; // updatedBy: createdBy unless given

/** The columns an update may change. Every update bumps `version` by one. */
export type RecordPatch = Partial<
  Pick<
    StoredRecord,
    | 'title'
    | 'description'
    | 'state'
    | 'priority'
    | 'assignedGroup'
    | 'assignee'
    | 'entityRefs'
    | 'ownerRefs'
    | 'data'
  >
> & { updatedBy: string; now: string };

/** One immutable history entry. `from`/`to` are JSON values (or null). */
export interface HistoryEntry {
  id: number;
  recordId: string;
  at: string;
  actor: string;
  /** created, updated, transitioned, commented, linked, unlinked, approved, rejected, ... */
  action: string;
  field: string | null;
  from: unknown;
  to: unknown;
}

export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'recordId'>;

export interface StoredComment {
  id: number;
  recordId: string;
  author: string;
  body: string;
  createdAt: string;
  visibility: 'public' | 'internal'; // itsm-common's CommentVisibility
}

/** A directed link between two records, e.g. incident -> problem. */
export interface StoredLink {
  fromId: string;
  toId: string;
  /** e.g. 'problem', 'change', 'release-change' */
  kind: string;
  createdBy: string;
  createdAt: string;
}

export interface StoredApproval {
  id: number;
  recordId: string;
  /** Group (or user) entity ref the approval is given for. */
  approverRef: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  /** The user who decided. */
  decidedBy: string;
  decidedAt: string;
  /** Approvals of an earlier round (e.g. before a send-back) are superseded. */
  superseded: boolean;
}

/**
 * Filters the permission framework may apply to reads, as SQL. Values are
 * compared exactly; `ownerRef` matches when any owner ref of the record is
 * among the values.
 */
export type RecordFilter =
  | { property: 'createdBy'; values: string[] }
  | { property: 'assignedGroup'; values: string[] }
  | { property: 'ownerRef'; values: string[] }
  | { property: 'entityRef'; values: string[] }
  /** Records with an entity that is none of these (any entity when empty). */
  | { property: 'entityRefOutside'; values: string[] }
  /** Records naming one of these refs as a party (see `recordParties`). */
  | { property: 'party'; values: string[] };

/**
 * A condition on a record's facts: it has a fact of that name whose value is
 * one of `values` (any value when absent) and none of `except`.
 */
export interface FactCondition {
  name: string;
  values?: string[];
  except?: string[];
}

/**
 * Records with a fact of that name whose interval overlaps `[from, to)`:
 * it starts before `to` and ends after `from` (an open interval has not ended).
 */
export interface IntervalCondition {
  name: string;
  from: string;
  to: string;
}

export interface ListRecordsQuery {
  type: ItsmRecordType;
  /** Matches records concerning any of these entity refs. */
  entityRefs?: string[];
  states?: string[];
  priorities?: string[];
  assignedGroups?: string[];
  /**
   * Full-text query: every word matches the beginning of a word of the key,
   * title, description, workaround or root cause (case ignored); results
   * are ranked, best first (see store/textSearch.ts).
   */
  q?: string;
  /** Records having every one of these facts. */
  facts?: FactCondition[];
  /** Records with an interval fact overlapping the period. */
  overlaps?: IntervalCondition;
  /** Records created at or after this instant (ISO 8601). */
  createdSince?: string;
  /** Records created before this instant (ISO 8601). */
  createdBefore?: string;
  /** The order (store/listSort.ts); default newest first, a search by rank. */
  sort?: RecordSort;
  /** 1..500 */
  limit: number;
  /** Cursor of an earlier page of this list and order, else InputError. */
  cursor?: string;
  /** Conditional permission decision, applied in SQL. */
  permissionFilter?: PermissionCriteria<RecordFilter>;
  /** No count (an export reads every page): `totalCount` is the page's length. */
  skipTotal?: boolean;
}

export interface ListRecordsResult {
  items: StoredRecord[];
  nextCursor?: string;
  /**
   * The number of matches over all pages; with `totalCountIsLowerBound`,
   * at least that many (a broad list is counted up to a bound, see
   * store/recordLists.ts).
   */
  totalCount: number;
  totalCountIsLowerBound?: boolean;
}

/**
 * The interval facts of the records of some entities over a period
 * (store/availabilityQueries.ts): e.g. the outages of the incidents and the
 * windows of the changes of a System and its parts.
 */
export interface EntityIntervalsQuery {
  type: ItsmRecordType;
  /** The interval fact: `outage` of an incident, `window` of a change. */
  fact: string;
  /** Only records in these states. */
  states: readonly string[];
  /** Records concerning any of these entity refs (each answered per entity). */
  entityRefs: readonly string[];
  /** The period `[from, to)` (ISO 8601): intervals that start before `to` and end after `from` or are open. */
  from: string;
  to: string;
  /** The caller's conditional read decision, applied in SQL. */
  permissionFilter?: PermissionCriteria<RecordFilter>;
}

/** The records of some entities created in a period (store/availabilityQueries.ts). */
export interface EntityRecordsQuery {
  type: ItsmRecordType;
  /** Records concerning any of these entity refs. */
  entityRefs: readonly string[];
  /** `[createdSince, createdBefore)`, ISO 8601. */
  createdSince: string;
  createdBefore: string;
  /** The caller's conditional read decision, applied in SQL. */
  permissionFilter?: PermissionCriteria<RecordFilter>;
}

/** One interval fact of a record, for one of the entities it concerns. */
export interface EntityInterval {
  entityRef: string;
  recordId: string;
  key: string;
  seq: number;
  /** The fact's value: the kind of the interval (`down`, `degraded`; a change's type). */
  value: string;
  /** ISO 8601. */
  start: string;
  /** ISO 8601; null while open. */
  end: string | null;
}

/** What the counts of the process figures are taken over (store/kpiQueries.ts). */
export interface KpiCountsQuery {
  /** The period of the period figures, `[from, to)`, ISO 8601. */
  from: string;
  to: string;
  /** Only records concerning any of these entity refs. */
  entityRefs?: string[];
  /** The caller's conditional read decision, applied in SQL. */
  permissionFilter?: PermissionCriteria<RecordFilter>;
}

/** Operations that must run inside one transaction. */
export interface ItsmStoreTransaction {
  /** Creates the record with the next key of its type (never reused). */
  insertRecord(record: NewRecord): Promise<StoredRecord>;
  /** Reads a record by uuid or key, locking it for update where the database can. */
  getRecordForUpdate(
    type: ItsmRecordType,
    idOrKey: string,
  ): Promise<StoredRecord | undefined>;
  /**
   * Applies the patch only when the stored version equals expectedVersion;
   * otherwise throws ConflictError (from @backstage/errors) and changes nothing.
   */
  updateRecord(
    id: string,
    expectedVersion: number,
    patch: RecordPatch,
  ): Promise<StoredRecord>;
  appendHistory(recordId: string, entries: NewHistoryEntry[]): Promise<void>;
  addComment(
    recordId: string,
    comment: Pick<StoredComment, 'author' | 'body' | 'visibility'>,
    now: string,
  ): Promise<StoredComment>;
  /** Idempotent: linking twice keeps one link. */
  addLink(link: StoredLink): Promise<void>;
  removeLink(fromId: string, toId: string, kind: string): Promise<void>;
  addApproval(approval: Omit<StoredApproval, 'id'>): Promise<StoredApproval>;
  /** Marks every current approval of the record superseded (a new round starts). */
  supersedeApprovals(recordId: string): Promise<void>;
  /** Same as the read methods of ItsmStore, inside this transaction. */
  getRecordsByIds(ids: string[]): Promise<StoredRecord[]>;
  listRecords(query: ListRecordsQuery): Promise<ListRecordsResult>;
  listLinks(recordId: string): Promise<StoredLink[]>;
  listApprovals(recordId: string): Promise<StoredApproval[]>;
  /**
   * Claims SLA warnings inside the transaction (see
   * {@link ItsmStore.claimSlaWarning}), set-based: returns those this call
   * recorded, in the order given; the others were recorded before.
   */
  claimSlaWarnings(warnings: SlaWarning[]): Promise<SlaWarning[]>;
  /**
   * Claims the escalation of an outage to the service owner, with the
   * notification to deliver after commit: false when that outage (incident
   * and outage start) was escalated before.
   */
  claimOutageEscalation(escalation: OutageEscalation): Promise<boolean>;
  /** The backlog release (id) of the first of these services that has one. */
  releaseBacklogOf(serviceRefs: readonly string[]): Promise<string | undefined>;
  /**
   * Claims a service's backlog for this transaction (one per service, by
   * constraint): false when another transaction holds it (see
   * store/releaseBacklogs.ts); the claimer then sets the release it creates.
   */
  claimReleaseBacklog(serviceRef: string): Promise<boolean>;
  setReleaseBacklog(serviceRef: string, releaseId: string): Promise<void>;
  /** What the most recent closed CAB meeting decided on an RFC (store/cabMeetings.ts). */
  cabDecisionOf(changeId: string): Promise<CabOutcome | undefined>;
  /** The members of the CAB meeting(s) that registered a release. */
  cabMembersOfRelease(releaseId: string): Promise<string[]>;
  /** Claims on CAB meetings made with the writes they decide (store/cabMeetings.ts). */
  readonly cab: CabMeetingTransaction;
  /** Release plans, in this transaction (store/releasePlans.ts). */
  readonly releasePlans: ReleasePlanStore;
  /** Answers of idempotent writes, the outbox of notifications. */
  readonly idempotency: Pick<IdempotencyStore, 'claim'>;
  readonly outbox: Pick<OutboxStore, 'enqueue'>;
}

/** One page of {@link SweepReads.pageInStates}. */
export interface SweepPage {
  items: StoredRecord[];
  /** Pass as `beforeSeq` for the next page; absent on the last one. */
  nextBeforeSeq?: number;
}

/** The SLA warnings and outage escalations already claimed for some incidents. */
export interface SlaClaims {
  warnings: Array<Omit<SlaWarning, 'sentAt'>>;
  /** `outageStart` as stored (ISO 8601 in the form of Date#toISOString). */
  escalations: Array<Pick<OutageEscalation, 'incidentId' | 'outageStart'>>;
}

/**
 * Set-based reads of the SLA clocks and their sweep (store/sweepQueries.ts):
 * each costs a fixed number of queries however many records it is asked about.
 */
export interface SweepReads {
  /**
   * One page of the records of a type in these states, newest first (by
   * seq), with no total: a sweep reads pages until `nextBeforeSeq` is absent.
   */
  pageInStates(query: {
    type: ItsmRecordType;
    states: readonly string[];
    /** 1..500 */
    limit: number;
    beforeSeq?: number;
  }): Promise<SweepPage>;
  /** Every record of a type in these states concerning any of the entity refs, newest first. */
  recordsOnEntities(
    type: ItsmRecordType,
    states: readonly string[],
    entityRefs: readonly string[],
  ): Promise<StoredRecord[]>;
  /** The history entries of one field of each record (by id), oldest first. */
  fieldHistory(
    recordIds: readonly string[],
    field: string,
  ): Promise<Map<string, HistoryEntry[]>>;
  /** The warnings and escalations claimed so far for these incidents. */
  slaClaims(incidentIds: readonly string[]): Promise<SlaClaims>;
}

export interface ItsmStore {
  transaction<T>(fn: (tx: ItsmStoreTransaction) => Promise<T>): Promise<T>;
  /** Set-based reads of the SLA clocks and sweep. */
  readonly sweepReads: SweepReads;
  /** CAB meetings, their members, agendas and votes (store/cabMeetings.ts). */
  readonly cab: CabMeetingStore;
  /** The changes of each release plan (store/releasePlans.ts). */
  readonly releasePlans: ReleasePlanStore;
  readonly idempotency: Pick<IdempotencyStore, 'find'>;
  readonly outbox: OutboxStore;
  getRecord(
    type: ItsmRecordType,
    idOrKey: string,
    permissionFilter?: PermissionCriteria<RecordFilter>,
  ): Promise<StoredRecord | undefined>;
  getRecordsByIds(ids: string[]): Promise<StoredRecord[]>;
  listRecords(query: ListRecordsQuery): Promise<ListRecordsResult>;
  /** Oldest first. */
  listHistory(recordId: string): Promise<HistoryEntry[]>;
  /** Oldest first, paginated by id; internal notes only with `internal`. */
  listComments(
    recordId: string,
    options: { limit: number; cursor?: string; internal: boolean },
  ): Promise<{
    items: StoredComment[];
    nextCursor?: string;
    totalCount: number;
  }>;
  /** Links where the record is either end. */
  listLinks(recordId: string): Promise<StoredLink[]>;
  listApprovals(recordId: string): Promise<StoredApproval[]>;
  /**
   * The facts with these names of the records (see RecordFactsIndex), for
   * answers that need a fact of many records without their data.
   */
  listFacts(
    recordIds: string[],
    names: string[],
  ): Promise<Array<RecordFact & { recordId: string }>>;
  /**
   * One page of the records of a type in `state` whose stateChangedAt is
   * before `before` (auto-close sweeps), oldest key first, after `afterSeq`.
   */
  listRecordsInStateSince(
    type: ItsmRecordType,
    state: string,
    before: string,
    page: { limit: number; afterSeq?: number },
  ): Promise<StoredRecord[]>;
  /**
   * Records that an SLA warning is sent, exactly once whatever the number of
   * instances sweeping: false when it was recorded before.
   */
  claimSlaWarning(warning: SlaWarning): Promise<boolean>;
  /** Escalations recorded before `before` whose notification is not delivered yet. */
  undeliveredEscalations(before: string): Promise<OutageEscalation[]>;
  /** Marks an escalation's notification delivered; false when it was before. */
  markEscalationDelivered(
    incidentId: string,
    outageStart: string,
    at: string,
  ): Promise<boolean>;
  /** The counts behind the process figures, by aggregate queries. */
  kpiCounts(query: KpiCountsQuery): Promise<KpiCounts>;
  /**
   * The interval facts of the records of these entities overlapping a
   * period, in one query for all of them (availability, SLA reports): one per
   * entity and record, ordered by entity and record, every one (read page by
   * page).
   */
  intervalsOnEntities(query: EntityIntervalsQuery): Promise<EntityInterval[]>;
  /**
   * The records of these entities created in a period, newest first, every
   * one (read page by page; the term report's incidents).
   */
  recordsCreatedOnEntities(query: EntityRecordsQuery): Promise<StoredRecord[]>;
}
