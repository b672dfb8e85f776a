import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

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
export class CatalogLookup {
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
    const missing = entityRefs.filter((_, i) => !items[i]);
    if (missing.length > 0) {
      throw new InputError(
        `${field}: unknown catalog entit${missing.length === 1 ? 'y' : 'ies'} ${missing
          .map(r => `"${r}"`)
          .join(', ')}`,
      );
    }
    return items.map(e => toFacts(e as Entity));
  }
}

function toFacts(entity: Entity): EntityFacts {
  const entityRef = stringifyEntityRef(entity);
  const owned = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  const specOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  let ownerRefs = owned;
  if (ownerRefs.length === 0 && typeof specOwner === 'string') {
    ownerRefs = [normaliseRef(specOwner, 'group', entity.metadata.namespace)];
  }
  const system = (entity.spec as { system?: unknown } | undefined)?.system;
  const systemRef =
    entity.kind.toLocaleLowerCase('en-US') === 'system'
      ? entityRef.toLocaleLowerCase('en-US')
      : typeof system === 'string'
        ? normaliseRef(system, 'system', entity.metadata.namespace)
        : undefined;
  return {
    entityRef: entityRef.toLocaleLowerCase('en-US'),
    kind: entity.kind,
    title: entity.metadata.title ?? entity.metadata.name,
    ownerRefs: Array.from(new Set(ownerRefs)),
    systemRef,
  };
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
