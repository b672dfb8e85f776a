import { TransitionSpec, cancel, t } from './define';
import type { StateMachineDef } from './types';

/**
 * Incident states in which the incident is open: its SLA clocks exist and
 * run, except while it is {@link INCIDENT_PENDING_STATE}.
 *
 * @public
 */
export const INCIDENT_OPEN_STATES = [
  'new',
  'assigned',
  'in_progress',
  'pending',
] as const;

/**
 * The incident state that waits on the requester or a supplier; it pauses
 * the SLA clocks.
 *
 * @public
 */
export const INCIDENT_PENDING_STATE = 'pending';

/**
 * Tells whether the SLA clocks of an incident in this state are running
 * (open and not pending). Only service hours count; that is the clock's job.
 *
 * @public
 */
export function isSlaClockRunning(incidentState: string): boolean {
  return (
    incidentState !== INCIDENT_PENDING_STATE &&
    (INCIDENT_OPEN_STATES as readonly string[]).includes(incidentState)
  );
}

const incidentResolve: TransitionSpec = {
  action: 'resolve',
  label: 'Resolve',
  guards: ['changeGate'],
  fields: ['resolutionCode'],
  // An open outage ends with the resolve: at `outageEnd`, else now.
  optional: ['resolutionNotes', 'outageEnd'],
  effects: ['notifyRequester'],
  // Whoever registers may resolve at once when able to.
  roles: ['assignee', 'requester'],
};

/**
 * Incident: restore service fast.
 *
 * @public
 */
export const INCIDENT_MACHINE: StateMachineDef = {
  recordType: 'incidents',
  initial: 'new',
  states: [
    'new',
    'assigned',
    'in_progress',
    'pending',
    'resolved',
    'closed',
    'cancelled',
  ],
  terminal: ['closed', 'cancelled'],
  transitions: [
    t('new', 'assigned', {
      roles: ['group-coordinator', 'assignee'],
      action: 'assign',
      label: 'Assign',
      guards: ['hasAssignmentGroup'],
      optional: ['assignedGroup', 'assignee'],
    }),
    t('new', 'resolved', incidentResolve),
    cancel('new', { roles: ['requester', 'group-coordinator'] }),
    t('assigned', 'in_progress', {
      roles: ['assignee', 'group-coordinator'],
      action: 'start',
      label: 'Start work',
      effects: ['assignActorIfUnassigned'],
    }),
    t('assigned', 'new', {
      roles: ['group-coordinator'],
      action: 'send_back',
      label: 'Send back',
      reason: true,
      effects: ['incrementSendBackCount', 'clearAssignment'],
    }),
    cancel('assigned', { roles: ['requester', 'group-coordinator'] }),
    t('in_progress', 'pending', {
      roles: ['assignee'],
      action: 'pend',
      label: 'Set pending',
      reason: true,
      optional: ['pendingReason'],
    }),
    t('in_progress', 'resolved', incidentResolve),
    cancel('in_progress', { roles: ['requester', 'group-coordinator'] }),
    t('pending', 'in_progress', {
      action: 'resume',
      label: 'Resume',
      roles: ['assignee'],
    }),
    cancel('pending', { roles: ['requester', 'group-coordinator'] }),
    t('resolved', 'closed', {
      action: 'close',
      label: 'Close',
      roles: ['requester'],
    }),
    t('resolved', 'assigned', {
      roles: ['requester'],
      action: 'reopen',
      label: 'Reopen',
      reason: true,
      effects: ['incrementReopenCount', 'clearResolution'],
    }),
  ],
};
