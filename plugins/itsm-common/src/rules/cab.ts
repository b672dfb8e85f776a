/**
 * The votes a member of a change advisory board (CAB) casts on each RFC of a
 * meeting's agenda.
 *
 * @public
 */
export const CAB_VOTES = ['include', 'reject', 'defer'] as const;

/** @public */
export type CabVote = (typeof CAB_VOTES)[number];

/**
 * What a CAB meeting decides for one RFC: `included` in the release the
 * meeting registers, `rejected` (the RFC closes), or `backlog` (it waits for
 * the next meeting).
 *
 * @public
 */
export type CabOutcome = 'included' | 'rejected' | 'backlog';

/** @public */
export function isCabVote(value: unknown): value is CabVote {
  return (CAB_VOTES as readonly unknown[]).includes(value);
}

/**
 * The smallest number of members that is at least two thirds of the whole
 * membership: `ceil(2 * members / 3)`, in integers (3 of 4, 4 of 5, 4 of 6,
 * 5 of 7).
 *
 * @public
 */
export function cabTwoThirds(members: number): number {
  if (!Number.isInteger(members) || members < 1) {
    throw new RangeError(
      `A CAB needs at least one member, not ${String(members)}`,
    );
  }
  return Math.floor((2 * members + 2) / 3);
}

/** The count of each vote on one RFC, and what the meeting decides on it. */
export interface CabTally {
  members: number;
  include: number;
  reject: number;
  defer: number;
  /** Members who have not voted (an abstention counts against both). */
  abstain: number;
  /** Votes needed to include or to reject: two thirds of all members. */
  needed: number;
  outcome: CabOutcome;
}

/**
 * The CAB rule (process model, "Release"): an RFC is rejected when at least
 * two thirds of **all members** voted reject, included when at least two
 * thirds of all members voted include, and otherwise stays in the backlog.
 * Counted over the whole membership, not over the votes cast: abstentions
 * and defers count against both. Only the members' own votes count, one per
 * member (the last one given).
 *
 * @param members - the CAB's members (entity refs), as frozen for the meeting
 * @param votes - each member's vote on the RFC, by member ref
 * @throws RangeError when the CAB has no member
 * @public
 */
export function cabTally(
  members: readonly string[],
  votes: ReadonlyMap<string, CabVote> | Record<string, CabVote>,
): CabTally {
  const unique = [...new Set(members)];
  const needed = cabTwoThirds(unique.length);
  const voteOf = (member: string): CabVote | undefined =>
    votes instanceof Map
      ? votes.get(member)
      : (votes as Record<string, CabVote>)[member];
  const counts = { include: 0, reject: 0, defer: 0, abstain: 0 };
  for (const member of unique) {
    const vote = voteOf(member);
    if (vote && isCabVote(vote)) counts[vote] += 1;
    else counts.abstain += 1;
  }
  // Two thirds of one membership cannot vote both ways: 2 * needed > members.
  let outcome: CabOutcome = 'backlog';
  if (counts.reject >= needed) outcome = 'rejected';
  else if (counts.include >= needed) outcome = 'included';
  return { members: unique.length, ...counts, needed, outcome };
}

/**
 * Whether an RFC in the backlog needs a CAB vote (process model, "Release"):
 * not when it fixes or prevents a problem (it is linked to one) without
 * changing functionality; every other RFC gets estimates and waits for the
 * next CAB meeting.
 *
 * @public
 */
export function needsCabVote(rfc: {
  /** The change's `functionalChange` flag. */
  functionalChange?: boolean | null;
  /** The record types the change is linked to. */
  linkedTypes: readonly string[];
}): boolean {
  return !(
    rfc.linkedTypes.includes('problems') && rfc.functionalChange !== true
  );
}
