import { ConflictError, InputError } from '@backstage/errors';
import {
  CHANGE_MACHINE,
  ChangeApprover,
  EffectName,
  GuardName,
  ItsmRecordType,
  TransitionDef,
  TransitionRequest,
  isTerminalState,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmConfig } from '../config';
import {
  ItsmStore,
  ItsmStoreTransaction,
  StoredApproval,
  StoredRecord,
} from '../store/types';
import { ItsmNotification } from './Notifier';
import { linkDirection } from './recordUtils';
import { Caller } from './records';

/** Everything a guard or an effect may look at while a transition runs. */
export interface TransitionContext {
  tx: ItsmStoreTransaction;
  store: ItsmStore;
  record: StoredRecord;
  def: TransitionDef;
  input: Partial<TransitionRequest>;
  caller: Caller;
  now: string;
  config: ItsmConfig;
  /** Records linked to this one (either direction), loaded once. */
  linked(): Promise<StoredRecord[]>;
  /** Non-superseded approvals of the record. */
  currentApprovals(): Promise<StoredApproval[]>;
  /** Creates a record inside the transaction (e.g. the RFC of a known error). */
  createRecord(record: {
    type: ItsmRecordType;
    title: string;
    description: string;
    state: string;
    entityRefs: string[];
    ownerRefs: string[];
    assignedGroup: string | null;
    data: Record<string, unknown>;
  }): Promise<StoredRecord>;
  link(other: StoredRecord): Promise<void>;
  unlink(other: StoredRecord): Promise<void>;
  /** Who must approve this change now (derived from the catalog). */
  resolveApprovers(): Promise<ChangeApprover[]>;
}

/** The changes a transition makes to the record, built up by the effects. */
export interface TransitionPatch {
  state: string;
  assignedGroup?: string | null;
  assignee?: string | null;
  data: Record<string, unknown>;
  /** Messages sent after the transaction commits. */
  notifications: ItsmNotification[];
  /** Extra history entries (e.g. the RFC raised for a known error). */
  notes: Array<{
    field: string | null;
    from?: unknown;
    to: unknown;
    action: string;
  }>;
}

const linkedOf = (records: StoredRecord[], type: ItsmRecordType) =>
  records.filter(r => r.type === type);

// An RFC waiting in release management (in_release) is open and not yet implemented too.
const OPEN_CHANGE_NOT_IMPLEMENTED = [
  'draft',
  'review',
  'in_release',
  'planning',
  'approval',
  'scheduled',
];

/** The required approvers still missing in the current round. */
export function pendingApprovers(
  record: StoredRecord,
  approvals: StoredApproval[],
): string[] {
  const required = (record.data.requiredApprovers as ChangeApprover[]) ?? [];
  const approvedBy = new Map<string, Set<string>>();
  for (const a of approvals) {
    if (a.superseded || a.decision !== 'approve') continue;
    approvedBy.set(
      a.approverRef,
      (approvedBy.get(a.approverRef) ?? new Set()).add(a.decidedBy),
    );
  }
  // A group with a quorum needs that many distinct members.
  return required
    .filter(r => (approvedBy.get(r.approverRef)?.size ?? 0) < (r.quorum ?? 1))
    .map(r => r.approverRef);
}

function gateConditions(ctx: TransitionContext): string[] {
  const gate = (ctx.input.changeGate ??
    ctx.record.data.changeGate ??
    {}) as Record<string, boolean | undefined>;
  const reasons: string[] = [];
  if (gate.disruptsService)
    reasons.push(
      'makes a service unavailable or degraded during service hours',
    );
  if (gate.changesFunctionality) reasons.push('changes what the service does');
  if (gate.requiresCmdbUpdate) reasons.push('requires a CMDB update');
  return reasons;
}

const isEmergency = (r: StoredRecord) => r.data.changeType === 'emergency';

type Guard = (ctx: TransitionContext) => Promise<string | undefined>;

/**
 * Each guard answers undefined when the transition may go ahead, or the
 * reason it may not (the API answers 409 with it).
 */
