import fs from 'fs';
import path from 'path';
import {
  ITSM_RECORD_TYPES,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordType,
} from './recordTypes';
import {
  CHANGE_MACHINE,
  INCIDENT_MACHINE,
  INCIDENT_OPEN_STATES,
  PROBLEM_MACHINE,
  RELEASE_MACHINE,
  SLA_MACHINE,
  STATE_MACHINES,
  StateMachineDef,
  allowedTransitions,
  describeIllegalTransition,
  findTransition,
  isChangeOutcome,
  isKnownState,
  isSlaClockRunning,
  isTerminalState,
  toMermaid,
  availableTransitions,
  toTransitionTable,
} from './stateMachines';

/**
 * The full legal matrix, written out by hand: for each machine, its states
 * and every legal `from>to` pair. Any other ordered pair must be illegal. This
 * list is deliberately not derived from the machines, so adding or removing a
 * transition fails this test until the list is updated on purpose.
 */
const EXPECTED: Record<
  ItsmRecordType,
  { states: string[]; terminal: string[]; legal: string[] }
> = {
  incidents: {
    states: [
      'new',
      'assigned',
      'in_progress',
      'pending',
      'resolved',
      'closed',
      'cancelled',
    ],
    terminal: ['closed', 'cancelled'],
    legal: [
      'new>assigned',
      'new>resolved',
      'new>cancelled',
      'assigned>in_progress',
      'assigned>new',
      'assigned>cancelled',
      'in_progress>pending',
      'in_progress>resolved',
      'in_progress>cancelled',
      'pending>in_progress',
      'pending>cancelled',
      'resolved>closed',
      'resolved>assigned',
    ],
  },
  problems: {
    states: [
      'new',
      'under_investigation',
      'root_cause_known',
      'known_error',
      'resolved',
      'closed',
      'impasse',
    ],
    terminal: ['closed'],
    legal: [
      'new>under_investigation',
      'under_investigation>root_cause_known',
      'under_investigation>impasse',
      'root_cause_known>known_error',
      'root_cause_known>resolved',
      'root_cause_known>under_investigation',
      'root_cause_known>impasse',
      'known_error>resolved',
      'known_error>under_investigation',
      'resolved>closed',
      'impasse>under_investigation',
    ],
  },
  changes: {
    states: [
      'draft',
      'review',
      'planning',
      'approval',
      'scheduled',
      'implementing',
      'verifying',
      'closed',
      'rejected',
      'cancelled',
      'in_release',
    ],
    terminal: ['closed', 'rejected', 'cancelled'],
    legal: [
      'draft>review',
      'draft>implementing',
      'draft>cancelled',
      'review>planning',
      'review>in_release',
      'review>rejected',
      'review>cancelled',
      'in_release>review',
      'in_release>rejected',
      'in_release>closed',
      'in_release>cancelled',
      'planning>approval',
      'planning>scheduled',
      'planning>cancelled',
      'approval>scheduled',
      'approval>planning',
      'approval>rejected',
      'approval>cancelled',
      'scheduled>approval',
      'scheduled>implementing',
      'scheduled>cancelled',
      'implementing>verifying',
      'verifying>implementing',
      'verifying>closed',
    ],
  },
  releases: {
    states: [
      'backlog',
      'defined',
      'justification',
      'coordinating',
      'reviewing',
      'closed',
      'cancelled',
    ],
    terminal: ['closed', 'cancelled'],
    legal: [
      'defined>justification',
      'defined>coordinating',
      'defined>cancelled',
      'justification>coordinating',
      'justification>defined',
      'justification>cancelled',
      'coordinating>reviewing',
      'coordinating>cancelled',
      'reviewing>closed',
    ],
  },
  slas: {
    states: ['draft', 'active', 'declined', 'expired', 'terminated'],
    terminal: ['declined', 'expired', 'terminated'],
    legal: [
      'draft>active',
      'draft>declined',
      'active>expired',
      'active>terminated',
    ],
  },
};

/** Actions that must always carry a reason, per the process model. */
const REASON_ACTIONS = [
  'reject',
  'send_back',
  'cancel',
  'decline',
  'declare_impasse',
  'terminate',
  'pass_back',
  'reinvestigate',
  'reopen',
  'pend',
];

function reachable(machine: StateMachineDef): Set<string> {
  const seen = new Set<string>([
    machine.initial,
    ...(machine.entryStates ?? []),
  ]);
  const queue = [...seen];
  while (queue.length > 0) {
    const state = queue.shift()!;
    for (const tr of machine.transitions) {
      if (tr.from === state && !seen.has(tr.to)) {
        seen.add(tr.to);
        queue.push(tr.to);
      }
    }
  }
  return seen;
}

