import { CHANGE_MACHINE, GuardName, TransitionDef } from '../machines';
import type { ChangeApprover } from '../records';
import { isFinishedState, statesReachableFrom } from './states';

/**
 * The approval round of a change: when it is open, and what the decisions
 * given so far mean for each required approver and for the round.
 */

/**
 * One decision of an approver, as stored and as the API shows it.
 *
 * @public
 */
export interface ApprovalDecision {
  approverRef: string;
  decision: 'approve' | 'reject';
  decidedBy: string;
  /** Decisions of earlier rounds are superseded. */
  superseded: boolean;
}

/** @public */
export type ApproverState = 'approved' | 'rejected' | 'pending';

function guardedBy(guard: GuardName): TransitionDef {
  const found = CHANGE_MACHINE.transitions.find(tr =>
    tr.guards.includes(guard),
  );
  if (!found) throw new Error(`No change transition is guarded by ${guard}`);
  return found;
}

/**
 * The state in which a change waits for its approvals (`approval`): the one
 * left once `approvalsComplete` holds.
 *
 * @public
 */
export const CHANGE_APPROVAL_STATE: string =
  guardedBy('approvalsComplete').from;

/**
 * The states in which an emergency change collects its retroactive approval:
 * from its implementation until it is closed (`implementing`, `verifying`).
 *
 * @public
 */
export const RETROACTIVE_APPROVAL_STATES: readonly string[] = Object.freeze(
  statesReachableFrom(
    'changes',
    guardedBy('emergencyChange').to,
    // The ways an emergency change cannot take.
    tr => !(tr.guards ?? []).includes('notEmergency'),
  ).filter(s => !isFinishedState('changes', s)),
);

/**
 * Tells whether a change's approval round is open, so approvers may decide:
 * the change is in approval, or it is an emergency change awaiting its
 * retroactive approval.
 *
 * @public
 */
export function isApprovalRoundOpen(change: {
  state: string;
  changeType?: string | null;
}): boolean {
  return (
    change.state === CHANGE_APPROVAL_STATE ||
    (change.changeType === 'emergency' &&
      RETROACTIVE_APPROVAL_STATES.includes(change.state))
  );
}

/**
 * The decisions of the current round (not superseded).
 *
 * @public
 */
export function currentRound<T extends ApprovalDecision>(
  approvals: readonly T[],
): T[] {
  return approvals.filter(a => !a.superseded);
}

function quorumOf(approver: Pick<ChangeApprover, 'quorum'>): number {
  return approver.quorum ?? 1;
}

/**
 * The state of one required approver in the current round: rejected when any
 * member rejected; approved when enough distinct members approved (its
 * quorum, default 1); else pending. Returns the approver's decisions of the
 * round too.
 *
 * @public
 */
export function approverState<T extends ApprovalDecision>(
  approver: Pick<ChangeApprover, 'approverRef' | 'quorum'>,
  approvals: readonly T[],
): { state: ApproverState; decisions: T[] } {
  const decisions = currentRound(approvals).filter(
    a => a.approverRef === approver.approverRef,
  );
  if (decisions.some(a => a.decision === 'reject')) {
    return { state: 'rejected', decisions };
  }
  return {
    state:
      approvingMembers(approver, decisions) >= quorumOf(approver)
        ? 'approved'
        : 'pending',
    decisions,
  };
}

function approvingMembers(
  approver: Pick<ChangeApprover, 'approverRef'>,
  approvals: readonly ApprovalDecision[],
): number {
  return new Set(
    currentRound(approvals)
      .filter(
        a => a.approverRef === approver.approverRef && a.decision === 'approve',
      )
      .map(a => a.decidedBy),
  ).size;
}

/**
 * The required approvers still missing approvals in the current round: fewer
 * distinct members approved than the quorum. (A rejection does not count as
 * an approval; see {@link approvalRoundOutcome} for the round as a whole.)
 *
 * @public
 */
export function pendingApproverRefs(
  required: readonly Pick<ChangeApprover, 'approverRef' | 'quorum'>[],
  approvals: readonly ApprovalDecision[],
): string[] {
  return required
    .filter(r => approvingMembers(r, approvals) < quorumOf(r))
    .map(r => r.approverRef);
}

/**
 * The approvers with a rejection in the current round, in decision order
 * (whether or not they are still required).
 *
 * @public
 */
export function rejectingApproverRefs(
  approvals: readonly ApprovalDecision[],
): string[] {
  return currentRound(approvals)
    .filter(a => a.decision === 'reject')
    .map(a => a.approverRef);
}

/**
 * The required approvers that have decided the round for their side:
 * approved (quorum reached) or rejected. Nobody decides for them again.
 *
 * @public
 */
export function decidedApproverRefs(
  required: readonly Pick<ChangeApprover, 'approverRef' | 'quorum'>[],
  approvals: readonly ApprovalDecision[],
): string[] {
  const pending = new Set(pendingApproverRefs(required, approvals));
  const rejected = new Set(rejectingApproverRefs(approvals));
  return required
    .map(r => r.approverRef)
    .filter(ref => !pending.has(ref) || rejected.has(ref));
}

/**
 * The round as a whole (the `approvalsComplete` guard): rejected as soon as
 * anyone rejected, approved when no required approver is pending, else
 * pending.
 *
 * @public
 */
export function approvalRoundOutcome(
  required: readonly Pick<ChangeApprover, 'approverRef' | 'quorum'>[],
  approvals: readonly ApprovalDecision[],
): ApproverState {
  if (rejectingApproverRefs(approvals).length > 0) return 'rejected';
  return pendingApproverRefs(required, approvals).length > 0
    ? 'pending'
    : 'approved';
}
