import {
  INCIDENT_OPEN_STATES,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import type { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';

function nonTerminalStates(type: ItsmRecordType): string[] {
  const machine = STATE_MACHINES[type];
  return machine.states.filter(state => !machine.terminal.includes(state));
}

/** Incidents that are open: new, assigned, in progress or pending. */
export const OPEN_INCIDENT_STATES: string[] = [...INCIDENT_OPEN_STATES];

/**
 * Problems not yet closed (a resolved problem stays listed until its
 * coordinator verifies the fix and closes it).
 */
export const OPEN_PROBLEM_STATES: string[] = nonTerminalStates('problems');

/** Changes not yet finished: from draft to verifying, and in release. */
export const OPEN_CHANGE_STATES: string[] = nonTerminalStates('changes');

/** Finished changes: closed, rejected or cancelled. */
export const FINISHED_CHANGE_STATES: string[] = [
  ...STATE_MACHINES.changes.terminal,
];

/** Only active SLAs run clocks and carry targets in force. */
export const ACTIVE_SLA_STATES: string[] = ['active'];

/** `in_progress` becomes "In progress": the pages' own wording of a state. */
export { humanize as stateLabel } from '../common/format';
