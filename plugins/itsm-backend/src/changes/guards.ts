import {
  approvalRoundOutcome,
  ChangeAssessment,
  changeWindowOf,
  freezeRefusal,
  GuardName,
  outsideWindowReason,
  overranWindowReason,
  rejectingApproverRefs,
} from '@backstage-itsm/plugin-itsm-common';
import { Guard, TransitionContext } from '../engine/types';
import { StoredRecord } from '../store/types';
import { StandardChangeTemplate } from '../config';
import { pendingApprovers, requiredApprovers } from './approvals';

const isEmergency = (r: StoredRecord) => r.data.changeType === 'emergency';

const assessmentOf = (r: StoredRecord) =>
  r.data.assessment as ChangeAssessment | undefined;

const PLAN_FIELDS = [
  'plannedStart',
  'plannedEnd',
  'implementationPlan',
  'testPlan',
  'backoutPlan',
] as const;

/** The plan fields a change still lacks: window, implementation, test and backout plans. */
export function missingPlan(r: StoredRecord): string[] {
  return PLAN_FIELDS.filter(f => !r.data[f]);
}

/** Why a standard change may not go ahead over conflicting changes, naming them. */
export function conflictRefusal(
  conflicts: ChangeAssessment['conflicts'],
): string | undefined {
  if (conflicts.length === 0) return undefined;
  return `a standard change may not overlap other changes on the same entities: ${conflicts
    .map(
      c =>
        `${c.changeKey} (${c.plannedStart} to ${
          c.plannedEnd
        }, ${c.entityRefs.join(', ')})`,
    )
    .join('; ')}`;
}

const linkedOfType = async (ctx: TransitionContext, type: string) =>
  (await ctx.linked()).filter(r => r.type === type);

/** Guards of the change process. */
export function changeGuards(config: {
  standardTemplates: Map<string, StandardChangeTemplate>;
}) {
  return {
    async approvalsComplete(ctx) {
      const approvals = await ctx.currentApprovals();
      switch (approvalRoundOutcome(requiredApprovers(ctx.record), approvals)) {
        case 'rejected':
          return `rejected by ${rejectingApproverRefs(approvals).join(', ')}`;
        case 'pending':
          return `approval still required from ${pendingApprovers(
            ctx.record,
            approvals,
          ).join(', ')}`;
        default:
          return undefined;
      }
    },
    async standardPreApproved(ctx) {
      if (ctx.record.data.changeType !== 'standard')
        return 'only standard changes skip approval';
      const template = config.standardTemplates.get(
        String(ctx.record.data.template),
      );
      if (!template)
        return `standard change template "${ctx.record.data.template}" no longer exists`;
      return template.skipApproval
        ? undefined
        : `template "${template.id}" requires approval`;
    },
    async outsideFreeze(ctx) {
      // Only an emergency change is implemented in a freeze.
      if (isEmergency(ctx.record)) return undefined;
      return freezeRefusal(assessmentOf(ctx.record)?.freezeWindows ?? []);
    },
    async noConflictingChanges(ctx) {
      // A normal change's conflicts are the change manager's call in approval.
      if (ctx.record.data.changeType !== 'standard') return undefined;
      return conflictRefusal(assessmentOf(ctx.record)?.conflicts ?? []);
    },
    async withinApprovedWindow(ctx) {
      // An emergency change has no window before it is implemented.
      if (isEmergency(ctx.record)) return undefined;
      return outsideWindowReason(
        changeWindowOf(ctx.record.data),
        Date.parse(ctx.now),
      );
    },
    async doneWithinApprovedWindow(ctx) {
      // An emergency change is approved after it is implemented.
      if (isEmergency(ctx.record)) return undefined;
      return overranWindowReason(
        changeWindowOf(ctx.record.data),
        Date.parse(ctx.now),
      );
    },
    async emergencyChange(ctx) {
      return isEmergency(ctx.record)
        ? undefined
        : 'only emergency changes take this path';
    },
    async emergencyAuthorised(ctx) {
      if (!isEmergency(ctx.record))
        return 'only emergency changes take this path';
      const incidents = await linkedOfType(ctx, 'incidents');
      if (incidents.length === 0)
        return 'an emergency change must be linked to the incident it fixes';
      return undefined;
    },
    async notStandard(ctx) {
      return ctx.record.data.changeType === 'standard'
        ? 'standard changes follow their template'
        : undefined;
    },
    async notEmergency(ctx) {
      return isEmergency(ctx.record)
        ? 'emergency changes are implemented first and registered afterwards'
        : undefined;
    },
    async planComplete(ctx) {
      const missing = missingPlan(ctx.record);
      return missing.length
        ? `the plan is incomplete: missing ${missing.join(', ')}`
        : undefined;
    },
    async catalogUpdateDone(ctx) {
      if (!ctx.record.data.cmdbUpdate) return undefined;
      const tasks =
        (ctx.record.data.tasks as Array<{ kind: string; done: boolean }>) ?? [];
      return tasks.some(t => t.kind === 'cmdb_update' && t.done)
        ? undefined
        : 'the change needs a CMDB update and its catalog-update task is not done';
    },
    async retroactiveApproval(ctx) {
      if (!isEmergency(ctx.record)) return undefined;
      // Registered retroactively with every plan, its window and its incident.
      const missing = missingPlan(ctx.record);
      if ((await linkedOfType(ctx, 'incidents')).length === 0)
        missing.push('the linked incident');
      if (missing.length) {
        return `register the emergency change retroactively before closing it: missing ${missing.join(
          ', ',
        )}`;
      }
      const pending = pendingApprovers(
        ctx.record,
        await ctx.currentApprovals(),
      );
      return pending.length
        ? `the emergency change still needs the retroactive approval of ${pending.join(
            ', ',
          )}`
        : undefined;
    },
    async outcomeGiven(ctx) {
      return ctx.input.outcome
        ? undefined
        : 'an outcome (successful, failed or backed_out) is required';
    },
    async cabRejected(ctx) {
      // The decision of the most recent closed CAB meeting that had it on
      // its agenda (two thirds of all members voted reject).
      return (await ctx.tx.cabDecisionOf(ctx.record.id)) === 'rejected'
        ? undefined
        : 'no CAB meeting has rejected this RFC';
    },
    async notFromRelease(ctx) {
      return (await ctx.tx.releasePlans.ofChange(ctx.record.id))
        ? 'the change belongs to the plan of a release: register it for planning'
        : undefined;
    },
    async releaseFulfilled(ctx) {
      const releases = (await linkedOfType(ctx, 'releases')).filter(
        r => r.state === 'reviewing' || r.state === 'closed',
      );
      return releases.length
        ? undefined
        : 'the RFC is not part of a release that finished coordination';
    },
  } satisfies Partial<Record<GuardName, Guard>>;
}
