import type { GuardName, TransitionDef } from './types';

/**
 * Body fields a guard may be given with the transition it guards, instead of
 * reading them from the record: the change gate of the fix. The server
 * records what it is given; the transition dialog leaves them to the
 * record's form.
 *
 * @public
 */
export const GUARD_BODY_FIELDS: Partial<Record<GuardName, readonly string[]>> =
  {
    changeGate: ['changeGate'],
  };

/**
 * Fields of every transition body: the target state, the version the caller
 * saw and a reason (required where `requiresReason` says so; any reason given
 * is kept in the history).
 *
 * @public
 */
export const TRANSITION_BASE_FIELDS = ['to', 'version', 'reason'] as const;

/**
 * The fields a transition body may carry besides {@link TRANSITION_BASE_FIELDS}:
 * the transition's required and optional fields, then those its guards may be
 * given ({@link GUARD_BODY_FIELDS}). The server takes exactly these with the
 * transition.
 *
 * @public
 */
export function transitionBodyFields(def: TransitionDef): string[] {
  const fields = [...(def.requiredFields ?? []), ...(def.optionalFields ?? [])];
  for (const guard of def.guards) {
    fields.push(...(GUARD_BODY_FIELDS[guard] ?? []));
  }
  return [...new Set(fields)];
}

/**
 * Tells whether a transition takes a body field (see
 * {@link transitionBodyFields}).
 *
 * @public
 */
export function takesField(def: TransitionDef, field: string): boolean {
  return transitionBodyFields(def).includes(field);
}

/**
 * The part of a transition body the transition takes: the base fields and
 * its {@link transitionBodyFields}. Other fields are left out (the server
 * ignores them).
 *
 * @public
 */
export function pickTransitionBody<T extends object>(
  def: TransitionDef,
  body: T,
): Partial<T> {
  const taken = new Set<string>([
    ...TRANSITION_BASE_FIELDS,
    ...transitionBodyFields(def),
  ]);
  return Object.fromEntries(
    Object.entries(body).filter(([field]) => taken.has(field)),
  ) as Partial<T>;
}
