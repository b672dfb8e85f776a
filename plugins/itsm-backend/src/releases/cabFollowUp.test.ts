import {
  AMARA,
  amara,
  callerOf,
  changeBody,
  LUKAS,
  systemCaller,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { SYSTEM_ACTOR } from '../engine/types';
import { CabEffects } from './cabEffects';

jest.setTimeout(120_000);

/*
 * The scheduled follow-up of CAB meetings (cabFollowUp.ts) with the
 * plugin's own services, on both databases: the agenda circulated once at
 * the deadline whatever the number of instances, and a close whose effects
 * stopped half-way finished once.
 */

const PAYMENTS_SYSTEM = 'system:default/payments';
const DAY = 24 * 3_600_000;
const MINUTE = 60_000;
const START = new Date('2026-12-01T09:00:00.000Z');
const at = (days: number, minutes = 0) =>
  new Date(START.getTime() + days * DAY + minutes * MINUTE);
const lukas = callerOf(LUKAS);

describe.each(ITSM_TEST_DATABASES)('the CAB follow-up on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  afterEach(() => jest.restoreAllMocks());

  /** Two instances of the plugin on one database, each with its clock. */
  async function setUp() {
    const a = itsmServices({ knex: db.knex, now: START });
    const b = itsmServices({ knex: db.knex, now: START });
    const setClock = (now: Date) => {
      a.clock.now = now;
      b.clock.now = now;
    };
    const sent = () => [...a.sent, ...b.sent];
    const runBoth = async () => {
      const runs = await Promise.all(
        [a, b, a, b].map(s => s.cabFollowUp.run({ caller: systemCaller })),
      );
      return {
        circulated: runs.flatMap(r => r.circulated),
        finished: runs.flatMap(r => r.finished),
        failed: runs.flatMap(r => r.failed),
      };
    };
    const move = async (key: string, to: string) => {
      const { version } = await a.records.get('changes', key, amara);
      return a.records.transition('changes', key, { to, version }, amara);
    };
    const backlogRfc = async (title: string) => {
      const change = await a.records.create(
        'changes',
        changeBody({ title }),
        amara,
      );
      await move(change.key, 'review');
      await move(change.key, 'in_release');
      return change.key;
    };
    return { a, b, setClock, sent, runBoth, backlogRfc };
  }

  /** CAB-1 with three RFCs: the first included, the second left in the backlog, the third rejected. */
  async function votedMeeting(t: Awaited<ReturnType<typeof setUp>>) {
    const { a, backlogRfc } = t;
    const rfcs = [
      await backlogRfc('Split the ledger'),
      await backlogRfc('New fraud rules'),
      await backlogRfc('Drop the legacy API'),
    ];
    await a.cab.create(
      {
        serviceRef: PAYMENTS_SYSTEM,
        meetingAt: at(7).toISOString(),
        submissionDeadline: at(5).toISOString(),
      },
      amara,
    );
    await a.cab.putOnAgenda(
      'CAB-1',
      { change: rfcs[0], effortDays: 3, cost: 4000 },
      amara,
    );
    await a.cab.putOnAgenda('CAB-1', { change: rfcs[1] }, amara);
    await a.cab.putOnAgenda(
      'CAB-1',
      { change: rfcs[2], effortDays: 0.5 },
      amara,
    );
    const votes = [
      ['include', 'include'],
      ['reject', 'defer'],
      ['reject', 'reject'],
    ];
    for (const [i, [byAmara, byLukas]] of votes.entries()) {
      await a.cab.vote('CAB-1', { change: rfcs[i], vote: byAmara }, amara);
      await a.cab.vote('CAB-1', { change: rfcs[i], vote: byLukas }, lukas);
    }
    return rfcs;
  }

  /** What the effects did, counted from the records' histories. */
  async function effectsOf(
    t: Awaited<ReturnType<typeof setUp>>,
    [included, deferred, rejected]: string[],
  ) {
    const { a } = t;
    const history = async (type: 'changes' | 'releases', key: string) =>
      (await a.records.history(type, key, amara)).items;
    const releases = await a.records.list('releases', {}, amara);
    const ofIncluded = await history('changes', included);
    const ofRejected = await history('changes', rejected);
    return {
      releases: releases.items.map(r => `${r.key} ${r.state}`).sort(),
      rejected: (await a.records.get('changes', rejected, amara)).state,
      rejections: ofRejected.filter(e => e.field === 'state').map(e => e.to),
      toRejectedTold: t
        .sent()
        .filter(n => n.title === `${rejected} is now rejected`).length,
      includedLinks: (await a.records.get('changes', included, amara)).links
        .map(l => l.key)
        .sort(),
      includedEntries: ofIncluded
        .filter(e => e.field === 'releases')
        .map(e => `${e.action} ${e.from ?? ''}${e.to ?? ''}`),
      deferredLinks: (await a.records.get('changes', deferred, amara)).links
        .map(l => l.key)
        .sort(),
      historyLengths: await Promise.all([
        ...[included, deferred, rejected].map(k => history('changes', k)),
        ...releases.items.map(r => history('releases', r.key)),
      ]).then(all => all.map(h => h.length)),
    };
  }

  it('circulates the frozen agenda to the members once, at the deadline, whichever instance runs', async () => {
    const t = await setUp();
    const { a, setClock, sent, runBoth } = t;
    const [first, second, third] = await votedMeeting(t);

    // Not before the deadline.
    setClock(at(5, -1));
    expect(await runBoth()).toEqual({
      circulated: [],
      finished: [],
      failed: [],
    });
    expect((await a.cab.get('CAB-1', amara)).circulatedAt).toBeNull();

    // After it: four runs of two instances at once circulate it once.
    setClock(at(5, 1));
    expect((await runBoth()).circulated).toEqual(['CAB-1']);
    const circulated = sent().filter(
      n => n.link === '/itsm/cab-meetings/CAB-1',
    );
    expect(circulated).toEqual([
      {
        recipients: [AMARA, LUKAS],
        title: `CAB-1: the agenda is frozen with 3 RFCs; the meeting is at ${at(
          7,
        ).toISOString()}`,
        description:
          `CAB of ${PAYMENTS_SYSTEM}, agenda: ` +
          `${first} Split the ledger (effort (days) 3, cost 4000); ` +
          `${second} New fraud rules (effort (days) not estimated, cost not estimated); ` +
          `${third} Drop the legacy API (effort (days) 0.5, cost not estimated)`,
        link: '/itsm/cab-meetings/CAB-1',
      },
    ]);
    // Recorded with the claim and delivered: nothing left in the outbox.
    expect(await a.store.outbox.pending()).toBe(0);
    const view = await a.cab.get('CAB-1', amara);
    expect(view).toMatchObject({
      circulatedAt: at(5, 1).toISOString(),
      agendaFrozen: true,
      effectsDoneAt: null,
    });
    expect((await a.cab.list({})).items[0].circulatedAt).toBe(
      at(5, 1).toISOString(),
    );

    // Never again.
    setClock(at(6));
    expect((await runBoth()).circulated).toEqual([]);
    expect(
      sent().filter(n => n.link === '/itsm/cab-meetings/CAB-1'),
    ).toHaveLength(1);
  });

  it('finishes a close whose process died after the commit, once, whichever instance runs', async () => {
    const t = await setUp();
    const { a, setClock, runBoth } = t;
    const rfcs = await votedMeeting(t);
    setClock(at(7));
    // The close commits, then the process dies before any effect.
    jest
      .spyOn(CabEffects.prototype, 'runHeld')
      .mockRejectedValueOnce(new Error('the process died'));
    const closed = await a.cab.close(
      'CAB-1',
      { version: 1, nextMeetingAt: at(35).toISOString() },
      amara,
    );
    expect(closed).toMatchObject({
      state: 'closed',
      effectsDoneAt: null,
      releaseKey: null,
    });
    expect(await effectsOf(t, rfcs)).toMatchObject({
      releases: ['REL-1 backlog'],
      rejected: 'in_release',
    });

    // The close holds its effects for 5 minutes; then the follow-up takes over.
    setClock(at(7, 4));
    expect((await runBoth()).finished).toEqual([]);
    setClock(at(7, 6));
    expect(await runBoth()).toEqual({
      circulated: [],
      finished: ['CAB-1'],
      failed: [],
    });
    const done = await effectsOf(t, rfcs);
    expect(done).toMatchObject({
      releases: ['REL-1 backlog', 'REL-2 defined'],
      rejected: 'rejected',
      rejections: ['review', 'in_release', 'rejected'],
      toRejectedTold: 1,
      includedLinks: ['REL-2'],
      // Joined the release once, left the backlog once.
      includedEntries: ['linked REL-2', 'unlinked REL-1'],
      deferredLinks: ['REL-1'],
    });
    const rejection = (
      await a.records.history('changes', rfcs[2], amara)
    ).items.find(e => e.to === 'rejected');
    expect(rejection?.actor).toBe(SYSTEM_ACTOR);
    expect(await a.cab.get('CAB-1', amara)).toMatchObject({
      releaseKey: 'REL-2',
      effectsDoneAt: at(7, 6).toISOString(),
    });

    // Done: nothing runs again, and the effects run by hand change nothing.
    setClock(at(8));
    expect((await runBoth()).finished).toEqual([]);
    const effects = new CabEffects({ store: a.store, records: a.records });
    const meeting = (await a.store.cab.get('CAB-1'))!;
    await effects.apply(meeting, systemCaller);
    await effects.apply(meeting, amara);
    expect(await effectsOf(t, rfcs)).toEqual(done);
  });

  it('finishes the effects left after one failed part-way, without doing any twice', async () => {
    const t = await setUp();
    const { a, setClock, runBoth } = t;
    const rfcs = await votedMeeting(t);
    setClock(at(7));
    // The rejection and the release go through; the link fails once.
    jest
      .spyOn(a.records, 'addLink')
      .mockRejectedValueOnce(new Error('The catalog is unavailable'));
    const closed = await a.cab.close(
      'CAB-1',
      { version: 1, nextMeetingAt: at(35).toISOString() },
      amara,
    );
    expect(closed).toMatchObject({
      state: 'closed',
      releaseKey: 'REL-2',
      effectsDoneAt: null,
    });
    expect(await effectsOf(t, rfcs)).toMatchObject({
      releases: ['REL-1 backlog', 'REL-2 defined'],
      rejected: 'rejected',
      includedLinks: ['REL-1'],
    });

    // Tried again after a wait (30 s after the first try), once.
    expect((await runBoth()).finished).toEqual([]);
    setClock(at(7, 1));
    expect((await runBoth()).finished).toEqual(['CAB-1']);
    const done = await effectsOf(t, rfcs);
    expect(done).toMatchObject({
      releases: ['REL-1 backlog', 'REL-2 defined'],
      rejections: ['review', 'in_release', 'rejected'],
      toRejectedTold: 1,
      includedLinks: ['REL-2'],
      // Joined the release once, left the backlog once.
      includedEntries: ['linked REL-2', 'unlinked REL-1'],
      deferredLinks: ['REL-1'],
    });
    expect((await a.cab.get('CAB-1', amara)).effectsDoneAt).toBe(
      at(7, 1).toISOString(),
    );
    // Run twice more by hand: nothing changes.
    const effects = new CabEffects({ store: a.store, records: a.records });
    for (const caller of [systemCaller, amara]) {
      await effects.apply((await a.store.cab.get('CAB-1'))!, caller);
    }
    expect(await effectsOf(t, rfcs)).toEqual(done);
  });

  it('registers one release per meeting even when two runs of the effects race', async () => {
    const t = await setUp();
    const { a, b, setClock } = t;
    const rfcs = await votedMeeting(t);
    setClock(at(7));
    jest
      .spyOn(CabEffects.prototype, 'runHeld')
      .mockRejectedValueOnce(new Error('the process died'));
    await a.cab.close(
      'CAB-1',
      { version: 1, nextMeetingAt: at(35).toISOString() },
      amara,
    );
    // The rejection is done (by hand), so that every run goes on to
    // register the release; past the hold (as after a run that outlived
    // it), four runs of two instances race to register it.
    const { version } = await a.records.get('changes', rfcs[2], amara);
    await a.records.transition(
      'changes',
      rfcs[2],
      { to: 'rejected', version, reason: 'rejected by CAB-1' },
      amara,
    );
    const meeting = (await a.store.cab.get('CAB-1'))!;
    const runs = await Promise.allSettled(
      [a, b, a, b].map(s =>
        new CabEffects({ store: s.store, records: s.records }).apply(
          meeting,
          systemCaller,
        ),
      ),
    );
    expect(runs.some(r => r.status === 'fulfilled')).toBe(true);
    expect((await effectsOf(t, rfcs)).releases).toEqual([
      'REL-1 backlog',
      'REL-2 defined',
    ]);
    expect(
      (await effectsOf(t, rfcs)).rejections.filter(s => s === 'rejected'),
    ).toEqual(['rejected']);
  });

  it('stops when the scheduler aborts the run', async () => {
    const t = await setUp();
    await votedMeeting(t);
    t.setClock(at(6));
    const controller = new AbortController();
    controller.abort();
    expect(
      await t.a.cabFollowUp.run({
        caller: systemCaller,
        signal: controller.signal,
      }),
    ).toEqual({ circulated: [], finished: [], failed: [], aborted: true });
    expect((await t.a.cab.get('CAB-1', amara)).circulatedAt).toBeNull();
  });
});
