import {
  CreateSlaInput,
  UpdateSlaInput,
} from '@backstage-itsm/plugin-itsm-common';
import { mergeDefined, TypeHandler } from './types';

const DATA_FIELDS = [
  'customerGroup',
  'serviceOwnerGroup',
  'targets',
  'calendar',
  'term',
] as const;

export const slaHandler: TypeHandler<CreateSlaInput, UpdateSlaInput> = {
  type: 'slas',
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
      data: {
        customerGroup: input.customerGroup,
        serviceOwnerGroup: input.serviceOwnerGroup,
        targets: input.targets,
        calendar: input.calendar ?? '24x7',
        term: input.term ?? 'monthly',
        signatures: {},
        targetHistory: [],
        terminationReason: null,
        declineReason: null,
      },
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
    if (input.targets && record.state === 'active') {
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
};
