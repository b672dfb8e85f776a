import { EffectName, GuardName } from '@backstage-itsm/plugin-itsm-common';
import { activeSlasCovering } from '../cmdb/slaCoverage';
import { Effect, Guard } from '../engine/types';

/** Guards of the SLA lifecycle. */
export const SLA_GUARDS = {
  async bothSignatures(ctx) {
    const s = (ctx.record.data.signatures ?? {}) as Record<string, unknown>;
    const missing = ['customer', 'serviceOwner'].filter(role => !s[role]);
    return missing.length
      ? `the SLA still needs the signature of the ${missing
          .map(m =>
            m === 'customer' ? 'customer representative' : 'service owner',
          )
          .join(' and the ')}`
      : undefined;
  },
} satisfies Partial<Record<GuardName, Guard>>;

/** Effects of the SLA lifecycle. */
export const SLA_EFFECTS = {
  async markServiceDiscontinuedIfLast(ctx, patch) {
    const items = await activeSlasCovering(ctx.tx, ctx.record.entityRefs);
    const others = items.filter(s => s.id !== ctx.record.id);
    const stillCovered = new Set(others.flatMap(s => s.entityRefs));
    patch.data.discontinuedEntityRefs = ctx.record.entityRefs.filter(
      e => !stillCovered.has(e),
    );
  },
} satisfies Partial<Record<EffectName, Effect>>;
