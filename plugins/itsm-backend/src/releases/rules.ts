import {
  EffectName,
  GuardName,
  isTerminalState,
} from '@backstage-itsm/plugin-itsm-common';
import { recordLink } from '../engine/recordUtils';
import { Effect, Guard, TransitionContext } from '../engine/types';
import { returnToBacklog } from './backlog';

const linkedChanges = async (ctx: TransitionContext) =>
  (await ctx.linked()).filter(r => r.type === 'changes');

/** Guards of the release process. */
export const RELEASE_GUARDS = {
  async allChangesClosed(ctx) {
    const open = (await linkedChanges(ctx)).filter(
      c => !isTerminalState('changes', c.state) && c.state !== 'in_release',
    );
    return open.length
      ? `change ${open.map(c => c.key).join(', ')} is still open`
      : undefined;
  },
  async rfcsDecided(ctx) {
    const waiting = (await linkedChanges(ctx)).filter(
      c => c.state === 'in_release',
    );
    return waiting.length
      ? `${waiting.map(c => c.key).join(', ')} still ${
          waiting.length === 1 ? 'waits' : 'wait'
        } for an outcome: close ${
          waiting.length === 1 ? 'it' : 'them'
        } as fulfilled first`
      : undefined;
  },
  async withinBudget(ctx) {
    return ctx.record.data.withinBudget
      ? undefined
      : 'the release is not recorded as within budget; it needs a business case';
  },
  async notProposer(ctx) {
    // The creator, and whoever submitted what is approved (a release's business case).
    const proposers = [ctx.record.createdBy, ctx.record.data.businessCaseBy];
    return proposers.includes(ctx.caller.userRef)
      ? 'nobody approves their own proposal'
      : undefined;
  },
} satisfies Partial<Record<GuardName, Guard>>;

/** Effects of the release process. */
export const RELEASE_EFFECTS = {
  async returnRfcsToBacklog(ctx) {
    await returnToBacklog(ctx);
  },
  async returnUnmetRfcsToBacklog(ctx) {
    await returnToBacklog(ctx, ctx.input.fulfilled ?? []);
  },
  async notifyRequesters(ctx, patch) {
    const changes = await linkedChanges(ctx);
    patch.notifications.push({
      recipients: changes.map(c => c.createdBy),
      title: `Release ${ctx.record.key} is now ${patch.state}`,
      description: ctx.record.title,
      link: recordLink(ctx.record),
    });
  },
  async publishReview(ctx, patch) {
    // The post-implementation review's suggestions, kept with the release
    // and sent to the service owner and the change coordinators of its plan.
    const suggestions = ctx.input.suggestions ?? '';
    patch.data.reviewSuggestions = suggestions;
    const plan = await ctx.tx.releasePlans.ofRelease(ctx.record.id);
    patch.notifications.push({
      recipients: [
        ...new Set([...ctx.record.ownerRefs, ...plan.map(p => p.coordinator)]),
      ],
      title: `Release ${ctx.record.key} reviewed: improvement suggestions`,
      description: suggestions,
      link: recordLink(ctx.record),
    });
  },
  async notifyCab(ctx, patch) {
    // The members of the CAB meeting that registered the release; for a
    // release defined by hand, its coordinating group.
    const members = await ctx.tx.cabMembersOfRelease(ctx.record.id);
    patch.notifications.push({
      recipients: members.length
        ? members
        : [ctx.record.assignedGroup ?? ctx.record.createdBy],
      title: `Release ${ctx.record.key} cancelled: the CAB may bring its next meeting forward`,
      description: ctx.input.reason,
      link: recordLink(ctx.record),
    });
  },
} satisfies Partial<Record<EffectName, Effect>>;
