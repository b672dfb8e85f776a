import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCondition,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_RULES,
  ItsmRole,
  ResolvedRole,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmRecordResourceRef, RoleAwareRecord } from '../permissions/rules';
import { RecordFilter, StoredRecord } from '../store/types';

type RecordPermission = ResourcePermission<typeof ITSM_RECORD_RESOURCE_TYPE>;

/**
 * What the HAS_ITSM_ROLE rule needs of the catalog: the process roles of one
 * record, and where a caller holds a role (cmdb/RoleResolver, cmdb/RoleScope).
 */
export interface CatalogRoleLookup {
  catalogRoles(
    record: StoredRecord,
    credentials: BackstageCredentials,
  ): Promise<ResolvedRole[]>;
  reach(
    role: ItsmRole,
    claims: string[],
    credentials: BackstageCredentials,
  ): Promise<{ entityRefs: string[]; configExcept?: string[] }>;
}

type Criteria = PermissionCriteria<PermissionCondition<string>>;

/** What a list may see: everything, nothing, or what a SQL filter lets through. */
export type ListAccess =
  | { result: 'all' }
  | { result: 'none' }
  | { result: 'filtered'; filter: PermissionCriteria<RecordFilter> };

/**
 * Asks the permission framework about ITSM records. Conditional decisions
 * are applied to a loaded record in memory, and to lists as SQL filters, so
 * a denied record is neither readable by key nor visible in any list.
 */
export class RecordAuthorizer {
  private readonly authorizeConditions: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    record: StoredRecord,
  ) => boolean;
  private readonly toFilter: ReturnType<
    typeof createConditionTransformer<RecordFilter>
  >;

  constructor(
    private readonly permissions: PermissionsService,
    registry: PermissionsRegistryService,
    private readonly roles?: CatalogRoleLookup,
  ) {
    const ruleset = registry.getPermissionRuleset(itsmRecordResourceRef);
    this.authorizeConditions = createConditionAuthorizer(ruleset);
    this.toFilter = createConditionTransformer(ruleset);
  }

  /**
   * Throws NotAllowedError unless the basic permission is granted; its
   * message says what was refused (`what`, e.g. "read CAB meetings") and
   * names the permission.
   */
  async assertAllowed(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    what?: string,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        what
          ? `You may not ${what} (${permission.name})`
          : `You may not ${describe(permission)}`,
      );
    }
  }

  /** Whether the caller may do `permission` on this record. */
  async isAllowed(
    permission: RecordPermission,
    record: StoredRecord,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return true;
    if (decision.result === AuthorizeResult.DENY) return false;
    const subject: RoleAwareRecord =
      'conditions' in decision && mentionsRoleRule(decision.conditions)
        ? {
            ...record,
            catalogRoles: await this.lookup().catalogRoles(record, credentials),
          }
        : record;
    return this.authorizeConditions(decision, subject);
  }

  /** Throws NotAllowedError unless the caller may do `permission` on the record. */
  async assertRecord(
    permission: RecordPermission,
    record: StoredRecord,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (!(await this.isAllowed(permission, record, credentials))) {
      throw new NotAllowedError(
        `You may not ${describe(permission)} ${record.key}`,
      );
    }
  }

  /** How a list must be narrowed for the caller. */
  async listAccess(
    permission: RecordPermission,
    credentials: BackstageCredentials,
  ): Promise<ListAccess> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return { result: 'all' };
    if (decision.result === AuthorizeResult.DENY) return { result: 'none' };
    if (!('conditions' in decision)) return { result: 'none' };
    return {
      result: 'filtered',
      filter: await this.toRecordFilter(decision.conditions, credentials),
    };
  }

  /** The conditions as SQL filters, HAS_ITSM_ROLE resolved against the catalog. */
  private async toRecordFilter(
    criteria: Criteria,
    credentials: BackstageCredentials,
  ): Promise<PermissionCriteria<RecordFilter>> {
    if ('allOf' in criteria) {
      return {
        allOf: (await Promise.all(
          criteria.allOf.map(c => this.toRecordFilter(c, credentials)),
        )) as any,
      };
    }
    if ('anyOf' in criteria) {
      return {
        anyOf: (await Promise.all(
          criteria.anyOf.map(c => this.toRecordFilter(c, credentials)),
        )) as any,
      };
    }
    if ('not' in criteria) {
      return { not: await this.toRecordFilter(criteria.not, credentials) };
    }
    if (criteria.rule !== ITSM_RULES.HAS_ITSM_ROLE) {
      return this.toFilter(criteria);
    }
    const { roles, claims } = criteria.params as {
      roles: ItsmRole[];
      claims: string[];
    };
    const parts: RecordFilter[] = [];
    for (const role of roles) {
      const reach = await this.lookup().reach(role, claims, credentials);
      parts.push({ property: 'entityRef', values: reach.entityRefs });
      if (reach.configExcept) {
        parts.push({
          property: 'entityRefOutside',
          values: reach.configExcept,
        });
      }
    }
    return { anyOf: parts as any };
  }

  private lookup(): CatalogRoleLookup {
    if (!this.roles) {
      throw new Error(
        `${ITSM_RULES.HAS_ITSM_ROLE} needs the catalog: the authorizer was built without role lookup`,
      );
    }
    return this.roles;
  }
}

function mentionsRoleRule(criteria: Criteria): boolean {
  if ('allOf' in criteria) return criteria.allOf.some(mentionsRoleRule);
  if ('anyOf' in criteria) return criteria.anyOf.some(mentionsRoleRule);
  if ('not' in criteria) return mentionsRoleRule(criteria.not);
  return criteria.rule === ITSM_RULES.HAS_ITSM_ROLE;
}

function describe(permission: {
  name: string;
  attributes: { action?: string };
}) {
  return `${permission.attributes.action ?? 'use'} (${permission.name})`;
}
