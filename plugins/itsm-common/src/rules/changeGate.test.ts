import { changeGateSchema } from '../schemas';
import {
  CHANGE_GATE_CONDITIONS,
  changeGateCondition,
  heldChangeGateConditions,
} from './changeGate';

describe('change gate conditions', () => {
  it('names every flag of the change gate once, in the order of the model', () => {
    expect(CHANGE_GATE_CONDITIONS.map(c => c.flag)).toEqual([
      'disruptsService',
      'changesFunctionality',
      'requiresCmdbUpdate',
    ]);
    expect(CHANGE_GATE_CONDITIONS.map(c => c.flag).sort()).toEqual(
      Object.keys(changeGateSchema.shape).sort(),
    );
  });

  it('says each condition as a short label and as a sentence', () => {
    expect(changeGateCondition('disruptsService')).toEqual({
      flag: 'disruptsService',
      label: 'disrupts the service',
      sentence: 'makes a service unavailable or degraded during service hours',
    });
    expect(changeGateCondition('changesFunctionality').sentence).toBe(
      'changes what the service does',
    );
    expect(changeGateCondition('requiresCmdbUpdate').label).toBe(
      'needs a CMDB update',
    );
  });

  it('lists the conditions that hold, in order', () => {
    const flags = (gate: Parameters<typeof heldChangeGateConditions>[0]) =>
      heldChangeGateConditions(gate).map(c => c.flag);
    expect(flags({ requiresCmdbUpdate: true, disruptsService: true })).toEqual([
      'disruptsService',
      'requiresCmdbUpdate',
    ]);
    expect(
      flags({
        disruptsService: false,
        changesFunctionality: true,
        requiresCmdbUpdate: false,
      }),
    ).toEqual(['changesFunctionality']);
    expect(flags({})).toEqual([]);
    expect(flags(null)).toEqual([]);
    expect(flags(undefined)).toEqual([]);
  });
});
