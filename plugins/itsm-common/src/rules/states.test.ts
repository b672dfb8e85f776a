import fc from 'fast-check';
import { ITSM_RECORD_TYPES } from '../recordTypes';
import { INCIDENT_OPEN_STATES, STATE_MACHINES } from '../machines';
import {
  ACTIVE_SLA_STATES,
  APPROVED_CHANGE_STATES,
  CHANGE_APPROVED_STATE,
  CHANGE_IMPLEMENTING_STATE,
  CHANGE_SUCCESSFUL_OUTCOME,
  CHANGE_VERIFYING_STATE,
  CONFLICTING_CHANGE_STATES,
  FINISHED_CHANGE_STATES,
  IMPLEMENTED_CHANGE_STATES,
  OPEN_CHANGE_STATES,
  OPEN_INCIDENT_STATES,
  OPEN_PROBLEM_STATES,
  OPEN_RELEASE_STATES,
  OPEN_UNIMPLEMENTED_CHANGE_STATES,
  SLA_ACTIVE_STATE,
  abandonedStates,
  awaitingClosureStates,
  changeImplemented,
  finishedStates,
  isAbandonedState,
  isFinishedState,
  isOpenState,
  openStates,
  standingStates,
  statesReachableFrom,
} from './states';

describe('state sets pinned by the process model', () => {
  it('counts incidents open until they are resolved', () => {
    expect(OPEN_INCIDENT_STATES).toEqual([
      'new',
      'assigned',
      'in_progress',
      'pending',
    ]);
    // The SLA clocks use the machine's own list; both must say the same.
    expect(OPEN_INCIDENT_STATES).toEqual([...INCIDENT_OPEN_STATES]);
  });

  it('counts a problem open until it is resolved, impasse included', () => {
    // The home page counted these; the entity tab also counted `resolved`.
    // A resolved problem waits for its verification and is not open work.
    expect(OPEN_PROBLEM_STATES).toEqual([
      'new',
      'under_investigation',
      'root_cause_known',
      'known_error',
      'impasse',
    ]);
    expect(isOpenState('problems', 'resolved')).toBe(false);
    expect(awaitingClosureStates('problems')).toEqual(['resolved']);
  });

  it('counts changes open until they end', () => {
    expect(OPEN_CHANGE_STATES).toEqual([
      'draft',
      'review',
      'planning',
      'approval',
      'scheduled',
      'implementing',
      'verifying',
      'in_release',
    ]);
    expect(FINISHED_CHANGE_STATES).toEqual(['closed', 'rejected', 'cancelled']);
    expect(abandonedStates('changes')).toEqual(['rejected', 'cancelled']);
  });

  it('approves a change from scheduling on, until it closes', () => {
    expect(CHANGE_APPROVED_STATE).toBe('scheduled');
    expect(APPROVED_CHANGE_STATES).toEqual([
      'scheduled',
      'implementing',
      'verifying',
      'closed',
    ]);
    expect(APPROVED_CHANGE_STATES).not.toContain('approval');
    expect(APPROVED_CHANGE_STATES).not.toContain('cancelled');
  });

  it('lets a known error link only to a change not yet implemented', () => {
    expect(CHANGE_IMPLEMENTING_STATE).toBe('implementing');
    expect([...OPEN_UNIMPLEMENTED_CHANGE_STATES].sort()).toEqual(
      [
        'draft',
        'review',
        'in_release',
        'planning',
        'approval',
        'scheduled',
      ].sort(),
    );
  });

  it('lets conflicts come from open changes past their draft', () => {
    expect(CONFLICTING_CHANGE_STATES).toEqual([
      'review',
      'planning',
      'approval',
      'scheduled',
      'implementing',
      'verifying',
      'in_release',
    ]);
  });

  it('keeps the release backlog a standing placeholder', () => {
    expect(standingStates('releases')).toEqual(['backlog']);
    expect(OPEN_RELEASE_STATES).toEqual([
      'defined',
      'justification',
      'coordinating',
      'reviewing',
    ]);
    expect(isFinishedState('releases', 'backlog')).toBe(false);
  });

  it('runs only active SLAs', () => {
    expect(SLA_ACTIVE_STATE).toBe('active');
    expect(ACTIVE_SLA_STATES).toEqual(['active']);
    expect(abandonedStates('slas')).toEqual(['declined']);
  });

  it('knows what an incident ends in', () => {
    expect(finishedStates('incidents')).toEqual(['closed', 'cancelled']);
    expect(isAbandonedState('incidents', 'cancelled')).toBe(true);
    expect(isAbandonedState('incidents', 'closed')).toBe(false);
    expect(abandonedStates('problems')).toEqual([]);
  });
});

