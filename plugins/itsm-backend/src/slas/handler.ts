import {
  CreateSlaInput,
  itsmSlaManagePermission,
  newSlaData,
  SLA_ACTIVE_STATE,
  UpdateSlaInput,
} from '@backstage-itsm/plugin-itsm-common';
import { mergeDefined, TypeHandler } from '../engine/types';

const DATA_FIELDS = [
  'customerGroup',
  'serviceOwnerGroup',
  'targets',
  'calendar',
  'term',
] as const;

export const slaHandler: TypeHandler<CreateSlaInput, UpdateSlaInput> = {
  type: 'slas',
  createPermission: itsmSlaManagePermission,
  async create(input, ctx) {
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