describe.each(ITSM_RECORD_TYPES.map(type => [type]))(
  'state machine of %s',
  type => {
    const machine = STATE_MACHINES[type];
    const expected = EXPECTED[type];

    it('is registered under its own record type', () => {
      expect(machine.recordType).toBe(type);
    });

    it('has exactly the expected states and end states', () => {
      expect([...machine.states]).toEqual(expected.states);
      expect([...machine.terminal]).toEqual(expected.terminal);
      expect(machine.states).toContain(machine.initial);
      for (const s of machine.entryStates ?? []) {
        expect(machine.states).toContain(s);
      }
    });

    const pairs = expected.states.flatMap(from =>
      expected.states.map(to => [from, to] as const),
    );

    it.each(pairs.map(([from, to]) => [from, to]))(
      'pins %s -> %s as legal or illegal',
      (from, to) => {
        const legal = expected.legal.includes(`${from}>${to}`);
        expect(findTransition(type, from, to) !== undefined).toBe(legal);
        expect(allowedTransitions(type, from).some(tr => tr.to === to)).toBe(
          legal,
        );
      },
    );

    it('declares no transition outside the expected list', () => {
      const declared = machine.transitions.map(tr => `${tr.from}>${tr.to}`);
      expect([...declared].sort()).toEqual([...expected.legal].sort());
    });

    it('identifies every transition uniquely by from and to', () => {
      const keys = machine.transitions.map(tr => `${tr.from}>${tr.to}`);
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('only uses declared states, and never loops on one state', () => {
      for (const tr of machine.transitions) {
        expect(machine.states).toContain(tr.from);
        expect(machine.states).toContain(tr.to);
        expect(tr.from).not.toBe(tr.to);
      }
    });

    it('requires a reason for every reject, send-back, cancel and the like', () => {
      const withoutReason = machine.transitions
        .filter(tr => REASON_ACTIONS.includes(tr.action) && !tr.requiresReason)
        .map(tr => `${tr.from}>${tr.to}`);
      expect(withoutReason).toEqual([]);
    });

    it('leaves no terminal state', () => {
      for (const end of machine.terminal) {
        expect(allowedTransitions(type, end)).toEqual([]);
        expect(isTerminalState(type, end)).toBe(true);
      }
      for (const s of machine.states.filter(
        x => !machine.terminal.includes(x),
      )) {
        expect(isTerminalState(type, s)).toBe(false);
      }
    });

    it('reaches every state from an entry state', () => {
      expect([...reachable(machine)].sort()).toEqual(
        [...machine.states].sort(),
      );
    });

    it('lets every non-terminal state other than a standing backlog move on', () => {
      for (const s of machine.states) {
        if (machine.terminal.includes(s)) continue;
        if ((machine.entryStates ?? []).includes(s)) continue;
        expect({ s, out: allowedTransitions(type, s).length > 0 }).toEqual({
          s,
          out: true,
        });
      }
    });

    it('gives every transition an action and a label', () => {
      for (const tr of machine.transitions) {
        expect(tr.action).toMatch(/^[a-z]+(_[a-z]+)*$/);
        expect(tr.label.trim()).not.toBe('');
      }
    });

    it('names the allowed targets when a transition is illegal', () => {
      const prefix = ITSM_RECORD_TYPE_INFO[type].keyPrefix;
      const cases = expected.states.flatMap(from => {
        const targets = expected.legal
          .filter(p => p.startsWith(`${from}>`))
          .map(p => p.split('>')[1]);
        return expected.states
          .filter(to => targets.length > 0 && !targets.includes(to))
          .map(to => ({ from, to, targets }));
      });
      expect(cases.length).toBeGreaterThan(0);
      for (const { from, to, targets } of cases) {
        expect(describeIllegalTransition(type, from, to)).toBe(
          `Cannot move ${prefix} from '${from}' to '${to}'; allowed: ${targets.join(
            ', ',
          )}`,
        );
      }
    });
  },
);

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
    expect(guards('review', 'in_release')).toEqual(['notStandard']);
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

describe('docs/state-machines.md', () => {
  const docPath = path.resolve(__dirname, '../../../docs/state-machines.md');
  const doc = fs.readFileSync(docPath, 'utf8');

  it.each(ITSM_RECORD_TYPES.map(type => [type]))(
    'holds the current diagram and transition table of %s',
    type => {
      const machine = STATE_MACHINES[type];
      expect(doc).toContain(`\`\`\`mermaid\n${toMermaid(machine)}\n\`\`\``);
      expect(doc).toContain(`${toTransitionTable(machine)}\n`);
    },
  );

  it('explains every guard and effect the machines use', () => {
    const used = new Set<string>();
    for (const machine of Object.values(STATE_MACHINES)) {
      for (const tr of machine.transitions) {
        tr.guards.forEach(g => used.add(g));
        (tr.effects ?? []).forEach(e => used.add(e));
      }
    }
    for (const name of used) {
      expect(doc).toMatch(new RegExp(`^- \`${name}\`: `, 'm'));
    }
  });

  it('renders a diagram with entries, guarded arrows and ends', () => {
    expect(toMermaid(SLA_MACHINE)).toBe(
      [
        'stateDiagram-v2',
        '    [*] --> draft',
        '    draft --> active: Activate [bothSignatures]',
        '    draft --> declined: Decline',
        '    active --> expired: Mark expired',
        '    active --> terminated: Terminate',
        '    declined --> [*]',
        '    expired --> [*]',
        '    terminated --> [*]',
      ].join('\n'),
    );
    expect(toMermaid(RELEASE_MACHINE)).toContain('    [*] --> backlog');
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
