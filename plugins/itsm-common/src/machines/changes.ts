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
      roles: ['requester', 'change-coordinator'],
      action: 'submit',
      label: 'Submit for review',
      guards: ['notEmergency'],
    }),
    t('draft', 'implementing', {
      roles: ['service-owner', 'on-duty-manager'],
      action: 'implement_emergency',
      label: 'Implement emergency change',
      guards: ['emergencyChange', 'emergencyAuthorised'],
    }),
    cancel('draft', { roles: ['requester', 'change-coordinator'] }),
    t('review', 'planning', {
      roles: ['change-coordinator'],
      action: 'register',
      label: 'Register for planning',
    }),
    t('review', 'in_release', {
      roles: ['change-coordinator'],
      action: 'hand_to_release',
      label: 'Hand to release management',
      guards: ['notStandard', 'notFromRelease'],
      effects: ['linkToBacklogRelease'],
    }),
    t('review', 'rejected', {
      roles: ['change-coordinator'],
      action: 'reject',
      label: 'Reject',
      guards: ['notStandard'],
      reason: true,
      effects: ['notifyRequester'],
    }),
    cancel('review', { roles: ['requester', 'change-coordinator'] }),
    t('in_release', 'review', {
      roles: ['release-coordinator'],
      action: 'pass_back',
      label: 'Pass back to change management',
      reason: true,
      effects: ['unlinkFromBacklogRelease'],
    }),
    t('in_release', 'rejected', {
      roles: ['release-coordinator'],
      action: 'reject',
      label: 'Reject (CAB)',
      guards: ['cabRejected'],
      reason: true,
      effects: ['notifyRequester'],
    }),
    t('in_release', 'closed', {
      roles: ['release-coordinator'],
      action: 'fulfil',
      label: 'Close as fulfilled',
      guards: ['releaseFulfilled'],
      effects: ['setOutcomeSuccessful', 'notifyRequester'],
    }),
    cancel('in_release', {
      roles: ['requester', 'release-coordinator'],
      effects: ['unlinkFromBacklogRelease'],
    }),
    t('planning', 'approval', {
      roles: ['change-coordinator'],
      action: 'request_approval',
      label: 'Request approval',
      guards: ['planComplete', 'outsideFreeze', 'noConflictingChanges'],
      effects: ['startNewApprovalRound'],
    }),
    t('planning', 'scheduled', {
      roles: ['change-coordinator'],
      action: 'schedule',
      label: 'Schedule (pre-approved)',
      guards: [
        'standardPreApproved',
        'planComplete',
        'outsideFreeze',
        'noConflictingChanges',
      ],
    }),
    cancel('planning', { roles: ['requester', 'change-coordinator'] }),
    t('approval', 'scheduled', {
      roles: ['change-manager'],
      action: 'schedule',
      label: 'Schedule',
      guards: ['approvalsComplete'],
    }),
    t('approval', 'planning', {
      roles: ['change-manager'],
      action: 'send_back',
      label: 'Send back to planning',
      reason: true,
      effects: ['supersedeApprovals', 'incrementSendBackCount'],
    }),
    t('approval', 'rejected', {
      roles: ['change-manager'],
      action: 'reject',
      label: 'Reject',
      reason: true,
      effects: ['notifyRequester'],
    }),
    cancel('approval', { roles: ['requester', 'change-coordinator'] }),
    t('scheduled', 'approval', {
      roles: ['change-coordinator', 'change-manager'],
      action: 'request_reapproval',
      label: 'Request re-approval',
      guards: ['outsideFreeze'],
      reason: true,
      effects: ['supersedeApprovals', 'startNewApprovalRound'],
    }),
    t('scheduled', 'implementing', {
      roles: ['assignee', 'change-coordinator'],
      action: 'start',
      label: 'Start implementation',
      guards: ['withinApprovedWindow'],
    }),
    cancel('scheduled', { roles: ['requester', 'change-coordinator'] }),
    t('implementing', 'verifying', {
      roles: ['assignee', 'change-coordinator'],
      action: 'complete',
      label: 'Complete implementation',
      guards: ['doneWithinApprovedWindow'],
    }),
    // An implementation that runs (or will run) out of its approved window
    // goes back to approval for a new window.
    t('implementing', 'approval', {
      roles: ['change-coordinator', 'change-manager'],
      action: 'request_reapproval',
      label: 'Request approval again (window overrun)',
      guards: ['notEmergency', 'outsideFreeze'],
      reason: true,
      effects: ['supersedeApprovals', 'startNewApprovalRound'],
    }),
    t('verifying', 'implementing', {
      roles: ['assignee', 'change-coordinator'],
      action: 'rework',
      label: 'Return to implementation',
      reason: true,
    }),
    t('verifying', 'closed', {
      roles: ['change-coordinator'],
      action: 'close',
      label: 'Close',
      guards: ['outcomeGiven', 'catalogUpdateDone', 'retroactiveApproval'],
      fields: ['outcome'],
      effects: [
        'notifyRequesterAndApprovers',
        'notifyLinkedProblems',
        'notifyAuthoriser',
        'reportToRelease',
      ],
    }),
  ],
};