export const GUARDS: Record<GuardName, Guard> = {
  async changeGate(ctx) {
    const reasons = gateConditions(ctx);
    if (reasons.length === 0) return undefined;
    // A rejected or cancelled change does not carry the fix.
    const changes = linkedOf(await ctx.linked(), 'changes').filter(
      c => c.state !== 'rejected' && c.state !== 'cancelled',
    );
    if (changes.length > 0) return undefined;
    return `the fix ${reasons.join(
      ', ',
    )}, so it needs change management: link a change (RFC), or have the service owner order an emergency change`;
  },
  async linkedChangeSuccessful(ctx) {
    const changes = linkedOf(await ctx.linked(), 'changes');
    if (changes.length === 0) return undefined;
    const open = changes.filter(c => !isTerminalState('changes', c.state));
    if (open.length > 0) {
      return `linked change ${open.map(c => c.key).join(', ')} is still open`;
    }
    if (
      !changes.some(
        c => c.state === 'closed' && c.data.outcome === 'successful',
      )
    ) {
      return `no linked change closed successfully (${changes
        .map(
          c =>
            `${c.key}: ${c.state}${c.data.outcome ? `/${c.data.outcome}` : ''}`,
        )
        .join(', ')})`;
    }
    return undefined;
  },
  async linkedChangeExists(ctx) {
    return linkedOf(await ctx.linked(), 'changes').length > 0
      ? undefined
      : 'no change is linked';
  },
  async approvalsComplete(ctx) {
    const approvals = await ctx.currentApprovals();
    const rejected = approvals.filter(a => a.decision === 'reject');
    if (rejected.length > 0) {
      return `rejected by ${rejected.map(a => a.approverRef).join(', ')}`;
    }
    const pending = pendingApprovers(ctx.record, approvals);
    return pending.length > 0
      ? `approval still required from ${pending.join(', ')}`
      : undefined;
  },
  async standardPreApproved(ctx) {
    if (ctx.record.data.changeType !== 'standard')
      return 'only standard changes skip approval';
    const template = ctx.config.standardTemplates.get(
      String(ctx.record.data.template),
    );
    if (!template)
      return `standard change template "${ctx.record.data.template}" no longer exists`;
    return template.skipApproval
      ? undefined
      : `template "${template.id}" requires approval`;
  },
  async outsideFreeze(ctx) {
    if (ctx.record.data.changeType !== 'standard') return undefined;
    const freezes =
      (
        ctx.record.data.assessment as
          | { freezeWindows?: Array<{ title: string }> }
          | undefined
      )?.freezeWindows ?? [];
    return freezes.length
      ? `a standard change may not be scheduled in freeze window ${freezes
          .map(f => f.title)
          .join(', ')}`
      : undefined;
  },
  async emergencyChange(ctx) {
    return isEmergency(ctx.record)
      ? undefined
      : 'only emergency changes take this path';
  },
  async emergencyAuthorised(ctx) {
    if (!isEmergency(ctx.record))
      return 'only emergency changes take this path';
    const incidents = linkedOf(await ctx.linked(), 'incidents');
    if (incidents.length === 0)
      return 'an emergency change must be linked to the incident it fixes';
    const authorisers = new Set([
      ...ctx.record.ownerRefs,
      ...(ctx.config.onDutyManager ? [ctx.config.onDutyManager] : []),
    ]);
    if (!ctx.caller.claims.some(c => authorisers.has(c))) {
      return `only the service owner (${[...authorisers].join(
        ', ',
      )}) or the on-duty manager may order an emergency change`;
    }
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
    const d = ctx.record.data;
    const missing = (
      [
        'plannedStart',
        'plannedEnd',
        'implementationPlan',
        'testPlan',
        'backoutPlan',
      ] as const
    ).filter(f => !d[f]);
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
    if (!ctx.record.data.implementationPlan) {
      return 'register the emergency change retroactively (implementation plan) before closing it';
    }
    const pending = pendingApprovers(ctx.record, await ctx.currentApprovals());
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
    return ctx.record.data.cabDecision === 'rejected'
      ? undefined
      : 'no CAB meeting has rejected this RFC';
  },
  async releaseFulfilled(ctx) {
    const releases = linkedOf(await ctx.linked(), 'releases').filter(
      r => r.state === 'reviewing' || r.state === 'closed',
    );
    return releases.length
      ? undefined
      : 'the RFC is not part of a release that finished coordination';
  },
  async bothSignatures(ctx) {
    const s = (ctx.record.data.signatures ?? {}) as Record<string, unknown>;
    const missing = ['customer', 'serviceOwner'].filter(role => !s[role]);
    return missing.length
      ? `the SLA still needs the signature of the ${missing
          .map(m =>
            m === 'customer' ? 'customer representative' : 'service owner',
          )
          .join(' and the ')}`
      : undefined;
  },
  async allChangesClosed(ctx) {
    const open = linkedOf(await ctx.linked(), 'changes').filter(
      c => !isTerminalState('changes', c.state) && c.state !== 'in_release',
    );
    return open.length
      ? `change ${open.map(c => c.key).join(', ')} is still open`
      : undefined;
  },
  async withinBudget(ctx) {
    return ctx.record.data.withinBudget
      ? undefined
      : 'the release is not recorded as within budget; it needs a business case';
  },
  async notProposer(ctx) {
    // The creator, and whoever submitted what is approved (a release's business case).
    const proposers = [ctx.record.createdBy, ctx.record.data.businessCaseBy];
    return proposers.includes(ctx.caller.userRef)
      ? 'nobody approves their own proposal'
      : undefined;
  },
  async hasAssignmentGroup(ctx) {
    return ctx.input.assignedGroup ?? ctx.record.assignedGroup
      ? undefined
      : 'an assignment group is required';
  },
};

