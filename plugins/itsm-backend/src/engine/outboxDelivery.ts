import { LoggerService } from '@backstage/backend-plugin-api';
import { OutboxItem, OutboxStore } from '../store/outboxTypes';
import { Notifier } from './Notifier';

/** How long a delivery holds the rows it claimed. */
const LEASE_MS = 60_000;
/** Notifications in flight at a time. */
const CONCURRENCY = 8;
/** Rows delivered per round of the scheduled delivery. */
const BATCH = 200;

/** The wait before the next try of a failed delivery: 30 s, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Delivers the notifications of the outbox: right after the write that
 * recorded them commits (`deliver(ids)`), and on a schedule for whatever is
 * left (`deliverDue`): a failed send, an instance that died before sending.
 * A row is claimed before it is sent, and its claim renewed right before
 * its send (a batch may outlast its claim), so one delivery sends it;
 * its id is the notification's scope, so a send repeated after a crash
 * between sending and marking updates the first instead of adding one.
 */
export class OutboxDelivery {
  constructor(
    private readonly deps: {
      outbox: OutboxStore;
      notifier: Notifier;
      logger?: LoggerService;
      clock?: () => Date;
    },
  ) {}

  private now() {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }

  /** Delivers these rows now (those no other delivery holds). */
  async deliver(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.send(
      await this.deps.outbox.claim({
        now: this.now(),
        leaseMs: LEASE_MS,
        ids,
        limit: ids.length,
      }),
    );
  }

  /**
   * Delivers the rows a write has just committed, right away. A failure is
   * logged and left to the scheduled delivery (`deliverDue`): the write has
   * committed and its answer stands, so this never throws.
   */
  async deliverCommitted(ids: readonly number[]): Promise<void> {
    try {
      await this.deliver(ids);
    } catch (error) {
      this.deps.logger?.warn(
        `Notifications ${ids.join(
          ', ',
        )} are left to the scheduled delivery: ${error}`,
      );
    }
  }

  /** Delivers every due row, a batch at a time, until none is left or `signal` aborts. */
  async deliverDue(signal?: AbortSignal): Promise<number> {
    let sent = 0;
    for (;;) {
      if (signal?.aborted) return sent;
      const batch = await this.deps.outbox.claim({
        now: this.now(),
        leaseMs: LEASE_MS,
        limit: BATCH,
      });
      if (batch.length === 0) return sent;
      sent += await this.send(batch);
      if (batch.length < BATCH) return sent;
    }
  }

  private async send(items: OutboxItem[]): Promise<number> {
    let sent = 0;
    for (let i = 0; i < items.length; i += CONCURRENCY) {
      const results = await Promise.all(
        items.slice(i, i + CONCURRENCY).map(item => this.sendOne(item)),
      );
      sent += results.filter(Boolean).length;
    }
    return sent;
  }

  private async sendOne(item: OutboxItem): Promise<boolean> {
    // A large batch can outlast its claim: the rows at its end may have been
    // claimed and sent by another delivery meanwhile. Each row is taken again
    // right before its send, and skipped when it is no longer this one's.
    const held = await this.deps.outbox.renew(
      item.id,
      item.claimedUntil,
      new Date(Date.parse(this.now()) + LEASE_MS).toISOString(),
    );
    if (!held) return false;
    try {
      await this.deps.notifier.notify(item.notification, {
        scope: `itsm-outbox-${item.id}`,
      });
      await this.deps.outbox.delivered(item.id, this.now());
      return true;
    } catch (error) {
      const retryAt = new Date(
        Date.parse(this.now()) + retryDelayMs(item.attempts),
      ).toISOString();
      this.deps.logger?.warn(
        `Notification ${item.id} "${item.notification.title}" not delivered (try ${item.attempts}); next try at ${retryAt}: ${error}`,
      );
      await this.deps.outbox.failed(item.id, String(error), retryAt);
      return false;
    }
  }
}
