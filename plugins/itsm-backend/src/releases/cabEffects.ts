import { LoggerService } from '@backstage/backend-plugin-api';
import { CabOutcome, cabTally } from '@backstage-itsm/plugin-itsm-common';
import { retryDelayMs } from '../engine/outboxDelivery';
import { RecordService } from '../engine/RecordService';
import { Caller } from '../engine/types';
import { CabAgendaItem, CabMeeting } from '../store/cabTypes';
import { ItsmStore, StoredRecord } from '../store/types';

/**
 * How long whoever runs the effects of a close (the close itself, or the
 * scheduled follow-up) holds the meeting: another instance takes the
 * effects over only after this.
 */
export const CAB_EFFECTS_HOLD_MS = 5 * 60_000;

/** Thrown inside the release's create when another run registered the meeting's release first. */
class ReleaseTaken extends Error {}

/** The records of an agenda by id. */
export async function agendaRecords(
  store: Pick<ItsmStore, 'getRecordsByIds'>,
  agenda: CabAgendaItem[],
): Promise<Map<string, StoredRecord>> {
  const records = await store.getRecordsByIds(agenda.map(a => a.changeId));
  return new Map(records.map(r => [r.id, r]));
}

const isLinked = (links: Array<{ fromId: string; toId: string }>, id: string) =>
  links.some(l => l.fromId === id || l.toId === id);

/**
 * The effects of a closed CAB meeting (process model, "Release"), through
 * the record engine (history, roles and notifications as for any
 * transition): rejected RFCs close as rejected (their requesters are told
 * by the transition); the included ones join a release registered for the
 * meeting (state `defined`), leaving the backlog.
 *
 * Each effect is skipped when done already, so running them again finishes
 * a close that stopped half-way without doing anything twice: an RFC no
 * longer `in_release` is not rejected again (and the transition is a
 * versioned write); the release is registered in the transaction that sets
 * it on the meeting (`release_id IS NULL`), so a second registration rolls
 * back; an RFC linked to the release already is not linked again, and one
 * no longer linked to the backlog is not unlinked. Who runs them holds the
 * meeting (`claimEffects`, or the close itself) and records when they
 * completed (`effectsDone`); a failed run is tried again by the scheduled
 * follow-up (releases/cabFollowUp.ts) after a wait that doubles.
 */
export class CabEffects {
  constructor(
    private readonly deps: {
      store: ItsmStore;
      records: Pick<
        RecordService,
        'create' | 'transition' | 'addLink' | 'removeLink'
      >;
      logger?: LoggerService;
      clock?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }

  /** When the effects are held until, for a run starting now. */
  holdUntil(): string {
    return new Date(Date.parse(this.now()) + CAB_EFFECTS_HOLD_MS).toISOString();
  }

  /**
   * Claims the effects of a closed meeting not done yet and runs them: true
   * when they completed, false when they are done or another run holds
   * them. A failure is recorded (tried again later) and thrown.
   */
  async finish(meeting: CabMeeting, caller: Caller): Promise<boolean> {
    const attempts = await this.deps.store.cab.claimEffects(
      meeting.id,
      this.now(),
      this.holdUntil(),
    );
    if (attempts === undefined) return false;
    await this.runHeld(meeting.id, caller, attempts);
    return true;
  }

  /**
   * Runs the effects of a meeting whose effects the caller holds (the close
   * holds them from its commit; `attempts` runs so far, this one included),
   * then records them done. A failure is recorded, so that the scheduled
   * follow-up tries again after a wait, and thrown.
   */
  async runHeld(meetingId: string, caller: Caller, attempts = 1) {
    const { store } = this.deps;
    try {
      await this.apply((await store.cab.get(meetingId))!, caller);
    } catch (error) {
      const retryAt = new Date(
        Date.parse(this.now()) + retryDelayMs(attempts),
      ).toISOString();
      await store.cab.effectsFailed(meetingId, retryAt);
      throw error;
    }
    await store.cab.effectsDone(meetingId, this.now());
  }

  /** The effects themselves, each skipped when done (see the class). */
  async apply(meeting: CabMeeting, caller: Caller): Promise<void> {
    const { store, records } = this.deps;
    const agenda = await store.cab.agenda(meeting.id);
    const changes = await agendaRecords(store, agenda);
    const waiting = (outcome: CabOutcome) =>
      agenda.flatMap(item => {
        const rfc = changes.get(item.changeId);
        return item.outcome === outcome && rfc?.state === 'in_release'
          ? [{ item, rfc }]
          : [];
      });
    for (const { item, rfc } of waiting('rejected')) {
      const tally = cabTally(meeting.members, item.votes);
      await records.transition(
        'changes',
        rfc.key,
        {
          to: 'rejected',
          version: rfc.version,
          reason: `Rejected by ${meeting.key}: ${tally.reject} of ${tally.members} members voted reject`,
        },
        caller,
      );
    }
    const included = waiting('included');
    if (included.length === 0) return;
    const release = await this.releaseOf(
      meeting,
      included.map(i => i.rfc.key),
      caller,
    );
    const backlogId = await store.transaction(tx =>
      tx.releaseBacklogOf([meeting.serviceRef]),
    );
    const [backlog] = backlogId ? await store.getRecordsByIds([backlogId]) : [];
    for (const { rfc } of included) {
      const links = await store.listLinks(rfc.id);
      if (!isLinked(links, release.id)) {
        await records.addLink(
          'releases',
          release.key,
          { target: rfc.key },
          caller,
        );
      }
      if (backlog && isLinked(links, backlog.id)) {
        await records.removeLink('changes', rfc.key, backlog.key, caller);
      }
    }
  }

  /** The release registered for the meeting: registered now unless it was before. */
  private async releaseOf(
    meeting: CabMeeting,
    includedKeys: string[],
    caller: Caller,
  ): Promise<StoredRecord> {
    const { store, records } = this.deps;
    const registered = async () => {
      const { releaseId } = (await store.cab.get(meeting.id))!;
      return releaseId
        ? (await store.getRecordsByIds([releaseId]))[0]
        : undefined;
    };
    const existing = await registered();
    if (existing) return existing;
    try {
      await records.create(
        'releases',
        {
          title: `${meeting.title}: ${meeting.meetingAt.slice(0, 10)}`,
          description: `Registered by ${
            meeting.key
          } with the RFCs it included: ${includedKeys.join(', ')}.`,
          entityRefs: [meeting.serviceRef],
        },
        caller,
        {
          // One release per meeting, by the meeting's row: a run that
          // lost the race rolls its release back.
          inTransaction: async (tx, created) => {
            if (!(await tx.cab.setRelease(meeting.id, created.id))) {
              throw new ReleaseTaken();
            }
          },
        },
      );
    } catch (error) {
      if (!(error instanceof ReleaseTaken)) throw error;
      this.deps.logger?.info(
        `The release of ${meeting.key} was registered by another run`,
      );
    }
    return (await registered())!;
  }
}
