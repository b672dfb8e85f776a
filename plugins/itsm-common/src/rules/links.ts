import { ITSM_RECORD_TYPES, ItsmRecordType } from '../recordTypes';
import { isFinishedState } from './states';

/**
 * Which record types may be linked, each pair in the direction a link is
 * stored (the earlier type of {@link ITSM_RECORD_TYPES} first): incidents to
 * problems and changes, problems to changes, changes to releases. SLAs link
 * to nothing.
 *
 * @public
 */
export const LINKABLE_TYPE_PAIRS: ReadonlyArray<
  readonly [ItsmRecordType, ItsmRecordType]
> = Object.freeze([
  ['incidents', 'problems'],
  ['incidents', 'changes'],
  ['problems', 'changes'],
  ['changes', 'releases'],
] as const);

/**
 * The kind a link is stored under, e.g. `incidents:problems`.
 *
 * @public
 */
export type ItsmLinkKind = `${ItsmRecordType}:${ItsmRecordType}`;

/**
 * The record types a record of `type` may link to, in the order of
 * {@link ITSM_RECORD_TYPES}.
 *
 * @public
 */
export function linkableTypes(type: ItsmRecordType): ItsmRecordType[] {
  return ITSM_RECORD_TYPES.filter(other => canLink(type, other));
}

/**
 * Tells whether records of the two types may be linked (either order).
 *
 * @public
 */
export function canLink(a: ItsmRecordType, b: ItsmRecordType): boolean {
  return LINKABLE_TYPE_PAIRS.some(
    ([x, y]) => (x === a && y === b) || (x === b && y === a),
  );
}

/**
 * Orders two records for storing their link: `from` is the record of the
 * earlier type. Undefined when their types cannot be linked.
 *
 * @public
 */
export function orderLink<T extends { type: ItsmRecordType }>(
  a: T,
  b: T,
): { from: T; to: T; kind: ItsmLinkKind } | undefined {
  for (const [first, second] of LINKABLE_TYPE_PAIRS) {
    if (a.type === first && b.type === second) {
      return { from: a, to: b, kind: `${first}:${second}` };
    }
    if (b.type === first && a.type === second) {
      return { from: b, to: a, kind: `${first}:${second}` };
    }
  }
  return undefined;
}

/**
 * The record types a type links to as people read them, e.g.
 * `problems, changes`; empty for SLAs.
 *
 * @public
 */
export function describeLinkableTypes(type: ItsmRecordType): string {
  return linkableTypes(type).join(', ');
}

/**
 * Tells whether a record in `state` may take a new link: a finished record
 * takes none (process model, "Rules made precise").
 *
 * @public
 */
export function acceptsNewLinks(type: ItsmRecordType, state: string): boolean {
  return !isFinishedState(type, state);
}

/**
 * The states in which a release takes no new change although it has not
 * finished: its coordination is over (process model, "Release"), so a change
 * joining it now was never coordinated by it, and could be closed as fulfilled
 * by a release that did not fulfil it.
 */
const RELEASE_STATES_PAST_COORDINATION: readonly string[] = ['reviewing'];

/** The part of a record the link rules read. @public */
export interface LinkEnd {
  key: string;
  type: ItsmRecordType;
  state: string;
}

/**
 * Why a new link between two records is refused, or undefined when it may be
 * added: a finished record takes no new links (process model, "Rules made
 * precise"), and a release whose coordination is over takes no new change.
 * Only the API's link path applies it; the transitions of the processes link
 * records themselves as their rules say.
 *
 * @public
 */
export function newLinkRefusal(
  record: LinkEnd,
  other: LinkEnd,
): string | undefined {
  for (const end of [record, other]) {
    if (!acceptsNewLinks(end.type, end.state)) {
      return `${end.key} is ${end.state}: a finished record takes no new links`;
    }
  }
  for (const [release, change] of [
    [record, other],
    [other, record],
  ]) {
    if (
      release.type === 'releases' &&
      change.type === 'changes' &&
      RELEASE_STATES_PAST_COORDINATION.includes(release.state)
    ) {
      return `${release.key} is ${release.state}: its coordination is over, so it takes no new change`;
    }
  }
  return undefined;
}
