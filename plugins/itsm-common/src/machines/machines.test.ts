import { ITSM_RECORD_TYPES, ITSM_RECORD_TYPE_INFO } from '../recordTypes';
import {
  EXPECTED,
  REASON_ACTIONS,
  reachable,
} from './__testUtils__/expectedMachines';
import {
  STATE_MACHINES,
  allowedTransitions,
  describeIllegalTransition,
  findTransition,
  isTerminalState,
} from './index';

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
