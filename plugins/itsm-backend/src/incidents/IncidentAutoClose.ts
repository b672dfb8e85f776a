import { LoggerService } from '@backstage/backend-plugin-api';
import { RecordEngine } from '../engine/RecordEngine';
import { Caller } from '../engine/types';

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
    const due = await engine.store.listRecordsInStateSince(
      'incidents',
      'resolved',
      before,
    );
    const closed: string[] = [];
    for (const candidate of due) {
      try {
        await engine.store.transaction(async tx => {
          const current = await tx.getRecordForUpdate(
            'incidents',
            candidate.id,
          );
          if (
            !current ||
            current.state !== 'resolved' ||
            current.stateChangedAt > before
          )
            return;
          await engine.applyTransition(
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
        });
      } catch (error) {
        this.deps.logger.warn(
          `Auto-close of ${candidate.key} failed: ${error}`,
        );
      }
    }
    return closed;
  }
}
