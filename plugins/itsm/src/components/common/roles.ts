import {
  ActorRole,
  describeRoleHolders,
  ResolvedRole,
} from '@backstage-itsm/plugin-itsm-common';
import type { ItsmRecordRoles } from '../../api';

/**
 * Whether the caller takes an action that needs one of `roles` (any one
 * suffices; an action naming no role needs none). Nothing is allowed
 * before the caller's roles are known.
 */
export function actsInAny(
  roles: readonly ActorRole[],
  recordRoles: ItsmRecordRoles | undefined,
): boolean {
  if (!recordRoles) return false;
  return (
    roles.length === 0 ||
    roles.some(role => recordRoles.callerRoles.includes(role))
  );
}

/**
 * Who takes an action that needs one of `roles`, in words:
 * "change manager (group:default/cab)", several joined by "or".
 */
export function whoCan(
  roles: readonly ActorRole[],
  resolved: readonly ResolvedRole[],
): string {
  return roles
    .map(role =>
      describeRoleHolders(
        resolved.find(r => r.role === role) ?? {
          role,
          holders: [],
          source: null,
        },
      ),
    )
    .join(' or ');
}
