import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  describeZodError,
  findTransition,
  RECORD_ROLES,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecord,
  ItsmApproval,
  ItsmHistoryEntry,
  ItsmRecordLink,
  ItsmRecordType,
  itsmRecordReadPermission,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import {
  HistoryEntry,
  ItsmStore,
  NewHistoryEntry,
  StoredLink,
  StoredRecord,
} from '../store/types';
import {
  Caller,
  EntityCatalog,
  EntityFacts,
  HandlerContext,
  ownerRefsOf,
  RecordRoles,
  TypeHandler,
} from './types';

/** Something with zod's safeParse (the shared schemas are zod v3). */
interface Parser {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: Parameters<typeof describeZodError>[0] };
}

type ParsedOf<S> = S extends { safeParse(value: unknown): infer R }
  ? R extends { success: true; data: infer D }
    ? D
    : never
  : never;

/** Validates a request body; InputError names every bad field. */
export function parseInput<S extends Parser>(
  schema: S,
  body: unknown,
): ParsedOf<S> {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new InputError('The request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new InputError(describeZodError(result.error));
  return result.data as ParsedOf<S>;
}

/**
 * The record as the API shows it: common fields plus the fields of its type
 * (and its priority, for the types that show one).
 */
export function toApiRecord(
  record: StoredRecord,
  showsPriority = false,
): ItsmRecord {
  const base = {
    id: record.id,
    type: record.type,
    key: record.key,
    title: record.title,
    description: record.description,
    state: record.state,
    entityRefs: record.entityRefs,
    assignedGroup: record.assignedGroup,
    assignee: record.assignee,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    stateChangedAt: record.stateChangedAt,
    version: record.version,
  };
  const priority = showsPriority ? { priority: record.priority } : {};
  return { ...record.data, ...priority, ...base } as unknown as ItsmRecord;
}

export function toLink(record: StoredRecord): ItsmRecordLink {
  return {
    key: record.key,
    type: record.type,
    title: record.title,
    state: record.state,
  };
}

/** An approval as the API shows it. */
export function toApproval(a: {
  approverRef: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  decidedBy: string;
  decidedAt: string;
  superseded: boolean;
}): ItsmApproval {
  return {
    approverRef: a.approverRef,
    decision: a.decision,
    reason: a.reason,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    superseded: a.superseded,
  };
}

/** The portal path of a record, e.g. /itsm/incidents/INC-3. */
export function recordLink(record: Pick<StoredRecord, 'type' | 'key'>) {
  return `/itsm/${record.type}/${record.key}`;
}

/** Counts one more of something in the record's data (send-backs, reopens ...). */
export function increment(data: Record<string, unknown>, field: string) {
  data[field] = Number(data[field] ?? 0) + 1;
}

export function assertVersion(record: StoredRecord, version: number) {
  if (record.version !== version) {
    throw new ConflictError(
      `${record.key} was changed by someone else (version ${record.version} is current, you sent ${version}); reload and try again`,
    );
  }
}

const COLUMNS = [
  'title',
  'description',
  'state',
  'priority',
  'assignedGroup',
  'assignee',
  'entityRefs',
] as const;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * One history entry per field that differs between two versions of a
 * record (columns and type-specific fields alike).
 */
export function diffHistory(
  before: StoredRecord,
  after: StoredRecord,
  action: string,
  actor: string,
  at: string,
  skip: readonly string[] = [],
): NewHistoryEntry[] {
  const entries: NewHistoryEntry[] = [];
  for (const field of COLUMNS) {
    if (skip.includes(field)) continue;
    if (!same(before[field], after[field])) {
      entries.push({
        at,
        actor,
        action,
        field,
        from: before[field] ?? null,
        to: after[field] ?? null,
      });
    }
  }
  const keys = new Set([
    ...Object.keys(before.data),
    ...Object.keys(after.data),
  ]);
  for (const field of keys) {
    if (skip.includes(field)) continue;
    if (!same(before.data[field], after.data[field])) {
      entries.push({
        at,
        actor,
        action,
        field,
        from: before.data[field] ?? null,
        to: after.data[field] ?? null,
      });
    }
  }
  return entries;
}

/** Either end of a link leads to the other record; both readers have these two. */
interface LinkReader {
  listLinks(recordId: string): Promise<StoredLink[]>;
  getRecordsByIds(ids: string[]): Promise<StoredRecord[]>;
}

/** The records linked to a record (either direction), in key order. */
export async function linkedRecordsOf(
  reader: LinkReader,
  recordId: string,
): Promise<StoredRecord[]> {
  const links = await reader.listLinks(recordId);
  const ids = links.map(l => (l.fromId === recordId ? l.toId : l.fromId));
  const records = ids.length ? await reader.getRecordsByIds(ids) : [];
  return records.sort((x, y) =>
    x.key.localeCompare(y.key, 'en', { numeric: true }),
  );
}

/** A required ISO 8601 date or date-time query parameter, as epoch ms. */
export function parseInstant(value: string | undefined, name: string): number {
  if (!value) {
    throw new InputError(`${name}: is required (ISO 8601 date or date-time)`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InputError(
      `${name}: "${value}" is not an ISO 8601 date or date-time`,
    );
  }
  return ms;
}

/** NotFoundError naming the record type as people say it ("No incident INC-4", "No SLA SLA-2"). */
export function recordNotFound(type: ItsmRecordType, idOrKey: string) {
  return new NotFoundError(`No ${typeName(type)} ${idOrKey}`);
}

/** The record type as people say it in a sentence: "incident", "SLA". */
function typeName(type: ItsmRecordType): string {
  const { singular } = ITSM_RECORD_TYPE_INFO[type];
  return singular === singular.toUpperCase()
    ? singular
    : singular.toLowerCase();
}

/** A record the caller may read, or NotFoundError / NotAllowedError. */
export async function readableRecord(
  deps: { store: Pick<ItsmStore, 'getRecord'>; authorizer: RecordAuthorizer },
  type: ItsmRecordType,
  idOrKey: string,
  caller: Caller,
): Promise<StoredRecord> {
  const record = await deps.store.getRecord(type, idOrKey);
  if (!record) throw recordNotFound(type, idOrKey);
  await deps.authorizer.assertRecord(
    itsmRecordReadPermission,
    record,
    caller.credentials,
  );
  return record;
}

/** A history entry as the API shows it. */
export function toHistoryEntry(e: HistoryEntry): ItsmHistoryEntry {
  const { at, actor, action, field, from, to } = e;
  return { at, actor, action, field, from, to };
}

/**
 * The answer to a body field naming a record by key that does not exist, or
 * that the caller may not read: the same words, so nothing leaks.
 */
export function noRecordWithKey(field: string, key: string): InputError {
  return new InputError(`${field}: no ITSM record with key "${key}"`);
}

/**
 * The permission of the type itself (an SLA's itsm.sla.manage), needed
 * besides the general one to create, edit and move a record of the type.
 */
export async function assertTypePermission(
  authorizer: RecordAuthorizer,
  handler: Pick<TypeHandler, 'managePermission'>,
  caller: Caller,
): Promise<void> {
  if (!handler.managePermission) return;
  await authorizer.assertAllowed(handler.managePermission, caller.credentials);
}

/** Whether a party of the record (a role on the record) may take this transition. */
export function takenByAParty(record: StoredRecord, to: string): boolean {
  const def = findTransition(record.type, record.state, to);
  return !!def?.roles.some(r =>
    (RECORD_ROLES as readonly string[]).includes(r),
  );
}

/** What a type handler sees; its role checks are made on `record` as it stands. */
export function handlerContext(
  deps: { catalog: EntityCatalog; roles: RecordRoles },
  caller: Caller,
  now: string,
  facts: EntityFacts[],
  record: StoredRecord,
): HandlerContext {
  return {
    caller,
    now,
    catalog: deps.catalog,
    facts,
    assertActs: (roles, what) =>
      deps.roles.assertActs(record, roles, caller, what),
  };
}

/**
 * The record a create is about to make, as far as its roles need it: its
 * entities and owners, the caller as its requester, no key yet.
 */
export function pendingRecord(
  type: ItsmRecordType,
  input: { title: string; description?: string },
  facts: EntityFacts[],
  caller: Caller,
  now: string,
): StoredRecord {
  return {
    id: '',
    type,
    key: `a new ${typeName(type)}`,
    seq: 0,
    title: input.title,
    description: input.description ?? '',
    state: STATE_MACHINES[type].initial,
    priority: null,
    assignedGroup: null,
    assignee: null,
    entityRefs: facts.map(f => f.entityRef),
    ownerRefs: ownerRefsOf(facts),
    data: {},
    createdBy: caller.userRef,
    updatedBy: caller.userRef,
    createdAt: now,
    updatedAt: now,
    stateChangedAt: now,
    version: 0,
  };
}
