import type { ActorRole } from './roles';

/**
 * The process actions that are not transitions of a state machine, each
 * with the roles that take it (a caller acting in any one of them). The
 * transitions name theirs in the machines (`TransitionDef.roles`). Approving
 * a change is not here: each approval names its approver.
 *
 * @public
 */
export const ACTION_ROLES = {
  /** Changing the assignment group or assignee of an incident already assigned. */
  'incidents.reassign': ['group-coordinator'],
  /** Changing the change-gate flags recorded on an incident. */
  'incidents.changeGate': ['group-coordinator'],
  /** Deciding on an incident whose SLA target is in danger or breached: reassign or urge. */
  'incidents.escalationDecision': ['group-coordinator'],
  /** Acknowledging the escalation of an outage to the service owner (the on-duty manager stands in). */
  'incidents.escalationAcknowledgement': ['service-owner', 'on-duty-manager'],
  /** Registering, editing (a new version) and managing an SLA. */
  'slas.manage': ['service-level-manager'],
  /** Signing an SLA for its customer. */
  'slas.signCustomer': ['customer-representative'],
  /** Signing an SLA for the service owner. */
  'slas.signServiceOwner': ['service-owner'],
  /** Creating and deleting change freeze windows. */
  'freezeWindows.manage': ['change-manager'],
} as const satisfies Record<string, readonly ActorRole[]>;

/** @public */
export type ItsmAction = keyof typeof ACTION_ROLES;
