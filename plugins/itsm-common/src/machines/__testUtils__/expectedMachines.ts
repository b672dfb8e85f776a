import type { ItsmRecordType } from '../../recordTypes';
import type { StateMachineDef } from '../types';

/**
 * The full legal matrix, written out by hand: for each machine, its states
 * and every legal `from>to` pair. Any other ordered pair must be illegal. This
 * list is deliberately not derived from the machines, so adding or removing a
 * transition fails this test until the list is updated on purpose.
 */
export const EXPECTED: Record<
  ItsmRecordType,
  { states: string[]; terminal: string[]; legal: string[] }
> = {
  incidents: {
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
    legal: [
      'new>assigned',
      'new>resolved',
      'new>cancelled',
      'assigned>in_progress',
      'assigned>new',
      'assigned>cancelled',
      'in_progress>pending',
      'in_progress>resolved',
      'in_progress>cancelled',
      'pending>in_progress',
      'pending>cancelled',
      'resolved>closed',
      'resolved>assigned',
    ],
  },
  problems: {
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
    legal: [
      'new>under_investigation',
      'under_investigation>root_cause_known',
      'under_investigation>impasse',
      'root_cause_known>known_error',
      'root_cause_known>resolved',
      'root_cause_known>under_investigation',
      'root_cause_known>impasse',
      'known_error>resolved',
      'known_error>under_investigation',
      'resolved>closed',
      'impasse>under_investigation',
    ],
  },
  changes: {
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
    legal: [
      'draft>review',
      'draft>implementing',
      'draft>cancelled',
      'review>planning',
      'review>in_release',
      'review>rejected',
      'review>cancelled',
      'in_release>review',
      'in_release>rejected',
      'in_release>closed',
      'in_release>cancelled',
      'planning>approval',
      'planning>scheduled',
      'planning>cancelled',
      'approval>scheduled',
      'approval>planning',
      'approval>rejected',
      'approval>cancelled',
      'scheduled>approval',
      'scheduled>implementing',
      'scheduled>cancelled',
      'implementing>verifying',
      'implementing>approval',
      'verifying>implementing',
      'verifying>closed',
    ],
  },
  releases: {
    states: [
      'backlog',
      'defined',
      'justification',
      'coordinating',
      'reviewing',
      'closed',
      'cancelled',
    ],
    terminal: ['closed', 'cancelled'],
    legal: [
      'defined>justification',
      'defined>coordinating',
      'defined>cancelled',
      'justification>coordinating',
      'justification>defined',
      'justification>cancelled',
      'coordinating>reviewing',
      'coordinating>cancelled',
      'reviewing>closed',
    ],
  },
  slas: {
    states: ['draft', 'active', 'declined', 'expired', 'terminated'],
    terminal: ['declined', 'expired', 'terminated'],
    legal: [
      'draft>active',
      'draft>declined',
      'active>expired',
      'active>terminated',
    ],
  },
};

/** Actions that must always carry a reason, per the process model. */
export const REASON_ACTIONS = [
  'reject',
  'send_back',
  'cancel',
  'decline',
  'declare_impasse',
  'terminate',
  'pass_back',
  'reinvestigate',
  'reopen',
  'pend',
];

export function reachable(machine: StateMachineDef): Set<string> {
  const seen = new Set<string>([
    machine.initial,
    ...(machine.entryStates ?? []),
  ]);
  const queue = [...seen];
  while (queue.length > 0) {
    const state = queue.shift()!;
    for (const tr of machine.transitions) {
      if (tr.from === state && !seen.has(tr.to)) {
        seen.add(tr.to);
        queue.push(tr.to);
      }
    }
  }
  return seen;
}
