import { LoggerService } from '@backstage/backend-plugin-api';
import { ItsmNotification } from '../engine/Notifier';
import { Caller } from '../engine/types';
import { CabAgendaItem, CabMeeting } from '../store/cabTypes';
import { ItsmStore, StoredRecord } from '../store/types';
import { CabEffects } from './cabEffects';

/** Meetings read at a time. */
const PAGE_SIZE = 50;

/** What a run of the follow-up did: the meetings, by key. */
export interface CabFollowUpResult {
  /** Meetings whose agenda this run circulated. */
  circulated: string[];
  /** Closed meetings whose effects this run completed. */
  finished: string[];
  /** Meetings whose circulation or effects failed (tried again later). */
  failed: string[];
  /** Set when the abort signal stopped the run before the end. */
  aborted?: true;
}

const amount = (value: number | null, unit: string) =>
  value === null ? `${unit} not estimated` : `${unit} ${value}`;

/**
 * The message that circulates a meeting's frozen agenda to its members:
 * each RFC with its key, title and estimates, and a link to the board.
 */
export function agendaNotification(
  meeting: CabMeeting,
  agenda: CabAgendaItem[],
  changes: ReadonlyMap<string, StoredRecord>,
): ItsmNotification {
  const lines = agenda.map(item => {
    const rfc = changes.get(item.changeId);
    return `${rfc?.key ?? item.changeId} ${rfc?.title ?? ''} (${amount(
      item.effortDays,
      'effort (days)',
    )}, ${amount(item.cost, 'cost')})`;
  });
  const rfcs = agenda.length === 1 ? '1 RFC' : `${agenda.length} RFCs`;
  return {
    recipients: [...meeting.members],
    title: `${meeting.key}: the agenda is frozen with ${rfcs}; the meeting is at ${meeting.meetingAt}`,
    description:
      agenda.length === 0
        ? `${meeting.title}: no RFC is on the agenda.`
        : `${meeting.title}, agenda: ${lines.join('; ')}`,
    link: `/itsm/cab-meetings/${meeting.key}`,
  };
}

/**
 * The follow-up of CAB meetings the plugin schedules every minute:
 *
 * - **Circulation.** After the submission deadline the agenda is frozen and
 *   circulated (process model, "Release"): each planned meeting past its
 *   deadline is claimed (`circulated_at`, set once by a conditional
 *   UPDATE), and the notification to its members is recorded in the
 *   claim's transaction (the outbox), then delivered after commit (and by
 *   the scheduled delivery until delivered). Two instances never circulate
 *   one agenda twice; an agenda is never circulated before its deadline.
 * - **Effects of a close.** A close whose effects stopped half-way (a
 *   failing catalog, a process that died after the commit) is finished:
 *   each closed meeting whose effects are not done and that nobody holds is
 *   claimed and its effects run again (CabEffects, each skipped when done).
 *
 * Stops between meetings when `signal` aborts (the scheduler gave up on the
 * run, or the backend stops); the next run continues.
 */
export class CabFollowUp {
  constructor(
    private readonly deps: {
      store: ItsmStore;
      effects: CabEffects;
      /** Delivers what a committed claim recorded in the outbox (RecordEngine.deliver). */
      deliver(outbox: readonly number[]): Promise<void>;
      logger?: LoggerService;
      clock?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }

  async run(options: {
    caller: Caller;
    signal?: AbortSignal;
  }): Promise<CabFollowUpResult> {
    const result: CabFollowUpResult = {
      circulated: [],
      finished: [],
      failed: [],
    };
    const { signal, caller } = options;
    const stopped = () => {
      if (!signal?.aborted) return false;
      result.aborted = true;
      this.deps.logger?.warn(
        `CAB follow-up aborted after circulating ${result.circulated.length} agenda(s) and finishing ${result.finished.length} close(s); the next run continues`,
      );
      return true;
    };
    for await (const meeting of this.pages(m =>
      this.deps.store.cab.dueForCirculation(m),
    )) {
      if (stopped()) return result;
      try {
        if (await this.circulate(meeting)) result.circulated.push(meeting.key);
      } catch (error) {
        // Rolled back with its claim: the next run circulates it.
        result.failed.push(meeting.key);
        this.deps.logger?.warn(
          `The agenda of ${meeting.key} could not be circulated; the next run tries again: ${error}`,
        );
      }
    }
    for await (const meeting of this.pages(m =>
      this.deps.store.cab.effectsPending(m),
    )) {
      if (stopped()) return result;
      try {
        if (await this.deps.effects.finish(meeting, caller)) {
          result.finished.push(meeting.key);
        }
      } catch (error) {
        result.failed.push(meeting.key);
        this.deps.logger?.warn(
          `The effects of closing ${meeting.key} failed again; they are tried later: ${error}`,
        );
      }
    }
    return result;
  }

  /** Every meeting a query finds, a page at a time, oldest first. */
  private async *pages(
    query: (page: {
      now: string;
      limit: number;
      afterSeq?: number;
    }) => Promise<CabMeeting[]>,
  ): AsyncGenerator<CabMeeting> {
    const now = this.now();
    let afterSeq: number | undefined;
    for (;;) {
      const page = await query({ now, limit: PAGE_SIZE, afterSeq });
      yield* page;
      if (page.length < PAGE_SIZE) return;
      afterSeq = page[page.length - 1].seq;
    }
  }

  /**
   * Claims the circulation of one meeting's agenda and records the members'
   * notification in the claim's transaction; delivers it after commit.
   * False when another run circulated it first.
   */
  private async circulate(meeting: CabMeeting): Promise<boolean> {
    const { store } = this.deps;
    const now = this.now();
    const outbox = await store.transaction(async tx => {
      const claimed = await tx.cab.claimCirculation(meeting.id, now);
      if (!claimed) return undefined;
      const records = await tx.getRecordsByIds(
        claimed.agenda.map(a => a.changeId),
      );
      const notification = agendaNotification(
        claimed.meeting,
        claimed.agenda,
        new Map(records.map(r => [r.id, r])),
      );
      return tx.outbox.enqueue([notification], now);
    });
    if (!outbox) return false;
    await this.deps.deliver(outbox);
    return true;
  }
}
