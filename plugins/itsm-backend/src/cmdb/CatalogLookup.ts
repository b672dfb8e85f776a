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
import { EntityCatalog, EntityFacts } from '../engine/types';

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
