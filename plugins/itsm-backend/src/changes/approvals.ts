import {
  ChangeApprover,
  pendingApproverRefs,
} from '@backstage-itsm/plugin-itsm-common';
import { Caller } from '../engine/types';
import { StoredApproval, StoredRecord } from '../store/types';

/** Derives who must approve a change; the CMDB assessment plugs in here. */
export type ApproverResolver = (
  change: StoredRecord,
  caller: Caller,
) => Promise<ChangeApprover[]>;

/** The approvers the current round of a change requires. */
export function requiredApprovers(
  change: Pick<StoredRecord, 'data'>,
): ChangeApprover[] {
  return (change.data.requiredApprovers as ChangeApprover[]) ?? [];
}

/** The required approvers still missing in the current round. */
export function pendingApprovers(
  change: Pick<StoredRecord, 'data'>,
  approvals: StoredApproval[],
): string[] {
  return pendingApproverRefs(requiredApprovers(change), approvals);
}

/** The service owners of a change: the owners of its entities. */
export function serviceOwnerApprovers(record: StoredRecord): ChangeApprover[] {
  return record.ownerRefs.map(approverRef => ({
    approverRef,
    reason: `service owner of ${record.entityRefs.join(', ')}`,
  }));
}
