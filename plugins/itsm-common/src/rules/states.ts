import { ItsmRecordType } from '../recordTypes';
import {
  CHANGE_MACHINE,
  ChangeOutcome,
  GuardName,
  SLA_MACHINE,
  STATE_MACHINES,
  StateMachineDef,
  TransitionDef,
  isTerminalState,
} from '../machines';

/**
 * The state sets every page, report and process asks about ("open",
 * "finished", "approved" ...), derived from the state machines so that they
 * cannot drift from them. Each set lists states in the machine's order.
 */

/** Actions that end a record without carrying it out. */
const ABANDONING_ACTIONS: readonly string[] = ['cancel', 'reject', 'decline'];

/**
 * States in which the work is done and the record only waits for its
 * verification and closure (an incident's requester verifies the solution, a
 * problem coordinator verifies the fix). They are neither open nor finished.
 * The one piece of this module that is declared rather than derived: the
 * machines cannot tell "resolved" from another state with a way to `closed`.
 */
const AWAITING_CLOSURE: Readonly<Record<ItsmRecordType, readonly string[]>> = {
  incidents: ['resolved'],
  problems: ['resolved'],
  changes: [],
  releases: [],
  slas: [],
};

function frozen<T>(items: T[]): readonly T[] {
  return Object.freeze(items);
}

function inMachineOrder(
  machine: StateMachineDef,
  keep: (state: string) => boolean,
): readonly string[] {
  return frozen(machine.states.filter(keep));
}

function transitionWithGuard(
  machine: StateMachineDef,
  guard: GuardName,
): TransitionDef {
  const found = machine.transitions.find(tr => tr.guards.includes(guard));
  if (!found) {
    throw new Error(
      `The ${machine.recordType} machine has no transition guarded by ${guard}`,
    );
  }
  return found;
}

/**
 * The states reachable from `from` (itself included) following only the
 * transitions `follow` accepts, in the machine's order.
 *
 * @public
 */
export function statesReachableFrom(
  type: ItsmRecordType,
  from: string,
  follow: (transition: TransitionDef) => boolean = () => true,
): readonly string[] {
  const machine = STATE_MACHINES[type];
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const state = queue.shift()!;
    for (const tr of machine.transitions) {
      if (tr.from === state && !seen.has(tr.to) && follow(tr)) {
        seen.add(tr.to);
        queue.push(tr.to);
      }
    }
  }
  return inMachineOrder(machine, s => seen.has(s));
}

/**
 * Tells whether a transition ends the record without carrying it out
 * (cancel, reject, decline).
 *
 * @public
 */
export function isAbandoningTransition(transition: TransitionDef): boolean {
  return ABANDONING_ACTIONS.includes(transition.action);
}

/**
 * The states in which a record has ended: its machine's end states, which no
 * transition leaves. A finished record cannot be edited and takes no new
 * links.
 *
 * @public
 */
export function finishedStates(type: ItsmRecordType): readonly string[] {
  return frozen([...STATE_MACHINES[type].terminal]);
}

/**
 * Tells whether a record in `state` has ended (the same as
 * {@link isTerminalState}, named as the state sets name it).
 *
 * @public
 */
export function isFinishedState(type: ItsmRecordType, state: string): boolean {
  return isTerminalState(type, state);
}

/**
 * The finished states a record reaches without being carried out: the end
 * states entered by a cancel, reject or decline (a change `rejected` or
 * `cancelled`, an incident `cancelled`, an SLA `declined`).
 *
 * @public
 */
export function abandonedStates(type: ItsmRecordType): readonly string[] {
  const machine = STATE_MACHINES[type];
  const abandoned = new Set(
    machine.transitions.filter(isAbandoningTransition).map(tr => tr.to),
  );
  return inMachineOrder(
    machine,
    s => machine.terminal.includes(s) && abandoned.has(s),
  );
}

/** @public */
export function isAbandonedState(type: ItsmRecordType, state: string): boolean {
  return abandonedStates(type).includes(state);
}

/**
 * States a record may be created in that no transition enters or leaves: the
 * standing release `backlog` of a service. Such a record is a placeholder,
 * never open work and never finished.
 *
 * @public
 */
export function standingStates(type: ItsmRecordType): readonly string[] {
  const machine = STATE_MACHINES[type];
  const moving = new Set(machine.transitions.flatMap(tr => [tr.from, tr.to]));
  return inMachineOrder(
    machine,
    s => (machine.entryStates ?? []).includes(s) && !moving.has(s),
  );
}

/**
 * States in which the work is done and the record waits for verification and
 * closure: incidents and problems `resolved`.
 *
 * @public
 */
export function awaitingClosureStates(type: ItsmRecordType): readonly string[] {
  return frozen([...AWAITING_CLOSURE[type]]);
}

/**
 * The states in which a record is open work: not finished, not waiting for
 * closure after its resolution, not a standing placeholder. Open incidents
 * run SLA clocks; "open problems" is the figure the home page and the entity
 * tab show.
 *
 * @public
 */
export function openStates(type: ItsmRecordType): readonly string[] {
  const machine = STATE_MACHINES[type];
  const excluded = new Set([
    ...machine.terminal,
    ...AWAITING_CLOSURE[type],
    ...standingStates(type),
  ]);
  return inMachineOrder(machine, s => !excluded.has(s));
}

/** @public */
export function isOpenState(type: ItsmRecordType, state: string): boolean {
  return openStates(type).includes(state);
}

/** Incidents that are open: new, assigned, in progress or pending. @public */
export const OPEN_INCIDENT_STATES: readonly string[] = openStates('incidents');

