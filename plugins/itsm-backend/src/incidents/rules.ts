import {
  ChangeGate,
  EffectName,
  GuardName,
  heldChangeGateConditions,
  isAbandonedState,
} from '@backstage-itsm/plugin-itsm-common';
import { increment } from '../engine/recordUtils';
import { Effect, Guard, TransitionContext } from '../engine/types';

/** The change gate conditions that hold for the fix, in words. */
function gateConditions(ctx: TransitionContext): string[] {
  const gate = (ctx.input.changeGate ?? ctx.record.data.changeGate) as
    | Partial<ChangeGate>
    | undefined;
  return heldChangeGateConditions(gate).map(c => c.sentence);
}

/** Guards of the incident process (the change gate also guards a problem's resolve). */
export const INCIDENT_GUARDS = {
  async changeGate(ctx) {
    const reasons = gateConditions(ctx);
    if (reasons.length === 0) return undefined;
    // A rejected or cancelled change does not carry the fix.
    const changes = (await ctx.linked()).filter(
      c => c.type === 'changes' && !isAbandonedState('changes', c.state),
    );
    if (changes.length > 0) return undefined;
    return `the fix ${reasons.join(
      ', ',
    )}, so it needs change management: link a change (RFC), or have the service owner order an emergency change`;
  },
} satisfies Partial<Record<GuardName, Guard>>;

/** Effects of the incident process. */
export const INCIDENT_EFFECTS = {
  async incrementReopenCount(_ctx, patch) {
    increment(patch.data, 'reopenCount');
  },
} satisfies Partial<Record<EffectName, Effect>>;
