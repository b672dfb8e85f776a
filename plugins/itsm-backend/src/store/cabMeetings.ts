import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  CabOutcome,
  CabVote,
  isCabVote,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import * as followUps from './cabFollowUps';
import {
  CAB_AGENDA,
  CAB_MEETINGS,
  CAB_MEMBERS,
  CAB_VOTES_TABLE,
  MeetingRow,
  toMeeting,
} from './cabRows';
import {
  CabAgendaItem,
  CabMeeting,
  CabMeetingStore,
  CabVoteResult,
} from './cabTypes';
import { checkLimit, Db, isUuid, toIso } from './rows';
import { nextSequenceValue } from './sequences';

export type { CabAgendaItem, CabMeeting, CabVoteResult } from './cabTypes';
export {
  CAB_AGENDA,
  CAB_MEETINGS,
  CAB_MEMBERS,
  CAB_VOTES_TABLE,
} from './cabRows';

/** The key prefix and sequence name of CAB meetings. */
const KEY_PREFIX = 'CAB-';
const SEQUENCE = 'cab-meetings';

/**
 * CAB meetings in the store: each write is one transaction; a vote and the
 * close lock the meeting row first, so no vote lands after the close has
 * read the votes, and none after it committed.
 */
export class KnexCabMeetings implements CabMeetingStore {
  constructor(private readonly db: Db) {}

  async create(meeting: {
    serviceRef: string;
    title: string;
    meetingAt: string;
    submissionDeadline: string;
    members: readonly string[];
    createdBy: string;
    now: string;
  }): Promise<CabMeeting> {
    const members = [...new Set(meeting.members)].sort();
    if (members.length === 0) {
      throw new ConflictError('A CAB meeting needs at least one member');
    }
    const id = randomUUID();
    await this.db.transaction(async trx => {
      const seq = await nextSequenceValue(trx, SEQUENCE);
      await trx(CAB_MEETINGS).insert({
        id,
        seq,
        key: `${KEY_PREFIX}${seq}`,
        service_ref: meeting.serviceRef,
        title: meeting.title,
        meeting_at: toIso(meeting.meetingAt, 'meetingAt'),
        submission_deadline: toIso(
          meeting.submissionDeadline,
          'submissionDeadline',
        ),
        state: 'planned',
        created_by: meeting.createdBy,
        created_at: toIso(meeting.now),
        version: 1,
      });
      await trx(CAB_MEMBERS).insert(
        members.map(member_ref => ({ meeting_id: id, member_ref })),
      );
    });
    return (await this.get(id))!;
  }

  /** A meeting by id or key (`CAB-3`, any case). */
  async get(idOrKey: string): Promise<CabMeeting | undefined> {
    return this.read(this.db, idOrKey);
  }

