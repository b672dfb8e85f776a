import { IdempotencyEntry, IdempotencyStore } from './idempotencyTypes';
import { Db } from './rows';

export type { IdempotencyEntry } from './idempotencyTypes';

/** The table of idempotent writes (migration `20261204060000_idempotency_keys`). */
export const IDEMPOTENCY_KEYS = 'itsm_idempotency_keys';

/** How long a key's answer counts: a day, as common APIs keep theirs. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface EntryRow {
  caller: string;
  key: string;
  operation: string;
  request_hash: string;
  status: number | string;
  answer: string;
  created_at: string;
}

const expiredBefore = (now: string) =>
  new Date(Date.parse(now) - IDEMPOTENCY_TTL_MS).toISOString();

/**
 * Idempotency keys in the store (see {@link IdempotencyStore}); on
 * PostgreSQL a claim that meets an uncommitted one waits for it.
 */
export class KnexIdempotencyKeys implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  /** The answer recorded for a caller's key within the last day. */
  async find(
    caller: string,
    key: string,
    now: string,
  ): Promise<IdempotencyEntry | undefined> {
    const row: EntryRow | undefined = await this.db(IDEMPOTENCY_KEYS)
      .where({ caller, key })
      .where('created_at', '>=', expiredBefore(now))
      .first();
    return (
      row && {
        caller: row.caller,
        key: row.key,
        operation: row.operation,
        requestHash: row.request_hash,
        status: Number(row.status),
        answer: row.answer,
        createdAt: row.created_at,
      }
    );
  }

  /** Records the answer of a write under its key: false when the key is taken. */
  async claim(entry: IdempotencyEntry): Promise<boolean> {
    // An expired entry of the key no longer counts.
    await this.db(IDEMPOTENCY_KEYS)
      .where({ caller: entry.caller, key: entry.key })
      .where('created_at', '<', expiredBefore(entry.createdAt))
      .delete();
    const inserted: unknown[] = await this.db(IDEMPOTENCY_KEYS)
      .insert({
        caller: entry.caller,
        key: entry.key,
        operation: entry.operation,
        request_hash: entry.requestHash,
        status: entry.status,
        answer: entry.answer,
        created_at: entry.createdAt,
      })
      .onConflict(['caller', 'key'])
      .ignore()
      .returning('key');
    return inserted.length === 1;
  }
}
