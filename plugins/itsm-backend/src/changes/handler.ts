import { requireChangedRefs, requireRefs } from '../cmdb/CatalogLookup';
import {
  ChangeAssessment,
  cmdbUpdateFixed,
  CreateChangeInput,
  MATERIAL_CHANGE_FIELDS,
  newChangeData,
  UpdateChangeInput,
} from '@backstage-itsm/plugin-itsm-common';
import { ConflictError, InputError } from '@backstage/errors';
import {
  Caller,
  defaultAssignmentGroup,
  mergeDefined,
  RecordFacts,
  RecordUpdate,
  TypeHandler,
} from '../engine/types';
import { StandardChangeTemplate } from '../config';
import { StoredRecord } from '../store/types';
import { ApproverResolver } from './approvals';
import { materialEditUpdate } from './materialEdits';

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

/** Change states entered with a freshly computed assessment. */
const REASSESS_ON = ['review', 'planning', 'approval', 'scheduled'];

type Assess = (
  change: RecordFacts,
  credentials: Caller['credentials'],
) => Promise<ChangeAssessment | undefined>;

/**
 * The change rules of creating and editing a record, with the assessment
 * (impact, conflicts, risk, approvers) derived from the CMDB. A material
 * edit once approval was asked for is handled by {@link materialEditUpdate}.
 */
export function createChangeHandler(deps: {
  standardTemplates: Map<string, StandardChangeTemplate>;
  /** Change assessment from the CMDB (undefined without an assessor). */
  assess: Assess;
  /** Whether the change is a standard change whose template skips approval. */
  approvalSkipped: (data: Record<string, unknown>) => boolean;
  resolveApprovers: ApproverResolver;
}): TypeHandler<CreateChangeInput, UpdateChangeInput> {
  const { assess } = deps;
  return {
    type: 'changes',
    hasApprovals: true,
    derived: {
      fields: ['assessment'],
      // Every material field: its edit recomputes the assessment and the approvers.
      staleAfterUpdate: (fields, entitiesChanged) =>
        MATERIAL_CHANGE_FIELDS.some(f =>
          f === 'entityRefs' ? entitiesChanged : fields[f] !== undefined,
        ),
      staleBeforeTransition: to => REASSESS_ON.includes(to),
      async compute(change, caller) {
        const assessment = await assess(change, caller.credentials);
        return assessment ? { assessment } : undefined;
      },
    },
    async completeCreate(pending, caller) {
      let data = pending.data;
      const assessment = await assess(pending, caller.credentials);
      if (assessment) data = { ...data, assessment };
      if (data.changeType === 'emergency') {
        // The service owner approves an emergency change retroactively.
        data.requiredApprovers = await deps.resolveApprovers(
          { ...pending, data } as StoredRecord,
          caller,
        );
      }
      return data;
    },
    // `input` holds only the fields the transition takes: `outcome` on close.
    applyTransitionFields({ input }, patch) {
      if (input.outcome) patch.data.outcome = input.outcome;
    },
    async create(input, ctx) {
      if (input.changeType === 'standard') {
        const template = deps.standardTemplates.get(input.template!);
        if (!template) {
          const known = [...deps.standardTemplates.keys()];
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
      await requireRefs(ctx, 'group', { assignedGroup: input.assignedGroup });
      await requireRefs(ctx, 'user', { assignee: input.assignee });
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
        data: newChangeData(input),
        linkTo: input.incidentKey
          ? [{ key: input.incidentKey, field: 'incidentKey' }]
          : undefined,
      };
    },
    async update(input, record, ctx) {
      const data = mergeDefined(record.data, input, DATA_FIELDS);
      const start = data.plannedStart as string | null;
      const end = data.plannedEnd as string | null;
      if (start && end && Date.parse(end) <= Date.parse(start)) {
        throw new InputError('plannedEnd: must be after plannedStart');
      }
      if (
        input.cmdbUpdate !== undefined &&
        !!input.cmdbUpdate !== !!record.data.cmdbUpdate &&
        cmdbUpdateFixed(record)
      ) {
        throw new ConflictError(
          `cmdbUpdate: ${record.key} is ${record.state}; the CMDB-update flag is fixed once approval is given`,
        );
      }
      await requireChangedRefs(ctx, input, record);
      const update: RecordUpdate = { data };
      if (input.assignedGroup !== undefined)
        update.assignedGroup = input.assignedGroup;
      if (input.assignee !== undefined) update.assignee = input.assignee;
      return materialEditUpdate(update, record, ctx, deps);
    },
  };
}
