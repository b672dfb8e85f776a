import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  ActorRole,
  ItsmRecordType,
  ResolvedRole,
  TransitionDef,
  TransitionRequest,
} from '@backstage-itsm/plugin-itsm-common';
import {
  ItsmStore,
  ItsmStoreTransaction,
  StoredApproval,
  StoredRecord,
} from '../store/types';
import { ItsmNotification } from './Notifier';

/** The actor of writes the plugin makes on its own (auto-close, sweeps). */
export const SYSTEM_ACTOR = 'itsm:system';

/** Who is calling, as the services need it. */
export interface Caller {
  credentials: BackstageCredentials;
  /** The caller's user entity ref, lower case. */
  userRef: string;
  /** Ownership claims: the user ref and the groups the user belongs to, lower case. */
  claims: string[];
}

/** What the ITSM records need to know of a catalog entity. */
export interface EntityFacts {
  entityRef: string;
  kind: string;
  title: string;
  /** Owner refs (ownedBy relations, falling back to spec.owner). */
  ownerRefs: string[];
  /** The System the entity is part of, if any. */
  systemRef?: string;
}

/** The catalog as the engine needs it (cmdb/CatalogLookup implements it). */
export interface EntityCatalog {
  /**
   * Facts of every given entity, in the given order. Throws InputError naming
   * each ref the catalog does not know (or the caller may not see).
   */
  requireEntities(
    entityRefs: string[],
    credentials: BackstageCredentials,
    field?: string,
  ): Promise<EntityFacts[]>;
  /**
   * Checks the group or user references of a body by field (null and
   * undefined skipped): InputError naming the field unless each is a `kind`
   * entity ref the catalog knows.
   */
  requireRefs(
    kind: 'group' | 'user',
    fields: Record<string, string | null | undefined>,
    credentials: BackstageCredentials,
  ): Promise<void>;
}

/** Who may take a process action on a record (cmdb/RoleResolver implements it). */
export interface RecordRoles {
  /** Every role of the record with its holders: process roles over its entities, roles on the record. */
  recordRoles(record: StoredRecord, caller: Caller): Promise<ResolvedRole[]>;
  /**
   * Throws NotAllowedError naming the roles and who holds them unless the
   * caller acts in one of `roles` on the record (none: no role needed).
   * `what` says the action in words ("schedule").
   */
  assertActs(
    record: StoredRecord,
    roles: readonly ActorRole[],
    caller: Caller,
    what: string,
  ): Promise<void>;
}

export interface HandlerContext {
  caller: Caller;
  now: string;
  catalog: EntityCatalog;
  /** Catalog facts of the record's entityRefs, in order. */
  facts: EntityFacts[];
  /**
   * Throws NotAllowedError naming the roles and who holds them unless the
   * caller acts in one of `roles` on the record as it stands (on create: the
   * record about to be made, over its entities). `what` says the action in
   * words ("reassign").
   */
  assertActs(roles: readonly ActorRole[], what: string): Promise<void>;
  /**
   * On update: the derived data computed for the edited record (see
   * {@link DerivedData}), when the edit made it stale; stored after
   * `update` returns.
   */
  derived?: Record<string, unknown>;
}

/** What a type handler decides for a new record. */
export interface RecordDraft {
  state?: string;
  priority: string | null;
  assignedGroup: string | null;
  assignee: string | null;
  data: Record<string, unknown>;
  /**
   * The requester (`createdBy`) when not the caller: the person a service
   * desk agent registers an incident for (its `onBehalfOf`).
   */
  requester?: string;
  /**
   * Records to link the new record to (e.g. the incident an emergency
   * change fixes), with the body field that named each (for errors).
   */
  linkTo?: Array<{ key: string; field: string }>;
  /**
   * Runs in the transaction that inserts the record, after the insert (e.g.
   * registering a release as its service's backlog); what it throws undoes
   * the create.
   */
  inTransaction?(
    tx: ItsmStoreTransaction,
    created: StoredRecord,
  ): Promise<void>;
}

/** What a type handler decides for an update of type-specific fields. */
export interface RecordUpdate {
  priority?: string | null;
  assignedGroup?: string | null;
  assignee?: string | null;
  data: Record<string, unknown>;
  /**
   * Set when the edit undoes a decision taken on the record (a change's
   * approval no longer holds for what it now says): the state the record
   * returns to (its own, or one its state machine leads to from here), the
   * history action and the reason, and whether the decisions (approvals)
   * given so far are superseded.
   */
  reopen?: {
    state: string;
    action: string;
    reason: string;
    supersedeApprovals?: boolean;
  };
  /** Messages sent after the update commits, when it reopens the record. */
  notifications?: ItsmNotification[];
}

/** A record about to be written, as far as derived data needs it. */
export type RecordFacts = Pick<
  StoredRecord,
  'id' | 'key' | 'entityRefs' | 'ownerRefs' | 'data'
>;

/**
 * Data a type derives from the catalog and from other records (a change's
 * assessment). It is computed before the transaction, holding no lock, on
 * the version the caller saw, and stored in the record's `data`.
 */
export interface DerivedData {
  /** The `data` fields it writes; they stay out of update and transition history. */
  fields: readonly string[];
  /** Whether an update of these type-specific fields (or of the entities) makes it stale. */
  staleAfterUpdate(
    fields: Record<string, unknown>,
    entitiesChanged: boolean,
  ): boolean;
  /** Whether a transition to this state decides on fresh derived data. */
  staleBeforeTransition(to: string): boolean;
  /** The derived fields for the record, or undefined when nothing is derived. */
  compute(
    record: RecordFacts,
    caller: Caller,
  ): Promise<Record<string, unknown> | undefined>;
}

