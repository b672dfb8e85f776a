import {
  amara,
  callerOf,
  changeBody,
  LUKAS,
  PAYMENTS_DB,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { Caller } from '../engine/types';

/*
 * The release figures of what the process really writes: a CAB meeting, a
 * business case sent back and approved, and an end of coordination that
 * meets one RFC and returns the other, through the services (the record
 * engine, CabMeetingService, the release effects), on both databases. The
 * scale test (store/releaseKpiQueries.test.ts) checks the counting; this
 * one that the entries it counts are the ones the process writes.
 */

jest.setTimeout(120_000);

const PAYMENTS_SYSTEM = 'system:default/payments';
const DAY = 24 * 3_600_000;
const START = new Date('2026-12-01T09:00:00.000Z');
const at = (days: number) => new Date(START.getTime() + days * DAY);
const lukas = callerOf(LUKAS);

describe.each(ITSM_TEST_DATABASES)('release KPIs on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('counts a CAB meeting, a business case sent back, and a release that met one RFC of two', async () => {
    const { records, cab, kpis, clock } = itsmServices({
      knex: db.knex,
      now: START,
    });
    const moveChange = async (key: string, to: string) => {
      const { version } = await records.get('changes', key, amara);
      return records.transition('changes', key, { to, version }, amara);
    };
    const rfcs: string[] = [];
    for (const title of [
      'Split the ledger',
      'New fraud rules',
      'Drop v1',
      'Later',
    ]) {
      const { key } = await records.create(
        'changes',
        changeBody({ title }),
        amara,
      );
      await moveChange(key, 'review');
      await moveChange(key, 'in_release');
      rfcs.push(key);
    }
    // The fourth gets one include of two: it stays in the backlog.
    const [met, unmet, rejected] = rfcs;
    await cab.create(
      {
        serviceRef: PAYMENTS_SYSTEM,
        meetingAt: at(7).toISOString(),
        submissionDeadline: at(5).toISOString(),
      },
      amara,
    );
    const votes = {
      [met]: 'include',
      [unmet]: 'include',
      [rejected]: 'reject',
    };
    for (const change of rfcs) {
      await cab.putOnAgenda('CAB-1', { change }, amara);
      for (const member of [amara, lukas]) {
        const vote = votes[change] ?? (member === amara ? 'include' : 'defer');
        await cab.vote('CAB-1', { change, vote }, member);
      }
    }
    clock.now = at(7);
    const { releaseKey } = await cab.close(
      'CAB-1',
      { version: 1, nextMeetingAt: at(35).toISOString() },
      amara,
    );
    const moveRelease = async (to: string, by: Caller, extra: object = {}) => {
      const { version } = await records.get('releases', releaseKey!, by);
      return records.transition(
        'releases',
        releaseKey!,
        { to, version, ...extra },
        by,
      );
    };
    // A target date given with an offset: 20 December, 10:00 UTC.
    await records.update(
      'releases',
      releaseKey!,
      {
        version: (await records.get('releases', releaseKey!, amara)).version,
        targetDate: '2026-12-20T11:00:00+01:00',
      },
      amara,
    );
    clock.now = at(8);
    await moveRelease('justification', amara);
    await moveRelease('defined', lukas, { reason: 'cheaper, please' });
    await moveRelease('justification', amara);
    await moveRelease('coordinating', lukas);
    // Coordination ends on 19 December: before the target.
    clock.now = at(18);
    await moveRelease('reviewing', amara, { fulfilled: [met] });
    clock.now = at(19);
    await moveChange(met, 'closed');

    // The RFC returned unmet says so in its history, at the end of coordination.
    const history = await records.history('changes', unmet, amara);
    expect(history.items).toContainEqual(
      expect.objectContaining({
        at: at(18).toISOString(),
        action: 'unlinked',
        field: 'releases',
        from: releaseKey,
        to: null,
      }),
    );

    const credentials = amara.credentials;
    const period = { from: START.toISOString(), to: at(30).toISOString() };
    const figures = await kpis.figures(period, credentials);
    expect(figures.releases).toEqual({
      cabMeetings: {
        closed: 1,
        included: 2,
        rejected: 1,
        carriedOver: 1,
        latest: [
          {
            key: 'CAB-1',
            closedAt: at(7).toISOString(),
            included: 2,
            rejected: 1,
            carriedOver: 1,
          },
        ],
      },
      rfcsFulfilled: 1,
      rfcsReturnedUnmet: 1,
      requirementsFulfilledRate: 0.5,
      businessCases: { sentBack: 1, rejected: 0 },
      additionalChanges: { total: 0, finish: 0, backout: 0 },
      coordinationFinished: 1,
      withTargetDate: 1,
      onTime: 1,
      onTimeRate: 1,
    });

    // By entity: meetings by their service, releases by theirs, RFCs by
    // their own (payments-db, a part of payments).
    const payments = await kpis.figures(
      { ...period, entityRefs: [PAYMENTS_SYSTEM] },
      credentials,
    );
    expect(payments.releases).toEqual({
      ...figures.releases,
      rfcsFulfilled: 0,
      rfcsReturnedUnmet: 0,
      requirementsFulfilledRate: null,
    });
    const database = await kpis.figures(
      { ...period, entityRefs: [PAYMENTS_DB] },
      credentials,
    );
    expect(database.releases).toMatchObject({
      cabMeetings: { closed: 0, included: 0, latest: [] },
      rfcsFulfilled: 1,
      rfcsReturnedUnmet: 1,
      requirementsFulfilledRate: 0.5,
      businessCases: { sentBack: 0 },
      coordinationFinished: 0,
      onTimeRate: null,
    });
    // A period that ends before the end of coordination counts the meeting
    // and the business case only.
    const before = await kpis.figures(
      { from: START.toISOString(), to: at(18).toISOString() },
      credentials,
    );
    expect(before.releases).toMatchObject({
      cabMeetings: { closed: 1 },
      businessCases: { sentBack: 1 },
      rfcsReturnedUnmet: 0,
      rfcsFulfilled: 0,
      requirementsFulfilledRate: null,
      coordinationFinished: 0,
    });
  });
});
