import type { ChangeGate } from '../schemas';

/**
 * The change gate (model file, Incident): a fix that meets any of these
 * conditions may not be resolved without change management.
 */

/** One flag of the change gate. @public */
export type ChangeGateFlag = keyof ChangeGate;

/**
 * One condition of the change gate, in words.
 *
 * @public
 */
export interface ChangeGateCondition {
  flag: ChangeGateFlag;
  /** A few words for a summary, completing "Fix …", e.g. `disrupts the service`. */
  label: string;
  /** The condition as a sentence completing "the fix …". */
  sentence: string;
}

/**
 * The three conditions of the change gate, in the order they are named.
 *
 * @public
 */
export const CHANGE_GATE_CONDITIONS: readonly ChangeGateCondition[] = [
  {
    flag: 'disruptsService',
    label: 'disrupts the service',
    sentence: 'makes a service unavailable or degraded during service hours',
  },
  {
    flag: 'changesFunctionality',
    label: 'changes functionality',
    sentence: 'changes what the service does',
  },
  {
    flag: 'requiresCmdbUpdate',
    label: 'needs a CMDB update',
    sentence: 'requires a CMDB update',
  },
];

/**
 * The condition of one flag of the change gate.
 *
 * @public
 */
export function changeGateCondition(flag: ChangeGateFlag): ChangeGateCondition {
  return CHANGE_GATE_CONDITIONS.find(c => c.flag === flag)!;
}

/**
 * The conditions a change gate says hold, in order; none for a missing gate.
 * A fix for which any holds needs change management.
 *
 * @public
 */
export function heldChangeGateConditions(
  gate: Partial<Record<ChangeGateFlag, boolean | null>> | null | undefined,
): ChangeGateCondition[] {
  return CHANGE_GATE_CONDITIONS.filter(c => Boolean(gate?.[c.flag]));
}
