import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_RULES,
} from '@backstage-itsm/plugin-itsm-common';
import { TEST_USERS } from './fixtures';

/**
 * A restrictive policy as a Backstage adopter would write it, teams kept
 * apart: a user sees and changes only records they requested or that
 * concern an entity their groups own. Basic permissions (create) are
 * allowed, except to the users in `denyBasicTo`.
 */
export function teamsApartPolicy(
  options: { denyBasicTo?: string[] } = {},
): PermissionsService {
  const userOf = (credentials: { principal: unknown }) =>
    (credentials.principal as { userEntityRef: string }).userEntityRef;
  return {
    async authorize(requests, { credentials }) {
      const denied = options.denyBasicTo?.includes(userOf(credentials));
      return requests.map(() => ({
        result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      }));
    },
    async authorizeConditional(requests, { credentials }) {
      const user = userOf(credentials);
      const claims = [user, ...(TEST_USERS[user] ?? [])];
      return requests.map(() => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'itsm',
        resourceType: ITSM_RECORD_RESOURCE_TYPE,
        conditions: {
          anyOf: [
            {
              rule: ITSM_RULES.IS_REQUESTER,
              resourceType: ITSM_RECORD_RESOURCE_TYPE,
              params: { refs: [user] },
            },
            {
              rule: ITSM_RULES.OWNS_AFFECTED_ENTITY,
              resourceType: ITSM_RECORD_RESOURCE_TYPE,
              params: { refs: claims },
            },
          ],
        },
      }));
    },
  } as PermissionsService;
}
