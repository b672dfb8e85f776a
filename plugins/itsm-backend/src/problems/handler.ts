import {
  CreateProblemInput,
  newProblemData,
  UpdateProblemInput,
} from '@backstage-itsm/plugin-itsm-common';
import {
  defaultAssignmentGroup,
  mergeDefined,
  TypeHandler,
} from '../engine/types';

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
      data: newProblemData(input),
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
  // `input` holds only the fields the transition takes (machines in itsm-common).
  applyTransitionFields({ input, def }, patch) {
    if (input.rootCause) patch.data.rootCause = input.rootCause;
    if (def.to === 'impasse') patch.data.impasseReason = input.reason ?? null;
    if (input.changeGate) patch.data.changeGate = input.changeGate;
  },
};
