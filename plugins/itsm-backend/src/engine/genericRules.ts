import { EffectName, GuardName } from '@backstage-itsm/plugin-itsm-common';
import { increment, recordLink } from './recordUtils';
import { Effect, Guard } from './types';

/** Guards that hold for any record type, whatever its process. */
export const GENERIC_GUARDS = {
  async hasAssignmentGroup(ctx) {
    return ctx.input.assignedGroup ?? ctx.record.assignedGroup
      ? undefined
      : 'an assignment group is required';
  },
} satisfies Partial<Record<GuardName, Guard>>;

/** Effects that apply to any record type, whatever its process. */
export const GENERIC_EFFECTS = {
  async incrementSendBackCount(_ctx, patch) {
    increment(patch.data, 'sendBackCount');
  },
  async clearAssignment(_ctx, patch) {
    patch.assignedGroup = null;
    patch.assignee = null;
  },
  async assignActorIfUnassigned(ctx, patch) {
    if (!ctx.record.assignee && !patch.assignee)
      patch.assignee = ctx.caller.userRef;
  },
  async supersedeApprovals(ctx) {
    await ctx.tx.supersedeApprovals(ctx.record.id);
  },
  async notifyRequester(ctx, patch) {
    patch.notifications.push({
      recipients: [ctx.record.createdBy],
      title: `${ctx.record.key} is now ${patch.state}`,
      description:
        ctx.input.reason ?? ctx.input.resolutionNotes ?? ctx.record.title,
      link: recordLink(ctx.record),
    });
  },
} satisfies Partial<Record<EffectName, Effect>>;
