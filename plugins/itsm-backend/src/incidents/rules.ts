import {
  ChangeGate,
  changeImplemented,
  EffectName,
  GuardName,
  heldChangeGateConditions,
  takesField,
} from '@backstage-itsm/plugin-itsm-common';
import { increment } from '../engine/recordUtils';
import { Effect, Guard, TransitionContext } from '../engine/types';

/**
 * The change gate conditions that hold for the fix, in words. An incident's
 * gate is the one recorded on it: its resolve takes no `changeGate`, so the
 * body cannot waive it; the gate changes only through the incident's update,
 * by the group coordinator, with history (see the handler). A problem records
 * no gate beforehand: its resolve without change answers it.
 */
function gateConditions(ctx: TransitionContext): string[] {
  const given = takesField(ctx.def, 'changeGate')
    ? ctx.input.changeGate
    : undefined;
  const gate = (given ?? ctx.record.data.changeGate) as
    | Partial<ChangeGate>
    | undefined;
  return heldChangeGateConditions(gate).map(c => c.sentence);
}

/** Guards of the incident process (the change gate also guards a problem's resolve). */
export const INCIDENT_GUARDS = {
  async changeGate(ctx) {
    const reasons = gateConditions(ctx);
    if (reasons.length === 0) return undefined;
    // Only an implemented change carries the fix: verifying, or closed
    // successful (an emergency change counts the same way).
    const changes = (await ctx.linked()).filter(c => c.type === 'changes');
    const implemented = changes.some(c =>
      changeImplemented({ state: c.state, outcome: c.data.outcome }),
    );
    if (implemented) return undefined;
    return `the fix ${reasons.join(
      ', ',
    )}, so it needs change management: link a change (RFC), or have the service owner order an emergency change, and resolve once it is implemented (verifying, or closed successful)`;
  },
} satisfies Partial<Record<GuardName, Guard>>;

/** Effects of the incident process. */
export const INCIDENT_EFFECTS = {
  async incrementReopenCount(_ctx, patch) {
    increment(patch.data, 'reopenCount');
  },
  async clearResolution(_ctx, patch) {
    // The resolve this reopen undoes no longer describes the incident; the
    // history keeps what it said.
    patch.data.resolutionCode = null;
    patch.data.resolutionNotes = null;
  },
} satisfies Partial<Record<EffectName, Effect>>;