describe('changeImplemented', () => {
  it('counts a change verifying, or closed successful, as implemented', () => {
    expect(CHANGE_VERIFYING_STATE).toBe('verifying');
    expect(CHANGE_SUCCESSFUL_OUTCOME).toBe('successful');
    expect(IMPLEMENTED_CHANGE_STATES).toEqual(['verifying', 'closed']);
    expect(changeImplemented({ state: 'verifying' })).toBe(true);
    expect(changeImplemented({ state: 'closed', outcome: 'successful' })).toBe(
      true,
    );
    for (const outcome of ['failed', 'backed_out', null, undefined]) {
      expect(changeImplemented({ state: 'closed', outcome })).toBe(false);
    }
    // Not yet implemented, being implemented, or abandoned: no fix yet.
    for (const state of [
      'draft',
      'review',
      'planning',
      'approval',
      'scheduled',
      'in_release',
      'implementing',
      'rejected',
      'cancelled',
    ]) {
      expect(changeImplemented({ state, outcome: 'successful' })).toBe(false);
    }
  });

  it('holds exactly for verifying or closed successful (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATE_MACHINES.changes.states),
        fc.constantFrom('successful', 'failed', 'backed_out', null, undefined),
        (state, outcome) => {
          expect(changeImplemented({ state, outcome })).toBe(
            state === 'verifying' ||
              (state === 'closed' && outcome === 'successful'),
          );
          // An implemented change is in one of the implemented states.
          expect(
            !changeImplemented({ state, outcome }) ||
              IMPLEMENTED_CHANGE_STATES.includes(state),
          ).toBe(true);
        },
      ),
    );
  });
});

describe.each(ITSM_RECORD_TYPES.map(type => [type]))(
  'state sets of %s',
  type => {
    const machine = STATE_MACHINES[type];

    it('split the states into open, awaiting closure, standing and finished', () => {
      const parts = [
        openStates(type),
        awaitingClosureStates(type),
        standingStates(type),
        finishedStates(type),
      ];
      const all = parts.flat();
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual([...machine.states].sort());
    });

    it('finish exactly where no transition leaves', () => {
      for (const state of finishedStates(type)) {
        expect(machine.transitions.some(tr => tr.from === state)).toBe(false);
      }
      for (const state of abandonedStates(type)) {
        expect(finishedStates(type)).toContain(state);
      }
    });

    it('answer the is-questions like the lists, for any text', () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.constantFrom(...machine.states), fc.string()),
          state => {
            expect(isOpenState(type, state)).toBe(
              openStates(type).includes(state),
            );
            expect(isFinishedState(type, state)).toBe(
              finishedStates(type).includes(state),
            );
          },
        ),
      );
    });

    it('hand out lists nobody can change', () => {
      expect(Object.isFrozen(openStates(type))).toBe(true);
      expect(Object.isFrozen(finishedStates(type))).toBe(true);
    });
  },
);

describe('statesReachableFrom', () => {
  it('follows every transition by default, in the machine order', () => {
    // A reopened incident can be sent back to `new`.
    expect(statesReachableFrom('incidents', 'resolved')).toEqual([
      'new',
      'assigned',
      'in_progress',
      'pending',
      'resolved',
      'closed',
      'cancelled',
    ]);
  });

  it('follows only the transitions it is told to', () => {
    expect(
      statesReachableFrom(
        'changes',
        'verifying',
        tr => tr.action !== 'close' && tr.action !== 'request_reapproval',
      ),
    ).toEqual(['implementing', 'verifying']);
  });
});
