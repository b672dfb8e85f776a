/** The first answer of an idempotent write (table `itsm_idempotency_keys`). */
export interface IdempotencyEntry {
  caller: string;
  key: string;
  operation: string;
  requestHash: string;
  status: number;
  /** The JSON answered. */
  answer: string;
  createdAt: string;
}

/**
 * Idempotency keys in the store (store/idempotency.ts). `claim` runs in the
 * transaction of the write it answers for: when it answers false another
 * write holds the key, so the caller rolls back and replays the committed
 * answer with `find`.
 */
export interface IdempotencyStore {
  /** The answer recorded for a caller's key within the last day. */
  find(
    caller: string,
    key: string,
    now: string,
  ): Promise<IdempotencyEntry | undefined>;
  /** Records the answer of a write under its key: false when the key is taken. */
  claim(entry: IdempotencyEntry): Promise<boolean>;
}
