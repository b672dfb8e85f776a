import { ChangeApprover } from '@backstage-itsm/plugin-itsm-common';
import {
  AMARA,
  callerOf,
  LUKAS,
  PAYMENTS,
  PAYMENTS_API,
  SOFIA,
  STOREFRONT,
  storedApproval,
  storedRecord,
} from '../__testUtils__/fixtures';
import {
  describeEffect,
  fakeTransition,
  FakeTransitionOptions,
} from '../__testUtils__/transitionContext';
import { StoredRecord } from '../store/types';
import { ApproverResolver } from './approvals';
import { changeEffects } from './effects';

const APPROVERS: ChangeApprover[] = [
  { approverRef: PAYMENTS, reason: `service owner of ${PAYMENTS_API}` },
  { approverRef: STOREFRONT, reason: 'customer of payments-api' },
];
const resolveApprovers = jest.fn<
  ReturnType<ApproverResolver>,
  Parameters<ApproverResolver>
>(async () => APPROVERS);
const effects = changeEffects({ resolveApprovers });

/** CHG-7 of payments-api, requested by sofia. */
const change = (data: Record<string, unknown> = {}, state = 'verifying') =>
  storedRecord('changes', {
    seq: 7,
    title: 'Raise the pool size',
    state,
    createdBy: SOFIA,
    data: { changeType: 'normal', ...data },
  });

const transition = (
  record: StoredRecord,
  options: Omit<FakeTransitionOptions, 'record'> = {},
) => fakeTransition({ record, ...options });

describeEffect('startNewApprovalRound', () => {
  it('stores the approvers required now and asks each of them', async () => {
    const caller = callerOf(AMARA);
    const record = change({ requiredApprovers: [] }, 'planning');
    const { ctx, patch } = transition(record, { to: 'approval', caller });
    await effects.startNewApprovalRound(ctx, patch);
    expect(resolveApprovers).toHaveBeenCalledWith(record, caller);
    expect(patch.data.requiredApprovers).toEqual(APPROVERS);
    expect(patch.notifications).toEqual([
      {
        recipients: [PAYMENTS, STOREFRONT],
        title: 'Approval requested: CHG-7 Raise the pool size',
        description: `${PAYMENTS}: service owner of ${PAYMENTS_API}\n${STOREFRONT}: customer of payments-api`,
        link: '/itsm/changes/CHG-7',
      },
    ]);
  });
});

describeEffect('notifyRequesterAndApprovers', () => {
  it('tells the requester and everyone who decided the round how it closes', async () => {
    const { ctx, patch } = transition(change(), {
      to: 'closed',
      input: { outcome: 'failed' },
      approvals: [
        storedApproval(PAYMENTS, 'approve', { decidedBy: LUKAS }),
        storedApproval(PAYMENTS, 'approve', { superseded: true }),
      ],
    });
    await effects.notifyRequesterAndApprovers(ctx, patch);
    expect(patch.notifications).toEqual([
      {
        recipients: [SOFIA, LUKAS],
        title: 'CHG-7 closes: failed',
        description: 'Raise the pool size',
        link: '/itsm/changes/CHG-7',
      },
    ]);
  });

  it('names the target state when no outcome is given', async () => {
    const { ctx, patch } = transition(change({}, 'approval'), {
      to: 'rejected',
      input: { reason: 'too risky' },
    });
    await effects.notifyRequesterAndApprovers(ctx, patch);
    expect(patch.notifications[0]).toMatchObject({
      recipients: [SOFIA],
      title: 'CHG-7 closes: rejected',
    });
  });
});

describeEffect('notifyLinkedProblems', () => {
  it('asks the coordinator of every linked problem to verify the fix', async () => {
    const coordinated = storedRecord('problems', {
      seq: 1,
      title: 'Pool exhaustion',
      assignedGroup: PAYMENTS,
    });
    const unassigned = storedRecord('problems', {
      seq: 2,
      title: 'Slow refunds',
      assignedGroup: null,
      createdBy: LUKAS,
    });
    const { ctx, patch } = transition(change(), {
      to: 'closed',
      input: { outcome: 'successful' },
      linked: [coordinated, storedRecord('incidents'), unassigned],
    });
    await effects.notifyLinkedProblems(ctx, patch);
    expect(patch.notifications).toEqual([
      {
        recipients: [PAYMENTS],
        title: 'CHG-7 closed (successful): verify PRB-1',
        description: 'Pool exhaustion',
        link: '/itsm/problems/PRB-1',
      },
      {
        recipients: [LUKAS],
        title: 'CHG-7 closed (successful): verify PRB-2',
        description: 'Slow refunds',
        link: '/itsm/problems/PRB-2',
      },
    ]);
  });
});

