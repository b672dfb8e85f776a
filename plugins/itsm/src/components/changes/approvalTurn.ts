import { decidesFor } from '@backstage-itsm/plugin-itsm-common';
import type { ItsmChangeApprovals } from '../../api';

/** Who the caller is, as the identity API answers it. */
export interface ApprovalCaller {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/** Whom the caller decides for in the open round of a change. */
export interface ApprovalTurn {
  /** The pending approvers the caller represents and has not decided for. */
  mine: string[];
  /**
   * When `mine` is empty: why, and who decides instead
   * ("Approve or reject: a member of group:default/payments-team").
   */
  note?: string;
}

const memberOf = (
  ref: string,
  another: boolean,
  representatives: string[] | undefined,
) => {
  if (representatives?.length) {
    return `${representatives.join(' or ')} (representing ${ref})`;
  }
  return ref.startsWith('group:')
    ? `${another ? 'another' : 'a'} member of ${ref}`
    : ref;
};

/**
 * The pending approvers the caller decides for, as the server decides it:
 * a member of a pending approver group (their ownership claims), or its
 * designated representatives when it names them, decides for it, once per group and round (each member counts once towards a quorum),
 * and nobody approves their own proposal, so the requester decides for
 * none. With none, a note says who decides.
 */
export function approvalTurn(
  change: { key: string; createdBy: string },
  approvals: ItsmChangeApprovals,
  caller: ApprovalCaller,
): ApprovalTurn {
  const { pending } = approvals;
  const { userEntityRef, ownershipEntityRefs } = caller;
  const decidedByMe = (ref: string) =>
    approvals.approvals.some(
      a =>
        !a.superseded && a.approverRef === ref && a.decidedBy === userEntityRef,
    );
  const representativesOf = (ref: string) =>
    approvals.required.find(r => r.approverRef === ref)?.representatives;
  // A customer group that designates representatives is decided for by them only.
  const represented = (ref: string) =>
    decidesFor(ownershipEntityRefs, {
      approverRef: ref,
      representatives: representativesOf(ref),
    });
  const decidedFor = (ref: string) => represented(ref) && decidedByMe(ref);
  const whoDecides = (another: (ref: string) => boolean) =>
    `Approve or reject: ${pending
      .map(ref => memberOf(ref, another(ref), representativesOf(ref)))
      .join(' or ')}`;
  if (change.createdBy === userEntityRef) {
    return {
      mine: [],
      note: `You requested ${
        change.key
      } and nobody approves their own proposal. ${whoDecides(() => false)}`,
    };
  }
  const mine = pending.filter(ref => represented(ref) && !decidedByMe(ref));
  return mine.length > 0 ? { mine } : { mine, note: whoDecides(decidedFor) };
}
