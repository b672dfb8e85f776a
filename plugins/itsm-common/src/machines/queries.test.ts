import type { ItsmRecordType } from '../recordTypes';
import {
  CHANGE_MACHINE,
  INCIDENT_MACHINE,
  INCIDENT_OPEN_STATES,
  PROBLEM_MACHINE,
  RELEASE_MACHINE,
  SLA_MACHINE,
  STATE_MACHINES,
  actionPhrase,
  availableTransitions,
  describeIllegalTransition,
  findTransition,
  isChangeOutcome,
  isKnownState,
  isSlaClockRunning,
} from './index';

describe('describeIllegalTransition', () => {
  it('uses the key prefix and lists targets in declaration order', () => {
    expect(describeIllegalTransition('incidents', 'new', 'closed')).toBe(
      "Cannot move INC from 'new' to 'closed'; allowed: assigned, resolved, cancelled",
    );
    expect(describeIllegalTransition('changes', 'draft', 'closed')).toBe(
      "Cannot move CHG from 'draft' to 'closed'; allowed: review, implementing, cancelled",
    );
  });

  it('explains final states, unknown states and the standing backlog', () => {
    expect(describeIllegalTransition('incidents', 'closed', 'new')).toBe(
      "Cannot move INC from 'closed' to 'new'; 'closed' is a final state",
    );
    expect(describeIllegalTransition('slas', 'draft', 'bogus')).toBe(
      "Cannot move SLA from 'draft' to 'bogus'; 'bogus' is not a state of SLA (states: draft, active, declined, expired, terminated)",
    );
    expect(describeIllegalTransition('problems', 'nope', 'closed')).toBe(
      "Cannot move PRB from 'nope' to 'closed'; 'nope' is not a state of PRB",
    );
    expect(describeIllegalTransition('releases', 'backlog', 'closed')).toBe(
      "Cannot move REL from 'backlog' to 'closed'; no transition leaves 'backlog'",
    );
  });

  it('never throws, even for an unknown record type', () => {
    expect(describeIllegalTransition('nope' as ItsmRecordType, 'a', 'b')).toBe(
      "Cannot move nope from 'a' to 'b'",
    );
  });
});

describe('transition details the server relies on', () => {
  it('guards every incident resolve with the change gate and a resolution code', () => {
    for (const from of ['new', 'in_progress']) {
      const tr = findTransition('incidents', from, 'resolved')!;
      expect(tr.action).toBe('resolve');
      expect(tr.guards).toEqual(['changeGate']);
      expect(tr.requiredFields).toEqual(['resolutionCode']);
    }
  });

  it('counts incident reopens and send-backs', () => {
    const reopen = findTransition('incidents', 'resolved', 'assigned')!;
    expect(reopen.action).toBe('reopen');
    expect(reopen.effects).toContain('incrementReopenCount');
    const sendBack = findTransition('incidents', 'assigned', 'new')!;
    expect(sendBack.action).toBe('send_back');
    expect(sendBack.effects).toContain('incrementSendBackCount');
  });

  it('closes a problem only after a successful linked change', () => {
    expect(findTransition('problems', 'resolved', 'closed')!.guards).toContain(
      'linkedChangeSuccessful',
    );
    expect(
      findTransition('problems', 'known_error', 'resolved')!.guards,
    ).toEqual(['linkedChangeExists', 'linkedChangeSuccessful']);
    expect(
      findTransition('problems', 'root_cause_known', 'resolved')!.guards,
    ).toEqual(['changeGate']);
  });

  it('pins the guards of the change path', () => {
    const guards = (from: string, to: string) =>
      findTransition('changes', from, to)!.guards;
    expect(guards('draft', 'review')).toEqual(['notEmergency']);
    expect(guards('draft', 'implementing')).toEqual([
      'emergencyChange',
      'emergencyAuthorised',
    ]);
    expect(guards('review', 'rejected')).toEqual(['notStandard']);
    expect(guards('review', 'in_release')).toEqual([
      'notStandard',
      'notFromRelease',
    ]);
    expect(guards('planning', 'scheduled')).toContain('standardPreApproved');
    expect(guards('approval', 'scheduled')).toEqual(['approvalsComplete']);
    expect(guards('verifying', 'closed')).toEqual([
      'outcomeGiven',
      'catalogUpdateDone',
      'retroactiveApproval',
    ]);
    expect(
      findTransition('changes', 'verifying', 'closed')!.requiredFields,
    ).toEqual(['outcome']);
  });

  it('supersedes approvals when a change goes back to planning or is rescheduled', () => {
    const sendBack = findTransition('changes', 'approval', 'planning')!;
    expect(sendBack.action).toBe('send_back');
    expect(sendBack.requiresReason).toBe(true);
    expect(sendBack.effects).toContain('supersedeApprovals');
    const reapproval = findTransition('changes', 'scheduled', 'approval')!;
    expect(reapproval.effects).toEqual([
      'supersedeApprovals',
      'startNewApprovalRound',
    ]);
  });

  it('does not cancel a change once implementation started', () => {
    expect(findTransition('changes', 'implementing', 'cancelled')).toBe(
      undefined,
    );
    expect(findTransition('changes', 'verifying', 'cancelled')).toBe(undefined);
  });

  it('keeps releases open while a change is open', () => {
    expect(findTransition('releases', 'reviewing', 'closed')!.guards).toEqual([
      'allChangesClosed',
      'rfcsDecided',
    ]);
    expect(
      findTransition('releases', 'defined', 'coordinating')!.guards,
    ).toEqual(['withinBudget']);
  });

  it('activates an SLA only with both signatures', () => {
    expect(findTransition('slas', 'draft', 'active')!.guards).toEqual([
      'bothSignatures',
    ]);
  });

  it('exposes the machines under their own names', () => {
    expect(STATE_MACHINES).toEqual({
      incidents: INCIDENT_MACHINE,
      problems: PROBLEM_MACHINE,
      changes: CHANGE_MACHINE,
      releases: RELEASE_MACHINE,
      slas: SLA_MACHINE,
    });
  });
});