  /** Meetings newest first, a page at a time (`beforeSeq` from the last page). */
  async list(query: {
    serviceRef?: string;
    state?: 'planned' | 'closed';
    limit: number;
    beforeSeq?: number;
  }): Promise<{ items: CabMeeting[]; nextBeforeSeq?: number }> {
    const limit = checkLimit(query.limit);
    const rows: MeetingRow[] = await this.db(CAB_MEETINGS)
      .modify(q => {
        if (query.serviceRef) q.where('service_ref', query.serviceRef);
        if (query.state) q.where('state', query.state);
        if (query.beforeSeq !== undefined) q.where('seq', '<', query.beforeSeq);
      })
      .orderBy('seq', 'desc')
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const members = await this.membersOf(
      this.db,
      page.map(r => r.id),
    );
    const items = page.map(r => toMeeting(r, members.get(r.id) ?? []));
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, nextBeforeSeq: last.seq }
      : { items };
  }

  /** The agenda of a meeting in its order, with the votes cast so far. */
  async agenda(meetingId: string): Promise<CabAgendaItem[]> {
    return this.readAgenda(this.db, meetingId);
  }

  /**
   * Puts an RFC on the agenda (at its end), or updates its estimates when it
   * is there already. The service checks who may and until when.
   */
  async putOnAgenda(
    meetingId: string,
    changeId: string,
    estimates: { effortDays: number | null; cost: number | null },
  ): Promise<void> {
    await this.db.transaction(async trx => {
      const meeting = await this.lockOpen(trx, meetingId);
      if (meeting.circulated_at) {
        throw new ConflictError(
          `The agenda of ${meeting.key} was circulated at ${meeting.circulated_at}; it is frozen`,
        );
      }
      const updated = await trx(CAB_AGENDA)
        .where({ meeting_id: meetingId, change_id: changeId })
        .update({ effort_days: estimates.effortDays, cost: estimates.cost });
      if (updated > 0) return;
      const [{ last }] = await trx(CAB_AGENDA)
        .where({ meeting_id: meetingId })
        .max({ last: 'position' });
      await trx(CAB_AGENDA).insert({
        meeting_id: meetingId,
        change_id: changeId,
        position: Number(last ?? 0) + 1,
        effort_days: estimates.effortDays,
        cost: estimates.cost,
      });
    });
  }

  /**
   * Records a member's vote on an agenda RFC (replacing their earlier one),
   * unless the meeting is closed, the voter is not a member or the RFC is
   * not on the agenda.
   */
  async castVote(vote: {
    meetingId: string;
    changeId: string;
    memberRef: string;
    vote: CabVote;
    now: string;
  }): Promise<CabVoteResult> {
    if (!isCabVote(vote.vote)) throw new Error(`Not a CAB vote: ${vote.vote}`);
    return this.db.transaction(async trx => {
      const meeting = await this.lockMeeting(trx, vote.meetingId);
      if (!meeting) return 'unknown-meeting';
      if (meeting.state === 'closed') return 'closed';
      const member = await trx(CAB_MEMBERS)
        .where({ meeting_id: vote.meetingId, member_ref: vote.memberRef })
        .first('member_ref');
      if (!member) return 'not-member';
      const item = await trx(CAB_AGENDA)
        .where({ meeting_id: vote.meetingId, change_id: vote.changeId })
        .first('change_id');
      if (!item) return 'not-on-agenda';
      await trx(CAB_VOTES_TABLE)
        .insert({
          meeting_id: vote.meetingId,
          change_id: vote.changeId,
          member_ref: vote.memberRef,
          vote: vote.vote,
          voted_at: toIso(vote.now),
        })
        .onConflict(['meeting_id', 'change_id', 'member_ref'])
        .merge(['vote', 'voted_at']);
      return 'recorded';
    });
  }

  /**
   * Closes an open meeting at `expectedVersion`: `decide` gets the agenda
   * with the final votes (read under the meeting's lock) and answers the
   * outcome of each RFC and the minutes, which are stored with the next
   * meeting's date. ConflictError when the meeting is closed or changed.
   */
  async close(
    meetingId: string,
    expectedVersion: number,
    close: {
      nextMeetingAt: string;
      closedBy: string;
      now: string;
      effectsHeldUntil?: string;
      decide(agenda: CabAgendaItem[]): {
        outcomes: Map<string, CabOutcome>;
        minutes: unknown;
      };
    },
  ): Promise<{ meeting: CabMeeting; agenda: CabAgendaItem[] }> {
    await this.db.transaction(async trx => {
      const meeting = await this.lockOpen(trx, meetingId);
      if (Number(meeting.version) !== expectedVersion) {
        throw new ConflictError(
          `${meeting.key} was changed (version ${meeting.version}, not ${expectedVersion}); reload it`,
        );
      }
      const { outcomes, minutes } = close.decide(
        await this.readAgenda(trx, meetingId),
      );
      for (const [changeId, outcome] of outcomes) {
        await trx(CAB_AGENDA)
          .where({ meeting_id: meetingId, change_id: changeId })
          .update({ outcome });
      }
      await trx(CAB_MEETINGS)
        .where({ id: meetingId })
        .update({
          state: 'closed',
          next_meeting_at: toIso(close.nextMeetingAt, 'nextMeetingAt'),
          minutes: JSON.stringify(minutes),
          closed_by: close.closedBy,
          closed_at: toIso(close.now),
          version: Number(meeting.version) + 1,
          // The closer runs the effects; the scheduled follow-up finishes
          // them when they are not done once this has passed.
          ...(close.effectsHeldUntil
            ? {
                effects_claimed_until: toIso(close.effectsHeldUntil),
                effects_attempts: 1,
              }
            : {}),
        });
    });
    return {
      meeting: (await this.get(meetingId))!,
      agenda: await this.agenda(meetingId),
    };
  }

  /**
   * What the most recent closed meeting decided on an RFC, with the tally's
   * meeting key; undefined when no closed meeting had it on its agenda.
   */
  async latestDecision(
    changeId: string,
  ): Promise<{ meetingKey: string; outcome: CabOutcome } | undefined> {
    const row: { key: string; outcome: CabOutcome } | undefined = await this.db(
      `${CAB_AGENDA} as a`,
    )
      .join(`${CAB_MEETINGS} as m`, 'm.id', 'a.meeting_id')
      .where('a.change_id', changeId)
      .where('m.state', 'closed')
      .whereNotNull('a.outcome')
      .orderBy('m.seq', 'desc')
      .first('m.key', 'a.outcome');
    return row ? { meetingKey: row.key, outcome: row.outcome } : undefined;
  }

  /** The members of the meetings that registered this release (sorted, once each). */
  async membersOfRelease(releaseId: string): Promise<string[]> {
    const rows: Array<{ member_ref: string }> = await this.db(
      `${CAB_MEMBERS} as c`,
    )
      .join(`${CAB_MEETINGS} as m`, 'm.id', 'c.meeting_id')
      .where('m.release_id', releaseId)
      .distinct('c.member_ref')
      .orderBy('c.member_ref');
    return rows.map(r => r.member_ref);
  }

  /** Records the release registered for a closed meeting's included RFCs (once). */
  async setRelease(meetingId: string, releaseId: string): Promise<boolean> {
    const updated = await this.db(CAB_MEETINGS)
      .where({ id: meetingId })
      .whereNull('release_id')
      .update({ release_id: releaseId });
    return updated === 1;
  }

  dueForCirculation(query: {
    now: string;
    limit: number;
    afterSeq?: number;
  }): Promise<CabMeeting[]> {
    return this.withMembers(followUps.dueForCirculation(this.db, query));
  }

  async claimCirculation(
    meetingId: string,
    now: string,
  ): Promise<{ meeting: CabMeeting; agenda: CabAgendaItem[] } | undefined> {
    if (!(await followUps.claimCirculation(this.db, meetingId, now))) {
      return undefined;
    }
    return {
      meeting: (await this.read(this.db, meetingId))!,
      agenda: await this.readAgenda(this.db, meetingId),
    };
  }

  effectsPending(query: {
    now: string;
    limit: number;
    afterSeq?: number;
  }): Promise<CabMeeting[]> {
    return this.withMembers(followUps.effectsPending(this.db, query));
  }

  claimEffects(
    meetingId: string,
    now: string,
    until: string,
  ): Promise<number | undefined> {
    return followUps.claimEffects(this.db, meetingId, now, until);
  }

  effectsDone(meetingId: string, now: string): Promise<boolean> {
    return followUps.effectsDone(this.db, meetingId, now);
  }

  effectsFailed(meetingId: string, retryAt: string): Promise<void> {
    return followUps.effectsFailed(this.db, meetingId, retryAt);
  }

  private async withMembers(
    query: Promise<MeetingRow[]>,
  ): Promise<CabMeeting[]> {
    const rows = await query;
    const members = await this.membersOf(
      this.db,
      rows.map(r => r.id),
    );
    return rows.map(r => toMeeting(r, members.get(r.id) ?? []));
  }

  private async read(
    db: Knex | Knex.Transaction,
    idOrKey: string,
  ): Promise<CabMeeting | undefined> {
    const row: MeetingRow | undefined = await db(CAB_MEETINGS)
      .modify(q => {
        if (isUuid(idOrKey)) q.where('id', idOrKey.toLowerCase());
        else q.where('key', idOrKey.toUpperCase());
      })
      .first();
    if (!row) return undefined;
    const members = await this.membersOf(db, [row.id]);
    return toMeeting(row, members.get(row.id) ?? []);
  }

  private async membersOf(
    db: Knex | Knex.Transaction,
    meetingIds: string[],
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (meetingIds.length === 0) return result;
    const rows: Array<{ meeting_id: string; member_ref: string }> = await db(
      CAB_MEMBERS,
    )
      .whereIn('meeting_id', meetingIds)
      .orderBy([
        { column: 'meeting_id', order: 'asc' },
        { column: 'member_ref', order: 'asc' },
      ]);
    for (const r of rows) {
      result.set(r.meeting_id, [
        ...(result.get(r.meeting_id) ?? []),
        r.member_ref,
      ]);
    }
    return result;
  }

  private async readAgenda(
    db: Knex | Knex.Transaction,
    meetingId: string,
  ): Promise<CabAgendaItem[]> {
    const items: Array<{
      change_id: string;
      position: number | string;
      effort_days: number | string | null;
      cost: number | string | null;
      outcome: CabOutcome | null;
    }> = await db(CAB_AGENDA)
      .where({ meeting_id: meetingId })
      .orderBy('position', 'asc');
    const votes: Array<{
      change_id: string;
      member_ref: string;
      vote: CabVote;
    }> = await db(CAB_VOTES_TABLE)
      .where({ meeting_id: meetingId })
      .select('change_id', 'member_ref', 'vote');
    const number = (v: number | string | null) =>
      v === null ? null : Number(v);
    return items.map(item => ({
      changeId: item.change_id,
      position: Number(item.position),
      effortDays: number(item.effort_days),
      cost: number(item.cost),
      outcome: item.outcome,
      votes: Object.fromEntries(
        votes
          .filter(v => v.change_id === item.change_id)
          .map(v => [v.member_ref, v.vote]),
      ),
    }));
  }

  /** The meeting row, locked for this transaction where the database can. */
  private async lockMeeting(
    trx: Knex.Transaction,
    meetingId: string,
  ): Promise<MeetingRow | undefined> {
    const query = trx(CAB_MEETINGS).where({ id: meetingId }).first();
    return trx.client.dialect === 'postgresql' ? query.forUpdate() : query;
  }

  private async lockOpen(
    trx: Knex.Transaction,
    meetingId: string,
  ): Promise<MeetingRow> {
    const meeting = await this.lockMeeting(trx, meetingId);
    if (!meeting) throw new ConflictError(`No CAB meeting ${meetingId}`);
    if (meeting.state === 'closed') {
      throw new ConflictError(`${meeting.key} is closed`);
    }
    return meeting;
  }
}
