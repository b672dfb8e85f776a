import {
  CreateIncidentInput,
  UpdateIncidentInput,
  computePriority,
} from '@backstage-itsm/plugin-itsm-common';
import { defaultAssignmentGroup, mergeDefined, TypeHandler } from './types';

const DATA_FIELDS = [
  'category',
  'serviceType',
  'impact',
  'urgency',
  'outage',
  'major',
  'changeGate',
  'causedByChange',
] as const;

export const incidentHandler: TypeHandler<
  CreateIncidentInput,
  UpdateIncidentInput
> = {
  type: 'incidents',
  async create(input, ctx) {
    return {
      // The matrix decides the priority; it is never typed in.
      priority: computePriority(
        input.impact,
        input.urgency,
        ctx.config.priorityMatrix,
      ),
      // Routing: the owning group of the (first) affected entity.
      assignedGroup: input.assignedGroup ?? defaultAssignmentGroup(ctx.facts),
      assignee: input.assignee ?? null,
      data: {
        category: input.category ?? null,
        serviceType: input.serviceType ?? 'user_restoration',
        impact: input.impact,
        urgency: input.urgency,
        outage: input.outage ?? null,
        major: input.major ?? false,
        changeGate: input.changeGate ?? null,
        causedByChange: input.causedByChange ?? null,
        pendingReason: null,
        resolutionCode: null,
        resolutionNotes: null,
        reopenCount: 0,
        sendBackCount: 0,
        reassignmentCount: 0,
        escalated: false,
      },
    };
  },
  async update(input, record, ctx) {
    const data = mergeDefined(record.data, input, DATA_FIELDS);
    const impact = data.impact as 'high' | 'medium' | 'low';
    const urgency = data.urgency as 'high' | 'medium' | 'low';
    const update: Awaited<ReturnType<typeof this.update>> = {
      data,
      priority: computePriority(impact, urgency, ctx.config.priorityMatrix),
    };
    if (
      input.assignedGroup !== undefined &&
      input.assignedGroup !== record.assignedGroup
    ) {
      update.assignedGroup = input.assignedGroup;
      // Every reassignment is recorded (history) and counted.
      data.reassignmentCount = Number(data.reassignmentCount ?? 0) + 1;
    }
    if (input.assignee !== undefined) update.assignee = input.assignee;
    return update;
  },
};
