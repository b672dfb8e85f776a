import fc from 'fast-check';
import { CHANGE_MACHINE } from '../machines';
import {
  ApprovalDecision,
  CHANGE_APPROVAL_STATE,
  RETROACTIVE_APPROVAL_STATES,
  approvalRoundOutcome,
  approverState,
  currentRound,
  decidedApproverRefs,
  isApprovalRoundOpen,
  pendingApproverRefs,
  rejectingApproverRefs,
} from './approvals';

const decision = (
  approverRef: string,
  decidedBy: string,
  what: 'approve' | 'reject' = 'approve',
  superseded = false,
): ApprovalDecision => ({
  approverRef,
  decidedBy,
  decision: what,
  superseded,
});

const OWNERS = 'group:default/owners';
const CAB = 'group:default/cab';

describe('when an approval round is open', () => {
  it('pins the approval state and the retroactive states', () => {
    expect(CHANGE_APPROVAL_STATE).toBe('approval');
    expect(RETROACTIVE_APPROVAL_STATES).toEqual(['implementing', 'verifying']);
  });

  it('opens for any change in approval', () => {
    for (const changeType of ['standard', 'normal', 'emergency', undefined]) {
      expect(isApprovalRoundOpen({ state: 'approval', changeType })).toBe(true);
    }
  });

  it('stays open for an emergency change until it closes', () => {
    expect(
      isApprovalRoundOpen({ state: 'implementing', changeType: 'emergency' }),
    ).toBe(true);
    expect(
      isApprovalRoundOpen({ state: 'verifying', changeType: 'emergency' }),
    ).toBe(true);
    expect(
      isApprovalRoundOpen({ state: 'closed', changeType: 'emergency' }),
    ).toBe(false);
    expect(
      isApprovalRoundOpen({ state: 'implementing', changeType: 'normal' }),
    ).toBe(false);
  });

  it('is closed in every other state', () => {
    const others = CHANGE_MACHINE.states.filter(
      s => s !== 'approval' && !RETROACTIVE_APPROVAL_STATES.includes(s),
    );
    for (const state of others) {
      expect(isApprovalRoundOpen({ state, changeType: 'emergency' })).toBe(
        false,
      );
    }
  });
});

describe('the decisions of a round', () => {
  it('ignores superseded decisions', () => {
    const approvals = [
      decision(OWNERS, 'user:default/a', 'reject', true),
      decision(OWNERS, 'user:default/b'),
    ];
    expect(currentRound(approvals)).toEqual([approvals[1]]);
    expect(approverState({ approverRef: OWNERS }, approvals).state).toBe(
      'approved',
    );
    expect(rejectingApproverRefs(approvals)).toEqual([]);
  });

  it('needs the quorum in distinct members', () => {
    const required = [{ approverRef: CAB, quorum: 2 }];
    const once = [decision(CAB, 'user:default/a')];
    const twiceBySame = [...once, decision(CAB, 'user:default/a')];
    const twoMembers = [...once, decision(CAB, 'user:default/b')];
    expect(pendingApproverRefs(required, once)).toEqual([CAB]);
    expect(pendingApproverRefs(required, twiceBySame)).toEqual([CAB]);
    expect(pendingApproverRefs(required, twoMembers)).toEqual([]);
    expect(approverState(required[0], twiceBySame).state).toBe('pending');
    expect(approverState(required[0], twoMembers).state).toBe('approved');
  });

  it('lets one rejection decide an approver and the round', () => {
    const required = [{ approverRef: OWNERS }, { approverRef: CAB }];
    const approvals = [
      decision(OWNERS, 'user:default/a'),
      decision(CAB, 'user:default/b', 'reject'),
    ];
    expect(approverState(required[1], approvals).state).toBe('rejected');
    expect(approvalRoundOutcome(required, approvals)).toBe('rejected');
    expect(decidedApproverRefs(required, approvals)).toEqual([OWNERS, CAB]);
    // A rejection is no approval: the approver still misses one.
    expect(pendingApproverRefs(required, approvals)).toEqual([CAB]);
  });

  it('completes the round when nobody is pending', () => {
    const required = [{ approverRef: OWNERS }, { approverRef: CAB }];
    const first = [decision(OWNERS, 'user:default/a')];
    expect(approvalRoundOutcome(required, first)).toBe('pending');
    expect(decidedApproverRefs(required, first)).toEqual([OWNERS]);
    const both = [...first, decision(CAB, 'user:default/b')];
    expect(approvalRoundOutcome(required, both)).toBe('approved');
    expect(approvalRoundOutcome([], [])).toBe('approved');
  });

  it('agrees between the per-approver view and the round', () => {
    const refArb = fc.constantFrom(OWNERS, CAB);
    const decisionArb = fc
      .tuple(
        refArb,
        fc.constantFrom('user:default/a', 'user:default/b', 'user:default/c'),
        fc.constantFrom<'approve' | 'reject'>('approve', 'reject'),
        fc.boolean(),
      )
      .map(([ref, by, what, superseded]) =>
        decision(ref, by, what, superseded),
      );
    const requiredArb = fc.uniqueArray(
      fc.record({
        approverRef: refArb,
        quorum: fc.integer({ min: 1, max: 3 }),
      }),
      { selector: r => r.approverRef },
    );
    fc.assert(
      fc.property(requiredArb, fc.array(decisionArb), (required, approvals) => {
        const states = required.map(r => approverState(r, approvals).state);
        const outcome = approvalRoundOutcome(required, approvals);
        // Approved only when every approver is; any rejection rejects.
        expect(
          outcome !== 'approved' || states.every(s => s === 'approved'),
        ).toBe(true);
        expect(!states.includes('rejected') || outcome === 'rejected').toBe(
          true,
        );
        const pending = pendingApproverRefs(required, approvals);
        const refsIn = (state: string) =>
          required
            .filter((_, i) => states[i] === state)
            .map(r => r.approverRef);
        expect(refsIn('approved').filter(ref => pending.includes(ref))).toEqual(
          [],
        );
        expect(refsIn('pending').filter(ref => !pending.includes(ref))).toEqual(
          [],
        );
      }),
    );
  });
});
