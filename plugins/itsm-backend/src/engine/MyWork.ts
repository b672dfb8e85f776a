import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  actsIn,
  ItsmRecord,
  ItsmRecordPage,
  itsmRecordReadPermission,
} from '@backstage-itsm/plugin-itsm-common';
import { WorkSection, WorkStore } from '../store/workTypes';
import { RecordEngine } from './RecordEngine';
import { Caller } from './types';

const DEFAULT_LIMIT = 25;

/**
 * "My work" (GET /work): for the signed-in caller, one page of a section,
 * each computed by the database (store/workQueries.ts) over the records the
 * caller may read (the read permission's conditions applied as in lists):
 * the open records assigned to the caller, the open records in the queues
 * of the caller's groups, the approvals awaiting the caller and the
 * signatures awaiting the caller. The caller's groups are its ownership
 * claims, as roles are resolved.
 */
export class MyWork {
  constructor(
    private readonly deps: {
      engine: RecordEngine;
      store: WorkStore;
      /**
       * The representatives each of these customer groups designates (none:
       * any member signs for it), see RoleResolver.customerRepresentatives.
       */
      representatives(
        groups: string[],
        credentials: BackstageCredentials,
      ): Promise<Map<string, string[]>>;
      /** The customer groups designating one of these claims as representative. */
      representedBy(
        claims: readonly string[],
        credentials: BackstageCredentials,
      ): Promise<string[]>;
    },
  ) {}

  async list(
    section: WorkSection,
    page: { limit?: number; cursor?: string },
    caller: Caller,
  ): Promise<ItsmRecordPage<ItsmRecord>> {
    const { engine, store } = this.deps;
    const access = await engine.deps.authorizer.listAccess(
      itsmRecordReadPermission,
      caller.credentials,
    );
    if (access.result === 'none') return { items: [], totalCount: 0 };
    const result = await store.listWork({
      section,
      userRef: caller.userRef,
      claims: caller.claims,
      customerGroups:
        section === 'signatures' ? await this.customerGroups(caller) : [],
      limit: page.limit ?? DEFAULT_LIMIT,
      cursor: page.cursor,
      permissionFilter:
        access.result === 'filtered' ? access.filter : undefined,
    });
    return {
      items: result.items.map(r => engine.toApi(r)),
      nextCursor: result.nextCursor,
      totalCount: result.totalCount,
      ...(result.totalCountIsLowerBound
        ? { totalCountIsLowerBound: true }
        : {}),
    };
  }

  /**
   * The customer groups whose side the caller signs (the customer
   * representative role of SlaSignatures): the groups that designate the
   * caller as representative, and the caller's groups that designate nobody
   * (any member signs) or the caller.
   */
  private async customerGroups(caller: Caller): Promise<string[]> {
    const represented = await this.deps.representedBy(
      caller.claims,
      caller.credentials,
    );
    const groups = caller.claims.filter(c => c.startsWith('group:'));
    if (groups.length === 0) return represented;
    const designated = await this.deps.representatives(
      groups,
      caller.credentials,
    );
    const member = groups.filter(g => {
      const holders = designated.get(g);
      return (
        !holders ||
        actsIn(caller.claims, {
          role: 'customer-representative',
          holders,
          source: 'group',
        })
      );
    });
    return [...new Set([...represented, ...member])];
  }
}
