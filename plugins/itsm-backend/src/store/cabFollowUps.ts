import { Knex } from 'knex';
import { CAB_MEETINGS, MeetingRow } from './cabRows';
import { checkLimit, Db, toIso } from './rows';

/*
 * What the scheduled follow-up of CAB meetings reads and claims
 * (releases/cabFollowUp.ts): agendas to circulate at the submission
 * deadline, and closes whose effects are to be finished. Each claim is one
 * conditional UPDATE whose row count says whether this caller got it, so
 * two instances never both circulate an agenda or both run a close's
 * effects (PostgreSQL re-checks the conditions of a row another claim
 * changed; SQLite has one writer).
 */

/** A page of meetings, oldest first, after `afterSeq`. */
interface DueQuery {
  now: string;
  limit: number;
  afterSeq?: number;
}

function page(db: Db, query: DueQuery): Knex.QueryBuilder {
  return db(CAB_MEETINGS)
    .modify(q => {
      if (query.afterSeq !== undefined) q.where('seq', '>', query.afterSeq);
    })
    .orderBy('seq', 'asc')
    .limit(checkLimit(query.limit));
}

/** Planned meetings past their deadline whose agenda was not circulated. */
export function dueForCirculation(
  db: Db,
  query: DueQuery,
): Promise<MeetingRow[]> {
  return page(db, query)
    .where('state', 'planned')
    .whereNull('circulated_at')
    .where('submission_deadline', '<=', toIso(query.now));
}

/** The meeting is held by nobody (or its hold, or wait after a failure, has passed). */
const unheld = (now: string) => (q: Knex.QueryBuilder) =>
  q
    .whereNull('effects_claimed_until')
    .orWhere('effects_claimed_until', '<', now);

/** Closed meetings whose effects are not done and nobody holds. */
export function effectsPending(db: Db, query: DueQuery): Promise<MeetingRow[]> {
  const now = toIso(query.now);
  return page(db, query)
    .where('state', 'closed')
    .whereNull('effects_done_at')
    .where(unheld(now));
}

/** Sets circulated_at of a planned meeting past its deadline, once. */
export async function claimCirculation(
  db: Db,
  meetingId: string,
  now: string,
): Promise<boolean> {
  const at = toIso(now);
  const updated = await db(CAB_MEETINGS)
    .where({ id: meetingId, state: 'planned' })
    .whereNull('circulated_at')
    .where('submission_deadline', '<=', at)
    .update({ circulated_at: at });
  return updated === 1;
}

/** Holds the effects of a closed meeting until `until`: the runs so far, or undefined. */
export async function claimEffects(
  db: Db,
  meetingId: string,
  now: string,
  until: string,
): Promise<number | undefined> {
  const rows: Array<{ effects_attempts: number | string }> = await db(
    CAB_MEETINGS,
  )
    .where({ id: meetingId, state: 'closed' })
    .whereNull('effects_done_at')
    .where(unheld(toIso(now)))
    .update({
      effects_claimed_until: toIso(until),
      effects_attempts: db.raw('effects_attempts + 1'),
    })
    .returning(['effects_attempts']);
  return rows.length === 1 ? Number(rows[0].effects_attempts) : undefined;
}

/** Marks the effects done (and the meeting held by nobody); false when done before. */
export async function effectsDone(
  db: Db,
  meetingId: string,
  now: string,
): Promise<boolean> {
  const updated = await db(CAB_MEETINGS)
    .where({ id: meetingId })
    .whereNull('effects_done_at')
    .update({ effects_done_at: toIso(now), effects_claimed_until: null });
  return updated === 1;
}

/** After a failed run: the effects are tried again once `retryAt` has passed. */
export async function effectsFailed(
  db: Db,
  meetingId: string,
  retryAt: string,
): Promise<void> {
  await db(CAB_MEETINGS)
    .where({ id: meetingId })
    .whereNull('effects_done_at')
    .update({ effects_claimed_until: toIso(retryAt) });
}
