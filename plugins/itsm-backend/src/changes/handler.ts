import {
  ChangeAssessment,
  CreateChangeInput,
  newChangeData,
  UpdateChangeInput,
} from '@backstage-itsm/plugin-itsm-common';
import { InputError } from '@backstage/errors';
import {
  defaultAssignmentGroup,
  mergeDefined,
  TypeHandler,
} from '../engine/types';
import { StandardChangeTemplate } from '../config';
import { StoredRecord } from '../store/types';
import { ApproverResolver } from './approvals';
import { ChangeAssessor } from './ChangeAssessor';

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

/** Fields whose change makes a change's assessment stale. */
const ASSESSED_FIELDS = [
  'entityRefs',
  'plannedStart',
  'plannedEnd',
  'serviceImpact',
  'functionalChange',
];

/** Change states entered with a freshly computed assessment. */
const REASSESS_ON = ['review', 'planning', 'approval', 'scheduled'];

/**
 * The change rules of creating and editing a record, with the assessment
 * (impact, conflicts, risk, approvers) derived from the CMDB.
 */
export function createChangeHandler(deps: {
  standardTemplates: Map<string, StandardChangeTemplate>;
  /** Change assessment from the CMDB; without it no assessment is stored. */
  assessor?: ChangeAssessor;
  resolveApprovers: ApproverResolver;
}): TypeHandler<CreateChangeInput, UpdateChangeInput> {
  const assess = async (
    change: Pick<
      StoredRecord,
      'id' | 'key' | 'entityRefs' | 'ownerRefs' | 'data'
    >,
    credentials: Parameters<ChangeAssessor['assess']>[1],
  ): Promise<ChangeAssessment | undefined> =>
    deps.assessor?.assess(change, credentials);
  return {
    type: 'changes',
    hasApprovals: true,
    derived: {
      fields: ['assessment'],
      staleAfterUpdate: (fields, entitiesChanged) =>
        ASSESSED_FIELDS.some(f =>
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
}
