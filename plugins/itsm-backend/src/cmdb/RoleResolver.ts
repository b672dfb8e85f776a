import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActorRole,
  actsIn,
  describeRoleHolders,
  EntityRoleFacts,
  ITSM_ROLES,
  mergeResolvedRoles,
  parseRoleHolders,
  RECORD_ROLES,
  ResolvedRole,
  resolveEntityRole,
  roleHoldersAt,
  RoleConfig,
  RoleLevel,
  roleAnnotation,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import { Caller, RecordRoles, SYSTEM_ACTOR } from '../engine/types';
import { StoredRecord } from '../store/types';
import { entityOwnerRefs, entitySystemRef, requireAll } from './CatalogLookup';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'relations',
];

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/**
 * Resolves the process roles of entities and records from the catalog (the
 * model's order: entity, System, Domain annotations, config, owner) and
 * checks that a caller acts in the role an action names.
 */
export class RoleResolver implements RecordRoles {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      config: RoleConfig;
      /**
       * Credentials to read the catalog with, so that a System or Domain the
       * caller may not see still gives its roles; the caller's by default.
       */
      credentials?: () => Promise<BackstageCredentials>;
    },
  ) {}

  /** Every process role of one entity; InputError naming `field` when the catalog does not know it. */
  async entityRoles(
    entityRef: string,
    caller: Caller,
    field = 'entityRef',
  ): Promise<ResolvedRole[]> {
    const credentials = await this.credentials(caller);
    const [entity] = requireAll(
      [entityRef],
      await this.entities([entityRef], credentials),
      field,
    );
    const [facts] = await this.roleFacts([entity], credentials);
    return ITSM_ROLES.map(role =>
      resolveEntityRole(role, facts, this.deps.config),
    );
  }

  /**
   * The process roles of a record as the catalog resolves them for its
   * entities (the HAS_ITSM_ROLE permission rule): no record-defined holders,
   * and nobody for an entity the catalog no longer knows.
   */
  async catalogRoles(
    record: StoredRecord,
    credentials: BackstageCredentials,
  ): Promise<ResolvedRole[]> {
    const facts = await this.recordFacts(
      record,
      (await this.deps.credentials?.()) ?? credentials,
    );
    return this.mergeProcessRoles(facts);
  }

  /**
   * The representatives each customer group designates (annotation
   * `itsm.backstage.io/customer-representative` on the Group entity); groups
   * that designate nobody are left out: any member acts for them.
   */
  async customerRepresentatives(
    groupRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    const own = (await this.deps.credentials?.()) ?? credentials;
    const groups = await this.entities(groupRefs, own);
    const result = new Map<string, string[]>();
    groups.forEach((group, i) => {
      const holders = group
        ? roleHoldersAt('customer-representative', levelOf(group))
        : [];
      if (holders.length) result.set(groupRefs[i], holders);
    });
    return result;
  }

  /**
   * The customer groups that designate one of these claims as their
   * representative (annotation `itsm.backstage.io/customer-representative`
   * on the Group entity), found by the annotation in the catalog.
   */
  async groupsRepresentedBy(
    claims: readonly string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const own = (await this.deps.credentials?.()) ?? credentials;
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'group',
          [`metadata.annotations.${roleAnnotation('customer-representative')}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: FIELDS,
      },
      { credentials: own },
    );
    const mine = new Set(claims.map(lower));
    return items
      .filter(group =>
        roleHoldersAt('customer-representative', levelOf(group)).some(h =>
          mine.has(h),
        ),
      )
      .map(group => lower(stringifyEntityRef(group)));
  }

  /** Every role of a record: the process roles over its entities and the roles on the record. */
  async recordRoles(
    record: StoredRecord,
    caller: Caller,
  ): Promise<ResolvedRole[]> {
    const credentials = await this.credentials(caller);
    const facts = await this.recordFacts(record, credentials);
    if (facts.length === 0) {
      // Entities gone from the catalog: the owners recorded on the record.
      facts.push({ entity: { ownerRefs: record.ownerRefs } });
    }
    const process = this.mergeProcessRoles(facts);
    const overrides = await this.recordOverrides(record, credentials);
    return [
      ...process.map(r => overrides.get(r.role) ?? r),
      ...RECORD_ROLES.map(
        role =>
          overrides.get(role) ?? {
            role,
            holders: recordHolders(record, role),
            source: 'record' as const,
          },
      ),
    ];
  }

  /**
   * Throws NotAllowedError naming the roles and who holds them unless the
   * caller acts in one of them on the record. No roles: no role is needed.
   * The plugin's own sweeps act without a role.
   */
  async assertActs(
    record: StoredRecord,
    roles: readonly ActorRole[],
    caller: Caller,
    what: string,
  ): Promise<void> {
    if (roles.length === 0 || caller.userRef === SYSTEM_ACTOR) return;
    const all = await this.recordRoles(record, caller);
    const wanted = roles.map(role => all.find(r => r.role === role)!);
    if (wanted.some(r => actsIn(caller.claims, r))) return;
    throw new NotAllowedError(
      `Only the ${wanted
        .map(describeRoleHolders)
        .join(' or the ')} may ${what} ${record.key}`,
    );
  }

  private async recordFacts(
    record: StoredRecord,
    credentials: BackstageCredentials,
  ): Promise<EntityRoleFacts[]> {
    const found = await this.entities(record.entityRefs, credentials);
    const entities = found.filter((e): e is Entity => !!e);
    return this.roleFacts(entities, credentials);
  }

  private mergeProcessRoles(facts: EntityRoleFacts[]): ResolvedRole[] {
    return ITSM_ROLES.map(role =>
      mergeResolvedRoles(
        role,
        facts.map(f => resolveEntityRole(role, f, this.deps.config)),
      ),
    );
  }

  /** The roles a record defines itself: an SLA's parties, the assignment group's coordinators. */
  private async recordOverrides(
    record: StoredRecord,
    credentials: BackstageCredentials,
  ): Promise<Map<ActorRole, ResolvedRole>> {
    const result = new Map<ActorRole, ResolvedRole>();
    const groupRefs = [record.assignedGroup, customerGroupOf(record)].filter(
      (g): g is string => !!g && g.startsWith('group:'),
    );
    const groups = groupRefs.length
      ? await this.entities(groupRefs, credentials)
      : [];
    const annotated = (ref: string | null, role: ActorRole) => {
      const group = groups[groupRefs.indexOf(ref ?? '')];
      return group ? roleHoldersAt(role, levelOf(group)) : [];
    };
    const coordinators = annotated(record.assignedGroup, 'group-coordinator');
    if (coordinators.length) {
      result.set('group-coordinator', {
        role: 'group-coordinator',
        holders: coordinators,
        source: 'group',
      });
    }
    if (
      record.type === 'incidents' &&
      record.data.escalated === true &&
      typeof record.data.escalatedTo === 'string'
    ) {
      // An escalated incident went to the service owner of the SLA it
      // breached: that owner acknowledges it.
      result.set('service-owner', {
        role: 'service-owner',
        holders: parseRoleHolders(record.data.escalatedTo),
        source: 'sla',
      });
    }
    if (record.type === 'slas') {
      const customer = customerGroupOf(record);
      const representatives = annotated(customer, 'customer-representative');
      result.set('customer-representative', {
        role: 'customer-representative',
        holders: representatives.length
          ? representatives
          : parseRoleHolders(customer ?? undefined),
        source: 'sla',
      });
      result.set('service-owner', {
        role: 'service-owner',
        holders: parseRoleHolders(
          (record.data.serviceOwnerGroup as string | undefined) ?? undefined,
        ),
        source: 'sla',
      });
    }
    return result;
  }

  /** Each entity with its System and Domain levels, read in two more batches. */
  private async roleFacts(
    entities: Entity[],
    credentials: BackstageCredentials,
  ): Promise<EntityRoleFacts[]> {
    const systemOf = entities.map(e =>
      isKind(e, 'system') || isKind(e, 'domain')
        ? undefined
        : entitySystemRef(e),
    );
    const systemRefs = unique(systemOf);
    const systems = await this.byRef(systemRefs, credentials);
    const domainOf = entities.map((e, i) => {
      if (isKind(e, 'domain')) return undefined;
      const system = isKind(e, 'system') ? e : systems.get(systemOf[i] ?? '');
      return system ? entityDomainRef(system) : undefined;
    });
    const domains = await this.byRef(unique(domainOf), credentials);
    return entities.map((entity, i) => {
      const system = systems.get(systemOf[i] ?? '');
      const domain = domains.get(domainOf[i] ?? '');
      return {
        entity: { ...levelOf(entity), ownerRefs: entityOwnerRefs(entity) },
        system: system && levelOf(system),
        domain: domain && levelOf(domain),
      };
    });
  }

  private async byRef(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    const found = refs.length ? await this.entities(refs, credentials) : [];
    const map = new Map<string, Entity>();
    found.forEach((e, i) => e && map.set(refs[i], e));
    return map;
  }

  private async entities(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<Entity | undefined>> {
    if (entityRefs.length === 0) return [];
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs, fields: FIELDS },
      { credentials },
    );
    return items as Array<Entity | undefined>;
  }

  private async credentials(caller: Caller) {
    return (await this.deps.credentials?.()) ?? caller.credentials;
  }
}

function isKind(entity: Entity, kind: string) {
  return lower(entity.kind) === kind;
}

function levelOf(entity: Entity): RoleLevel {
  return {
    annotations: entity.metadata.annotations,
    namespace: entity.metadata.namespace,
  };
}

/** The Domain a System is part of (partOf relation, else spec.domain). */
function entityDomainRef(system: Entity): string | undefined {
  const partOf = (system.relations ?? []).find(
    r => r.type === 'partOf' && r.targetRef.startsWith('domain:'),
  );
  if (partOf) return lower(partOf.targetRef);
  const domain = (system.spec as { domain?: unknown } | undefined)?.domain;
  if (typeof domain !== 'string') return undefined;
  const ref = domain.includes(':') ? domain : `domain:${domain}`;
  return parseRoleHolders(ref, system.metadata.namespace)[0];
}

function customerGroupOf(record: StoredRecord): string | null {
  const group = record.data.customerGroup;
  return typeof group === 'string' ? lower(group) : null;
}

function recordHolders(record: StoredRecord, role: ActorRole): string[] {
  if (role === 'requester') {
    // Whoever registers may resolve at once: the agent who registered an
    // incident for its requester (registeredBy) too, while it is new.
    const registeredBy = record.data.registeredBy;
    const isNew = record.state === STATE_MACHINES[record.type].initial;
    return unique([
      record.createdBy,
      isNew && typeof registeredBy === 'string' ? registeredBy : null,
    ]);
  }
  if (role === 'assignee') {
    return unique([record.assignee, record.assignedGroup]);
  }
  return [];
}

function unique(values: Array<string | null | undefined>): string[] {
  return Array.from(new Set(values.filter((v): v is string => !!v)));
}