const counter = (patch: TransitionPatch, field: string) => {
  patch.data[field] = Number(patch.data[field] ?? 0) + 1;
};

const recordLink = (r: StoredRecord) => `/itsm/${r.type}/${r.key}`;

/** The service owners of a change: the owners of its entities. */
export function serviceOwnerApprovers(record: StoredRecord): ChangeApprover[] {
  return record.ownerRefs.map(approverRef => ({
    approverRef,
    reason: `service owner of ${record.entityRefs.join(', ')}`,
  }));
}

async function backlogReleaseFor(
  ctx: TransitionContext,
): Promise<StoredRecord> {
  const systems = (ctx.record.data.systemRefs as string[] | undefined) ?? [];
  const scope = systems.length ? systems : ctx.record.entityRefs;
  // Inside the transaction: a second connection may not exist (SQLite) and
  // would not see a backlog created earlier in this transaction.
  const { items } = await ctx.tx.listRecords({
    type: 'releases',
    states: ['backlog'],
    entityRefs: scope,
    limit: 1,
  });
  if (items[0]) return items[0];
  return ctx.createRecord({
    type: 'releases',
    title: `Backlog of ${scope[0]}`,
    description:
      'Requests for change handed to release management for this service.',
    state: 'backlog',
    entityRefs: [scope[0]],
    ownerRefs: ctx.record.ownerRefs,
    assignedGroup: ctx.record.assignedGroup,
    data: { backlog: true, targetDate: null, withinBudget: false, summary: '' },
  });
}

async function returnToBacklog(ctx: TransitionContext, onlyUnmet: boolean) {
  for (const change of linkedOf(await ctx.linked(), 'changes')) {
    if (
      onlyUnmet &&
      change.state === 'closed' &&
      change.data.outcome === 'successful'
    )
      continue;
    // A finished change (closed, rejected, cancelled) stays with the release
    // that ran it; only RFCs still waiting go back to the backlog.
    if (isTerminalState('changes', change.state)) continue;
    await ctx.unlink(change);
    const sub: TransitionContext = {
      ...ctx,
      record: change,
      linked: async () => [],
    };
    const backlog = await backlogReleaseFor(sub);
    // ctx.link would link this release; the change is what joins the backlog.
    const direction = linkDirection(change, backlog)!;
    await ctx.tx.addLink({
      fromId: direction.from.id,
      toId: direction.to.id,
      kind: direction.kind,
      createdBy: ctx.caller.userRef,
      createdAt: ctx.now,
    });
  }
}

type Effect = (ctx: TransitionContext, patch: TransitionPatch) => Promise<void>;

