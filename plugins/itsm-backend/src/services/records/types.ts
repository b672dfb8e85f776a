import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { ItsmConfig } from '../../config';
import { StoredRecord } from '../../store/types';
import { CatalogLookup, EntityFacts } from '../CatalogLookup';

/** Who is calling, as the services need it. */
export interface Caller {
  credentials: BackstageCredentials;
  /** The caller's user entity ref, lower case. */
  userRef: string;
  /** Ownership claims: the user ref and the groups the user belongs to, lower case. */
  claims: string[];
}

export interface HandlerContext {
  caller: Caller;
  now: string;
  config: ItsmConfig;
  catalog: CatalogLookup;
  /** Catalog facts of the record's entityRefs, in order. */
  facts: EntityFacts[];
}

/** What a type handler decides for a new record. */
export interface RecordDraft {
  state?: string;
  priority: string | null;
  assignedGroup: string | null;
  assignee: string | null;
  data: Record<string, unknown>;
  /** Keys of records to link the new record to (e.g. the incident an emergency change fixes). */
  linkTo?: string[];
}

/** What a type handler decides for an update of type-specific fields. */
export interface RecordUpdate {
  priority?: string | null;
  assignedGroup?: string | null;
  assignee?: string | null;
  data: Record<string, unknown>;
}

export interface TypeHandler<TCreate, TUpdate> {
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