describe('incident clocks and helpers', () => {
  it('runs SLA clocks in open states except pending', () => {
    expect([...INCIDENT_OPEN_STATES]).toEqual([
      'new',
      'assigned',
      'in_progress',
      'pending',
    ]);
    expect(isSlaClockRunning('new')).toBe(true);
    expect(isSlaClockRunning('in_progress')).toBe(true);
    expect(isSlaClockRunning('pending')).toBe(false);
    expect(isSlaClockRunning('resolved')).toBe(false);
    expect(isSlaClockRunning('closed')).toBe(false);
  });

  it('recognises change outcomes and known states', () => {
    expect(isChangeOutcome('successful')).toBe(true);
    expect(isChangeOutcome('backed_out')).toBe(true);
    expect(isChangeOutcome('fulfilled')).toBe(false);
    expect(isChangeOutcome(undefined)).toBe(false);
    expect(isKnownState('changes', 'in_release')).toBe(true);
    expect(isKnownState('changes', 'resolved')).toBe(false);
  });
});

describe('availableTransitions', () => {
  const targets = (
    type: Parameters<typeof availableTransitions>[0],
    record: { state: string } & Record<string, unknown>,
  ) => availableTransitions(type, record).map(t => t.to);

  it('offers only the path of the change type', () => {
    expect(
      targets('changes', { state: 'draft', changeType: 'normal' }),
    ).toEqual(['review', 'cancelled']);
    expect(
      targets('changes', { state: 'draft', changeType: 'emergency' }),
    ).toEqual(['implementing', 'cancelled']);
    expect(
      targets('changes', { state: 'review', changeType: 'standard' }),
    ).not.toContain('in_release');
    expect(
      targets('changes', { state: 'planning', changeType: 'normal' }),
    ).not.toContain('scheduled');
    expect(
      targets('changes', { state: 'planning', changeType: 'standard' }),
    ).toContain('scheduled');
  });

  it('keeps guards that need other records for the server', () => {
    expect(targets('incidents', { state: 'in_progress' })).toContain(
      'resolved',
    );
    expect(
      targets('releases', { state: 'defined', withinBudget: false }),
    ).not.toContain('coordinating');
    expect(
      targets('releases', { state: 'defined', withinBudget: true }),
    ).toContain('coordinating');
  });
});

const VERBS = [
  'activate',
  'approve',
  'assign',
  'cancel',
  'close',
  'complete',
  'declare',
  'decline',
  'hand',
  'implement',
  'mark',
  'pass',
  'raise',
  're-review',
  'record',
  'register',
  'reinvestigate',
  'reject',
  'reopen',
  'request',
  'resolve',
  'resume',
  'return',
  'schedule',
  'send',
  'set',
  'start',
  'submit',
  'terminate',
  'verify',
];

describe('actionPhrase', () => {
  it('says every transition as a verb, without its note in parentheses', () => {
    expect(actionPhrase({ label: 'Schedule (pre-approved)' })).toBe('schedule');
    expect(actionPhrase({ label: 'Start implementation' })).toBe(
      'start implementation',
    );
    // Every label starts with a verb, so "Cannot <phrase> CHG-1" and "Only
    // the X may <phrase> CHG-1" read; a new first word is checked here.
    const firstWords = new Set(
      Object.values(STATE_MACHINES)
        .flatMap(m => m.transitions)
        .map(t => actionPhrase(t).split(' ')[0]),
    );
    expect([...firstWords].sort()).toEqual(VERBS);
  });
});
