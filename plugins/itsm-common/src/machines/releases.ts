import { cancel, t } from './define';
import type { StateMachineDef } from './types';

/**
 * The state of the standing backlog release of a service. A backlog record
 * is created in this state (see {@link StateMachineDef.entryStates}) and
 * never leaves it.
 *
 * @public
 */
export const RELEASE_BACKLOG_STATE = 'backlog';

/**
 * Release: bundle RFCs into a coordinated delivery.
 *
 * @public
 */
export const RELEASE_MACHINE: StateMachineDef = {
  recordType: 'releases',
  initial: 'defined',
  entryStates: [RELEASE_BACKLOG_STATE],
  states: [
    RELEASE_BACKLOG_STATE,
    'defined',
    'justification',
    'coordinating',
    'reviewing',
    'closed',
    'cancelled',
  ],
  terminal: ['closed', 'cancelled'],
  transitions: [
    t('defined', 'justification', {
      roles: ['release-coordinator'],
      action: 'submit_business_case',
      label: 'Submit business case',
    }),
    t('defined', 'coordinating', {
      roles: ['release-coordinator'],
      action: 'start_coordination',
      label: 'Start coordination (within budget)',
      guards: ['withinBudget'],
    }),
    cancel('defined', {
      roles: ['release-coordinator'],
      effects: ['returnRfcsToBacklog'],
    }),
    t('justification', 'coordinating', {
      roles: ['service-owner'],
      action: 'approve',
      label: 'Approve business case',
      guards: ['notProposer'],
    }),
    t('justification', 'defined', {
      roles: ['service-owner'],
      action: 'send_back',
      label: 'Return business case for adjustment',
      reason: true,
    }),
    t('justification', 'cancelled', {
      roles: ['service-owner'],
      action: 'reject',
      label: 'Reject business case',
      reason: true,
      effects: ['returnRfcsToBacklog', 'notifyRequesters', 'notifyCab'],
    }),
    t('coordinating', 'reviewing', {
      roles: ['release-coordinator'],
      action: 'complete',
      label: 'Start post-implementation review',
      guards: ['allChangesClosed'],
      // The RFCs whose requirement the release met; the others go back.
      optional: ['fulfilled'],
      effects: ['returnUnmetRfcsToBacklog', 'notifyRequesters'],
    }),
    cancel('coordinating', {
      roles: ['release-coordinator'],
      guards: ['allChangesClosed'],
      effects: ['returnRfcsToBacklog'],
    }),
    t('reviewing', 'closed', {
      roles: ['release-coordinator'],
      action: 'close',
      label: 'Close (review published)',
      guards: ['allChangesClosed', 'rfcsDecided'],
      // The post-implementation review's improvement suggestions.
      fields: ['suggestions'],
      effects: ['publishReview'],
    }),
  ],
};
