import {
  AMARA,
  callerOf,
  LUKAS,
  PAYMENTS,
  SOFIA,
  storedRecord,
} from '../__testUtils__/fixtures';
import {
  describeEffect,
  describeGuard,
  fakeTransition,
} from '../__testUtils__/transitionContext';
import { GENERIC_EFFECTS, GENERIC_GUARDS } from './genericRules';

const { hasAssignmentGroup } = GENERIC_GUARDS;
const {
  incrementSendBackCount,
  clearAssignment,
  assignActorIfUnassigned,
  supersedeApprovals,
  notifyRequester,
} = GENERIC_EFFECTS;

describeGuard('hasAssignmentGroup', () => {
  it('passes when the record has an assignment group', async () => {
    const { ctx } = fakeTransition({
      record: storedRecord('incidents', { assignedGroup: PAYMENTS }),
      to: 'assigned',
    });
    expect(await hasAssignmentGroup(ctx)).toBeUndefined();
  });

  it('passes when the transition body assigns a group', async () => {
    const { ctx } = fakeTransition({
      record: storedRecord('incidents', { assignedGroup: null }),
      to: 'assigned',
      input: { assignedGroup: PAYMENTS },
    });
    expect(await hasAssignmentGroup(ctx)).toBeUndefined();
  });

  it('fails without a group on the record or in the body', async () => {
    const { ctx } = fakeTransition({
      record: storedRecord('incidents', { assignedGroup: null }),
      to: 'assigned',
    });
    expect(await hasAssignmentGroup(ctx)).toBe(
      'an assignment group is required',
    );
  });
});

describeEffect('incrementSendBackCount', () => {
  it('counts the first send-back and every one after it', async () => {
    const first = fakeTransition({ record: storedRecord('incidents') });
    await incrementSendBackCount(first.ctx, first.patch);
    expect(first.patch.data.sendBackCount).toBe(1);

    const third = fakeTransition({
      record: storedRecord('incidents', { data: { sendBackCount: 2 } }),
    });
    await incrementSendBackCount(third.ctx, third.patch);
    expect(third.patch.data.sendBackCount).toBe(3);
    expect(third.patch.notifications).toEqual([]);
  });
});

describeEffect('clearAssignment', () => {
  it('clears the assignment group and the assignee', async () => {
    const { ctx, patch } = fakeTransition({
      record: storedRecord('incidents', {
        assignedGroup: PAYMENTS,
        assignee: LUKAS,
      }),
    });
    patch.assignee = SOFIA;
    await clearAssignment(ctx, patch);
    expect(patch).toMatchObject({ assignedGroup: null, assignee: null });
  });
});

describeEffect('assignActorIfUnassigned', () => {
  it('assigns the acting user when nobody is assigned', async () => {
    const { ctx, patch } = fakeTransition({
      record: storedRecord('incidents', { assignee: null }),
      caller: callerOf(LUKAS),
    });
    await assignActorIfUnassigned(ctx, patch);
    expect(patch.assignee).toBe(LUKAS);
  });

  it('keeps the assignee of the record, or the one the body names', async () => {
    const assigned = fakeTransition({
      record: storedRecord('incidents', { assignee: SOFIA }),
      caller: callerOf(LUKAS),
    });
    await assignActorIfUnassigned(assigned.ctx, assigned.patch);
    expect(assigned.patch.assignee).toBeUndefined();

    const named = fakeTransition({
      record: storedRecord('incidents', { assignee: null }),
      caller: callerOf(LUKAS),
    });
    named.patch.assignee = AMARA;
    await assignActorIfUnassigned(named.ctx, named.patch);
    expect(named.patch.assignee).toBe(AMARA);
  });
});

describeEffect('supersedeApprovals', () => {
  it('supersedes the current approval round of the record, in the transaction', async () => {
    const { ctx, log } = fakeTransition({
      record: storedRecord('changes', { seq: 4, state: 'approval' }),
      to: 'planning',
    });
    await supersedeApprovals(ctx);
    expect(log).toEqual(['supersede CHG-4']);
  });
});

describeEffect('notifyRequester', () => {
  const record = storedRecord('incidents', {
    seq: 3,
    title: 'Card payments fail',
    createdBy: SOFIA,
    state: 'in_progress',
  });

  it('tells the requester the new state with the reason given', async () => {
    const { ctx, patch } = fakeTransition({
      record,
      to: 'cancelled',
      input: { reason: 'duplicate of INC-2' },
    });
    await notifyRequester(ctx, patch);
    expect(patch.notifications).toEqual([
      {
        recipients: [SOFIA],
        title: 'INC-3 is now cancelled',
        description: 'duplicate of INC-2',
        link: '/itsm/incidents/INC-3',
      },
    ]);
  });

  it('describes with the resolution notes, else the title', async () => {
    const resolved = fakeTransition({
      record,
      to: 'resolved',
      input: { resolutionCode: 'fixed', resolutionNotes: 'pool size raised' },
    });
    await notifyRequester(resolved.ctx, resolved.patch);
    expect(resolved.patch.notifications[0]).toMatchObject({
      title: 'INC-3 is now resolved',
      description: 'pool size raised',
    });

    const bare = fakeTransition({ record, to: 'resolved' });
    await notifyRequester(bare.ctx, bare.patch);
    expect(bare.patch.notifications[0].description).toBe('Card payments fail');
  });
});