/** The side effects a transition applies, by name (see the state machines). */
export const EFFECTS: Record<EffectName, Effect> = {
  async incrementReopenCount(_ctx, patch) {
    counter(patch, 'reopenCount');
  },
  async incrementSendBackCount(_ctx, patch) {
    counter(patch, 'sendBackCount');
  },
  async clearAssignment(_ctx, patch) {
    patch.assignedGroup = null;
    patch.assignee = null;
  },
  async assignActorIfUnassigned(ctx, patch) {
    if (!ctx.record.assignee && !patch.assignee)
      patch.assignee = ctx.caller.userRef;
  },
  async supersedeApprovals(ctx) {
    await ctx.tx.supersedeApprovals(ctx.record.id);
  },
  async startNewApprovalRound(ctx, patch) {
    const required = await ctx.resolveApprovers();
    patch.data.requiredApprovers = required;
    patch.notifications.push({
      recipients: required.map(r => r.approverRef),
      title: `Approval requested: ${ctx.record.key} ${ctx.record.title}`,
      description: required
        .map(r => `${r.approverRef}: ${r.reason}`)
        .join('\n'),
      link: recordLink(ctx.record),
    });
  },
  async notifyRequester(ctx, patch) {
    patch.notifications.push({
      recipients: [ctx.record.createdBy],
      title: `${ctx.record.key} is now ${patch.state}`,
      description:
        ctx.input.reason ?? ctx.input.resolutionNotes ?? ctx.record.title,
      link: recordLink(ctx.record),
    });
  },
  async notifyRequesterAndApprovers(ctx, patch) {
    const approvals = await ctx.currentApprovals();
    patch.notifications.push({
      recipients: [ctx.record.createdBy, ...approvals.map(a => a.decidedBy)],
      title: `${ctx.record.key} closes: ${ctx.input.outcome ?? patch.state}`,
      description: ctx.record.title,
      link: recordLink(ctx.record),
    });
  },
  async notifyLinkedProblems(ctx, patch) {
    const problems = linkedOf(await ctx.linked(), 'problems');
    for (const problem of problems) {
      patch.notifications.push({
        recipients: [problem.assignedGroup ?? problem.createdBy],
        title: `${ctx.record.key} closed (${ctx.input.outcome}): verify ${problem.key}`,
        description: problem.title,
        link: recordLink(problem),
      });
    }
  },
  async notifyAuthoriser(ctx, patch) {
    if (!isEmergency(ctx.record)) return;
    const approvals = await ctx.currentApprovals();
    patch.notifications.push({
      recipients: approvals.length
        ? approvals.map(a => a.decidedBy)
        : ctx.record.ownerRefs,
      title: `Emergency change ${ctx.record.key} closes: ${ctx.input.outcome}`,
      description: ctx.record.title,
      link: recordLink(ctx.record),
    });
  },
  async createOrLinkChange(ctx, patch) {
    if (ctx.input.changeKey) {
      const change = await ctx.tx.getRecordForUpdate(
        'changes',
        ctx.input.changeKey,
      );
      if (!change) {
        throw new InputError(`changeKey: no change ${ctx.input.changeKey}`);
      }
      if (!OPEN_CHANGE_NOT_IMPLEMENTED.includes(change.state)) {
        throw new ConflictError(
          `${change.key} is ${change.state}; a known error links only to an open change not yet implemented`,
        );
      }
      await ctx.link(change);
      patch.notes.push({ action: 'linked', field: 'change', to: change.key });
      return;
    }
    const d = ctx.record.data;
    const change = await ctx.createRecord({
      type: 'changes',
      title: `Fix known error ${ctx.record.key}: ${ctx.record.title}`.slice(
        0,
        200,
      ),
      description: [
        `Raised from known error ${ctx.record.key}.`,
        d.rootCause ? `\n**Root cause:** ${d.rootCause}` : '',
        d.recommendation
          ? `\n**Recommended solution:** ${d.recommendation}`
          : '',
        d.workaround ? `\n**Workaround meanwhile:** ${d.workaround}` : '',
      ].join(''),
      state: CHANGE_MACHINE.initial,
      entityRefs: ctx.record.entityRefs,
      ownerRefs: ctx.record.ownerRefs,
      // The change coordinator of the service.
      assignedGroup: ctx.record.assignedGroup,
      data: {
        changeType: 'normal',
        template: null,
        incidentKey: null,
        category: (d.category as string | null) ?? null,
        plannedStart: null,
        plannedEnd: null,
        implementationPlan: '',
        testPlan: '',
        backoutPlan: '',
        serviceImpact: 'none',
        functionalChange: false,
        cmdbUpdate: false,
        tasks: [],
        outcome: null,
        requiredApprovers: [],
        sendBackCount: 0,
        problemKey: ctx.record.key,
      },
    });
    await ctx.link(change);
    patch.notes.push({ action: 'raised-rfc', field: 'change', to: change.key });
    patch.notifications.push({
      recipients: [change.assignedGroup ?? ctx.record.createdBy],
      title: `RFC ${change.key} raised for known error ${ctx.record.key}`,
      description: ctx.record.title,
      link: recordLink(change),
    });
  },
  async linkToBacklogRelease(ctx, patch) {
    const backlog = await backlogReleaseFor(ctx);
    await ctx.link(backlog);
    patch.notes.push({ action: 'linked', field: 'release', to: backlog.key });
  },
  async unlinkFromBacklogRelease(ctx, patch) {
    for (const release of linkedOf(await ctx.linked(), 'releases')) {
      if (release.state === 'backlog') {
        await ctx.unlink(release);
        patch.notes.push({
          action: 'unlinked',
          field: 'release',
          from: release.key,
          to: null,
        });
      }
    }
  },
  async setOutcomeSuccessful(_ctx, patch) {
    patch.data.outcome = 'successful';
  },
  async returnRfcsToBacklog(ctx) {
    await returnToBacklog(ctx, false);
  },
  async returnUnmetRfcsToBacklog(ctx) {
    await returnToBacklog(ctx, true);
  },
  async notifyRequesters(ctx, patch) {
    const changes = linkedOf(await ctx.linked(), 'changes');
    patch.notifications.push({
      recipients: changes.map(c => c.createdBy),
      title: `Release ${ctx.record.key} is now ${patch.state}`,
      description: ctx.record.title,
      link: recordLink(ctx.record),
    });
  },
  async notifyCab(ctx, patch) {
    patch.notifications.push({
      recipients: [ctx.record.assignedGroup ?? ctx.record.createdBy],
      title: `Release ${ctx.record.key} cancelled: the CAB may bring its next meeting forward`,
      description: ctx.input.reason,
      link: recordLink(ctx.record),
    });
  },
  async markServiceDiscontinuedIfLast(ctx, patch) {
    const { items } = await ctx.tx.listRecords({
      type: 'slas',
      states: ['active'],
      entityRefs: ctx.record.entityRefs,
      limit: 500,
    });
    const others = items.filter(s => s.id !== ctx.record.id);
    const stillCovered = new Set(others.flatMap(s => s.entityRefs));
    patch.data.discontinuedEntityRefs = ctx.record.entityRefs.filter(
      e => !stillCovered.has(e),
    );
  },
};

