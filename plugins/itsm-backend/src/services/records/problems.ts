import {
  CreateProblemInput,
  UpdateProblemInput,
} from '@backstage-itsm/plugin-itsm-common';
import { defaultAssignmentGroup, mergeDefined, TypeHandler } from './types';

const DATA_FIELDS = [
  'category',
  'workaround',
  'rootCause',
  'candidateSolutions',
  'recommendation',
] as const;

export const problemHandler: TypeHandler<
  CreateProblemInput,
  UpdateProblemInput
> = {
  type: 'problems',
  async create(input, ctx) {
    return {
      priority: null,
      // The problem coordinator of the service: its owner by default.
      assignedGroup: input.assignedGroup ?? defaultAssignmentGroup(ctx.facts),
      assignee: input.assignee ?? null,
      data: {
        category: input.category ?? null,
        workaround: input.workaround ?? '',
        rootCause: input.rootCause ?? '',
        candidateSolutions: input.candidateSolutions ?? [],
        recommendation: input.recommendation ?? '',
        impasseReason: null,
        sendBackCount: 0,
      },
    };
  },
  async update(input, record) {
    const update: Awaited<ReturnType<typeof this.update>> = {
      data: mergeDefined(record.data, input, DATA_FIELDS),
    };
    if (input.assignedGroup !== undefined)
      update.assignedGroup = input.assignedGroup;
    if (input.assignee !== undefined) update.assignee = input.assignee;
    return update;
  },
};
