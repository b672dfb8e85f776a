import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of every ITSM record (incident, problem, change,
 * release, SLA) for the permission framework.
 *
 * @public
 */
export const ITSM_RECORD_RESOURCE_TYPE = 'itsm-record';

/**
 * Create a record of any type. Basic: there is no record yet to judge.
 *
 * @public
 */
export const itsmRecordCreatePermission = createPermission({
  name: 'itsm.record.create',
  attributes: { action: 'create' },
});

/**
 * Read a record, its history, comments and links.
 *
 * @public
 */
export const itsmRecordReadPermission = createPermission({
  name: 'itsm.record.read',
  attributes: { action: 'read' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/**
 * Edit the fields of a record (not its state).
 *
 * @public
 */
export const itsmRecordUpdatePermission = createPermission({
  name: 'itsm.record.update',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/**
 * Move a record along its state machine. The machine's guards are checked
 * on top of this permission.
 *
 * @public
 */
export const itsmRecordTransitionPermission = createPermission({
  name: 'itsm.record.transition',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/**
 * Record an approval or rejection of a change.
 *
 * @public
 */
export const itsmChangeApprovePermission = createPermission({
  name: 'itsm.change.approve',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/**
 * Manage service level agreements (create, edit targets, record signatures,
 * activate, terminate). Basic, so that it also covers creating an SLA, which
 * has no record yet; a policy grants it to service level managers.
 *
 * @public
 */
export const itsmSlaManagePermission = createPermission({
  name: 'itsm.sla.manage',
  attributes: { action: 'update' },
});

/**
 * Create and delete change freeze windows.
 *
 * @public
 */
export const itsmFreezeManagePermission = createPermission({
  name: 'itsm.freeze.manage',
  attributes: { action: 'update' },
});

/**
 * Read CAB meetings: list them and view one (its date, members, agenda with
 * estimates, votes, tallies and minutes; an agenda RFC's title shows only to
 * who may read the RFC). Basic: a policy grants it to who may follow the
 * release process.
 *
 * @public
 */
export const itsmCabMeetingReadPermission = createPermission({
  name: 'itsm.cab-meeting.read',
  attributes: { action: 'read' },
});

/**
 * Comment on a record.
 *
 * @public
 */
export const itsmCommentCreatePermission = createPermission({
  name: 'itsm.comment.create',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/**
 * Every permission of the ITSM plugins, for the permission integration
 * router and policy tooling.
 *
 * @public
 */
export const itsmPermissions = [
  itsmRecordCreatePermission,
  itsmRecordReadPermission,
  itsmRecordUpdatePermission,
  itsmRecordTransitionPermission,
  itsmChangeApprovePermission,
  itsmSlaManagePermission,
  itsmCommentCreatePermission,
  itsmFreezeManagePermission,
  itsmCabMeetingReadPermission,
];

/**
 * Names of the permission rules the backend registers for
 * {@link ITSM_RECORD_RESOURCE_TYPE}.
 *
 * @public
 */
export const ITSM_RULES = {
  /** The user is the record's requester (registered it, or it was registered on their behalf). */
  IS_REQUESTER: 'IS_REQUESTER',
  /** The user is a member of the record's assignment group. */
  IS_IN_ASSIGNMENT_GROUP: 'IS_IN_ASSIGNMENT_GROUP',
  /** The user (or one of their groups) owns one of the record's affected entities. */
  OWNS_AFFECTED_ENTITY: 'OWNS_AFFECTED_ENTITY',
  /** The record concerns one of the given entity refs. */
  HAS_ENTITY_REF: 'HAS_ENTITY_REF',
  /**
   * The user holds one of the given process roles (resolved from the
   * catalog: annotations on the entity, its System, its Domain, config, the
   * owner) for one of the record's entities.
   */
  HAS_ITSM_ROLE: 'HAS_ITSM_ROLE',
  /**
   * The user (or one of their groups) is a party the record asks to act:
   * an SLA's customer or service owner, an approver of a change or a
   * representative deciding for one (see `recordParties`).
   */
  IS_PARTY: 'IS_PARTY',
} as const;

/** @public */
export type ItsmRuleName = (typeof ITSM_RULES)[keyof typeof ITSM_RULES];
