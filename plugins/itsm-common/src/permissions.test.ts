import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_RULES,
  itsmChangeApprovePermission,
  itsmCommentCreatePermission,
  itsmPermissions,
  itsmRecordCreatePermission,
  itsmRecordReadPermission,
  itsmRecordTransitionPermission,
  itsmRecordUpdatePermission,
  itsmSlaManagePermission,
  itsmFreezeManagePermission,
  itsmCabMeetingReadPermission,
} from './permissions';

describe('ITSM permissions', () => {
  it('have unique names', () => {
    const names = itsmPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      'itsm.record.create',
      'itsm.record.read',
      'itsm.record.update',
      'itsm.record.transition',
      'itsm.change.approve',
      'itsm.sla.manage',
      'itsm.comment.create',
      'itsm.freeze.manage',
      'itsm.cab-meeting.read',
    ]);
  });

  it('tie resource permissions to the record resource type', () => {
    expect(ITSM_RECORD_RESOURCE_TYPE).toBe('itsm-record');
    for (const permission of [
      itsmRecordReadPermission,
      itsmRecordUpdatePermission,
      itsmRecordTransitionPermission,
      itsmChangeApprovePermission,
      itsmCommentCreatePermission,
    ]) {
      expect(isResourcePermission(permission, ITSM_RECORD_RESOURCE_TYPE)).toBe(
        true,
      );
      expect(permission.resourceType).toBe(ITSM_RECORD_RESOURCE_TYPE);
    }
  });

  it('keeps create, SLA and freeze management and reading CAB meetings basic', () => {
    expect(itsmRecordCreatePermission.type).toBe('basic');
    expect(itsmSlaManagePermission.type).toBe('basic');
    expect(itsmFreezeManagePermission.type).toBe('basic');
    expect(itsmCabMeetingReadPermission.type).toBe('basic');
  });

  it('declares the actions', () => {
    expect(itsmRecordCreatePermission.attributes.action).toBe('create');
    expect(itsmRecordReadPermission.attributes.action).toBe('read');
    expect(itsmCabMeetingReadPermission.attributes.action).toBe('read');
    for (const permission of [
      itsmRecordUpdatePermission,
      itsmRecordTransitionPermission,
      itsmChangeApprovePermission,
      itsmCommentCreatePermission,
    ]) {
      expect(permission.attributes.action).toBe('update');
    }
  });

  it('names the permission rules', () => {
    expect(ITSM_RULES).toEqual({
      IS_REQUESTER: 'IS_REQUESTER',
      IS_IN_ASSIGNMENT_GROUP: 'IS_IN_ASSIGNMENT_GROUP',
      OWNS_AFFECTED_ENTITY: 'OWNS_AFFECTED_ENTITY',
      HAS_ITSM_ROLE: 'HAS_ITSM_ROLE',
      HAS_ENTITY_REF: 'HAS_ENTITY_REF',
      IS_PARTY: 'IS_PARTY',
    });
  });
});
