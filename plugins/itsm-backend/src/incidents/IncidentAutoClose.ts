import { LoggerService } from '@backstage/backend-plugin-api';
import { RecordEngine } from '../engine/RecordEngine';
import { Caller } from '../engine/types';
import { StoredRecord } from '../store/types';

/** How many due incidents are read at a time. */
const PAGE_SIZE = 200;

/**
 * Closes resolved incidents once the requester's verification period
 * (itsm.incidents.autoCloseAfter) has passed without a reopen.
 */
export class IncidentAutoClose {
  constructor(
    private readonly deps: {
      engine: RecordEngine;
      /** Resolved incidents close on their own after this long. */
      autoCloseAfterMs: number;
      logger: LoggerService;
    },
  ) {}

  /**
   * Closes incidents resolved longer ago than itsm.incidents.autoCloseAfter.
   * Safe to run on several instances: each close is a versioned write.
   */
  async autoCloseResolvedIncidents(caller: Caller): Promise<string[]> {
    const { engine } = this.deps;
    const now = engine.now();
    const before = new Date(
      Date.parse(now) - this.deps.autoCloseAfterMs,
    ).toISOString();
    const closed: string[] = [];
    // A page at a time, to the last one: the backlog after an outage of the
    // scheduler may be large.
    let afterSeq: number | undefined;
    for (;;) {
      const due = await engine.store.listRecordsInStateSince(
        'incidents',
        'resolved',
        before,
        { limit: PAGE_SIZE, afterSeq },
      );
      if (due.length === 0) return closed;
      afterSeq = due[due.length - 1].seq;
      await this.closeAll(due, before, caller, closed);
    }
  }

  private async closeAll(
    due: StoredRecord[],
    before: string,
    caller: Caller,
    closed: string[],
  ): Promise<void> {
    const { engine } = this.deps;
    for (const candidate of due) {
      try {
        const outbox = await engine.store.transaction(async tx => {
          const current = await tx.getRecordForUpdate(
            'incidents',
            candidate.id,
          );
          if (
            !current ||
            current.state !== 'resolved' ||
            current.stateChangedAt > before
          )
            return [];
          const applied = await engine.applyTransition(
            tx,
            current,
            {
              to: 'closed',
              version: current.version,
              reason: 'closed automatically after the verification period',
            },
            caller,
          );
          closed.push(current.key);
          return applied.outbox;
        });
        await engine.deliver(outbox);
      } catch (error) {
        this.deps.logger.warn(
          `Auto-close of ${candidate.key} failed: ${error}`,
        );
      }
    }
  }
}
