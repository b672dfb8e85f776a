import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Caller, EntityCatalog, EntityFacts } from '../engine/types';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.owner',
  'spec.system',
  'relations',
];

/**
 * Reads the catalog (the CMDB) in batches: one getEntitiesByRefs call per
 * question, never one request per entity.
 */
export class CatalogLookup implements EntityCatalog {
  constructor(private readonly catalog: CatalogService) {}

  /**
   * Facts of every given entity, in the given order. Throws InputError naming
   * each ref the catalog does not know (or the caller may not see).
   */
  async requireEntities(
    entityRefs: string[],
    credentials: BackstageCredentials,
    field = 'entityRefs',
  ): Promise<EntityFacts[]> {
    if (entityRefs.length === 0) return [];
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs, fields: FIELDS },
      { credentials },
    );
    return requireAll(
      entityRefs,
      items as Array<Entity | undefined>,
      field,
    ).map(toFacts);
  }

  requireRefs(
    kind: ReferenceKind,
    fields: Record<string, string | null | undefined>,
    credentials: BackstageCredentials,
  ): Promise<void> {
    return requireRefs(
      { catalog: this, caller: { credentials } },
      kind,
      fields,
    );
  }
}

/** The kinds of entity a body field may name: an assignment group, an assignee. */
export type ReferenceKind = 'group' | 'user';

/**
 * Checks the group or user references of a request body, by field: each
 * given ref (null and undefined are skipped) must be a `kind` entity ref the
 * catalog knows. Throws InputError naming the field otherwise, e.g.
 * `assignee: unknown catalog entity "user:default/nobody"` or
 * `assignedGroup: must be a group entity ref (group:namespace/name)`.
 *
 * ```ts
 * await requireRefs(ctx, 'group', { assignedGroup: input.assignedGroup });
 * await requireRefs(ctx, 'user', { assignee: input.assignee });
 * ```
 */
export async function requireRefs(
  ctx: { catalog: EntityCatalog; caller: Pick<Caller, 'credentials'> },
  kind: ReferenceKind,
  fields: Record<string, string | null | undefined>,
): Promise<void> {
  for (const [field, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    const ref = referenceOf(value, kind, field);
    await ctx.catalog.requireEntities([ref], ctx.caller.credentials, field);
  }
}

/**
 * {@link requireRefs} for the assignment of an update: the `assignedGroup`
 * and `assignee` the body changes (a ref the record holds already is not
 * looked up again).
 */
export async function requireChangedRefs(
  ctx: { catalog: EntityCatalog; caller: Pick<Caller, 'credentials'> },
  input: { assignedGroup?: string | null; assignee?: string | null },
  record: { assignedGroup: string | null; assignee: string | null },
): Promise<void> {
  if (input.assignedGroup !== record.assignedGroup) {
    await requireRefs(ctx, 'group', { assignedGroup: input.assignedGroup });
  }
  if (input.assignee !== record.assignee) {
    await requireRefs(ctx, 'user', { assignee: input.assignee });
  }
}

/** The ref normalised, or InputError naming the field (never the parser's exception). */
function referenceOf(value: string, kind: ReferenceKind, field: string) {
  const expected = `must be a ${kind} entity ref (${kind}:namespace/name)`;
  let ref: string;
  try {
    ref = stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(`${field}: ${expected}`);
  }
  if (!ref.startsWith(`${kind}:`))
    throw new InputError(`${field}: ${expected}`);
  return ref;
}

function toFacts(entity: Entity): EntityFacts {
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  return {
    entityRef,
    kind: entity.kind,
    title: entity.metadata.title ?? entity.metadata.name,
    ownerRefs: entityOwnerRefs(entity),
    systemRef:
      entity.kind.toLocaleLowerCase('en-US') === 'system'
        ? entityRef
        : entitySystemRef(entity),
  };
}

/** Owner refs of an entity: its ownedBy relations, falling back to spec.owner. */
export function entityOwnerRefs(entity: Entity): string[] {
  const owned = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  const specOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (owned.length === 0 && typeof specOwner === 'string') {
    owned.push(normaliseRef(specOwner, 'group', entity.metadata.namespace));
  }
  return Array.from(new Set(owned));
}

/** The System an entity is part of (partOf relation, else spec.system). */
export function entitySystemRef(entity: Entity): string | undefined {
  const partOf = (entity.relations ?? []).find(
    r => r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
  );
  if (partOf) return partOf.targetRef.toLocaleLowerCase('en-US');
  const system = (entity.spec as { system?: unknown } | undefined)?.system;
  return typeof system === 'string'
    ? normaliseRef(system, 'system', entity.metadata.namespace)
    : undefined;
}

function normaliseRef(
  ref: string,
  defaultKind: string,
  defaultNamespace = 'default',
): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace }),
  ).toLocaleLowerCase('en-US');
}

/**
 * The entities answered for the refs, in order; InputError naming every ref
 * the catalog does not know (or the caller may not see).
 */
export function requireAll(
  refs: string[],
  items: Array<Entity | undefined | null>,
  field: string,
): Entity[] {
  const missing = refs.filter((_, i) => !items[i]);
  if (missing.length > 0) {
    throw new InputError(
      `${field}: unknown catalog entit${
        missing.length === 1 ? 'y' : 'ies'
      } ${missing.map(r => `"${r}"`).join(', ')}`,
    );
  }
  return items as Entity[];
}
