import { ITSM_RECORD_TYPE_INFO, ItsmRecordType } from '../recordTypes';
import { CHANGE_MACHINE } from './changes';
import { INCIDENT_MACHINE } from './incidents';
import { PROBLEM_MACHINE } from './problems';
import { RELEASE_MACHINE } from './releases';
import { SLA_MACHINE } from './slas';
import type { GuardName, StateMachineDef, TransitionDef } from './types';

/**
 * The state machine of every record type.
 *
 * @public
 */
export const STATE_MACHINES: Record<ItsmRecordType, StateMachineDef> = {
  incidents: INCIDENT_MACHINE,
  problems: PROBLEM_MACHINE,
  changes: CHANGE_MACHINE,
  releases: RELEASE_MACHINE,
  slas: SLA_MACHINE,
};

/**
 * The transitions that leave `from`, in declaration order; empty for unknown
 * and terminal states.
 *
 * @public
 */
export function allowedTransitions(
  type: ItsmRecordType,
  from: string,
): TransitionDef[] {
  return STATE_MACHINES[type].transitions.filter(tr => tr.from === from);
}

/**
 * The transition from `from` to `to`, if the machine has one.
 *
 * @public
 */
export function findTransition(
  type: ItsmRecordType,
  from: string,
  to: string,
): TransitionDef | undefined {
  return STATE_MACHINES[type].transitions.find(
    tr => tr.from === from && tr.to === to,
  );
}

/**
 * Tells whether no transition leaves `state` because the record has ended.
 *
 * @public
 */
export function isTerminalState(type: ItsmRecordType, state: string): boolean {
  return STATE_MACHINES[type].terminal.includes(state);
}

/**
 * Tells whether `state` is a state of the record type's machine.
 *
 * @public
 */
export function isKnownState(type: ItsmRecordType, state: string): boolean {
  return STATE_MACHINES[type].states.includes(state);
}

/**
 * Explains why a transition is not allowed, naming the allowed targets; used
 * for 409 answers. Never throws.
 *
 * @example
 * `Cannot move INC from 'new' to 'closed'; allowed: assigned, resolved, cancelled`
 *
 * @public
 */
export function describeIllegalTransition(
  type: ItsmRecordType,
  from: string,
  to: string,
): string {
  const prefix = ITSM_RECORD_TYPE_INFO[type]?.keyPrefix ?? String(type);
  const machine = STATE_MACHINES[type];
  const head = `Cannot move ${prefix} from '${from}' to '${to}'`;
  if (!machine) return head;
  if (!machine.states.includes(from)) {
    return `${head}; '${from}' is not a state of ${prefix}`;
  }
  if (!machine.states.includes(to)) {
    return `${head}; '${to}' is not a state of ${prefix} (states: ${machine.states.join(
      ', ',
    )})`;
  }
  const targets = allowedTransitions(type, from).map(tr => tr.to);
  if (targets.length === 0) {
    return machine.terminal.includes(from)
      ? `${head}; '${from}' is a final state`
      : `${head}; no transition leaves '${from}'`;
  }
  return `${head}; allowed: ${targets.join(', ')}`;
}

/**
 * Guards that depend only on fields of the record itself, so a client can
 * tell in advance that they fail (the server checks every guard anyway).
 */
const STATIC_GUARDS: Partial<
  Record<GuardName, (record: Record<string, unknown>) => boolean>
> = {
  emergencyChange: r => r.changeType === 'emergency',
  emergencyAuthorised: r => r.changeType === 'emergency',
  notEmergency: r => r.changeType !== 'emergency',
  notStandard: r => r.changeType !== 'standard',
  standardPreApproved: r => r.changeType === 'standard',
  withinBudget: r => r.withinBudget === true,
};

/**
 * The transitions a record may take from its state whose record-only guards
 * hold: what a UI should offer (e.g. no "Implement emergency change" on a
 * normal change). Guards that need other records or the caller are left to
 * the server.
 *
 * @public
 */
export function availableTransitions(
  type: ItsmRecordType,
  record: { state: string } & Record<string, unknown>,
): TransitionDef[] {
  return allowedTransitions(type, record.state).filter(transition =>
    transition.guards.every(g => STATIC_GUARDS[g]?.(record) ?? true),
  );
}

/**
 * A transition as the verb of a sentence: its label in lower case, without
 * a trailing note in parentheses ("Schedule (pre-approved)" -> "schedule"),
 * so messages read "Cannot schedule CHG-3: ...", "Only the change manager
 * may schedule CHG-3". Labels are written as verbs for this.
 *
 * @public
 */
export function actionPhrase(transition: Pick<TransitionDef, 'label'>): string {
  return transition.label
    .replace(/\s*\([^)]*\)$/, '')
    .toLocaleLowerCase('en-US');
}
