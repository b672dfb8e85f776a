import { Db } from './rows';
import { OutboxItem, OutboxNotification, OutboxStore } from './outboxTypes';

/** The outbox table (migration `20261204070000_outbox`). */
export const OUTBOX = 'itsm_outbox';

interface OutboxRow {
  id: number | string;
  payload: string;
  attempts: number | string;
  claimed_until: string;
}

const toItem = (row: OutboxRow): OutboxItem => ({
  id: Number(row.id),
  notification: JSON.parse(row.payload) as OutboxNotification,
  attempts: Number(row.attempts),
  claimedUntil: row.claimed_until,
});

/** The outbox in the store (see {@link OutboxStore}). */
export class KnexOutbox implements OutboxStore {
  constructor(private readonly db: Db) {}

  async enqueue(
    notifications: readonly OutboxNotification[],
    now: string,
  ): Promise<number[]> {
    const ids: number[] = [];
    // In chunks: SQLite takes at most 500 terms in one compound insert.
    for (let i = 0; i < notifications.length; i += 100) {
      const rows: Array<{ id: number | string }> = await this.db(OUTBOX)
        .insert(
          notifications.slice(i, i + 100).map(n => ({
            payload: JSON.stringify(n),
            created_at: now,
            attempts: 0,
          })),
        )
        .returning('id');
      ids.push(...rows.map(r => Number(typeof r === 'object' ? r.id : r)));
    }
    return ids;
  }

  async claim(options: {
    now: string;
    leaseMs: number;
    ids?: readonly number[];
    limit: number;
  }): Promise<OutboxItem[]> {
    const { now, leaseMs, ids, limit } = options;
    if (ids && ids.length === 0) return [];
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    const due = this.db(OUTBOX)
      .select('id')
      .whereNull('delivered_at')
      .where(q =>
        q.whereNull('claimed_until').orWhere('claimed_until', '<', now),
      )
      .orderBy('id')
      .limit(limit);
    if (ids) due.whereIn('id', [...ids]);
    // One statement: a row is claimed by one delivery, whichever instance
    // asks (PostgreSQL re-checks the conditions of a row another claim
    // changed; SQLite has one writer).
    const rows: OutboxRow[] = await this.db(OUTBOX)
      .whereIn('id', due)
      .whereNull('delivered_at')
      .where(q =>
        q.whereNull('claimed_until').orWhere('claimed_until', '<', now),
      )
      .update({
        claimed_until: until,
        attempts: this.db.raw('attempts + 1'),
      })
      .returning(['id', 'payload', 'attempts', 'claimed_until']);
    return rows.map(toItem).sort((a, b) => a.id - b.id);
  }

  async renew(
    id: number,
    heldUntil: string,
    until: string,
  ): Promise<string | undefined> {
    // One statement, like the claim: it and a claim of another delivery
    // cannot both succeed (the second re-checks the row the first changed).
    const changed = await this.db(OUTBOX)
      .where({ id, claimed_until: heldUntil })
      .whereNull('delivered_at')
      .update({ claimed_until: until });
    return changed === 1 ? until : undefined;
  }

  async delivered(id: number, now: string): Promise<void> {
    await this.db(OUTBOX)
      .where({ id })
      .update({ delivered_at: now, claimed_until: null, last_error: null });
  }

  async failed(id: number, error: string, retryAt: string): Promise<void> {
    await this.db(OUTBOX)
      .where({ id })
      .update({ claimed_until: retryAt, last_error: error.slice(0, 2000) });
  }

  async pending(): Promise<number> {
    const [{ n }] = await this.db(OUTBOX)
      .whereNull('delivered_at')
      .count({ n: '*' });
    return Number(n);
  }
}
