import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  decidesFor,
  approvalSchema,
  CHANGE_APPROVAL_STATE,
  ChangeApprover,
  decidedApproverRefs,
  isApprovalRoundOpen,
  ItsmApproval,
  ItsmRecord,
  itsmChangeApprovePermission,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordEngine } from '../engine/RecordEngine';
import { parseInput, toApproval } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { pendingApprovers, requiredApprovers } from './approvals';

/** The approval round of a change: who must approve, and their decisions. */
export class ChangeApprovals {
  constructor(private readonly engine: RecordEngine) {}

  /** The required approvers, the decisions and who is still pending. */
  async approvals(
    idOrKey: string,
    caller: Caller,
  ): Promise<{
    required: ChangeApprover[];
    approvals: ItsmApproval[];
    pending: string[];
  }> {
    const change = await this.engine.readable('changes', idOrKey, caller);
    const approvals = await this.engine.store.listApprovals(change.id);
    return {
      required: requiredApprovers(change),
      approvals: approvals.map(toApproval),
      pending: pendingApprovers(change, approvals),
    };
  }

  /**
   * An approver's decision on a change. Any member of a required approver
   * group decides for the group; nobody approves their own change. When the
   * last required approval arrives the change is scheduled; a rejection for
   * analysis or planning sends it back to planning, any other ends it.
   */
  async decideApproval(
    idOrKey: string,
    body: unknown,
    caller: Caller,
  ): Promise<ItsmRecord> {
    const { engine } = this;
    const input = parseInput(approvalSchema, body);
    const now = engine.now();
    return engine.audited(
      'change-approval',
      { idOrKey, decision: input.decision },
      async () => {
        const { record, outbox } = await engine.store.transaction(async tx => {
          const change = await engine.writable(
            tx,
            'changes',
            idOrKey,
            caller,
            itsmChangeApprovePermission,
          );
          const open = isApprovalRoundOpen({
            state: change.state,
            changeType: change.data.changeType as string | undefined,
          });
          if (!open) {
            throw new ConflictError(
              `${change.key} is not awaiting approval (it is ${change.state})`,
            );
          }
          if (change.createdBy === caller.userRef) {
            throw new NotAllowedError(
              `Nobody approves their own proposal: ${caller.userRef} requested ${change.key}`,
            );
          }
          const current = (await tx.listApprovals(change.id)).filter(
            a => !a.superseded,
          );
          const required = requiredApprovers(change);
          const decided = new Set(decidedApproverRefs(required, current));
          let mine = required.filter(
            r =>
              decidesFor(caller.claims, r) &&
              !decided.has(r.approverRef) &&
              // Each member counts once towards a group's quorum.
              !current.some(
                a =>
                  a.approverRef === r.approverRef &&
                  a.decidedBy === caller.userRef,
              ),
          );
          if (input.approverRef)
            mine = mine.filter(r => r.approverRef === input.approverRef);
          if (mine.length === 0) {
            const pending = required
              .filter(r => !decided.has(r.approverRef))
              .map(r => r.approverRef);
            throw new NotAllowedError(
              pending.length
                ? `You do not represent any pending approver of ${
                    change.key
                  } (pending: ${pending.join(', ')})`
                : `${change.key} has no pending approvals`,
            );
          }
          for (const r of mine) {
            await tx.addApproval({
              recordId: change.id,
              approverRef: r.approverRef,
              decision: input.decision,
              reason: input.reason ?? null,
              decidedBy: caller.userRef,
              decidedAt: now,
              superseded: false,
            });
          }
          await tx.appendHistory(
            change.id,
            mine.map(r => ({
              at: now,
              actor: caller.userRef,
              action: input.decision === 'approve' ? 'approved' : 'rejected',
              field: 'approval',
              from: r.approverRef,
              to: input.reason ?? null,
            })),
          );
          // An approval is a write: the version moves on.
          const touched = await tx.updateRecord(change.id, change.version, {
            updatedBy: caller.userRef,
            now,
          });
          if (change.state !== CHANGE_APPROVAL_STATE) {
            return { record: touched, outbox: [] as number[] };
          }
          let to: string | undefined;
          if (input.decision === 'reject') {
            to = input.rejection === 'planning' ? 'planning' : 'rejected';
          } else if (
            pendingApprovers(change, await tx.listApprovals(change.id))
              .length === 0
          ) {
            to = 'scheduled';
          }
          if (!to) return { record: touched, outbox: [] as number[] };
          return engine.applyTransition(
            tx,
            touched,
            { to, version: touched.version, reason: input.reason },
            caller,
            // The approver's decision moves the change, not a role's step.
            { decidedBy: 'approval' },
          );
        });
        await engine.deliver(outbox);
        return engine.toApi(record);
      },
    );
  }
}
