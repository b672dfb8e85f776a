import { cancel, t } from './define';
import type { StateMachineDef } from './types';

/**
 * The outcomes a closed change may have.
 *
 * @public
 */
export const CHANGE_OUTCOMES = ['successful', 'failed', 'backed_out'] as const;

/** @public */
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

/**
 * Tells whether a value is a change outcome (the `outcomeGiven` guard).
 *
 * @public
 */
export function isChangeOutcome(value: unknown): value is ChangeOutcome {
  return (
    typeof value === 'string' &&
    (CHANGE_OUTCOMES as readonly string[]).includes(value)
  );
}

/**
 * Change (request for change, RFC).
 *
 * @public
 */
export const CHANGE_MACHINE: StateMachineDef = {
  recordType: 'changes',
  initial: 'draft',
  states: [
    'draft',
    'review',
    'planning',
    'approval',
    'scheduled',
    'implementing',
    'verifying',
    'closed',
    'rejected',
    'cancelled',
    'in_release',
  ],
  terminal: ['closed', 'rejected', 'cancelled'],
  transitions: [
    t('draft', 'review', {
      action: 'submit',
      label: 'Submit for review',
      guards: ['notEmergency'],
    }),
    t('draft', 'implementing', {
      action: 'implement_emergency',
      label: 'Implement emergency change',
      guards: ['emergencyChange', 'emergencyAuthorised'],
    }),
    cancel('draft'),
    t('review', 'planning', {
      action: 'register',
      label: 'Register for planning',
    }),
    t('review', 'in_release', {
      action: 'hand_to_release',
      label: 'Hand to release management',
      guards: ['notStandard'],
      effects: ['linkToBacklogRelease'],
    }),
    t('review', 'rejected', {
      action: 'reject',
      label: 'Reject',
      guards: ['notStandard'],
      reason: true,
      effects: ['notifyRequester'],
    }),
    cancel('review'),
    t('in_release', 'review', {
      action: 'pass_back',
      label: 'Pass back to change management',
      reason: true,
      effects: ['unlinkFromBacklogRelease'],
    }),
    t('in_release', 'rejected', {
      action: 'reject',
      label: 'Reject (CAB)',
      guards: ['cabRejected'],
      reason: true,
      effects: ['notifyRequester'],
    }),
    t('in_release', 'closed', {
      action: 'fulfil',
      label: 'Close as fulfilled',
      guards: ['releaseFulfilled'],
      effects: ['setOutcomeSuccessful', 'notifyRequester'],
    }),
    cancel('in_release', { effects: ['unlinkFromBacklogRelease'] }),
    t('planning', 'approval', {
      action: 'request_approval',
      label: 'Request approval',
      guards: ['planComplete'],
      effects: ['startNewApprovalRound'],
    }),
    t('planning', 'scheduled', {
      action: 'schedule',
      label: 'Schedule (pre-approved)',
      guards: ['standardPreApproved', 'planComplete', 'outsideFreeze'],
    }),
    cancel('planning'),
    t('approval', 'scheduled', {
      action: 'schedule',
      label: 'Schedule',
      guards: ['approvalsComplete'],
    }),
    t('approval', 'planning', {
      action: 'send_back',
      label: 'Send back to planning',
      reason: true,
      effects: ['supersedeApprovals', 'incrementSendBackCount'],
    }),
    t('approval', 'rejected', {
      action: 'reject',
      label: 'Reject',
      reason: true,
      effects: ['notifyRequester'],
    }),
    cancel('approval'),
    t('scheduled', 'approval', {
      action: 'request_reapproval',
      label: 'Request re-approval',
      reason: true,
      effects: ['supersedeApprovals', 'startNewApprovalRound'],
    }),
    t('scheduled', 'implementing', {
      action: 'start',
      label: 'Start implementation',
    }),
    cancel('scheduled'),
    t('implementing', 'verifying', {
      action: 'complete',
      label: 'Implementation done',
    }),
    t('verifying', 'implementing', {
      action: 'rework',
      label: 'Back to implementation',
      reason: true,
    }),
    t('verifying', 'closed', {
      action: 'close',
      label: 'Close',
      guards: ['outcomeGiven', 'catalogUpdateDone', 'retroactiveApproval'],
      fields: ['outcome'],
      effects: [
        'notifyRequesterAndApprovers',
        'notifyLinkedProblems',
        'notifyAuthoriser',
      ],
    }),
  ],
};
