import {
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_RULES,
} from '@backstage-itsm/plugin-itsm-common';
import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { RecordFilter, StoredRecord } from '../store/types';

/**
 * The permission resource of every ITSM record. Conditions on it are
 * evaluated on a loaded record (`apply`) and as SQL filters on lists
 * (`toQuery` -> RecordFilter, translated by the store).
 */
export const itsmRecordResourceRef = createPermissionResourceRef<
  StoredRecord,
  RecordFilter
>().with({
  pluginId: 'itsm',
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

const refsParams = (description: string) =>
  z.object({ refs: z.array(z.string()).describe(description) });

const lower = (refs: string[]) => refs.map(r => r.toLocaleLowerCase('en-US'));

export const isRequester = createPermissionRule({
  name: ITSM_RULES.IS_REQUESTER,
  description: 'Allow records created by one of the given users',
  resourceRef: itsmRecordResourceRef,
  paramsSchema: refsParams('User entity refs, usually the caller'),
  apply: (record, { refs }) => lower(refs).includes(record.createdBy),
  toQuery: ({ refs }) => ({ property: 'createdBy', values: lower(refs) }),
});

export const isInAssignmentGroup = createPermissionRule({
  name: ITSM_RULES.IS_IN_ASSIGNMENT_GROUP,
  description:
    'Allow records assigned to one of the given groups (pass the caller ownership claims)',
  resourceRef: itsmRecordResourceRef,
  paramsSchema: refsParams('Group entity refs'),
  apply: (record, { refs }) =>
    record.assignedGroup !== null && lower(refs).includes(record.assignedGroup),
  toQuery: ({ refs }) => ({ property: 'assignedGroup', values: lower(refs) }),
});

export const ownsAffectedEntity = createPermissionRule({
  name: ITSM_RULES.OWNS_AFFECTED_ENTITY,
  description:
    'Allow records about a catalog entity owned by one of the given refs (pass the caller ownership claims)',
  resourceRef: itsmRecordResourceRef,
  paramsSchema: refsParams('Owner entity refs'),
  apply: (record, { refs }) => {
    const wanted = lower(refs);
    return record.ownerRefs.some(o => wanted.includes(o));
  },
  toQuery: ({ refs }) => ({ property: 'ownerRef', values: lower(refs) }),
});

export const hasEntityRef = createPermissionRule({
  name: ITSM_RULES.HAS_ENTITY_REF,
  description: 'Allow records about one of the given catalog entities',
  resourceRef: itsmRecordResourceRef,
  paramsSchema: refsParams('Catalog entity refs'),
  apply: (record, { refs }) => {
    const wanted = lower(refs);
    return record.entityRefs.some(e => wanted.includes(e));
  },
  toQuery: ({ refs }) => ({ property: 'entityRef', values: lower(refs) }),
});

export const itsmRecordRules = [
  isRequester,
  isInAssignmentGroup,
  ownsAffectedEntity,
  hasEntityRef,
];
