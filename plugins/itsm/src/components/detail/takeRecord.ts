import {
  ACTION_ROLES,
  approvalRoundOutcome,
  INCIDENT_MACHINE,
  isOpenState,
  ItsmApproval,
  ItsmRecord,
  pendingApproverRefs,
  rejectingApproverRefs,
  TransitionDef,
} from '@backstage-itsm/plugin-itsm-common';
import type { ItsmRecordRoles } from '../../api';
import { actsInAny } from '../common/roles';

/**
 * How the caller takes a record ("Assign to me"), as the server lets them:
 * by a transition of the state that takes an assignee (an incident's
 * Assign: its group coordinator or a member of its assignment group), or,
 * once routed, by an update of the assignee (the group coordinator
 * reassigns, ACTION_ROLES['incidents.reassign']). None when the record is
 * the caller's already, is no open work (`isOpenState`), or the roles are
 * not known yet.
 */
export type TakeRecord =
  | { kind: 'transition'; transition: TransitionDef }
  | { kind: 'update' };

export function takeRecord(
  record: ItsmRecord,
  transitions: readonly TransitionDef[],
  roles: ItsmRecordRoles | undefined,
  userRef: string | undefined,
): TakeRecord | undefined {
  if (!roles || !userRef || !isOpenState(record.type, record.state)) {
    return undefined;
  }
  if (record.assignee?.toLowerCase() === userRef.toLowerCase()) {
    return undefined;
  }
  const transition = transitions.find(
    t =>
      [...(t.requiredFields ?? []), ...(t.optionalFields ?? [])].includes(
        'assignee',
      ) &&
      !t.requiresReason &&
      (!t.guards.includes('hasAssignmentGroup') || !!record.assignedGroup) &&
      actsInAny(t.roles, roles),
  );
  if (transition) return { kind: 'transition', transition };
  if (
    record.type === 'incidents' &&
    record.state !== INCIDENT_MACHINE.initial &&
    actsInAny(ACTION_ROLES['incidents.reassign'], roles)
  ) {
    return { kind: 'update' };
  }
  return undefined;
}

/**
 * Why a transition guarded by `approvalsComplete` (a change's Schedule)
 * cannot be taken yet, in the words of the server's guard, from the
 * approvals the record page read (`approvalRoundOutcome`); undefined when
 * it can.
 */
export function awaitedApprovals(
  record: ItsmRecord & { approvals?: readonly ItsmApproval[] },
  transition: TransitionDef,
): string | undefined {
  if (!transition.guards.includes('approvalsComplete')) return undefined;
  const required =
    (
      record as {
        requiredApprovers?: Parameters<typeof pendingApproverRefs>[0];
      }
    ).requiredApprovers ?? [];
  const approvals = record.approvals ?? [];
  switch (approvalRoundOutcome(required, approvals)) {
    case 'approved':
      return undefined;
    case 'rejected':
      return `rejected by ${rejectingApproverRefs(approvals).join(', ')}`;
    default:
      return `approval still required from ${pendingApproverRefs(
        required,
        approvals,
      ).join(', ')}`;
  }
}
