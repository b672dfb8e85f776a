import {
  EffectName,
  RELEASE_BACKLOG_STATE,
} from '@backstage-itsm/plugin-itsm-common';
import { recordLink } from '../engine/recordUtils';
import { Effect, TransitionContext } from '../engine/types';
import { backlogReleaseFor } from '../releases/backlog';
import { ApproverResolver } from './approvals';

const linkedOfType = async (ctx: TransitionContext, type: string) =>
  (await ctx.linked()).filter(r => r.type === type);

/** Effects of the change process. */
export function changeEffects(deps: { resolveApprovers: ApproverResolver }) {
  return {
    async startNewApprovalRound(ctx, patch) {
      const required = await deps.resolveApprovers(ctx.record, ctx.caller);
      patch.data.requiredApprovers = required;
      patch.notifications.push({
        recipients: required.map(r => r.approverRef),
        title: `Approval requested: ${ctx.record.key} ${ctx.record.title}`,
        description: required
          .map(r => `${r.approverRef}: ${r.reason}`)
          .join('\n'),
        link: recordLink(ctx.record),
      });
    },
    async notifyRequesterAndApprovers(ctx, patch) {
      const approvals = await ctx.currentApprovals();
      patch.notifications.push({
        recipients: [ctx.record.createdBy, ...approvals.map(a => a.decidedBy)],
        title: `${ctx.record.key} closes: ${ctx.input.outcome ?? patch.state}`,
        description: ctx.record.title,
        link: recordLink(ctx.record),
      });
    },
    async notifyLinkedProblems(ctx, patch) {
      for (const problem of await linkedOfType(ctx, 'problems')) {
        patch.notifications.push({
          recipients: [problem.assignedGroup ?? problem.createdBy],
          title: `${ctx.record.key} closed (${ctx.input.outcome}): verify ${problem.key}`,
          description: problem.title,
          link: recordLink(problem),
        });
      }
    },
    async notifyAuthoriser(ctx, patch) {
      if (ctx.record.data.changeType !== 'emergency') return;
      const approvals = await ctx.currentApprovals();
      patch.notifications.push({
        recipients: approvals.length
          ? approvals.map(a => a.decidedBy)
          : ctx.record.ownerRefs,
        title: `Emergency change ${ctx.record.key} closes: ${ctx.input.outcome}`,
        description: ctx.record.title,
        link: recordLink(ctx.record),
      });
    },
    async linkToBacklogRelease(ctx, patch) {
      const backlog = await backlogReleaseFor(ctx);
      await ctx.link(backlog);
      patch.notes.push({
        action: 'linked',
        field: 'release',
        to: backlog.key,
      });
    },
    async unlinkFromBacklogRelease(ctx, patch) {
      for (const release of await linkedOfType(ctx, 'releases')) {
        if (release.state === RELEASE_BACKLOG_STATE) {
          await ctx.unlink(release);
          patch.notes.push({
            action: 'unlinked',
            field: 'release',
            from: release.key,
            to: null,
          });
        }
      }
    },
    async reportToRelease(ctx, patch) {
      // A change of a release plan reports its outcome to the release, in
      // the transaction that closes it.
      const entry = await ctx.tx.releasePlans.ofChange(ctx.record.id);
      if (!entry) return;
      const [release] = await ctx.tx.getRecordsByIds([entry.releaseId]);
      if (!release) return;
      await ctx.tx.appendHistory(release.id, [
        {
          at: ctx.now,
          actor: ctx.caller.userRef,
          action: 'plan_update',
          field: 'changes',
          from: null,
          to: {
            change: ctx.record.key,
            purpose: entry.purpose,
            outcome: ctx.input.outcome,
          },
        },
      ]);
      patch.notifications.push({
        recipients: [release.assignedGroup ?? release.createdBy],
        title: `${ctx.record.key} of release ${release.key} closed: ${ctx.input.outcome}`,
        description: ctx.record.title,
        link: recordLink(release),
      });
    },
    async setOutcomeSuccessful(_ctx, patch) {
      patch.data.outcome = 'successful';
    },
  } satisfies Partial<Record<EffectName, Effect>>;
}
