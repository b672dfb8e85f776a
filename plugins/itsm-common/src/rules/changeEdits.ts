import {
  CHANGE_APPROVAL_STATE,
  RETROACTIVE_APPROVAL_STATES,
} from './approvals';
import {
  APPROVED_CHANGE_STATES,
  CHANGE_APPROVED_STATE,
  isFinishedState,
} from './states';

/**
 * Approval holds only for what was approved: which edits of a change are
 * material, and what a material edit does in each state.
 */

/**
 * The fields of a change an approval is given for: its entities, service
 * impact, functional change flag, window and plans. Editing one of them once
 * approval was asked for recomputes the assessment and the approvers.
 *
 * @public
 */
export const MATERIAL_CHANGE_FIELDS = [
  'entityRefs',
  'serviceImpact',
  'functionalChange',
  'plannedStart',
  'plannedEnd',
  'implementationPlan',
  'testPlan',
  'backoutPlan',
] as const;

/** @public */
export type MaterialChangeField = (typeof MATERIAL_CHANGE_FIELDS)[number];

const sameValue = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) {
    const norm = (x: unknown[]) =>
      x.map(v => String(v).toLocaleLowerCase('en-US')).sort();
    return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
  }
  if (
    typeof a === 'string' &&
    typeof b === 'string' &&
    !Number.isNaN(Date.parse(a)) &&
    !Number.isNaN(Date.parse(b)) &&
    /^\d{4}-\d\d-\d\dT/.test(a) &&
    /^\d{4}-\d\d-\d\dT/.test(b)
  ) {
    return Date.parse(a) === Date.parse(b);
  }
  return (a ?? null) === (b ?? null) || (!a && !b);
};

/**
 * The material fields that differ between two versions of a change (the
 * same instant written differently, or the same entities in another order,
 * do not differ).
 *
 * @public
 */
export function materialEdits(
  before: { entityRefs: readonly string[]; data: Record<string, unknown> },
  after: { entityRefs: readonly string[]; data: Record<string, unknown> },
): MaterialChangeField[] {
  return MATERIAL_CHANGE_FIELDS.filter(field =>
    field === 'entityRefs'
      ? !sameValue([...before.entityRefs], [...after.entityRefs])
      : !sameValue(before.data[field], after.data[field]),
  );
}

/**
 * What a material edit does to a change:
 * - `free`: nothing was put to approval yet (draft, review, planning, in
 *   release; an emergency change before its implementation);
 * - `reapprove`: the approvals given are superseded, the approvers
 *   recomputed, and the change (re)enters `state` — approval for a change in
 *   approval or scheduled, its own state for an emergency change awaiting
 *   its retroactive approval (implementing, verifying);
 * - `recheck`: a scheduled standard change whose template skips approval
 *   stays scheduled when the checks that stand in for approval (complete
 *   plan, no freeze, no conflict) still hold; the edit is refused otherwise;
 * - `refuse`: a normal or standard change being implemented or verified
 *   keeps the plan it was approved for.
 *
 * @public
 */
export type MaterialEditEffect =
  | { kind: 'free' }
  | { kind: 'reapprove'; state: string }
  | { kind: 'recheck' }
  | { kind: 'refuse' };

/** @public */
export function materialEditEffect(change: {
  state: string;
  changeType?: unknown;
  /** A standard change whose template skips approval. */
  approvalSkipped?: boolean;
}): MaterialEditEffect {
  const { state } = change;
  if (isFinishedState('changes', state)) return { kind: 'refuse' };
  if (change.changeType === 'emergency') {
    return RETROACTIVE_APPROVAL_STATES.includes(state)
      ? { kind: 'reapprove', state }
      : { kind: 'free' };
  }
  if (state === CHANGE_APPROVAL_STATE)
    return { kind: 'reapprove', state: CHANGE_APPROVAL_STATE };
  if (state === CHANGE_APPROVED_STATE) {
    return change.approvalSkipped
      ? { kind: 'recheck' }
      : { kind: 'reapprove', state: CHANGE_APPROVAL_STATE };
  }
  return APPROVED_CHANGE_STATES.includes(state)
    ? { kind: 'refuse' }
    : { kind: 'free' };
}

/**
 * Tells whether a change's CMDB-update flag is fixed: once approval is given
 * (scheduled and later; for an emergency change, from its implementation,
 * when its retroactive approval is collected).
 *
 * @public
 */
export function cmdbUpdateFixed(change: {
  state: string;
  changeType?: unknown;
}): boolean {
  return change.changeType === 'emergency'
    ? RETROACTIVE_APPROVAL_STATES.includes(change.state)
    : APPROVED_CHANGE_STATES.includes(change.state);
}
