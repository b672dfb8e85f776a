/** A notification as the outbox keeps it (the engine's ItsmNotification). */
export interface OutboxNotification {
  recipients: string[];
  title: string;
  description?: string;
  link?: string;
}

/** A row of the outbox claimed for delivery. */
export interface OutboxItem {
  id: number;
  notification: OutboxNotification;
  attempts: number;
  /** The end of this delivery's claim: the row is this delivery's while it is unchanged. */
  claimedUntil: string;
}

/**
 * The outbox of notifications (store/outbox.ts). `enqueue` runs in the
 * transaction of the write that decided them; the others outside.
 */
export interface OutboxStore {
  enqueue(
    notifications: readonly OutboxNotification[],
    now: string,
  ): Promise<number[]>;
  /**
   * Claims undelivered rows for `leaseMs` (all due ones, or those of `ids`):
   * a row claimed by a live delivery is skipped.
   */
  claim(options: {
    now: string;
    leaseMs: number;
    ids?: readonly number[];
    limit: number;
  }): Promise<OutboxItem[]>;
  /**
   * Extends this delivery's claim of a row to `until` right before sending
   * it, if the row is still this delivery's (its claim still ends at
   * `heldUntil`) and undelivered; answers the new end of the claim, or
   * undefined when another delivery took the row over after the claim ran
   * out, or it was delivered.
   */
  renew(
    id: number,
    heldUntil: string,
    until: string,
  ): Promise<string | undefined>;
  delivered(id: number, now: string): Promise<void>;
  /** A failed delivery: tried again once `retryAt` has passed. */
  failed(id: number, error: string, retryAt: string): Promise<void>;
  /** Rows not delivered yet (for health and tests). */
  pending(): Promise<number>;
}