/**
 * Problems still being worked on: new, under investigation, root cause
 * known, known error and impasse (re-reviewed periodically). A resolved
 * problem waits for its verification and is not open.
 *
 * @public
 */
export const OPEN_PROBLEM_STATES: readonly string[] = openStates('problems');

/** Changes not yet finished: from draft to verifying, and in release. @public */
export const OPEN_CHANGE_STATES: readonly string[] = openStates('changes');

/** Releases being defined, justified, coordinated or reviewed (not the standing backlog). @public */
export const OPEN_RELEASE_STATES: readonly string[] = openStates('releases');

/** Finished changes: closed, rejected or cancelled. @public */
export const FINISHED_CHANGE_STATES: readonly string[] =
  finishedStates('changes');

/**
 * The state of an SLA in force: the one its activation (both signatures)
 * enters. Only active SLAs run clocks, carry targets in force and count in
 * reports.
 *
 * @public
 */
export const SLA_ACTIVE_STATE: string = transitionWithGuard(
  SLA_MACHINE,
  'bothSignatures',
).to;

/** The states of SLAs in force (a list, for list queries). @public */
export const ACTIVE_SLA_STATES: readonly string[] = frozen([SLA_ACTIVE_STATE]);

/**
 * The state a change is approved into: the target of the transition guarded
 * by `approvalsComplete` (`scheduled`).
 *
 * @public
 */
export const CHANGE_APPROVED_STATE: string = transitionWithGuard(
  CHANGE_MACHINE,
  'approvalsComplete',
).to;

/**
 * The state in which a change is implemented: the one an emergency change
 * enters first (`implementing`).
 *
 * @public
 */
export const CHANGE_IMPLEMENTING_STATE: string = transitionWithGuard(
  CHANGE_MACHINE,
  'emergencyChange',
).to;

/**
 * Changes whose window is an approved implementation (maintenance) window:
 * scheduled, implementing, verifying and closed. Derived as the states
 * reachable from {@link CHANGE_APPROVED_STATE} without a cancel or reject
 * and without superseding the approvals (a reschedule back to approval).
 * Availability excuses downtime inside these windows; the change calendar
 * shows them as maintenance.
 *
 * @public
 */
export const APPROVED_CHANGE_STATES: readonly string[] = statesReachableFrom(
  'changes',
  CHANGE_APPROVED_STATE,
  tr => !isAbandoningTransition(tr) && !supersedesApprovals(tr),
);

/**
 * Tells whether a change transition returns it to approval, superseding the
 * approvals given (a reschedule, or an implementation that overran its
 * window): what was approved before no longer holds.
 *
 * @public
 */
export function supersedesApprovals(tr: TransitionDef): boolean {
  return (tr.effects ?? []).includes('supersedeApprovals');
}

/**
 * Open changes not implemented yet (draft, review, planning, approval,
 * scheduled, in release): a known error may link to one of these instead of
 * raising a new RFC. An implementation sent back to approval (its window
 * overran) is in approval again.
 *
 * @public
 */
export const OPEN_UNIMPLEMENTED_CHANGE_STATES: readonly string[] = (() => {
  const implemented = statesReachableFrom(
    'changes',
    CHANGE_IMPLEMENTING_STATE,
    tr => !supersedesApprovals(tr),
  );
  return frozen(OPEN_CHANGE_STATES.filter(s => !implemented.includes(s)));
})();

/**
 * Other changes that can conflict with a change's window: open and past
 * their draft (review to verifying, and in release).
 *
 * @public
 */
export const CONFLICTING_CHANGE_STATES: readonly string[] = frozen(
  OPEN_CHANGE_STATES.filter(s => s !== CHANGE_MACHINE.initial),
);

/**
 * The state in which an implemented change is verified: the one the
 * implementation's completion enters (`verifying`).
 *
 * @public
 */
export const CHANGE_VERIFYING_STATE: string = (() => {
  const done = CHANGE_MACHINE.transitions.find(
    tr =>
      tr.from === CHANGE_IMPLEMENTING_STATE &&
      !isAbandoningTransition(tr) &&
      !CHANGE_MACHINE.terminal.includes(tr.to),
  );
  if (!done) {
    throw new Error(
      `The changes machine has no way out of ${CHANGE_IMPLEMENTING_STATE}`,
    );
  }
  return done.to;
})();

/**
 * The state a change closes in with its outcome: the target of the
 * transition guarded by `outcomeGiven` (`closed`).
 */
const CLOSED_CHANGE_STATE: string = transitionWithGuard(
  CHANGE_MACHINE,
  'outcomeGiven',
).to;

/** The outcome of a change closed as carried out. @public */
export const CHANGE_SUCCESSFUL_OUTCOME: ChangeOutcome = 'successful';

/**
 * The states in which a change may have been implemented: verifying, and
 * closed (only with the outcome successful, see {@link changeImplemented}).
 *
 * @public
 */
export const IMPLEMENTED_CHANGE_STATES: readonly string[] = inMachineOrder(
  CHANGE_MACHINE,
  s => s === CHANGE_VERIFYING_STATE || s === CLOSED_CHANGE_STATE,
);

/**
 * Tells whether a change has been implemented: it is verifying, or closed
 * with the outcome successful (a change closed as failed or backed out, and
 * one not implemented yet, carry no fix). An incident whose change gate
 * holds resolves only with such a change linked.
 *
 * @public
 */
export function changeImplemented(change: {
  state: string;
  outcome?: unknown;
}): boolean {
  if (change.state === CHANGE_VERIFYING_STATE) return true;
  return (
    change.state === CLOSED_CHANGE_STATE &&
    change.outcome === CHANGE_SUCCESSFUL_OUTCOME
  );
}
