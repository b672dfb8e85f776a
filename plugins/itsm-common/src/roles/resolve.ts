import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ActorRole,
  ItsmRole,
  ITSM_ROLES,
  ResolvedRole,
  roleAnnotation,
  RoleSource,
} from './roles';

/**
 * What role resolution needs of one catalog entity: its annotations and
 * namespace (relative refs in an annotation resolve against it).
 *
 * @public
 */
export interface RoleLevel {
  annotations?: Record<string, string>;
  namespace?: string;
}

/**
 * The entity a role is resolved for, with its System and Domain (when it
 * has them) and its owners.
 *
 * @public
 */
export interface EntityRoleFacts {
  entity: RoleLevel & { ownerRefs: string[] };
  system?: RoleLevel;
  domain?: RoleLevel;
}

/**
 * Config defaults of the roles (`itsm.roles.<configKey>`), already parsed to
 * lower-case refs.
 *
 * @public
 */
export type RoleConfig = Partial<Record<ItsmRole, string[]>>;

/**
 * The refs a role annotation or config value names: entity refs separated by
 * commas or white space, `group` kind by default (`user:alice` names a
 * person), lower case. Entries that are not entity refs are left out.
 *
 * @public
 */
export function parseRoleHolders(
  value: string | readonly string[] | undefined,
  namespace = 'default',
): string[] {
  if (value === undefined) return [];
  const parts = (typeof value === 'string' ? [value] : value)
    .flatMap(v => v.split(/[\s,]+/))
    .filter(Boolean);
  const refs: string[] = [];
  for (const part of parts) {
    try {
      refs.push(
        stringifyEntityRef(
          parseEntityRef(part, {
            defaultKind: 'group',
            defaultNamespace: namespace,
          }),
        ).toLocaleLowerCase('en-US'),
      );
    } catch {
      // Not an entity ref: it names nobody.
    }
  }
  return Array.from(new Set(refs));
}

/**
 * The holders a role's annotation names on one entity (none when it has no
 * such annotation, or names nobody).
 *
 * @public
 */
export function roleHoldersAt(
  role: ActorRole,
  level: RoleLevel | undefined,
): string[] {
  return parseRoleHolders(
    level?.annotations?.[roleAnnotation(role)],
    level?.namespace,
  );
}

/**
 * Resolves a process role for one entity in the model's order: an
 * annotation on the entity, then on its System, then on its Domain, then
 * config, then the entity's owner. The first level that names anyone wins.
 *
 * @public
 */
export function resolveEntityRole(
  role: ItsmRole,
  facts: EntityRoleFacts,
  config: RoleConfig,
): ResolvedRole {
  const levels: Array<[RoleSource, string[]]> = [
    ['entity', roleHoldersAt(role, facts.entity)],
    ['system', roleHoldersAt(role, facts.system)],
    ['domain', roleHoldersAt(role, facts.domain)],
    ['config', config[role] ?? []],
    ['owner', facts.entity.ownerRefs.map(r => r.toLocaleLowerCase('en-US'))],
  ];
  for (const [source, holders] of levels) {
    if (holders.length > 0) return { role, holders, source };
  }
  return { role, holders: [], source: null };
}

/**
 * Every process role of one entity, in the order of {@link ITSM_ROLES}.
 *
 * @public
 */
export function resolveEntityRoles(
  facts: EntityRoleFacts,
  config: RoleConfig,
): ResolvedRole[] {
  return ITSM_ROLES.map(role => resolveEntityRole(role, facts, config));
}

/**
 * One role over several entities (a record about several entities): the
 * holders of all of them. Its source is the first entity's.
 *
 * @public
 */
export function mergeResolvedRoles(
  role: ActorRole,
  resolved: readonly ResolvedRole[],
): ResolvedRole {
  const holders = Array.from(new Set(resolved.flatMap(r => r.holders)));
  const source = resolved.find(r => r.holders.length > 0)?.source ?? null;
  return { role, holders, source };
}