/** The type-specific rules of one record type, given to the engine. */
export interface TypeHandler<TCreate = any, TUpdate = any> {
  type: ItsmRecordType;
  create(input: TCreate, ctx: HandlerContext): Promise<RecordDraft>;
  /**
   * Applies the type-specific fields of a PATCH (title, description,
   * entityRefs and version are handled by the caller) to the record.
   */
  update(
    input: TUpdate,
    record: StoredRecord,
    ctx: HandlerContext,
  ): Promise<RecordUpdate>;
  /**
   * The data of a new record once its draft is known, computed before the
   * transaction (e.g. a change's assessment and emergency approvers).
   */
  completeCreate?(
    pending: RecordFacts,
    caller: Caller,
  ): Promise<Record<string, unknown>>;
  /**
   * A permission needed, besides the general ones, to create, edit and move
   * records of this type (SLAs: itsm.sla.manage). A transition a party of
   * the record may take (one of its roles is a role on the record, such as a
   * customer representative declining an SLA) needs only its role.
   */
  managePermission?: BasicPermission;
  /** Whether the API shows the `priority` column of these records. */
  showsPriority?: boolean;
  /** Whether a record's detail lists its approvals. */
  hasApprovals?: boolean;
  derived?: DerivedData;
  /**
   * Stores the fields of a transition body this type keeps on the record.
   * `ctx.input` holds only what the transition takes (see
   * `transitionBodyFields` in itsm-common): the fields it declares, `reason`.
   */
  applyTransitionFields?(ctx: TransitionContext, patch: TransitionPatch): void;
  /**
   * Why a link added through the API (`POST .../links`) between a record of
   * this type and another is refused by this process (409), or undefined.
   * Asked of both ends' types, after the shared link rules.
   */
  linkRefusal?(
    tx: ItsmStoreTransaction,
    record: StoredRecord,
    other: StoredRecord,
  ): Promise<string | undefined>;
}

/** Everything a guard or an effect may look at while a transition runs. */
export interface TransitionContext {
  tx: ItsmStoreTransaction;
  store: ItsmStore;
  record: StoredRecord;
  def: TransitionDef;
  /** The body, reduced to the fields the transition takes. */
  input: Partial<TransitionRequest>;
  caller: Caller;
  now: string;
  /** Records linked to this one (either direction), loaded once. */
  linked(): Promise<StoredRecord[]>;
  /** Non-superseded approvals of the record. */
  currentApprovals(): Promise<StoredApproval[]>;
  /** Creates a record inside the transaction (e.g. the RFC of a known error). */
  createRecord(record: {
    type: ItsmRecordType;
    title: string;
    description: string;
    state: string;
    entityRefs: string[];
    ownerRefs: string[];
    assignedGroup: string | null;
    data: Record<string, unknown>;
  }): Promise<StoredRecord>;
  link(other: StoredRecord): Promise<void>;
  unlink(other: StoredRecord): Promise<void>;
  /** Links two other records (e.g. an RFC to the backlog release it returns to). */
  linkPair(a: StoredRecord, b: StoredRecord): Promise<void>;
}

/** The changes a transition makes to the record, built up by the effects. */
export interface TransitionPatch {
  state: string;
  assignedGroup?: string | null;
  assignee?: string | null;
  data: Record<string, unknown>;
  /** Messages sent after the transaction commits. */
  notifications: ItsmNotification[];
  /** Extra history entries (e.g. the RFC raised for a known error). */
  notes: Array<{
    field: string | null;
    from?: unknown;
    to: unknown;
    action: string;
  }>;
}

/**
 * A condition of a transition: undefined when the transition may go ahead,
 * or the reason it may not (the API answers 409 with it).
 */
export type Guard = (ctx: TransitionContext) => Promise<string | undefined>;

/** A side effect applied with a transition. */
export type Effect = (
  ctx: TransitionContext,
  patch: TransitionPatch,
) => Promise<void>;

/**
 * What the engine is given to run the processes: the handler of every record
 * type and the guards and effects the state machines name.
 */
export interface ProcessRegistry {
  handlers: Readonly<Record<ItsmRecordType, TypeHandler>>;
  guards: Readonly<Record<string, Guard>>;
  effects: Readonly<Record<string, Effect>>;
}

/** The owner refs of the entities, deduplicated. */
export function ownerRefsOf(facts: EntityFacts[]): string[] {
  return Array.from(new Set(facts.flatMap(f => f.ownerRefs)));
}

/** The systems the entities belong to, deduplicated. */
export function systemRefsOf(facts: EntityFacts[]): string[] {
  return Array.from(
    new Set(facts.map(f => f.systemRef).filter((s): s is string => !!s)),
  );
}

/** The group refs among the owners of the entities, first entity first. */
export function ownerGroups(facts: EntityFacts[]): string[] {
  const groups = facts
    .flatMap(f => f.ownerRefs)
    .filter(r => r.startsWith('group:'));
  return Array.from(new Set(groups));
}

/** The owner of the first affected entity: the default assignment group. */
export function defaultAssignmentGroup(facts: EntityFacts[]): string | null {
  return ownerGroups(facts)[0] ?? facts[0]?.ownerRefs[0] ?? null;
}

/** Copies the defined keys of `source` named in `keys` over `target`. */
export function mergeDefined(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const result = { ...target };
  for (const key of keys) {
    if (source[key] !== undefined) result[key] = source[key];
  }
  return result;
}
