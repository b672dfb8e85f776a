import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { queryAllEntities } from './groupMembers';
import {
  ItsmRole,
  roleAnnotation,
  roleHoldersAt,
  RoleConfig,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * Where a caller holds a process role: the entities whose role resolves to
 * one of the caller's claims. `configExcept` is set when the config default
 * names one of the claims: then every entity not decided by an annotation is
 * reached too, and `configExcept` lists the entities an annotation decides.
 */
export interface RoleReach {
  entityRefs: string[];
  configExcept?: string[];
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'relations',
];
const lower = (s: string) => s.toLocaleLowerCase('en-US');
const refOf = (e: Entity) => lower(stringifyEntityRef(e));
const kindOf = (e: Entity) => lower(e.kind);

/**
 * The reverse of role resolution (`resolveEntityRole`): for a role and a
 * caller's claims, the entities where the caller holds it. Reads only the
 * entities that carry the role's annotation, the parts of annotated Systems
 * and Domains, and the entities the claims own, each paged to exhaustion.
 * It follows the same order: entity, System, Domain, config, owner.
 */
export class RoleScope {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      config: RoleConfig;
      /** The plugin's own credentials (so every System and Domain is seen); else the caller's. */
      credentials?: () => Promise<BackstageCredentials>;
    },
  ) {}

  async reach(
    role: ItsmRole,
    claims: string[],
    callerCredentials: BackstageCredentials,
  ): Promise<RoleReach> {
    const credentials = (await this.deps.credentials?.()) ?? callerCredentials;
    const mine = new Set(claims.map(lower));
    const names = (holders: string[]) => holders.some(h => mine.has(h));
    const annotated = await this.query(credentials, {
      [`metadata.annotations.${roleAnnotation(role)}`]: CATALOG_FILTER_EXISTS,
    });
    const holdersOf = (e: Entity) =>
      roleHoldersAt(role, {
        annotations: e.metadata.annotations,
        namespace: e.metadata.namespace,
      });
    const decided = new Map<string, boolean>(); // entity ref -> caller holds it
    // Level 1: the entity's own annotation.
    const withHolders = annotated
      .map(e => ({ entity: e, holders: holdersOf(e) }))
      .filter(a => a.holders.length > 0);
    for (const a of withHolders) decided.set(refOf(a.entity), names(a.holders));
    // Level 2: the System's annotation decides its parts (not Systems or Domains).
    const decideParts = (parts: string[], holds: boolean) => {
      for (const part of parts) {
        const kind = part.split(':')[0];
        if (kind === 'system' || kind === 'domain' || decided.has(part)) {
          continue;
        }
        decided.set(part, holds);
      }
    };
    const systems = withHolders.filter(a => kindOf(a.entity) === 'system');
    for (const s of systems) decideParts(partsOf(s.entity), names(s.holders));
    // Level 3: the Domain's annotation decides its Systems and their parts.
    for (const d of withHolders.filter(a => kindOf(a.entity) === 'domain')) {
      const holds = names(d.holders);
      const systemRefs = partsOf(d.entity).filter(p => p.startsWith('system:'));
      for (const ref of systemRefs) {
        if (!decided.has(ref)) decided.set(ref, holds);
      }
      const domainSystems = await this.byRefs(credentials, systemRefs);
      for (const system of domainSystems) decideParts(partsOf(system), holds);
    }
    const entityRefs = [...decided]
      .filter(([, holds]) => holds)
      .map(([r]) => r);
    const configured = this.deps.config[role] ?? [];
    if (configured.length > 0) {
      return names(configured)
        ? { entityRefs, configExcept: [...decided.keys()] }
        : { entityRefs };
    }
    // Level 5: the owner, where nothing above decided.
    const owned = mine.size
      ? await this.query(credentials, { 'relations.ownedBy': [...mine] })
      : [];
    for (const e of owned) {
      const ref = refOf(e);
      if (!decided.has(ref)) entityRefs.push(ref);
    }
    return { entityRefs };
  }

  private query(
    credentials: BackstageCredentials,
    filter: Record<string, unknown>,
  ): Promise<Entity[]> {
    return queryAllEntities(this.deps.catalog, credentials, filter, FIELDS);
  }

  private async byRefs(
    credentials: BackstageCredentials,
    entityRefs: string[],
  ): Promise<Entity[]> {
    if (entityRefs.length === 0) return [];
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs, fields: FIELDS },
      { credentials },
    );
    return items.filter((e): e is Entity => !!e);
  }
}

function partsOf(entity: Entity): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === 'hasPart')
    .map(r => lower(r.targetRef));
}