/** Fields of the transition body that are stored on the record, per type. */
export function applyTransitionFields(
  ctx: TransitionContext,
  patch: TransitionPatch,
) {
  const { input, record, def } = ctx;
  switch (record.type) {
    case 'incidents':
      if (def.to === 'pending')
        patch.data.pendingReason = input.pendingReason ?? input.reason ?? null;
      if (def.from === 'pending') patch.data.pendingReason = null;
      if (def.to === 'resolved') {
        patch.data.resolutionCode = input.resolutionCode ?? null;
        patch.data.resolutionNotes = input.resolutionNotes ?? null;
      }
      if (input.changeGate) patch.data.changeGate = input.changeGate;
      break;
    case 'problems':
      if (input.rootCause) patch.data.rootCause = input.rootCause;
      if (def.to === 'impasse') patch.data.impasseReason = input.reason ?? null;
      if (input.changeGate) patch.data.changeGate = input.changeGate;
      break;
    case 'changes':
      if (def.to === 'closed' && input.outcome)
        patch.data.outcome = input.outcome;
      break;
    case 'releases':
      // The proposer of the business case (see the notProposer guard).
      if (def.to === 'justification')
        patch.data.businessCaseBy = ctx.caller.userRef;
      break;
    case 'slas':
      if (def.to === 'declined')
        patch.data.declineReason = input.reason ?? null;
      if (def.to === 'terminated')
        patch.data.terminationReason = input.reason ?? null;
      break;
    default:
      break;
  }
  if (
    input.assignedGroup !== undefined &&
    input.assignedGroup !== record.assignedGroup
  ) {
    patch.assignedGroup = input.assignedGroup;
    if (record.type === 'incidents' && record.assignedGroup)
      counter(patch, 'reassignmentCount');
  }
  if (input.assignee !== undefined) patch.assignee = input.assignee;
}
