import {
  CreateProblemInput,
  newProblemData,
  UpdateProblemInput,
} from '@backstage-itsm/plugin-itsm-common';
import { requireChangedRefs, requireRefs } from '../cmdb/CatalogLookup';
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
    await requireRefs(ctx, 'group', { assignedGroup: input.assignedGroup });
    await requireRefs(ctx, 'user', { assignee: input.assignee });
    return {
      priority: null,
      // The problem coordinator of the service: its owner by default.
      assignedGroup: input.assignedGroup ?? defaultAssignmentGroup(ctx.facts),
      assignee: input.assignee ?? null,
      data: {
        ...newProblemData(input),
        ...(input.incidentKey ? { incidentKey: input.incidentKey } : {}),
      },
      // Registered from an incident: linked to it in the same transaction.
      linkTo: input.incidentKey
        ? [{ key: input.incidentKey, field: 'incidentKey' }]
        : undefined,
    };
  },
  async update(input, record, ctx) {
    await requireChangedRefs(ctx, input, record);
    const update: Awaited<ReturnType<typeof this.update>> = {
      data: mergeDefined(record.data, input, DATA_FIELDS),
    };
    if (input.assignedGroup !== undefined)
      update.assignedGroup = input.assignedGroup;
    if (input.assignee !== undefined) update.assignee = input.assignee;
    return update;
  },
  // `input` holds only the fields the transition takes (machines in itsm-common).
  applyTransitionFields({ input, def, caller, now }, patch) {
    if (input.rootCause) patch.data.rootCause = input.rootCause;
    if (def.to === 'impasse') patch.data.impasseReason = input.reason ?? null;
    if (input.changeGate) patch.data.changeGate = input.changeGate;
    // Verification is a record: who verified, when, and the evidence (the
    // transition requires it; its history shows the verification).
    if (input.verification) {
      patch.data.verification = {
        by: caller.userRef,
        at: now,
        evidence: input.verification,
      };
    }
  },
};
