import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { ITSM_RECORD_RESOURCE_TYPE } from '@backstage-itsm/plugin-itsm-common';
import { itsmRecordResourceRef } from '../permissions/rules';
import { RecordFilter, StoredRecord } from '../store/types';

type RecordPermission = ResourcePermission<typeof ITSM_RECORD_RESOURCE_TYPE>;

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
  ) {
    const ruleset = registry.getPermissionRuleset(itsmRecordResourceRef);
    this.authorizeConditions = createConditionAuthorizer(ruleset);
    this.toFilter = createConditionTransformer(ruleset);
  }

  /** Throws NotAllowedError unless the basic permission is granted. */
  async assertAllowed(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not ${describe(permission)}`);
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
    return this.authorizeConditions(decision, record);
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
    return { result: 'filtered', filter: this.toFilter(decision.conditions) };
  }
}

function describe(permission: {
  name: string;
  attributes: { action?: string };
}) {
  return `${permission.attributes.action ?? 'use'} (${permission.name})`;
}
