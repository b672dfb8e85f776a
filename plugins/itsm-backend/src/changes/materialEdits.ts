import { ConflictError } from '@backstage/errors';
import {
  ChangeAssessment,
  freezeRefusal,
  materialEdits,
  materialEditEffect,
} from '@backstage-itsm/plugin-itsm-common';
import { recordLink } from '../engine/recordUtils';
import { HandlerContext, ownerRefsOf, RecordUpdate } from '../engine/types';
import { StoredRecord } from '../store/types';
import { ApproverResolver } from './approvals';
import { conflictRefusal, missingPlan } from './guards';

/**
 * Approval holds only for what was approved. A material edit (entities,
 * service impact, functional change, window, plans) of a change:
 * - in approval or scheduled: the approvers are recomputed from the fresh
 *   assessment, the approvals given are superseded and the change (re)enters
 *   approval, with history naming the fields; refused when the edited plan
 *   could not be put to approval (incomplete, inside a freeze, a standard
 *   change over a conflicting change);
 * - scheduled, standard, whose template skips approval: it stays scheduled
 *   when the checks that stand in for approval still hold, else refused;
 * - implementing or verifying (normal, standard): refused, it is being
 *   implemented as approved;
 * - emergency, implementing or verifying: its retroactive registration; the
 *   approvers are recomputed and approvals given are superseded.
 * Earlier states edit freely. Returns the update, completed.
 */
export async function materialEditUpdate(
  update: RecordUpdate,
  record: StoredRecord,
  ctx: HandlerContext,
  deps: {
    approvalSkipped: (data: Record<string, unknown>) => boolean;
    resolveApprovers: ApproverResolver;
  },
): Promise<RecordUpdate> {
  const entitiesChanged = ctx.facts.length > 0;
  const edited = {
    ...record,
    entityRefs: entitiesChanged
      ? ctx.facts.map(f => f.entityRef)
      : record.entityRefs,
    ownerRefs: entitiesChanged ? ownerRefsOf(ctx.facts) : record.ownerRefs,
    data: { ...update.data, ...ctx.derived },
  };
  const fields = materialEdits(record, edited);
  if (fields.length === 0) return update;
  const effect = materialEditEffect({
    state: record.state,
    changeType: record.data.changeType,
    approvalSkipped: deps.approvalSkipped(record.data),
  });
  const what = fields.join(', ');
  if (effect.kind === 'free') return update;
  if (effect.kind === 'refuse') {
    throw new ConflictError(
      `${record.key} is ${record.state}: it is implemented as approved, so ${what} can no longer change`,
    );
  }
  if (record.data.changeType !== 'emergency') {
    const refusal = approvalCheckRefusal(edited);
    if (refusal) {
      throw new ConflictError(
        `Cannot change ${what} of ${record.key}: ${refusal}`,
      );
    }
  }
  if (effect.kind === 'recheck') return update;

  const approvers = await deps.resolveApprovers(edited, ctx.caller);
  return {
    ...update,
    data: { ...update.data, requiredApprovers: approvers },
    reopen: {
      state: effect.state,
      action: 'reapproval',
      reason:
        record.data.changeType === 'emergency'
          ? `material edit of ${what}: the retroactive approval must cover it, approval starts again`
          : `material edit of ${what}: the approvals given no longer hold, approval starts again`,
      supersedeApprovals: true,
    },
    notifications: approvers.length
      ? [
          {
            recipients: approvers.map(a => a.approverRef),
            title: `Approval requested again: ${record.key} ${record.title}`,
            description: [
              `Changed: ${what}`,
              ...approvers.map(a => `${a.approverRef}: ${a.reason}`),
            ].join('\n'),
            link: recordLink(record),
          },
        ]
      : [],
  };
}

/**
 * What stands in the way of putting the edited change to approval (or of a
 * pre-approved standard change staying scheduled): an incomplete plan, a
 * window inside a freeze, and for a standard change a conflicting change.
 */
function approvalCheckRefusal(change: StoredRecord): string | undefined {
  const missing = missingPlan(change);
  if (missing.length)
    return `the plan would be incomplete: missing ${missing.join(', ')}`;
  const assessment = change.data.assessment as ChangeAssessment | undefined;
  const freeze = freezeRefusal(assessment?.freezeWindows ?? []);
  if (freeze) return freeze;
  return change.data.changeType === 'standard'
    ? conflictRefusal(assessment?.conflicts ?? [])
    : undefined;
}
