import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ListRecordsResult, RecordFilter } from './types';

/** The sections of "My work" (GET /work). */
export type WorkSection = 'assigned' | 'groups' | 'approvals' | 'signatures';

/** One page of a section of a caller's work (see store/workQueries.ts). */
export interface WorkQuery {
  section: WorkSection;
  /** The caller's user entity ref, lower case. */
  userRef: string;
  /** The caller's ownership claims (user and groups), lower case. */
  claims: string[];
  /**
   * The customer groups the caller signs for (signatures only): its groups
   * that designate no representatives, or designate the caller.
   */
  customerGroups?: string[];
  limit: number;
  cursor?: string;
  /** The conditions of the read permission, as lists apply them. */
  permissionFilter?: PermissionCriteria<RecordFilter>;
}

/** The store's reads of "My work" (KnexItsmStore). */
export interface WorkStore {
  /** One page of a section of a caller's work, newest first, and its total. */
  listWork(query: WorkQuery): Promise<ListRecordsResult>;
}
