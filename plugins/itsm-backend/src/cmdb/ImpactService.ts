import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_API_CONSUMED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DEFAULT_CALENDAR_NAME } from '@backstage-itsm/plugin-itsm-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ItsmStore } from '../store/types';
import { entityOwnerRefs, entitySystemRef, requireAll } from './CatalogLookup';
import { activeSlasCovering } from './slaCoverage';

/** The annotation naming an entity's service-hours calendar. */
export const SERVICE_HOURS_ANNOTATION = 'itsm.backstage.io/service-hours';

/** Tells whether a period touches the service hours of a calendar. */
export interface ServiceHours {
  overlaps(calendar: string, start: number, end: number): boolean;
}

/**
 * The relations along which a change to an entity reaches others, with the
 * reason shown to people. `partOf` climbs to the system and domain;
 * `dependencyOf` reaches whatever depends on the entity; `providesApi` reaches
 * the APIs it provides and `apiConsumedBy` their consumers.
 */
export const IMPACT_RELATIONS: Record<string, string> = {
  [RELATION_DEPENDENCY_OF]: 'depends on',
  [RELATION_PART_OF]: 'contains',
  [RELATION_PROVIDES_API]: 'is provided by',
  [RELATION_API_CONSUMED_BY]: 'consumes',
};

/** Relations that make the reached entity a dependent (a customer of the service). */
const DEPENDENT_RELATIONS = new Set([
  RELATION_DEPENDENCY_OF,
  RELATION_API_CONSUMED_BY,
]);

export interface ImpactEntity {
  entityRef: string;
  kind: string;
  title: string;
  ownerRefs: string[];
  /** Service-hours calendar name (annotation on the entity, else its system, else 24x7). */
  calendar: string;
}

export interface AffectedEntity extends ImpactEntity {
  /** Steps from the nearest directly changed entity (1 = a neighbour). */
  depth: number;
  /** Entity refs from a directly changed entity to this one, both included. */
  path: string[];
  /** The relation of the last step, e.g. dependencyOf. */
  relation: string;
  /** True when it uses the changed service (dependency or API consumer), false for containers. */
  dependent: boolean;
  /** True for the systems and domains the changed entities are part of (partOf steps only). */
  container: boolean;
}

export interface ImpactSla {
  key: string;
  title: string;
  customerGroup: string;
  serviceOwnerGroup: string;
  /** The impacted entities this SLA covers. */
  entityRefs: string[];
}

export interface ImpactResult {
  direct: ImpactEntity[];
  affected: AffectedEntity[];
  owners: Array<{ ownerRef: string; entityRefs: string[] }>;
  slas: ImpactSla[];
  /** True when the walk stopped at maxDepth with entities still to visit. */
  truncated: boolean;
  maxDepth: number;
  /** How many catalog requests the walk made (one per depth level, plus calendars). */
  catalogRequests: number;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
  'relations',
];

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Impact analysis on the catalog (the CMDB): from the changed entities it
 * walks the relations breadth-first, one `getEntitiesByRefs` call per depth
 * level, never revisiting an entity (safe on cycles), up to maxDepth.
 */
