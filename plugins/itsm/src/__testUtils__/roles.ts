// Role answers of the ITSM API for the tests of the plugin. Not part of the
// plugin's runtime. Import them from './fixtures'.
import {
  ActorRole,
  ITSM_ROLES,
  RECORD_ROLES,
  ROLE_INFO,
  RoleSource,
} from '@backstage-itsm/plugin-itsm-common';
import type {
  ItsmEntityRoles,
  ItsmRecordRoles,
  ItsmResolvedRole,
} from '../api';
import { ENTITY_REF } from './records';

/** Every role an action may name: the process roles and those on a record. */
export const ALL_ROLES: ActorRole[] = [...ITSM_ROLES, ...RECORD_ROLES];

/** The owner of the fixtures' entity, holding every role nobody else holds. */
export const OWNER_GROUP = 'group:default/payments-team';

/** One role as the API answers it. */
export function resolvedRole(
  role: ActorRole,
  holders: string[],
  source: RoleSource | null = holders.length ? 'owner' : null,
): ItsmResolvedRole {
  return { role, title: ROLE_INFO[role].title, holders, source };
}

/** The roles of an entity: the owner's, but for those given. */
export function entityRoles(
  overrides: ItsmResolvedRole[] = [],
  entityRef = ENTITY_REF,
): ItsmEntityRoles {
  return {
    entityRef,
    roles: ITSM_ROLES.map(
      role =>
        overrides.find(o => o.role === role) ??
        resolvedRole(role, [OWNER_GROUP]),
    ),
  };
}

/**
 * The roles on a record and those the caller acts in (every role unless
 * told): the owner's process roles and the record's requester and assignee,
 * but for those given.
 */
export function recordRoles(
  key: string,
  callerRoles: ActorRole[] = ALL_ROLES,
  overrides: ItsmResolvedRole[] = [],
): ItsmRecordRoles {
  const fallback = (role: ActorRole) => {
    if (role === 'requester') {
      return resolvedRole(role, ['user:default/jane'], 'record');
    }
    if ((RECORD_ROLES as readonly string[]).includes(role)) {
      return resolvedRole(role, [OWNER_GROUP], 'record');
    }
    return resolvedRole(role, [OWNER_GROUP]);
  };
  return {
    key,
    roles: ALL_ROLES.map(
      role => overrides.find(o => o.role === role) ?? fallback(role),
    ),
    callerRoles,
  };
}
