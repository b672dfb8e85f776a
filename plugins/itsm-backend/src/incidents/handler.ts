import { isDeepStrictEqual } from 'node:util';
import {
  ACTION_ROLES,
  CreateIncidentInput,
  UpdateIncidentInput,
  computePriority,
  INCIDENT_MACHINE,
  newIncidentData,
  Outage,
  PriorityMatrix,
  takesField,
  TransitionRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { InputError } from '@backstage/errors';
import { requireChangedRefs, requireRefs } from '../cmdb/CatalogLookup';
import { increment } from '../engine/recordUtils';
import {
  defaultAssignmentGroup,
  mergeDefined,
  TypeHandler,
} from '../engine/types';

/**
 * When an outage still open at a resolve ends: `outageEnd` when given (not
 * before the outage began, not after the resolve), else the resolve itself.
 */
function outageEnd(
  outage: Outage,
  input: Partial<TransitionRequest>,
  now: string,
): string {
  if (!input.outageEnd) return now;
  const end = Date.parse(input.outageEnd);
  if (end < Date.parse(outage.start)) {
    throw new InputError(
      `outageEnd: ${input.outageEnd} is before the outage began (${outage.start})`,
    );
  }
  if (end > Date.parse(now)) {
    throw new InputError(
      `outageEnd: ${input.outageEnd} is in the future; an outage ends by its resolve`,
    );
  }
  return new Date(end).toISOString();
}

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

/** The incident rules of creating and editing a record. */
export function createIncidentHandler(config: {
  priorityMatrix: PriorityMatrix;
}): TypeHandler<CreateIncidentInput, UpdateIncidentInput> {
  return {
    type: 'incidents',
    showsPriority: true,
    async create(input, ctx) {
      await requireRefs(ctx, 'group', { assignedGroup: input.assignedGroup });
      await requireRefs(ctx, 'user', { assignee: input.assignee });
      // Registered for a caller of the service desk: the caller is the
      // requester, the agent is kept as registeredBy.
      await requireRefs(ctx, 'user', { onBehalfOf: input.onBehalfOf });
      const requester =
        input.onBehalfOf && input.onBehalfOf !== ctx.caller.userRef
          ? input.onBehalfOf
          : undefined;
      const onBehalf = requester ? { registeredBy: ctx.caller.userRef } : {};
      return {
        requester,
        // The matrix decides the priority; it is never typed in.
        priority: computePriority(
          input.impact,
          input.urgency,
          config.priorityMatrix,
        ),
        // Routing: the owning group of the (first) affected entity.
        assignedGroup: input.assignedGroup ?? defaultAssignmentGroup(ctx.facts),
        assignee: input.assignee ?? null,
        data: { ...newIncidentData(input), ...onBehalf },
      };
    },
    async update(input, record, ctx) {
      await requireChangedRefs(ctx, input, record);
      // The gate recorded on the incident holds: only the group coordinator
      // changes it (the update's history says from what to what).
      if (
        input.changeGate !== undefined &&
        !isDeepStrictEqual(input.changeGate, record.data.changeGate ?? null)
      ) {
        await ctx.assertActs(
          ACTION_ROLES['incidents.changeGate'],
          'change the change gate of',
        );
      }
      // Once routed, the assignment moves only by the group coordinator.
      const reassigned =
        (input.assignedGroup !== undefined &&
          input.assignedGroup !== record.assignedGroup) ||
        (input.assignee !== undefined && input.assignee !== record.assignee);
      if (reassigned && record.state !== INCIDENT_MACHINE.initial) {
        await ctx.assertActs(ACTION_ROLES['incidents.reassign'], 'reassign');
      }
      const data = mergeDefined(record.data, input, DATA_FIELDS);
      const impact = data.impact as 'high' | 'medium' | 'low';
      const urgency = data.urgency as 'high' | 'medium' | 'low';
      const update: Awaited<ReturnType<typeof this.update>> = {
        data,
        priority: computePriority(impact, urgency, config.priorityMatrix),
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
    // `input` holds only the fields the transition takes (machines in itsm-common).
    applyTransitionFields({ input, record, def, now }, patch) {
      // Whom or what the incident waits on: the reason unless given.
      if (takesField(def, 'pendingReason'))
        patch.data.pendingReason = input.pendingReason ?? input.reason ?? null;
      if (def.from === 'pending') patch.data.pendingReason = null;
      // A resolve replaces the resolution of an earlier one.
      if (takesField(def, 'resolutionCode'))
        patch.data.resolutionCode = input.resolutionCode ?? null;
      if (takesField(def, 'resolutionNotes'))
        patch.data.resolutionNotes = input.resolutionNotes ?? null;
      // A resolve ends an outage still open: at the given end, else now.
      if (takesField(def, 'outageEnd')) {
        const outage = record.data.outage as Outage | null | undefined;
        if (outage && !outage.end) {
          patch.data.outage = { ...outage, end: outageEnd(outage, input, now) };
        } else if (input.outageEnd) {
          throw new InputError(
            'outageEnd: the incident has no open outage to end',
          );
        }
      }
      // Every reassignment is counted (not the first assignment).
      if (
        input.assignedGroup !== undefined &&
        input.assignedGroup !== record.assignedGroup &&
        record.assignedGroup
      )
        increment(patch.data, 'reassignmentCount');
    },
  };
}
