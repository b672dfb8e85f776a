import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  actsIn,
  cabTally,
  describeRoleHolders,
  isCabVote,
  needsCabVote,
  ResolvedRole,
} from '@backstage-itsm/plugin-itsm-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { peopleAmong } from '../cmdb/groupMembers';
import { Caller } from '../engine/types';
import { CabMeeting } from '../store/cabMeetings';
import { ItsmStore } from '../store/types';
import { agendaRecords, CabEffects } from './cabEffects';
import { CabMeetingView, CanRead, readableIds } from './cabViews';

export type { CabAgendaView, CabMeetingView } from './cabViews';

const isoField = (value: unknown, field: string): string => {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) {
    throw new InputError(`${field}: must be an ISO date-time`);
  }
  return new Date(at).toISOString();
};

/**
 * CAB meetings of a service (process model, "Release"): the release
 * coordinator of the service calls a meeting with the service's CAB as its
 * members and puts backlog RFCs on its agenda until the submission deadline;
 * each member votes include, reject or defer per RFC; the release
 * coordinator closes it with the next meeting's date, and each RFC is
 * decided by the two-thirds rule over the whole membership (`cabTally`).
 */
export class CabMeetingService {
  constructor(
    private readonly deps: {
      store: ItsmStore;
      /** The effects of a close: RFCs moved and a release registered (cabEffects.ts). */
      effects: CabEffects;
      catalog: CatalogService;
      entityRoles(
        entityRef: string,
        caller: Caller,
        field?: string,
      ): Promise<ResolvedRole[]>;
      /** Credentials to read group memberships with; the caller's by default. */
      credentials?: () => Promise<BackstageCredentials | undefined>;
      /** Agenda titles show only to who may read the RFC (cabReadable.ts). */
      canRead?: CanRead;
      logger?: LoggerService;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async create(input: object, caller: Caller) {
    const body = input as Record<string, unknown>;
    const serviceRef =
      typeof body.serviceRef === 'string' ? body.serviceRef.trim() : '';
    if (!serviceRef) {
      throw new InputError(
        'serviceRef: the service (System) of the CAB is required',
      );
    }
    const meetingAt = isoField(body.meetingAt, 'meetingAt');
    const submissionDeadline = isoField(
      body.submissionDeadline,
      'submissionDeadline',
    );
    if (submissionDeadline > meetingAt) {
      throw new InputError(
        'submissionDeadline: must not be after the meeting (meetingAt)',
      );
    }
    const roles = await this.deps.entityRoles(serviceRef, caller, 'serviceRef');
    this.assertRole(
      roles,
      'release-coordinator',
      caller,
      `call a CAB meeting of ${serviceRef}`,
    );
    const cab = roles.find(r => r.role === 'cab-member')!;
    const credentials = (await this.deps.credentials?.()) ?? caller.credentials;
    const members = await peopleAmong(
      this.deps.catalog,
      cab.holders,
      credentials,
    );
    if (members.length === 0) {
      throw new ConflictError(
        `The CAB of ${serviceRef} has no members: ${describeRoleHolders(cab)}`,
      );
    }
    const meeting = await this.deps.store.cab.create({
      serviceRef: serviceRef.toLocaleLowerCase('en-US'),
      title:
        typeof body.title === 'string' && body.title.trim()
          ? body.title.trim()
          : `CAB of ${serviceRef}`,
      meetingAt,
      submissionDeadline,
      members,
      createdBy: caller.userRef,
      now: this.now().toISOString(),
    });
    return this.view(meeting, caller);
  }

  /** Meetings newest first, a page at a time (`cursor` from the last page). */
  async list(query: {
    serviceRef?: string;
    state?: 'planned' | 'closed';
    limit?: number;
    cursor?: string;
  }) {
    if (query.cursor !== undefined && !/^[1-9][0-9]{0,9}$/.test(query.cursor)) {
      throw new InputError('cursor: not a cursor of this list');
    }
    const page = await this.deps.store.cab.list({
      serviceRef: query.serviceRef?.toLocaleLowerCase('en-US'),
      state: query.state,
      limit: query.limit ?? 20,
      beforeSeq: query.cursor === undefined ? undefined : Number(query.cursor),
    });
    const now = this.now().toISOString();
    return {
      items: page.items.map(m => {
        const { id: _id, seq: _seq, releaseId: _r, minutes: _m, ...rest } = m;
        return { ...rest, agendaFrozen: this.frozen(m, now) };
      }),
      ...(page.nextBeforeSeq === undefined
        ? {}
        : { nextCursor: String(page.nextBeforeSeq) }),
    };
  }

  async get(key: string, caller?: Caller): Promise<CabMeetingView> {
    return this.view(await this.meeting(key), caller);
  }

  /** Puts an RFC of the service's backlog on the agenda, until the deadline. */
  async putOnAgenda(
    key: string,
    input: object,
    caller: Caller,
  ): Promise<CabMeetingView> {
    const body = input as Record<string, unknown>;
    const meeting = await this.meeting(key);
    await this.assertCoordinator(
      meeting,
      caller,
      `set the agenda of ${meeting.key}`,
    );
    if (this.frozen(meeting, this.now().toISOString())) {
      throw new ConflictError(
        `The agenda of ${meeting.key} froze at its submission deadline (${meeting.submissionDeadline})`,
      );
    }
    const estimate = (field: string): number | null => {
      const value = body[field];
      if (value === undefined || value === null) return null;
      if (
        typeof value !== 'number' ||
        !(value >= 0) ||
        !Number.isFinite(value)
      ) {
        throw new InputError(`${field}: must be a number of at least 0`);
      }
      return value;
    };
    const effortDays = estimate('effortDays');
    const cost = estimate('cost');
    const changeKey = typeof body.change === 'string' ? body.change : '';
    const change = changeKey
      ? await this.deps.store.getRecord('changes', changeKey)
      : undefined;
    if (!change) {
      throw new InputError(`change: no change ${changeKey || '(missing)'}`);
    }
    const backlogId = await this.deps.store.transaction(tx =>
      tx.releaseBacklogOf([meeting.serviceRef]),
    );
    const links = await this.deps.store.listLinks(change.id);
    const inBacklog =
      change.state === 'in_release' &&
      !!backlogId &&
      links.some(l => l.fromId === backlogId || l.toId === backlogId);
    if (!inBacklog) {
      throw new ConflictError(
        `change: ${change.key} is not in the backlog of ${meeting.serviceRef}`,
      );
    }
    const linked = await this.deps.store.getRecordsByIds(
      links.map(l => (l.fromId === change.id ? l.toId : l.fromId)),
    );
    if (
      !needsCabVote({
        functionalChange: change.data.functionalChange as boolean | undefined,
        linkedTypes: linked.map(r => r.type),
      })
    ) {
      const problems = linked.filter(r => r.type === 'problems');
      throw new ConflictError(
        `change: ${
          change.key
        } needs no CAB vote: it fixes or prevents ${problems
          .map(p => p.key)
          .join(', ')} without changing functionality`,
      );
    }
    await this.deps.store.cab.putOnAgenda(meeting.id, change.id, {
      effortDays,
      cost,
    });
    return this.get(meeting.key, caller);
  }

  /** A member's vote on an RFC of the agenda, until the meeting closes. */
  async vote(
    key: string,
    input: object,
    caller: Caller,
  ): Promise<CabMeetingView> {
    const body = input as Record<string, unknown>;
    const meeting = await this.meeting(key);
    if (!isCabVote(body.vote)) {
      throw new InputError('vote: must be include, reject or defer');
    }
    const change =
      typeof body.change === 'string'
        ? await this.deps.store.getRecord('changes', body.change)
        : undefined;
    if (!change) throw new InputError(`change: no such change`);
    const result = await this.deps.store.cab.castVote({
      meetingId: meeting.id,
      changeId: change.id,
      memberRef: caller.userRef,
      vote: body.vote,
      now: this.now().toISOString(),
    });
    if (result === 'not-member') {
      throw new NotAllowedError(
        `Only the members of ${meeting.key} vote (${meeting.members.join(
          ', ',
        )})`,
      );
    }
    if (result === 'closed') {
      throw new ConflictError(`${meeting.key} is closed; votes are refused`);
    }
    if (result === 'not-on-agenda') {
      throw new InputError(
        `change: ${change.key} is not on the agenda of ${meeting.key}`,
      );
    }
    return this.get(meeting.key, caller);
  }

  /**
   * Closes the meeting: each RFC decided by the two-thirds rule, the minutes
   * kept; then runs the close's effects (cabEffects.ts), held for this
   * request. When they stop half-way the close stands (its answer shows
   * `effectsDoneAt` null) and the scheduled follow-up finishes them.
   */
  async close(
    key: string,
    input: object,
    caller: Caller,
  ): Promise<CabMeetingView> {
    const body = input as Record<string, unknown>;
    const meeting = await this.meeting(key);
    await this.assertCoordinator(meeting, caller, `close ${meeting.key}`);
    if (typeof body.version !== 'number') {
      throw new InputError(
        'version: the version of the meeting being closed is required',
      );
    }
    const nextMeetingAt = isoField(body.nextMeetingAt, 'nextMeetingAt');
    if (nextMeetingAt <= meeting.meetingAt) {
      throw new InputError('nextMeetingAt: must be after this meeting');
    }
    const changes = await agendaRecords(
      this.deps.store,
      await this.deps.store.cab.agenda(meeting.id),
    );
    const { meeting: closed } = await this.deps.store.cab.close(
      meeting.id,
      body.version,
      {
        nextMeetingAt,
        closedBy: caller.userRef,
        now: this.now().toISOString(),
        effectsHeldUntil: this.deps.effects.holdUntil(),
        decide: agenda => {
          const decisions = agenda.map(item => ({
            changeKey: changes.get(item.changeId)?.key ?? item.changeId,
            ...cabTally(meeting.members, item.votes),
          }));
          return {
            outcomes: new Map(
              agenda.map((item, i) => [item.changeId, decisions[i].outcome]),
            ),
            minutes: {
              meeting: meeting.key,
              service: meeting.serviceRef,
              heldAt: meeting.meetingAt,
              members: meeting.members,
              decisions,
              nextMeetingAt,
              closedBy: caller.userRef,
            },
          };
        },
      },
    );
    try {
      await this.deps.effects.runHeld(closed.id, caller);
    } catch (error) {
      // The close stands: the scheduled follow-up finishes its effects
      // (releases/cabFollowUp.ts); the meeting shows effectsDoneAt null
      // until then.
      this.deps.logger?.warn(
        `${closed.key} is closed; its effects stopped and are finished later: ${error}`,
      );
    }
    return this.view((await this.deps.store.cab.get(closed.id))!, caller);
  }

  private async meeting(key: string): Promise<CabMeeting> {
    const meeting = await this.deps.store.cab.get(key);
    if (!meeting) throw new NotFoundError(`No CAB meeting ${key}`);
    return meeting;
  }

  private async assertCoordinator(
    meeting: CabMeeting,
    caller: Caller,
    what: string,
  ) {
    const roles = await this.deps.entityRoles(
      meeting.serviceRef,
      caller,
      'serviceRef',
    );
    this.assertRole(roles, 'release-coordinator', caller, what);
  }

  private assertRole(
    roles: ResolvedRole[],
    role: ResolvedRole['role'],
    caller: Caller,
    what: string,
  ) {
    const resolved = roles.find(r => r.role === role)!;
    if (!actsIn(caller.claims, resolved)) {
      throw new NotAllowedError(
        `Only the ${describeRoleHolders(resolved)} may ${what}`,
      );
    }
  }

  /** The agenda freezes at the deadline, or when it was circulated. */
  private frozen(meeting: CabMeeting, now: string): boolean {
    return now >= meeting.submissionDeadline || meeting.circulatedAt !== null;
  }

  private async view(
    meeting: CabMeeting,
    caller?: Caller,
  ): Promise<CabMeetingView> {
    const agenda = await this.deps.store.cab.agenda(meeting.id);
    const changes = await agendaRecords(this.deps.store, agenda);
    const readable = await readableIds(
      changes.values(),
      caller,
      this.deps.canRead,
    );
    const { id: _id, seq: _seq, releaseId, ...rest } = meeting;
    const [release] = releaseId
      ? await this.deps.store.getRecordsByIds([releaseId])
      : [];
    return {
      ...rest,
      releaseKey: release?.key ?? null,
      minutes: (meeting.minutes as Record<string, unknown> | null) ?? null,
      agendaFrozen: this.frozen(meeting, this.now().toISOString()),
      agenda: agenda.map(item => ({
        changeKey: changes.get(item.changeId)?.key ?? item.changeId,
        changeTitle: readable.has(item.changeId)
          ? changes.get(item.changeId)?.title ?? ''
          : '',
        effortDays: item.effortDays,
        cost: item.cost,
        votes: item.votes,
        tally: cabTally(meeting.members, item.votes),
        outcome: item.outcome,
      })),
    };
  }
}
