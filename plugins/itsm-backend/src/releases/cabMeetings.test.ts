import {
  AMARA,
  amara,
  callerOf,
  changeBody,
  LUKAS,
  OUTSIDER,
  sofia,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { Caller } from '../engine/types';

jest.setTimeout(120_000);

const PAYMENTS_SYSTEM = 'system:default/payments';
const DAY = 24 * 3_600_000;
const START = new Date('2026-12-01T09:00:00.000Z');
const at = (days: number) => new Date(START.getTime() + days * DAY);
const lukas = callerOf(LUKAS);

describe.each(ITSM_TEST_DATABASES)('CAB meetings on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  async function setUp() {
    const services = itsmServices({ knex: db.knex, now: START });
    const move = async (key: string, to: string, by: Caller = amara) => {
      const { version } = await services.records.get('changes', key, by);
      return services.records.transition('changes', key, { to, version }, by);
    };
    /** An RFC of payments handed to release management (in the backlog). */
    const backlogRfc = async (title: string) => {
      const change = await services.records.create(
        'changes',
        changeBody({ title }),
        amara,
      );
      await move(change.key, 'review');
      await move(change.key, 'in_release');
      return change.key;
    };
    const meeting = (by: Caller = amara) =>
      services.cab.create(
        {
          serviceRef: PAYMENTS_SYSTEM,
          meetingAt: at(7).toISOString(),
          submissionDeadline: at(5).toISOString(),
        },
        by,
      );
    return { ...services, move, backlogRfc, meeting };
  }

  it('runs a meeting: agenda until the deadline, members vote, two thirds decide at close', async () => {
    const { cab, backlogRfc, meeting, records, clock, sent } = await setUp();
    const rfc1 = await backlogRfc('Split the ledger');
    const rfc2 = await backlogRfc('New fraud rules');
    const rfc3 = await backlogRfc('Drop the legacy API');
    const outsideBacklog = (
      await records.create('changes', changeBody({ title: 'Draft' }), amara)
    ).key;

    // Only the release coordinator of the service (its owner) calls it.
    await expect(meeting(sofia)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/Only the release coordinator/),
    });
    const called = await meeting();
    expect(called).toMatchObject({
      key: 'CAB-1',
      state: 'planned',
      serviceRef: PAYMENTS_SYSTEM,
      // The CAB of payments: its owner group's members.
      members: [AMARA, LUKAS],
      agendaFrozen: false,
      agenda: [],
    });

    await cab.putOnAgenda(
      'CAB-1',
      { change: rfc1, effortDays: 3, cost: 4000 },
      amara,
    );
    await cab.putOnAgenda('CAB-1', { change: rfc2 }, amara);
    await cab.putOnAgenda('CAB-1', { change: rfc3 }, amara);
    await expect(
      cab.putOnAgenda('CAB-1', { change: outsideBacklog }, amara),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/not in the backlog/),
    });
    await expect(
      cab.putOnAgenda('CAB-1', { change: rfc1, effortDays: -1 }, amara),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^effortDays:/),
    });

    // An RFC that fixes a problem without changing functionality needs no vote.
    const fix = await backlogRfc('Fix the pool leak');
    const problem = await records.create(
      'problems',
      { title: 'Pool leak', entityRefs: ['component:default/payments-api'] },
      amara,
    );
    await records.addLink('problems', problem.key, { target: fix }, amara);
    await expect(
      cab.putOnAgenda('CAB-1', { change: fix }, amara),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        new RegExp(
          `${fix} needs no CAB vote: it fixes or prevents ${problem.key}`,
        ),
      ),
    });

    // After the deadline the agenda is frozen.
    clock.now = at(6);
    await expect(
      cab.putOnAgenda('CAB-1', { change: rfc2, cost: 10 }, amara),
    ).rejects.toMatchObject({ name: 'ConflictError' });

    // Votes: members only.
    await expect(
      cab.vote('CAB-1', { change: rfc1, vote: 'include' }, callerOf(OUTSIDER)),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      cab.vote('CAB-1', { change: rfc1, vote: 'maybe' }, amara),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^vote:/),
    });
    await cab.vote('CAB-1', { change: rfc1, vote: 'include' }, amara);
    const live = await cab.vote(
      'CAB-1',
      { change: rfc1, vote: 'include' },
      lukas,
    );
    expect(live.agenda[0]).toMatchObject({
      changeKey: rfc1,
      effortDays: 3,
      cost: 4000,
      tally: { members: 2, include: 2, needed: 2, outcome: 'included' },
      outcome: null,
    });
    // One of two rejects rfc2: not two thirds, it stays in the backlog.
    await cab.vote('CAB-1', { change: rfc2, vote: 'reject' }, lukas);
    // Both reject rfc3.
    await cab.vote('CAB-1', { change: rfc3, vote: 'reject' }, amara);
    await cab.vote('CAB-1', { change: rfc3, vote: 'reject' }, lukas);

    // Closing: the coordinator, the next date, the version.
    clock.now = at(7);
    await expect(
      cab.close('CAB-1', { version: 1 }, amara),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^nextMeetingAt:/),
    });
    await expect(
      cab.close(
        'CAB-1',
        { version: 1, nextMeetingAt: at(35).toISOString() },
        sofia,
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    const closed = await cab.close(
      'CAB-1',
      { version: 1, nextMeetingAt: at(35).toISOString() },
      amara,
    );
    expect(closed).toMatchObject({
      state: 'closed',
      nextMeetingAt: at(35).toISOString(),
      closedBy: AMARA,
    });
    expect(closed.agenda.map(a => [a.changeKey, a.outcome])).toEqual([
      [rfc1, 'included'],
      [rfc2, 'backlog'],
      [rfc3, 'rejected'],
    ]);
    // The effects: rfc3 closed as rejected, with the tally as its reason;
    // rfc1 in a new release (REL-1 is the backlog); rfc2 still in the backlog.
    const rejected = await records.get('changes', rfc3, amara);
    expect(rejected.state).toBe('rejected');
    const history = await records.history('changes', rfc3, amara);
    expect(JSON.stringify(history)).toMatch(
      /Rejected by CAB-1: 2 of 2 members voted reject/,
    );
    expect(closed.releaseKey).toBe('REL-2');
    const release = await records.get('releases', 'REL-2', amara);
    expect(release).toMatchObject({
      state: 'defined',
      entityRefs: [PAYMENTS_SYSTEM],
    });
    const keysOf = (r: { links: Array<{ key: string }> }) =>
      r.links.map(l => l.key).sort();
    expect(keysOf(release)).toEqual([rfc1]);
    expect(keysOf(await records.get('changes', rfc1, amara))).toEqual([
      'REL-2',
    ]);
    // The backlog keeps rfc2 (deferred), rfc3 (rejected, finished) and
    // the fix that needed no vote.
    expect(keysOf(await records.get('releases', 'REL-1', amara))).toEqual(
      [rfc2, rfc3, fix].sort(),
    );
    expect(sent.map(n => n.title).join('\n')).toMatch(new RegExp(rfc3));
    expect(closed.minutes).toMatchObject({
      meeting: 'CAB-1',
      members: [AMARA, LUKAS],
      decisions: [
        { changeKey: rfc1, include: 2, outcome: 'included' },
        { changeKey: rfc2, reject: 1, abstain: 1, outcome: 'backlog' },
        { changeKey: rfc3, reject: 2, outcome: 'rejected' },
      ],
    });
    await expect(
      cab.vote('CAB-1', { change: rfc2, vote: 'reject' }, amara),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/closed/),
    });
    await expect(
      cab.close(
        'CAB-1',
        { version: 2, nextMeetingAt: at(35).toISOString() },
        amara,
      ),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('ships a release from a meeting: coordination, fulfilment, close', async () => {
    const { cab, backlogRfc, meeting, records, clock, sent } = await setUp();
    const met = await backlogRfc('Split the ledger');
    const unmet = await backlogRfc('New fraud rules');
    await meeting();
    for (const change of [met, unmet]) {
      await cab.putOnAgenda('CAB-1', { change }, amara);
      await cab.vote('CAB-1', { change, vote: 'include' }, amara);
      await cab.vote('CAB-1', { change, vote: 'include' }, lukas);
    }
    clock.now = at(7);
    const { releaseKey } = await cab.close(
      'CAB-1',
      { version: 1, nextMeetingAt: at(35).toISOString() },
      amara,
    );
    const release = (key = releaseKey!) => records.get('releases', key, amara);
    const moveRelease = async (to: string, extra: object = {}) =>
      records.transition(
        'releases',
        releaseKey!,
        { to, version: (await release()).version, ...extra },
        amara,
      );
    await records.update(
      'releases',
      releaseKey!,
      { version: (await release()).version, withinBudget: true },
      amara,
    );
    await moveRelease('coordinating');
    // Coordination ends: the release met one RFC; the other goes back.
    await moveRelease('reviewing', { fulfilled: [met] });
    expect((await release()).links.map(l => l.key)).toEqual([met]);
    expect(
      (await records.get('changes', unmet, amara)).links.map(l => l.key),
    ).toEqual(['REL-1']);
    // The release stays open until the met RFC is closed as fulfilled.
    const review = { suggestions: 'Estimate the ledger work in pairs' };
    await expect(moveRelease('closed', review)).rejects.toThrow(
      new RegExp(`${met} still waits for an outcome`),
    );
    const { version } = await records.get('changes', met, amara);
    const fulfilled = await records.transition(
      'changes',
      met,
      { to: 'closed', version },
      amara,
    );
    expect(fulfilled).toMatchObject({ state: 'closed', outcome: 'successful' });
    expect((await moveRelease('closed', review)).state).toBe('closed');
    // The review's suggestions go to the service owner (no plan: no coordinators).
    expect(sent.at(-1)).toMatchObject({
      recipients: ['group:default/payments-team'],
      title: `Release ${releaseKey} reviewed: improvement suggestions`,
      description: review.suggestions,
    });
  });

  it("tells the meeting's CAB when the business case of its release is finally rejected", async () => {
    const { cab, backlogRfc, meeting, records, clock, sent } = await setUp();
    const rfc = await backlogRfc('Split the ledger');
    await meeting();
    await cab.putOnAgenda('CAB-1', { change: rfc, cost: 90000 }, amara);
    await cab.vote('CAB-1', { change: rfc, vote: 'include' }, amara);
    await cab.vote('CAB-1', { change: rfc, vote: 'include' }, lukas);
    clock.now = at(7);
    const { releaseKey } = await cab.close(
      'CAB-1',
      { version: 1, nextMeetingAt: at(35).toISOString() },
      amara,
    );
    const move = async (to: string, by: Caller, extra: object = {}) =>
      records.transition(
        'releases',
        releaseKey!,
        {
          to,
          version: (await records.get('releases', releaseKey!, by)).version,
          ...extra,
        },
        by,
      );
    // Not within budget: amara proposes a business case, lukas (service
    // owner, not the proposer) rejects it for good.
    await move('justification', amara);
    sent.length = 0;
    await move('cancelled', lukas, { reason: 'no budget this year' });
    const toCab = sent.find(n => /the CAB may bring/.test(n.title));
    expect(toCab?.recipients).toEqual([AMARA, LUKAS]);
    // The RFC is back in the backlog for the next meeting.
    expect(
      (await records.get('changes', rfc, amara)).links.map(l => l.key),
    ).toEqual(['REL-1']);
  });

  it('refuses a meeting with bad dates, naming the field', async () => {
    const { cab } = await setUp();
    await expect(
      cab.create(
        {
          serviceRef: PAYMENTS_SYSTEM,
          meetingAt: 'soon',
          submissionDeadline: at(1).toISOString(),
        },
        amara,
      ),
    ).rejects.toThrow(/^meetingAt:/);
    await expect(
      cab.create(
        {
          serviceRef: PAYMENTS_SYSTEM,
          meetingAt: at(1).toISOString(),
          submissionDeadline: at(2).toISOString(),
        },
        amara,
      ),
    ).rejects.toThrow(/^submissionDeadline:/);
    await expect(
      cab.create({ meetingAt: at(1).toISOString() }, amara),
    ).rejects.toThrow(/^serviceRef:/);
  });
});
