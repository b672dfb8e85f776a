import { ConflictError, InputError } from '@backstage/errors';
import {
  CHANGE_MACHINE,
  EffectName,
  GuardName,
  isTerminalState,
  newChangeData,
  OPEN_UNIMPLEMENTED_CHANGE_STATES,
} from '@backstage-itsm/plugin-itsm-common';
import { recordLink } from '../engine/recordUtils';
import { Effect, Guard, TransitionContext } from '../engine/types';

const linkedChanges = async (ctx: TransitionContext) =>
  (await ctx.linked()).filter(r => r.type === 'changes');

/** Guards of the problem process. */
export const PROBLEM_GUARDS = {
  async linkedChangeSuccessful(ctx) {
    const changes = await linkedChanges(ctx);
    if (changes.length === 0) return undefined;
    const open = changes.filter(c => !isTerminalState('changes', c.state));
    if (open.length > 0) {
      return `linked change ${open.map(c => c.key).join(', ')} is still open`;
    }
    if (
      !changes.some(
        c => c.state === 'closed' && c.data.outcome === 'successful',
      )
    ) {
      return `no linked change closed successfully (${changes
        .map(
          c =>
            `${c.key}: ${c.state}${c.data.outcome ? `/${c.data.outcome}` : ''}`,
        )
        .join(', ')})`;
    }
    return undefined;
  },
  async linkedChangeExists(ctx) {
    return (await linkedChanges(ctx)).length > 0
      ? undefined
      : 'no change is linked';
  },
} satisfies Partial<Record<GuardName, Guard>>;

/** Effects of the problem process. */
export const PROBLEM_EFFECTS = {
  /** Raising a known error: link an open change not yet implemented, or raise an RFC. */
  async createOrLinkChange(ctx, patch) {
    if (ctx.input.changeKey) {
      const change = await ctx.tx.getRecordForUpdate(
        'changes',
        ctx.input.changeKey,
      );
      if (!change) {
        throw new InputError(`changeKey: no change ${ctx.input.changeKey}`);
      }
      if (!OPEN_UNIMPLEMENTED_CHANGE_STATES.includes(change.state)) {
        throw new ConflictError(
          `${change.key} is ${change.state}; a known error links only to an open change not yet implemented`,
        );
      }
      await ctx.link(change);
      patch.notes.push({ action: 'linked', field: 'change', to: change.key });
      return;
    }
    const d = ctx.record.data;
    const change = await ctx.createRecord({
      type: 'changes',
      title: `Fix known error ${ctx.record.key}: ${ctx.record.title}`.slice(
        0,
        200,
      ),
      description: [
        `Raised from known error ${ctx.record.key}.`,
        d.rootCause ? `\n**Root cause:** ${d.rootCause}` : '',
        d.recommendation
          ? `\n**Recommended solution:** ${d.recommendation}`
          : '',
        d.workaround ? `\n**Workaround meanwhile:** ${d.workaround}` : '',
      ].join(''),
      state: CHANGE_MACHINE.initial,
      entityRefs: ctx.record.entityRefs,
      ownerRefs: ctx.record.ownerRefs,
      // The change coordinator of the service.
      assignedGroup: ctx.record.assignedGroup,
      data: {
        ...newChangeData({ category: (d.category as string | null) ?? null }),
        problemKey: ctx.record.key,
      },
    });
    await ctx.link(change);
    patch.notes.push({ action: 'raised-rfc', field: 'change', to: change.key });
    patch.notifications.push({
      recipients: [change.assignedGroup ?? ctx.record.createdBy],
      title: `RFC ${change.key} raised for known error ${ctx.record.key}`,
      description: ctx.record.title,
      link: recordLink(change),
    });
  },
} satisfies Partial<Record<EffectName, Effect>>;
