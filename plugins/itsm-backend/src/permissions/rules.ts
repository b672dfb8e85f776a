import {
  actsIn,
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_ROLES,
  ITSM_RULES,
  recordParties,
  ResolvedRole,
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

export const isParty = createPermissionRule({
  name: ITSM_RULES.IS_PARTY,
  description:
    'Allow records naming one of the given refs as a party asked to act: an SLA customer or service owner, a change approver or a representative deciding for one (pass the caller ownership claims)',
  resourceRef: itsmRecordResourceRef,
  paramsSchema: refsParams('User and group entity refs'),
  apply: (record, { refs }) => {
    const wanted = lower(refs);
    return recordParties(record.type, record.data).some(p =>
      wanted.includes(p),
    );
  },
  toQuery: ({ refs }) => ({ property: 'party', values: lower(refs) }),
});

/**
 * A record as the HAS_ITSM_ROLE rule sees it: the process roles the catalog
 * resolves for its entities, attached by RecordAuthorizer (and by the
 * resource loader) before the rule is applied.
 */
export type RoleAwareRecord = StoredRecord & { catalogRoles?: ResolvedRole[] };

export const hasItsmRole = createPermissionRule({
  name: ITSM_RULES.HAS_ITSM_ROLE,
  description:
    'Allow records where one of the given refs (pass the caller ownership claims) holds one of the given process roles, resolved from the catalog for an entity of the record',
  resourceRef: itsmRecordResourceRef,
  paramsSchema: z.object({
    roles: z
      .array(z.enum(ITSM_ROLES))
      .min(1)
      .describe('Process roles, e.g. change-manager'),
    claims: z
      .array(z.string())
      .describe(
        'User and group entity refs, usually the caller ownership claims',
      ),
  }),
  apply: (record: RoleAwareRecord, { roles, claims }) =>
    (record.catalogRoles ?? []).some(
      r => (roles as string[]).includes(r.role) && actsIn(claims, r),
    ),
  // Lists resolve this rule against the catalog first (RecordAuthorizer
  // turns it into entity filters); it has no translation of its own.
  toQuery: () => {
    throw new Error(
      `${ITSM_RULES.HAS_ITSM_ROLE} is resolved against the catalog by the ITSM backend before it filters a list`,
    );
  },
});

export const itsmRecordRules = [
  isRequester,
  isInAssignmentGroup,
  ownsAffectedEntity,
  hasEntityRef,
  hasItsmRole,
  isParty,
];
