import { t } from './define';
import type { StateMachineDef } from './types';

/**
 * Service level agreement (also used for OLAs).
 *
 * @public
 */
export const SLA_MACHINE: StateMachineDef = {
  recordType: 'slas',
  initial: 'draft',
  states: ['draft', 'active', 'declined', 'expired', 'terminated'],
  terminal: ['declined', 'expired', 'terminated'],
  transitions: [
    t('draft', 'active', {
      roles: ['service-level-manager'],
      action: 'activate',
      label: 'Activate',
      guards: ['bothSignatures'],
    }),
    t('draft', 'declined', {
      roles: ['service-level-manager', 'customer-representative'],
      action: 'decline',
      label: 'Decline',
      reason: true,
    }),
    t('active', 'expired', {
      action: 'expire',
      label: 'Mark expired',
      roles: ['service-level-manager'],
    }),
    t('active', 'terminated', {
      roles: ['service-level-manager'],
      action: 'terminate',
      label: 'Terminate',
      reason: true,
      effects: ['markServiceDiscontinuedIfLast'],
    }),
  ],
};
