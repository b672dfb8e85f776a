import { CabOutcome, CabVote } from '@backstage-itsm/plugin-itsm-common';

/** A CAB meeting as stored, with its members. */
export interface CabMeeting {
  id: string;
  key: string;
  seq: number;
  serviceRef: string;
  title: string;
  meetingAt: string;
  submissionDeadline: string;
  state: 'planned' | 'closed';
  nextMeetingAt: string | null;
  minutes: unknown;
  releaseId: string | null;
  createdBy: string;
  createdAt: string;
  closedBy: string | null;
  closedAt: string | null;
  version: number;
  /** When the agenda was circulated to the members (at the deadline), or null. */
  circulatedAt: string | null;
  /** When the effects of the close completed, or null (not closed, or pending). */
  effectsDoneAt: string | null;
  /** The members the two thirds are counted over, sorted. */
  members: string[];
}

/** An RFC on a meeting's agenda, with every member's vote so far. */
export interface CabAgendaItem {
  changeId: string;
  position: number;
  effortDays: number | null;
  cost: number | null;
  outcome: CabOutcome | null;
  votes: Record<string, CabVote>;
}

/** What a vote did: recorded, or why not (the service turns these into 403 and 409). */
export type CabVoteResult =
  | 'recorded'
  | 'closed'
  | 'not-member'
  | 'not-on-agenda'
  | 'unknown-meeting';

/** CAB meetings in the store (store/cabMeetings.ts implements it). */
export interface CabMeetingStore {
  create(meeting: {
    serviceRef: string;
    title: string;
    meetingAt: string;
    submissionDeadline: string;
    members: readonly string[];
    createdBy: string;
    now: string;
  }): Promise<CabMeeting>;
  get(idOrKey: string): Promise<CabMeeting | undefined>;
  list(query: {
    serviceRef?: string;
    state?: 'planned' | 'closed';
    limit: number;
    beforeSeq?: number;
  }): Promise<{ items: CabMeeting[]; nextBeforeSeq?: number }>;
  agenda(meetingId: string): Promise<CabAgendaItem[]>;
  putOnAgenda(
    meetingId: string,
    changeId: string,
    estimates: { effortDays: number | null; cost: number | null },
  ): Promise<void>;
  castVote(vote: {
    meetingId: string;
    changeId: string;
    memberRef: string;
    vote: CabVote;
    now: string;
  }): Promise<CabVoteResult>;
  close(
    meetingId: string,
    expectedVersion: number,
    close: {
      nextMeetingAt: string;
      closedBy: string;
      now: string;
      /** The closer runs the effects, held from the others until then. */
      effectsHeldUntil?: string;
      decide(agenda: CabAgendaItem[]): {
        outcomes: Map<string, CabOutcome>;
        minutes: unknown;
      };
    },
  ): Promise<{ meeting: CabMeeting; agenda: CabAgendaItem[] }>;
  latestDecision(
    changeId: string,
  ): Promise<{ meetingKey: string; outcome: CabOutcome } | undefined>;
  setRelease(meetingId: string, releaseId: string): Promise<boolean>;
  membersOfRelease(releaseId: string): Promise<string[]>;
  /**
   * Planned meetings past their submission deadline whose agenda was not
   * circulated yet, oldest first, after `afterSeq`.
   */
  dueForCirculation(query: {
    now: string;
    limit: number;
    afterSeq?: number;
  }): Promise<CabMeeting[]>;
  /**
   * Claims the circulation of a planned meeting's agenda at `now`, past its
   * deadline: the meeting with its agenda (read after the claim), or
   * undefined when it was circulated before (or is not due). Runs in the
   * transaction that records the notification (ItsmStoreTransaction.cab).
   */
  claimCirculation(
    meetingId: string,
    now: string,
  ): Promise<{ meeting: CabMeeting; agenda: CabAgendaItem[] } | undefined>;
  /**
   * Closed meetings whose effects are not done and nobody holds (their
   * hold, or the wait after a failed run, has passed), oldest first.
   */
  effectsPending(query: {
    now: string;
    limit: number;
    afterSeq?: number;
  }): Promise<CabMeeting[]>;
  /**
   * Claims the effects of a closed meeting until `until`, when they are not
   * done and nobody holds them: the number of runs so far, this one
   * included, or undefined when not claimed.
   */
  claimEffects(
    meetingId: string,
    now: string,
    until: string,
  ): Promise<number | undefined>;
  /** Records that the effects completed; false when recorded before. */
  effectsDone(meetingId: string, now: string): Promise<boolean>;
  /** A failed run of the effects: tried again once `retryAt` has passed. */
  effectsFailed(meetingId: string, retryAt: string): Promise<void>;
}

/** What a transaction may do with CAB meetings (ItsmStoreTransaction.cab). */
export type CabMeetingTransaction = Pick<
  CabMeetingStore,
  'claimCirculation' | 'setRelease'
>;
