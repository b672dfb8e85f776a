import { INCIDENT_MACHINE } from './incidents';
import type { GuardName, StateMachineDef, TransitionDef } from './types';

/**
 * Body fields a guard may be given with the transition it guards, where the
 * record does not hold them: the change gate of a problem resolved without
 * change (a problem records no gate beforehand). The server records what it
 * is given; the transition dialog leaves them to the record's form. Not on
 * the transitions of {@link GUARD_FIELDS_RECORDED_BY}.
 *
 * @public
 */
export const GUARD_BODY_FIELDS: Partial<Record<GuardName, readonly string[]>> =
  {
    changeGate: ['changeGate'],
  };

/**
 * The machines whose records hold a guard's fields themselves, so that the
 * guard judges what the record holds and their transitions take none of
 * {@link GUARD_BODY_FIELDS}: an incident records its change gate (at
 * registration, or by an update with history), and a resolve cannot give or
 * waive it.
 *
 * @public
 */
export const GUARD_FIELDS_RECORDED_BY: Partial<
  Record<GuardName, StateMachineDef>
> = {
  changeGate: INCIDENT_MACHINE,
};

function isTransitionOf(machine: StateMachineDef, def: TransitionDef): boolean {
  return machine.transitions.some(
    tr => tr.from === def.from && tr.to === def.to && tr.action === def.action,
  );
}

/** The body fields a transition's guard is given (see {@link GUARD_BODY_FIELDS}). */
function guardBodyFields(
  guard: GuardName,
  def: TransitionDef,
): readonly string[] {
  const recordedBy = GUARD_FIELDS_RECORDED_BY[guard];
  if (recordedBy && isTransitionOf(recordedBy, def)) return [];
  return GUARD_BODY_FIELDS[guard] ?? [];
}

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
 * given ({@link GUARD_BODY_FIELDS}, except where the record holds them). The
 * server takes exactly these with the transition.
 *
 * @public
 */
export function transitionBodyFields(def: TransitionDef): string[] {
  const fields = [...(def.requiredFields ?? []), ...(def.optionalFields ?? [])];
  for (const guard of def.guards) {
    fields.push(...guardBodyFields(guard, def));
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
