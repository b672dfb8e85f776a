import { t } from './define';
import type { StateMachineDef } from './types';

/**
 * Problem: remove the root cause.
 *
 * @public
 */
export const PROBLEM_MACHINE: StateMachineDef = {
  recordType: 'problems',
  initial: 'new',
  states: [
    'new',
    'under_investigation',
    'root_cause_known',
    'known_error',
    'resolved',
    'closed',
    'impasse',
  ],
  terminal: ['closed'],
  transitions: [
    t('new', 'under_investigation', {
      roles: ['problem-coordinator', 'assignee'],
      action: 'start',
      label: 'Start investigation',
    }),
    t('under_investigation', 'root_cause_known', {
      roles: ['assignee', 'problem-coordinator'],
      action: 'record_root_cause',
      label: 'Record root cause',
      fields: ['rootCause'],
    }),
    t('under_investigation', 'impasse', {
      roles: ['problem-coordinator'],
      action: 'declare_impasse',
      label: 'Declare impasse',
      reason: true,
    }),
    t('root_cause_known', 'known_error', {
      roles: ['problem-coordinator'],
      action: 'raise_known_error',
      label: 'Raise known error',
      optional: ['changeKey'],
      effects: ['createOrLinkChange'],
    }),
    t('root_cause_known', 'resolved', {
      roles: ['assignee', 'problem-coordinator'],
      action: 'resolve',
      label: 'Resolve without change',
      guards: ['changeGate'],
    }),
    t('root_cause_known', 'under_investigation', {
      roles: ['problem-coordinator'],
      action: 'send_back',
      label: 'Send analysis back',
      reason: true,
      effects: ['incrementSendBackCount'],
    }),
    t('root_cause_known', 'impasse', {
      roles: ['problem-coordinator'],
      action: 'declare_impasse',
      label: 'Declare impasse',
      reason: true,
    }),
    t('known_error', 'resolved', {
      roles: ['problem-coordinator'],
      action: 'resolve',
      label: 'Resolve',
      guards: ['linkedChangeExists', 'linkedChangeSuccessful'],
    }),
    t('known_error', 'under_investigation', {
      roles: ['problem-coordinator'],
      action: 'reinvestigate',
      label: 'Reinvestigate',
      reason: true,
    }),
    t('resolved', 'closed', {
      roles: ['problem-coordinator'],
      action: 'close',
      label: 'Verify and close',
      guards: ['linkedChangeSuccessful'],
      // The coordinator's verification (evidence), recorded with who and when.
      fields: ['verification'],
    }),
    t('impasse', 'under_investigation', {
      roles: ['problem-coordinator'],
      action: 're_review',
      label: 'Re-review',
    }),
  ],
};
