import type { ActorRole } from '../roles/roles';
import type { EffectName, GuardName, TransitionDef } from './types';

/** How a machine file declares one transition (internal to the machines). */
export interface TransitionSpec {
  action: string;
  label: string;
  guards?: readonly GuardName[];
  reason?: boolean;
  fields?: readonly string[];
  optional?: readonly string[];
  effects?: readonly EffectName[];
  /** Who takes the transition: any one of these roles (see ../roles). */
  roles: readonly ActorRole[];
}

export function t(
  from: string,
  to: string,
  spec: TransitionSpec,
): TransitionDef {
  const def: TransitionDef = {
    from,
    to,
    action: spec.action,
    label: spec.label,
    guards: spec.guards ?? [],
    requiresReason: spec.reason ?? false,
    roles: spec.roles,
  };
  if (spec.fields) def.requiredFields = spec.fields;
  if (spec.optional) def.optionalFields = spec.optional;
  if (spec.effects) def.effects = spec.effects;
  return def;
}

export function cancel(
  from: string,
  extra: Partial<TransitionSpec> & Pick<TransitionSpec, 'roles'>,
) {
  return t(from, 'cancelled', {
    action: 'cancel',
    label: 'Cancel',
    reason: true,
    ...extra,
  });
}
