import { ActorRole, actsIn, RecordRole, ResolvedRole } from './roles';

/**
 * Who reads a comment: `public`, a reply everyone who reads the record sees
 * (the requester above all); `internal`, a work note for the people who work
 * the record (Jira Service Management's internal comments, ServiceNow's work
 * notes).
 *
 * @public
 */
export const COMMENT_VISIBILITIES = ['public', 'internal'] as const;

/** @public */
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/**
 * The roles on a record that are its customer side rather than its workers:
 * they never read nor write internal comments. Every other role works the
 * record (assignee and assignment group, group coordinator, service owner,
 * change coordinator ...).
 *
 * @public
 */
export const CUSTOMER_SIDE_ROLES: readonly RecordRole[] = [
  'requester',
  'customer-representative',
];

/**
 * The roles of a record whose holders read and write its internal comments:
 * every resolved role but the customer side's.
 *
 * @public
 */
export function internalCommentRoles<R extends { role: ActorRole }>(
  roles: readonly R[],
): R[] {
  return roles.filter(
    r => !(CUSTOMER_SIDE_ROLES as readonly string[]).includes(r.role),
  );
}

/**
 * Whether someone acting in these roles on a record works it, and so reads
 * and writes its internal comments (the roles the server resolves for the
 * caller, `callerRoles` of `GET /{type}/{key}/roles`).
 *
 * @public
 */
export function seesInternalComments(callerRoles: readonly ActorRole[]) {
  return callerRoles.some(
    role => !(CUSTOMER_SIDE_ROLES as readonly string[]).includes(role),
  );
}

/**
 * {@link seesInternalComments} from the resolved roles of a record and the
 * caller's ownership claims.
 *
 * @public
 */
export function worksTheRecord(
  claims: readonly string[],
  roles: readonly ResolvedRole[],
): boolean {
  return internalCommentRoles(roles).some(r => actsIn(claims, r));
}
