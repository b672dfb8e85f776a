import {
  CabOutcome,
  CabTally,
  CabVote,
} from '@backstage-itsm/plugin-itsm-common';
import { Caller } from '../engine/types';
import { CabMeeting } from '../store/cabTypes';
import { StoredRecord } from '../store/types';

/** One RFC of a meeting's agenda as the API shows it: estimates, votes, live tally. */
export interface CabAgendaView {
  changeKey: string;
  changeTitle: string;
  effortDays: number | null;
  cost: number | null;
  votes: Record<string, CabVote>;
  tally: CabTally;
  /** The decision, once the meeting is closed. */
  outcome: CabOutcome | null;
}

/** A CAB meeting as the API shows it. */
export type CabMeetingView = Omit<
  CabMeeting,
  'id' | 'seq' | 'releaseId' | 'minutes'
> & {
  minutes: Record<string, unknown> | null;
  /** The release registered with the included RFCs, once closed. */
  releaseKey: string | null;
  agendaFrozen: boolean;
  agenda: CabAgendaView[];
};

/** Whether the caller may read a record (the read permission of the policy). */
export type CanRead = (
  record: StoredRecord,
  caller: Caller,
) => Promise<boolean>;

/**
 * The ids of the records the caller may read. A CAB meeting shows the title
 * of an agenda RFC only to whoever may read the RFC: a meeting is read with
 * the basic permission itsm.cab-meeting.read, its RFCs are not.
 */
export async function readableIds(
  records: Iterable<StoredRecord>,
  caller: Caller | undefined,
  canRead: CanRead | undefined,
): Promise<Set<string>> {
  const all = [...records];
  if (!canRead) return new Set(all.map(r => r.id));
  if (!caller) return new Set();
  const allowed = await Promise.all(all.map(r => canRead(r, caller)));
  return new Set(all.filter((_, i) => allowed[i]).map(r => r.id));
}