describeEffect('notifyAuthoriser', () => {
  it('tells whoever approved an emergency change how it closes', async () => {
    const { ctx, patch } = transition(change({ changeType: 'emergency' }), {
      to: 'closed',
      input: { outcome: 'backed_out' },
      approvals: [storedApproval(PAYMENTS, 'approve', { decidedBy: LUKAS })],
    });
    await effects.notifyAuthoriser(ctx, patch);
    expect(patch.notifications).toEqual([
      {
        recipients: [LUKAS],
        title: 'Emergency change CHG-7 closes: backed_out',
        description: 'Raise the pool size',
        link: '/itsm/changes/CHG-7',
      },
    ]);
  });

  it('tells the service owners when nobody approved yet', async () => {
    const { ctx, patch } = transition(change({ changeType: 'emergency' }), {
      to: 'closed',
      input: { outcome: 'successful' },
    });
    await effects.notifyAuthoriser(ctx, patch);
    expect(patch.notifications[0].recipients).toEqual([PAYMENTS]);
  });

  it('tells nobody about other change types', async () => {
    const { ctx, patch } = transition(change(), {
      to: 'closed',
      input: { outcome: 'successful' },
    });
    await effects.notifyAuthoriser(ctx, patch);
    expect(patch.notifications).toEqual([]);
  });
});

describeEffect('reportToRelease', () => {
  const rel = storedRecord('releases', {
    seq: 4,
    title: 'Payments winter release',
    state: 'coordinating',
    assignedGroup: PAYMENTS,
  });
  const plan = (record: StoredRecord) => ({
    [record.id]: {
      changeId: record.id,
      releaseId: rel.id,
      coordinator: LUKAS,
      purpose: 'deliver' as const,
      durationDays: 2,
      dependsOn: [],
      createdAt: record.createdAt,
      createdBy: AMARA,
    },
  });

  it('adds an update with the outcome to the release and tells its coordinating group', async () => {
    const record = change();
    const { ctx, patch, log } = transition(record, {
      to: 'closed',
      input: { outcome: 'failed' },
      records: [rel],
      releasePlans: plan(record),
    });
    await effects.reportToRelease(ctx, patch);
    expect(log).toEqual(['history REL-4: plan_update']);
    expect(patch.notifications).toEqual([
      {
        recipients: [PAYMENTS],
        title: 'CHG-7 of release REL-4 closed: failed',
        description: 'Raise the pool size',
        link: '/itsm/releases/REL-4',
      },
    ]);
  });

  it('does nothing for a change outside any release plan', async () => {
    const { ctx, patch, log } = transition(change(), {
      to: 'closed',
      input: { outcome: 'successful' },
      records: [rel],
    });
    await effects.reportToRelease(ctx, patch);
    expect(log).toEqual([]);
    expect(patch.notifications).toEqual([]);
  });
});

describeEffect('linkToBacklogRelease', () => {
  const handingOver = (
    data: Record<string, unknown>,
    records: StoredRecord[] = [],
  ) => transition(change(data, 'review'), { to: 'in_release', records });

  it("links the RFC to its system's backlog release", async () => {
    const backlog = storedRecord('releases', {
      seq: 3,
      state: 'backlog',
      entityRefs: ['system:default/payments'],
    });
    const elsewhere = storedRecord('releases', {
      seq: 4,
      state: 'backlog',
      entityRefs: ['system:default/storefront'],
    });
    const { ctx, patch, log } = handingOver(
      { systemRefs: ['system:default/payments'] },
      [elsewhere, backlog],
    );
    await effects.linkToBacklogRelease(ctx, patch);
    expect(log).toEqual(['link REL-3']);
    expect(patch.notes).toEqual([
      { action: 'linked', field: 'release', to: 'REL-3' },
    ]);
  });

  it('creates the backlog release of the service when it has none', async () => {
    const defined = storedRecord('releases', { seq: 1, state: 'defined' });
    const { ctx, patch, log, created } = handingOver({}, [defined]);
    await effects.linkToBacklogRelease(ctx, patch);
    expect(log).toEqual([
      'create REL-2',
      `backlog of ${PAYMENTS_API}: REL-2`,
      'link REL-2',
    ]);
    expect(created[0]).toMatchObject({
      type: 'releases',
      title: `Backlog of ${PAYMENTS_API}`,
      state: 'backlog',
      entityRefs: [PAYMENTS_API],
      ownerRefs: [PAYMENTS],
      assignedGroup: PAYMENTS,
      data: { backlog: true },
    });
    expect(patch.notes).toEqual([
      { action: 'linked', field: 'release', to: 'REL-2' },
    ]);
  });
});

describeEffect('unlinkFromBacklogRelease', () => {
  it('takes the RFC out of its backlog release only', async () => {
    const backlog = storedRecord('releases', { seq: 1, state: 'backlog' });
    const planned = storedRecord('releases', { seq: 2, state: 'defined' });
    const { ctx, patch, log } = transition(change({}, 'in_release'), {
      to: 'planning',
      linked: [backlog, planned, storedRecord('incidents')],
    });
    await effects.unlinkFromBacklogRelease(ctx, patch);
    expect(log).toEqual(['unlink REL-1']);
    expect(patch.notes).toEqual([
      { action: 'unlinked', field: 'release', from: 'REL-1', to: null },
    ]);
  });
});

describeEffect('setOutcomeSuccessful', () => {
  it('records the outcome successful', async () => {
    const { ctx, patch } = transition(change({ outcome: null }, 'in_release'), {
      to: 'closed',
    });
    await effects.setOutcomeSuccessful(ctx, patch);
    expect(patch.data).toEqual({ changeType: 'normal', outcome: 'successful' });
    expect(patch.notifications).toEqual([]);
  });
});
