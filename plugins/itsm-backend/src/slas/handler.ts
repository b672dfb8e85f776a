import { isDeepStrictEqual } from 'node:util';
import {
  ACTION_ROLES,
  CreateSlaInput,
  itsmSlaManagePermission,
  newSlaData,
  SLA_ACTIVE_STATE,
  SLA_MACHINE,
  UpdateSlaInput,
} from '@backstage-itsm/plugin-itsm-common';
import { mergeDefined, TypeHandler } from '../engine/types';
import { StoredRecord } from '../store/types';

const DATA_FIELDS = [
  'customerGroup',
  'serviceOwnerGroup',
  'targets',
  'calendar',
  'term',
] as const;

/**
 * What the signatures of a draft sign: its parties, targets, calendar, term
 * and entities. Editing any of them clears the signatures given.
 */
function signedTermsChange(
  record: StoredRecord,
  data: Record<string, unknown>,
  entityRefs: string[] | undefined,
): boolean {
  const sorted = (refs: string[]) => [...refs].sort();
  return (
    DATA_FIELDS.some(f => !isDeepStrictEqual(data[f], record.data[f])) ||
    (!!entityRefs &&
      !isDeepStrictEqual(sorted(entityRefs), sorted(record.entityRefs)))
  );
}

/**
 * The SLA rules of registering and editing. Both are the service level
 * manager's (ACTION_ROLES['slas.manage']) and need itsm.sla.manage, as do
 * the SLA's transitions (the record service checks the type's permission).
 */
export const slaHandler: TypeHandler<CreateSlaInput, UpdateSlaInput> = {
  type: 'slas',
  managePermission: itsmSlaManagePermission,
  async create(input, ctx) {
    await ctx.assertActs(ACTION_ROLES['slas.manage'], 'register');
    await ctx.catalog.requireEntities(
      [input.customerGroup, input.serviceOwnerGroup],
      ctx.caller.credentials,
      'customerGroup/serviceOwnerGroup',
    );
    return {
      priority: null,
      assignedGroup: input.serviceOwnerGroup,
      assignee: null,
      data: newSlaData(input),
    };
  },
  async update(input, record, ctx) {
    await ctx.assertActs(ACTION_ROLES['slas.manage'], 'edit');
    const groups = [input.customerGroup, input.serviceOwnerGroup].filter(
      (g): g is string => !!g,
    );
    if (groups.length > 0) {
      await ctx.catalog.requireEntities(
        groups,
        ctx.caller.credentials,
        'customerGroup/serviceOwnerGroup',
      );
    }
    const data = mergeDefined(record.data, input, DATA_FIELDS);
    if (input.targets && record.state === SLA_ACTIVE_STATE) {
      // Changing the targets of an active SLA makes a new version; reports
      // use the version in force, so the old one is kept with its period.
      const history = (record.data.targetHistory as unknown[]) ?? [];
      data.targetHistory = [
        ...history,
        {
          targets: record.data.targets,
          validFrom:
            (record.data.targetsValidFrom as string | undefined) ??
            record.stateChangedAt,
          validTo: ctx.now,
        },
      ];
      data.targetsValidFrom = ctx.now;
    }
    // Signatures sign what they saw: a draft edited in what they signed
    // loses them (the update's history shows the signatures cleared).
    const signed = Object.keys((record.data.signatures as object) ?? {});
    const entityRefs = ctx.facts.length
      ? ctx.facts.map(f => f.entityRef)
      : undefined;
    if (
      record.state === SLA_MACHINE.initial &&
      signed.length > 0 &&
      signedTermsChange(record, data, entityRefs)
    ) {
      data.signatures = {};
    }
    const update: Awaited<ReturnType<typeof this.update>> = { data };
    if (input.serviceOwnerGroup) update.assignedGroup = input.serviceOwnerGroup;
    return update;
  },
  applyTransitionFields({ input, def }, patch) {
    if (def.to === 'declined') patch.data.declineReason = input.reason ?? null;
    if (def.to === 'terminated')
      patch.data.terminationReason = input.reason ?? null;
  },
};
