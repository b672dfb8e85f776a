import {
  approvalRoundOutcome,
  GuardName,
  rejectingApproverRefs,
} from '@backstage-itsm/plugin-itsm-common';
import { Guard, TransitionContext } from '../engine/types';
import { StoredRecord } from '../store/types';
import { StandardChangeTemplate } from '../config';
import { pendingApprovers, requiredApprovers } from './approvals';

const isEmergency = (r: StoredRecord) => r.data.changeType === 'emergency';

const linkedOfType = async (ctx: TransitionContext, type: string) =>
  (await ctx.linked()).filter(r => r.type === type);

/** Guards of the change process. */
export function changeGuards(config: {
  standardTemplates: Map<string, StandardChangeTemplate>;
}) {
  return {
    async approvalsComplete(ctx) {
      const approvals = await ctx.currentApprovals();
      switch (approvalRoundOutcome(requiredApprovers(ctx.record), approvals)) {
        case 'rejected':
          return `rejected by ${rejectingApproverRefs(approvals).join(', ')}`;
        case 'pending':
          return `approval still required from ${pendingApprovers(
            ctx.record,
            approvals,
          ).join(', ')}`;
        default:
          return undefined;
      }
    },
    async standardPreApproved(ctx) {
      if (ctx.record.data.changeType !== 'standard')
        return 'only standard changes skip approval';
      const template = config.standardTemplates.get(
        String(ctx.record.data.template),
      );
      if (!template)
        return `standard change template "${ctx.record.data.template}" no longer exists`;
      return template.skipApproval
        ? undefined
        : `template "${template.id}" requires approval`;
    },
    async outsideFreeze(ctx) {
      if (ctx.record.data.changeType !== 'standard') return undefined;
      const freezes =
        (
          ctx.record.data.assessment as
            | { freezeWindows?: Array<{ title: string }> }
            | undefined
        )?.freezeWindows ?? [];
      return freezes.length
        ? `a standard change may not be scheduled in freeze window ${freezes
            .map(f => f.title)
            .join(', ')}`
        : undefined;
    },
    async emergencyChange(ctx) {
      return isEmergency(ctx.record)
        ? undefined
        : 'only emergency changes take this path';
    },
    async emergencyAuthorised(ctx) {
      if (!isEmergency(ctx.record))
        return 'only emergency changes take this path';
      const incidents = await linkedOfType(ctx, 'incidents');
      if (incidents.length === 0)
        return 'an emergency change must be linked to the incident it fixes';
      return undefined;
    },
    async notStandard(ctx) {
      return ctx.record.data.changeType === 'standard'
        ? 'standard changes follow their template'
        : undefined;
    },
    async notEmergency(ctx) {
      return isEmergency(ctx.record)
        ? 'emergency changes are implemented first and registered afterwards'
        : undefined;
    },
    async planComplete(ctx) {
      const d = ctx.record.data;
      const missing = (
        [
          'plannedStart',
          'plannedEnd',
          'implementationPlan',
          'testPlan',
          'backoutPlan',
        ] as const
      ).filter(f => !d[f]);
      return missing.length
        ? `the plan is incomplete: missing ${missing.join(', ')}`
        : undefined;
    },
    async catalogUpdateDone(ctx) {
      if (!ctx.record.data.cmdbUpdate) return undefined;
      const tasks =
        (ctx.record.data.tasks as Array<{ kind: string; done: boolean }>) ?? [];
      return tasks.some(t => t.kind === 'cmdb_update' && t.done)
        ? undefined
        : 'the change needs a CMDB update and its catalog-update task is not done';
    },
    async retroactiveApproval(ctx) {
      if (!isEmergency(ctx.record)) return undefined;
      if (!ctx.record.data.implementationPlan) {
        return 'register the emergency change retroactively (implementation plan) before closing it';
      }
      const pending = pendingApprovers(
        ctx.record,
        await ctx.currentApprovals(),
      );
      return pending.length
        ? `the emergency change still needs the retroactive approval of ${pending.join(
            ', ',
          )}`
        : undefined;
    },
    async outcomeGiven(ctx) {
      return ctx.input.outcome
        ? undefined
        : 'an outcome (successful, failed or backed_out) is required';
    },
    async cabRejected(ctx) {
      return ctx.record.data.cabDecision === 'rejected'
        ? undefined
        : 'no CAB meeting has rejected this RFC';
    },
    async releaseFulfilled(ctx) {
      const releases = (await linkedOfType(ctx, 'releases')).filter(
        r => r.state === 'reviewing' || r.state === 'closed',
      );
      return releases.length
        ? undefined
        : 'the RFC is not part of a release that finished coordination';
    },
  } satisfies Partial<Record<GuardName, Guard>>;
}
