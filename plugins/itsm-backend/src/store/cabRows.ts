import { CabMeeting } from './cabTypes';

/**
 * The tables of CAB meetings (migrations `20261204020000_cab_meetings`,
 * `20261204090000_cab_circulation`).
 */
export const CAB_MEETINGS = 'itsm_cab_meetings';
export const CAB_MEMBERS = 'itsm_cab_members';
export const CAB_AGENDA = 'itsm_cab_agenda';
export const CAB_VOTES_TABLE = 'itsm_cab_votes';

/** A row of itsm_cab_meetings. */
export interface MeetingRow {
  id: string;
  seq: number | string;
  key: string;
  service_ref: string;
  title: string;
  meeting_at: string;
  submission_deadline: string;
  state: 'planned' | 'closed';
  next_meeting_at: string | null;
  minutes: string | null;
  release_id: string | null;
  created_by: string;
  created_at: string;
  closed_by: string | null;
  closed_at: string | null;
  version: number | string;
  circulated_at: string | null;
  effects_done_at: string | null;
  effects_claimed_until: string | null;
  effects_attempts: number | string;
}

export function toMeeting(row: MeetingRow, members: string[]): CabMeeting {
  return {
    id: row.id,
    key: row.key,
    seq: Number(row.seq),
    serviceRef: row.service_ref,
    title: row.title,
    meetingAt: row.meeting_at,
    submissionDeadline: row.submission_deadline,
    state: row.state,
    nextMeetingAt: row.next_meeting_at,
    minutes: row.minutes === null ? null : JSON.parse(row.minutes),
    releaseId: row.release_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    version: Number(row.version),
    circulatedAt: row.circulated_at,
    effectsDoneAt: row.effects_done_at,
    members,
  };
}
