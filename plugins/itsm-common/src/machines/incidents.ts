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
  optional: ['resolutionNotes'],
  effects: ['notifyRequester'],
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
      action: 'assign',
      label: 'Assign',
      guards: ['hasAssignmentGroup'],
      optional: ['assignedGroup', 'assignee'],
    }),
    t('new', 'resolved', incidentResolve),
    cancel('new'),
    t('assigned', 'in_progress', {
      action: 'start',
      label: 'Start work',
      effects: ['assignActorIfUnassigned'],
    }),
    t('assigned', 'new', {
      action: 'send_back',
      label: 'Send back',
      reason: true,
      effects: ['incrementSendBackCount', 'clearAssignment'],
    }),
    cancel('assigned'),
    t('in_progress', 'pending', {
      action: 'pend',
      label: 'Set pending',
      reason: true,
      optional: ['pendingReason'],
    }),
    t('in_progress', 'resolved', incidentResolve),
    cancel('in_progress'),
    t('pending', 'in_progress', { action: 'resume', label: 'Resume' }),
    cancel('pending'),
    t('resolved', 'closed', { action: 'close', label: 'Close' }),
    t('resolved', 'assigned', {
      action: 'reopen',
      label: 'Reopen',
      reason: true,
      effects: ['incrementReopenCount'],
    }),
  ],
};