export class ImpactService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      store: ItsmStore;
      maxDepth: number;
    },
  ) {}

  async analyse(
    entityRefs: string[],
    credentials: BackstageCredentials,
    options: { maxDepth?: number } = {},
  ): Promise<ImpactResult> {
    const maxDepth = options.maxDepth ?? this.deps.maxDepth;
    const wanted = Array.from(new Set(entityRefs.map(normalise)));
    if (wanted.length === 0)
      throw new InputError('entityRef: at least one is required');
    let catalogRequests = 0;
    const fetch = async (refs: string[]) => {
      catalogRequests += 1;
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs: refs, fields: FIELDS },
        { credentials },
      );
      return items;
    };

    const entities = new Map<string, Entity>();
    requireAll(wanted, await fetch(wanted), 'entityRef').forEach((e, i) =>
      entities.set(wanted[i], e),
    );

    const visited = new Set(wanted);
    type Reach = {
      path: string[];
      relation: string;
      dependent: boolean;
      container: boolean;
    };
    const reached = new Map<string, Reach & { depth: number }>();
    let frontier = wanted;
    let truncated = false;
    for (let depth = 1; frontier.length > 0; depth++) {
      const next = new Map<string, Reach>();
      for (const ref of frontier) {
        const entity = entities.get(ref);
        const from = reached.get(ref);
        for (const relation of entity?.relations ?? []) {
          if (!(relation.type in IMPACT_RELATIONS)) continue;
          const target = lower(relation.targetRef);
          if (visited.has(target) || next.has(target)) continue;
          next.set(target, {
            path: [...(from?.path ?? [ref]), target],
            relation: relation.type,
            // Only what uses the service (directly, or through an API or a
            // dependency chain) is a dependent; containers (system, domain)
            // and the APIs the service provides are not its customers.
            dependent:
              DEPENDENT_RELATIONS.has(relation.type) ||
              (relation.type === RELATION_DEPENDENCY_OF && !!from?.dependent),
            container:
              relation.type === RELATION_PART_OF &&
              (from ? from.container : true),
          });
        }
      }
      if (next.size === 0) break;
      if (depth > maxDepth) {
        truncated = true;
        break;
      }
      const refs = [...next.keys()];
      const fetched = await fetch(refs);
      refs.forEach((ref, i) => {
        visited.add(ref);
        const entity = fetched[i];
        if (!entity) return; // a relation to an entity that no longer exists
        entities.set(ref, entity);
        reached.set(ref, { depth, ...next.get(ref)! });
      });
      frontier = refs.filter(ref => entities.has(ref));
    }

    const calendars = await this.calendars(
      [...entities.keys()],
      entities,
      fetch,
    );
    const describe = (ref: string): ImpactEntity => {
      const entity = entities.get(ref)!;
      return {
        entityRef: ref,
        kind: entity.kind,
        title: entity.metadata.title ?? entity.metadata.name,
        ownerRefs: entityOwnerRefs(entity),
        calendar: calendars.get(ref) ?? DEFAULT_CALENDAR_NAME,
      };
    };
    const direct = wanted.map(describe);
    const affected = [...reached.entries()]
      .map(([ref, r]) => ({ ...describe(ref), ...r }))
      .sort(
        (a, b) => a.depth - b.depth || a.entityRef.localeCompare(b.entityRef),
      );

    const owners = new Map<string, string[]>();
    for (const e of [...direct, ...affected]) {
      for (const owner of e.ownerRefs) {
        owners.set(owner, [...(owners.get(owner) ?? []), e.entityRef]);
      }
    }
    const impacted = [...direct, ...affected].map(e => e.entityRef);
    return {
      direct,
      affected,
      owners: [...owners.entries()].map(([ownerRef, refs]) => ({
        ownerRef,
        entityRefs: refs,
      })),
      slas: await this.activeSlas(impacted),
      truncated,
      maxDepth,
      catalogRequests,
    };
  }

  /**
   * The entities themselves (kind, annotations, relations) and their
   * service-hours calendars, in one or two catalog requests.
   */
  async describe(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, { entity: Entity; calendar: string }>> {
    const wanted = Array.from(new Set(entityRefs.map(normalise)));
    const fetch = async (refs: string[]) =>
      (
        await this.deps.catalog.getEntitiesByRefs(
          { entityRefs: refs, fields: FIELDS },
          { credentials },
        )
      ).items;
    const entities = new Map<string, Entity>();
    requireAll(wanted, await fetch(wanted), 'entityRef').forEach((e, i) =>
      entities.set(wanted[i], e),
    );
    const calendars = await this.calendars(wanted, entities, fetch);
    return new Map(
      wanted.map(ref => [
        ref,
        {
          entity: entities.get(ref)!,
          calendar: calendars.get(ref) ?? DEFAULT_CALENDAR_NAME,
        },
      ]),
    );
  }

  /** Active SLAs covering any of the entities (store query, no catalog calls). */
  async activeSlas(entityRefs: string[]): Promise<ImpactSla[]> {
    const items = await activeSlasCovering(this.deps.store, entityRefs);
    const set = new Set(entityRefs);
    return items.map(sla => ({
      key: sla.key,
      title: sla.title,
      customerGroup: String(sla.data.customerGroup),
      serviceOwnerGroup: String(sla.data.serviceOwnerGroup),
      entityRefs: sla.entityRefs.filter(e => set.has(e)),
    }));
  }

  /**
   * Calendar of each entity: its own annotation, else its system's (fetched
   * in one batch when not already known), else the default.
   */
  private async calendars(
    refs: string[],
    entities: Map<string, Entity>,
    fetch: (refs: string[]) => Promise<Array<Entity | undefined>>,
  ): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const systemOf = new Map<string, string>();
    for (const ref of refs) {
      const entity = entities.get(ref)!;
      const own = entity.metadata.annotations?.[SERVICE_HOURS_ANNOTATION];
      if (own) {
        result.set(ref, own);
        continue;
      }
      const system = entitySystemRef(entity);
      if (system) systemOf.set(ref, system);
    }
    const unknownSystems = [...new Set(systemOf.values())].filter(
      s => !entities.has(s),
    );
    if (unknownSystems.length) {
      const fetched = await fetch(unknownSystems);
      unknownSystems.forEach((s, i) => {
        if (fetched[i]) entities.set(s, fetched[i]!);
      });
    }
    for (const [ref, system] of systemOf) {
      const calendar =
        entities.get(system)?.metadata.annotations?.[SERVICE_HOURS_ANNOTATION];
      result.set(ref, calendar ?? DEFAULT_CALENDAR_NAME);
    }
    return result;
  }
}

function normalise(ref: string): string {
  try {
    return lower(stringifyEntityRef(parseEntityRef(ref)));
  } catch {
    throw new InputError(
      `entityRef: "${ref}" is not an entity ref of the form kind:namespace/name`,
    );
  }
}
