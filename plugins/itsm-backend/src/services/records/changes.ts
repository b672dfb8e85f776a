import {
  CreateChangeInput,
  UpdateChangeInput,
} from '@backstage-itsm/plugin-itsm-common';
import { InputError } from '@backstage/errors';
import { defaultAssignmentGroup, mergeDefined, TypeHandler } from './types';

const DATA_FIELDS = [
  'category',
  'plannedStart',
  'plannedEnd',
  'implementationPlan',
  'testPlan',
  'backoutPlan',
  'serviceImpact',
  'functionalChange',
  'cmdbUpdate',
  'tasks',
] as const;

export const changeHandler: TypeHandler<CreateChangeInput, UpdateChangeInput> =
  {
    type: 'changes',
    async create(input, ctx) {
      if (input.changeType === 'standard') {
        const template = ctx.config.standardTemplates.get(input.template!);
        if (!template) {
          const known = [...ctx.config.standardTemplates.keys()];
          throw new InputError(
            `template: unknown standard change template "${
              input.template
            }"; known: ${
              known.length
                ? known.join(', ')
                : 'none (itsm.changes.standardTemplates)'
            }`,
          );
        }
      } else if (input.template) {
        throw new InputError('template: only standard changes have a template');
      }
      if (input.changeType !== 'emergency' && input.incidentKey) {
        throw new InputError(
          'incidentKey: only emergency changes name an incident here; link other changes with POST .../links',
        );
      }
      return {
        priority: null,
        // The change coordinator of the service: its owner by default.
        assignedGroup: input.assignedGroup ?? defaultAssignmentGroup(ctx.facts),
        assignee: input.assignee ?? null,
        data: {
          changeType: input.changeType,
          template: input.template ?? null,
          incidentKey: input.incidentKey ?? null,
          category: input.category ?? null,
          plannedStart: input.plannedStart ?? null,
          plannedEnd: input.plannedEnd ?? null,
          implementationPlan: input.implementationPlan ?? '',
          testPlan: input.testPlan ?? '',
          backoutPlan: input.backoutPlan ?? '',
          serviceImpact: input.serviceImpact ?? 'none',
          functionalChange: input.functionalChange ?? false,
          cmdbUpdate: input.cmdbUpdate ?? false,
          tasks: input.tasks ?? [],
          outcome: null,
          requiredApprovers: [],
          sendBackCount: 0,
        },
        linkTo: input.incidentKey ? [input.incidentKey] : undefined,
      };
    },
    async update(input, record) {
      const data = mergeDefined(record.data, input, DATA_FIELDS);
      const start = data.plannedStart as string | null;
      const end = data.plannedEnd as string | null;
      if (start && end && Date.parse(end) <= Date.parse(start)) {
        throw new InputError('plannedEnd: must be after plannedStart');
      }
      const update: Awaited<ReturnType<typeof this.update>> = { data };
      if (input.assignedGroup !== undefined)
        update.assignedGroup = input.assignedGroup;
      if (input.assignee !== undefined) update.assignee = input.assignee;
      return update;
    },
  };
