import {
  CreateReleaseInput,
  newReleaseData,
  UpdateReleaseInput,
  RELEASE_BACKLOG_STATE,
} from '@backstage-itsm/plugin-itsm-common';
import { requireRefs } from '../cmdb/CatalogLookup';
import { registerBacklog } from './backlog';
import { cabAdmissionRefusal } from './admission';
import {
  defaultAssignmentGroup,
  mergeDefined,
  TypeHandler,
} from '../engine/types';

const DATA_FIELDS = ['targetDate', 'withinBudget', 'summary'] as const;

export const releaseHandler: TypeHandler<
  CreateReleaseInput,
  UpdateReleaseInput
> = {
  type: 'releases',
  async create(input, ctx) {
    await requireRefs(ctx, 'group', { assignedGroup: input.assignedGroup });
    return {
      state: input.backlog ? RELEASE_BACKLOG_STATE : undefined,
      priority: null,
      // The release coordinator of the service: its owner by default.
      assignedGroup: input.assignedGroup ?? defaultAssignmentGroup(ctx.facts),
      assignee: null,
      data: newReleaseData(input),
      // One backlog per service: claimed with the insert.
      inTransaction: input.backlog ? registerBacklog : undefined,
    };
  },
  async update(input, record, ctx) {
    if (input.assignedGroup !== record.assignedGroup) {
      await requireRefs(ctx, 'group', { assignedGroup: input.assignedGroup });
    }
    const update: Awaited<ReturnType<typeof this.update>> = {
      data: mergeDefined(record.data, input, DATA_FIELDS),
    };
    if (input.assignedGroup !== undefined)
      update.assignedGroup = input.assignedGroup;
    return update;
  },
  linkRefusal: cabAdmissionRefusal,
  applyTransitionFields({ def, caller, now }, patch) {
    // The proposer of the business case (see the notProposer guard).
    if (def.to === 'justification') patch.data.businessCaseBy = caller.userRef;
    // The start of the release plan's timeline (ReleasePlanService).
    if (def.to === 'coordinating') patch.data.coordinationStartedAt = now;
  },
};
