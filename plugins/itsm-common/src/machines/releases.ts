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
      action: 'submit_business_case',
      label: 'Submit business case',
    }),
    t('defined', 'coordinating', {
      action: 'start_coordination',
      label: 'Start coordination (within budget)',
      guards: ['withinBudget'],
    }),
    cancel('defined', { effects: ['returnRfcsToBacklog'] }),
    t('justification', 'coordinating', {
      action: 'approve',
      label: 'Approve business case',
      guards: ['notProposer'],
    }),
    t('justification', 'defined', {
      action: 'send_back',
      label: 'Return business case for adjustment',
      reason: true,
    }),
    t('justification', 'cancelled', {
      action: 'reject',
      label: 'Reject business case',
      reason: true,
      effects: ['returnRfcsToBacklog', 'notifyRequesters', 'notifyCab'],
    }),
    t('coordinating', 'reviewing', {
      action: 'complete',
      label: 'Start post-implementation review',
      guards: ['allChangesClosed'],
      effects: ['returnUnmetRfcsToBacklog', 'notifyRequesters'],
    }),
    cancel('coordinating', {
      guards: ['allChangesClosed'],
      effects: ['returnRfcsToBacklog'],
    }),
    t('reviewing', 'closed', {
      action: 'close',
      label: 'Close',
      guards: ['allChangesClosed'],
    }),
  ],
};
