import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { ListAccess } from '../permissions/RecordAuthorizer';
import { KpiCounts, KpiCountsQuery } from '../store/types';
import { NO_COUNTS } from './figures';
import { KpiService } from './KpiService';

const NOW = new Date('2026-11-15T12:00:00.000Z');

function service(access: ListAccess, counts: KpiCounts = NO_COUNTS) {
  const asked: KpiCountsQuery[] = [];
  const kpis = new KpiService({
    store: {
      kpiCounts: async query => {
        asked.push(query);
        return counts;
      },
    },
    authorizer: { listAccess: async () => access },
    clock: () => NOW,
  });
  return { kpis, asked };
}

const credentials = mockCredentials.user();

describe('KpiService', () => {
  it('counts over the last 90 days by default, with the caller’s conditions', async () => {
    const filter = { property: 'createdBy' as const, values: ['user:a'] };
    const { kpis, asked } = service({ result: 'filtered', filter });

    const figures = await kpis.figures({}, credentials);

    expect(asked).toEqual([
      {
        from: '2026-08-17T12:00:00.000Z',
        to: '2026-11-15T12:00:00.000Z',
        entityRefs: [],
        permissionFilter: filter,
      },
    ]);
    expect(figures).toMatchObject({
      from: '2026-08-17T12:00:00.000Z',
      to: '2026-11-15T12:00:00.000Z',
    });
  });

  it('turns counts into figures: rates over what has a value, null when nothing does', async () => {
    const { kpis } = service(
      { result: 'all' },
      {
        openIncidents: { P1: 2, P3: 1 },
        openProblems: { new: 1, known_error: 2, impasse: 3 },
        activeSlas: 4,
        reportedIncidents: {
          count: 10,
          sendBacks: 3,
          reassignments: 5,
          escalated: 1,
          major: 2,
        },
        resolvedIncidents: { count: 4, meanMs: 3600_000, reopened: 1 },
        closedChanges: {
          count: 10,
          successful: 6,
          failed: 1,
          backedOut: 1,
          causedIncidents: 2,
        },
        reportedChanges: { count: 0, emergency: 0 },
        releases: {
          cabMeetings: {
            closed: 2,
            included: 5,
            rejected: 1,
            carriedOver: 3,
            latest: [
              {
                key: 'CAB-7',
                closedAt: '2026-10-20T10:00:00.000Z',
                included: 2,
                rejected: 0,
                carriedOver: 1,
              },
            ],
          },
          rfcsFulfilled: 3,
          rfcsReturnedUnmet: 1,
          businessCases: { sentBack: 2, rejected: 1 },
          additionalChanges: { finish: 2, backout: 1 },
          coordinationFinished: { count: 5, withTargetDate: 0, onTime: 0 },
        },
      },
    );

    const figures = await kpis.figures(
      {
        from: '2026-10-01T00:00:00Z',
        to: '2026-11-01T00:00:00+01:00',
        entityRefs: ['component:default/a'],
      },
      credentials,
    );

    expect(figures).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-10-31T23:00:00.000Z',
      entityRefs: ['component:default/a'],
      incidents: {
        open: { total: 3, byPriority: { P1: 2, P2: 0, P3: 1, P4: 0 } },
        reported: 10,
        resolved: 4,
        meanTimeToResolveMs: 3600_000,
        reopened: 1,
        reopenRate: 0.25,
        sendBacks: 3,
        reassignments: 5,
        escalations: 1,
        major: 2,
      },
      problems: { open: 6, knownErrors: 2, impasse: 3 },
      changes: {
        closed: 10,
        successful: 6,
        failed: 1,
        backedOut: 1,
        withoutOutcome: 2,
        successRate: 0.75,
        causedIncidents: 2,
        reported: 0,
        emergency: 0,
        emergencyRatio: null,
      },
      slas: { active: 4 },
      releases: {
        cabMeetings: {
          closed: 2,
          included: 5,
          rejected: 1,
          carriedOver: 3,
          latest: [
            {
              key: 'CAB-7',
              closedAt: '2026-10-20T10:00:00.000Z',
              included: 2,
              rejected: 0,
              carriedOver: 1,
            },
          ],
        },
        rfcsFulfilled: 3,
        rfcsReturnedUnmet: 1,
        requirementsFulfilledRate: 0.75,
        businessCases: { sentBack: 2, rejected: 1 },
        additionalChanges: { total: 3, finish: 2, backout: 1 },
        coordinationFinished: 5,
        withTargetDate: 0,
        onTime: 0,
        // None of the five had a target date: nothing to measure.
        onTimeRate: null,
      },
    });
  });

  it('answers counts of nothing to a caller who may read no record, without a query', async () => {
    const { kpis, asked } = service({ result: 'none' });

    const figures = await kpis.figures({}, credentials);

    expect(asked).toEqual([]);
    expect(figures.incidents.open.total).toBe(0);
    expect(figures.incidents.meanTimeToResolveMs).toBeNull();
    expect(figures.incidents.reopenRate).toBeNull();
    expect(figures.changes.successRate).toBeNull();
    expect(figures.changes.emergencyRatio).toBeNull();
    expect(figures.releases).toMatchObject({
      cabMeetings: { closed: 0, latest: [] },
      rfcsReturnedUnmet: 0,
      requirementsFulfilledRate: null,
      onTimeRate: null,
    });
  });

  it('takes a period of the caller’s, and refuses one that ends before it starts', async () => {
    const { kpis, asked } = service({ result: 'all' });

    await kpis.figures({ to: '2026-01-31T00:00:00Z' }, credentials);
    expect(asked[0]).toMatchObject({
      from: '2025-11-02T00:00:00.000Z',
      to: '2026-01-31T00:00:00.000Z',
    });
    await expect(
      kpis.figures(
        { from: '2026-02-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
        credentials,
      ),
    ).rejects.toThrow(new InputError('to: must be after from'));
    await expect(
      kpis.figures({ from: 'yesterday' }, credentials),
    ).rejects.toThrow(InputError);
  });
});
