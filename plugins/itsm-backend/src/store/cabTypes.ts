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
}
