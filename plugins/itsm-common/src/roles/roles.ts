/**
 * The process roles of the model ("Roles, resolved per service from the
 * catalog"), each resolved per entity from an annotation
 * `itsm.backstage.io/<role>` on the entity, then on its System, then on its
 * Domain, then from `itsm.roles.<configKey>`, then the entity's owner.
 *
 * @public
 */
export const ITSM_ROLES = [
  'service-owner',
  'on-duty-manager',
  'group-coordinator',
  'change-coordinator',
  'change-manager',
  'problem-coordinator',
  'release-coordinator',
  'cab-member',
  'release-administrator',
  'availability-manager',
  'capacity-manager',
  'service-level-manager',
] as const;

/** @public */
export type ItsmRole = (typeof ITSM_ROLES)[number];

/**
 * Who may act on one record besides the process roles: its requester (who
 * created it), its assignee or a member of its assignment group, the
 * customer representatives of an SLA (its customer group, or the members the
 * customer Group entity designates).
 *
 * @public
 */
export type RecordRole = 'requester' | 'assignee' | 'customer-representative';

/**
 * A role an action names: a process role or a role on the record.
 *
 * @public
 */
export type ActorRole = ItsmRole | RecordRole;

/** @public */
export const RECORD_ROLES: readonly RecordRole[] = [
  'requester',
  'assignee',
  'customer-representative',
];

/** @public */
export interface RoleInfo {
  /** How people call the role, e.g. "change manager". */
  title: string;
  /** What the role does in the process. */
  does: string;
  /** The key under `itsm.roles` of app-config that gives the default holder. */
  configKey?: string;
}

/**
 * Every role, in words and with its config key.
 *
 * @public
 */
export const ROLE_INFO: Record<ActorRole, RoleInfo> = {
  'service-owner': {
    title: 'service owner',
    does: 'approves changes that do not affect customers; receives escalations; authorises emergency changes',
    configKey: 'serviceOwner',
  },
  'on-duty-manager': {
    title: 'on-duty manager',
    does: 'stands in for the service owner when the owner is not available',
    configKey: 'onDutyManager',
  },
  'group-coordinator': {
    title: 'group coordinator',
    does: 'reviews assignments, sends back, reassigns, changes the change gate, approves proposed solutions',
    configKey: 'groupCoordinator',
  },
  'change-coordinator': {
    title: 'change coordinator',
    does: 'reviews RFCs, plans changes, registers changes for emergency fixes',
    configKey: 'changeCoordinator',
  },
  'change-manager': {
    title: 'change manager',
    does: 'checks policy, risk analysis and schedule conflicts; collects approvals; manages freeze windows',
    configKey: 'changeManager',
  },
  'problem-coordinator': {
    title: 'problem coordinator',
    does: 'registers problems, reviews analyses, verifies fixes',
    configKey: 'problemCoordinator',
  },
  'release-coordinator': {
    title: 'release coordinator',
    does: 'runs the backlog release and the releases of the service',
    configKey: 'releaseCoordinator',
  },
  'cab-member': {
    title: 'CAB member',
    does: 'votes on the RFCs of the service in CAB meetings',
    configKey: 'cabMember',
  },
  'release-administrator': {
    title: 'release administrator',
    does: 'moves builds between environments',
    configKey: 'releaseAdministrator',
  },
  'availability-manager': {
    title: 'availability manager',
    does: 'tracks availability targets; registers problems when they are in danger',
    configKey: 'availabilityManager',
  },
  'capacity-manager': {
    title: 'capacity manager',
    does: 'tracks capacity; closes infrastructure events once linked to a problem',
    configKey: 'capacityManager',
  },
  'service-level-manager': {
    title: 'service level manager',
    does: 'manages SLAs: drafts, versions, activates and terminates them',
    configKey: 'serviceLevelManager',
  },
  requester: {
    title: 'requester',
    does: 'registered the record, or called the service desk that registered it; verifies the solution, reopens, cancels',
  },
  assignee: {
    title: 'assignee',
    does: 'the specialist or the assignment group working on the record',
  },
  'customer-representative': {
    title: 'customer representative',
    does: 'signs an SLA and approves changes for the customer',
  },
};

/**
 * The catalog annotation that names a role's holders, e.g.
 * `itsm.backstage.io/change-manager: group:default/cab`.
 *
 * @public
 */
export function roleAnnotation(role: ActorRole): string {
  return `itsm.backstage.io/${role}`;
}

/**
 * Where a role's holder came from: an annotation on the entity, its System
 * or its Domain, config, the entity's owner; for roles on a record: the
 * assignment Group entity's annotation (`group`), the SLA (`sla`) or the
 * record itself (`record`).
 *
 * @public
 */
export type RoleSource =
  | 'entity'
  | 'system'
  | 'domain'
  | 'config'
  | 'owner'
  | 'group'
  | 'sla'
  | 'record';

/**
 * A role resolved for an entity or a record: the users or groups that hold
 * it (a caller acts in the role when one of them is among its ownership
 * claims), and where they came from. No holders: nobody holds the role.
 *
 * @public
 */
export interface ResolvedRole {
  role: ActorRole;
  holders: string[];
  source: RoleSource | null;
}

/**
 * The role in words with its holders, for 403 answers and the UI:
 * "change manager (group:default/cab)".
 *
 * @public
 */
export function describeRoleHolders(resolved: ResolvedRole): string {
  const title = ROLE_INFO[resolved.role].title;
  return resolved.holders.length
    ? `${title} (${resolved.holders.join(', ')})`
    : `${title} (nobody holds it)`;
}

/**
 * Whether a caller with these ownership claims acts in the resolved role.
 *
 * @public
 */
export function actsIn(claims: readonly string[], resolved: ResolvedRole) {
  const mine = new Set(claims.map(c => c.toLocaleLowerCase('en-US')));
  return resolved.holders.some(h => mine.has(h));
}
