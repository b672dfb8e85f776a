import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  Data,
  Event,
  DAY,
  iso,
  LAST90,
  Meeting,
  Model,
  NOW,
  seed,
  SERVICES,
  USERS,
} from '../__testUtils__/releaseKpiData';
import { LATEST_CAB_MEETINGS, releaseKpiCounts } from './releaseKpiQueries';
import { RecordFilter, ReleaseKpiCounts } from './types';

/*
 * The release counts at scale: thousands of releases, RFCs, history
 * entries, plan entries and CAB meetings written in bulk, with decoys for
 * every figure and moments on the edges of the period
 * (__testUtils__/releaseKpiData.ts); every count compared with the
 * definition of docs/kpis.md computed here, in TypeScript, from what was
 * written.
 */

jest.setTimeout(600_000);

interface Query {
  from: number;
  to: number;
  entityRefs?: string[];
}

/** The counts of the definitions in docs/kpis.md, from what was written. */
function expected(
  data: Data,
  q: Query,
  readable: (m: Model) => boolean,
): ReleaseKpiCounts {
  const inPeriod = (t: number) => t >= q.from && t < q.to;
  const about = (refs: string[]) =>
    !q.entityRefs?.length || refs.some(e => q.entityRefs!.includes(e));
  const visible = (m: Model) => readable(m) && about(m.entityRefs);
  const entries = (models: Model[], test: (e: Event) => boolean) =>
    models
      .filter(visible)
      .flatMap(m =>
        m.events.filter(e => inPeriod(e.at) && test(e)).map(e => ({ m, e })),
      );
  const byId = new Map([...data.releases, ...data.changes].map(m => [m.id, m]));
  const endsAt = new Map(
    data.releases.map(r => [
      r.key,
      r.events.find(e => e.to === 'reviewing')?.at,
    ]),
  );

  const meetings = data.meetings
    .filter(
      m =>
        m.closedAt !== null &&
        inPeriod(m.closedAt) &&
        (!q.entityRefs?.length || q.entityRefs.includes(m.service)),
    )
    .sort((a, b) => b.closedAt! - a.closedAt! || b.seq - a.seq);
  const outcomes = (list: Meeting[]) => {
    const items = list
      .flatMap(m => m.agenda)
      .filter(a => readable(byId.get(a.changeId)!));
    const n = (o: string) => items.filter(a => a.outcome === o).length;
    return {
      included: n('included'),
      rejected: n('rejected'),
      carriedOver: n('backlog'),
    };
  };
  const plans = data.plans.filter(
    p =>
      inPeriod(p.createdAt) &&
      readable(byId.get(p.changeId)!) &&
      about(byId.get(p.releaseId)!.entityRefs),
  );
  const finished = entries(
    data.releases,
    e => e.from === 'coordinating' && e.to === 'reviewing',
  );
  const withTarget = finished.filter(({ m }) => m.target !== null);
  return {
    cabMeetings: {
      closed: meetings.length,
      ...outcomes(meetings),
      latest: meetings.slice(0, LATEST_CAB_MEETINGS).map(m => ({
        key: m.key,
        closedAt: iso(m.closedAt!),
        ...outcomes([m]),
      })),
    },
    rfcsFulfilled: entries(
      data.changes,
      e =>
        e.action === 'fulfil' && e.from === 'in_release' && e.to === 'closed',
    ).length,
    rfcsReturnedUnmet: entries(
      data.changes,
      e =>
        e.action === 'unlinked' &&
        e.field === 'releases' &&
        endsAt.get(e.from!) === e.at,
    ).length,
    businessCases: {
      sentBack: entries(
        data.releases,
        e => e.from === 'justification' && e.to === 'defined',
      ).length,
      rejected: entries(
        data.releases,
        e => e.from === 'justification' && e.to === 'cancelled',
      ).length,
    },
    additionalChanges: {
      finish: plans.filter(p => p.purpose === 'finish').length,
      backout: plans.filter(p => p.purpose === 'backout').length,
    },
    coordinationFinished: {
      count: finished.length,
      withTargetDate: withTarget.length,
      onTime: withTarget.filter(({ m, e }) => e.at <= m.target!).length,
    },
  };
}

describe.each(ITSM_TEST_DATABASES)(
  'release KPI counts at scale on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('equals an independent computation over every row, for any period, entity and permission filter', async () => {
      const data = await seed(db.knex, 19);
      const all = () => true;
      const counts = async (
        q: Query & { permissionFilter?: PermissionCriteria<RecordFilter> },
      ) =>
        (await db.store.kpiCounts({ ...q, from: iso(q.from), to: iso(q.to) }))
          .releases;

      const whole = expected(data, LAST90, all);
      // Moments on both edges of the period: at `from` counts, at `to` not.
      const ends = data.releases.flatMap(r => r.events.map(e => e.at));
      expect(ends.filter(at => at === LAST90.from).length).toBeGreaterThan(5);
      expect(ends.filter(at => at === LAST90.to).length).toBeGreaterThan(5);
      // The data exercise every figure, and the decoys are there.
      expect(whole.cabMeetings.closed).toBeGreaterThan(LATEST_CAB_MEETINGS);
      expect(whole.cabMeetings.latest).toHaveLength(LATEST_CAB_MEETINGS);
      expect(whole.rfcsReturnedUnmet).toBeGreaterThan(50);
      expect(whole.rfcsFulfilled).toBeGreaterThan(50);
      expect(whole.businessCases.rejected).toBeGreaterThan(5);
      expect(whole.additionalChanges.backout).toBeGreaterThan(50);
      expect(whole.coordinationFinished.onTime).toBeGreaterThan(5);
      expect(whole.coordinationFinished.withTargetDate).toBeGreaterThan(
        whole.coordinationFinished.onTime,
      );
      expect(await counts(LAST90)).toEqual(whole);

      // Another period, two services.
      const window = {
        from: NOW - 150 * DAY,
        to: NOW - 20 * DAY,
        entityRefs: [SERVICES[0], SERVICES[3]],
      };
      expect(await counts(window)).toEqual(expected(data, window, all));

      // A caller who may read what u1 requested and what team-2 owns.
      const permissionFilter: PermissionCriteria<RecordFilter> = {
        anyOf: [
          { property: 'createdBy', values: [USERS[1]] },
          { property: 'ownerRef', values: ['group:default/team-2'] },
        ],
      };
      const readable = (m: Model) =>
        m.createdBy === USERS[1] ||
        m.ownerRefs.includes('group:default/team-2');
      const filtered = expected(data, LAST90, readable);
      expect(filtered.rfcsReturnedUnmet).toBeLessThan(whole.rfcsReturnedUnmet);
      expect(filtered.cabMeetings.included).toBeLessThan(
        whole.cabMeetings.included,
      );
      expect(await counts({ ...LAST90, permissionFilter })).toEqual(filtered);
      expect(await counts({ ...window, permissionFilter })).toEqual(
        expected(data, window, readable),
      );

      // A period of two milliseconds around the end of LAST90.
      const edge = { from: LAST90.to - 1, to: LAST90.to + 1 };
      const atEdge = expected(data, edge, all);
      expect(atEdge.cabMeetings.closed).toBeGreaterThan(0);
      expect(atEdge.coordinationFinished.count).toBeGreaterThan(0);
      expect(await counts(edge)).toEqual(atEdge);

      // Nothing in the period.
      const empty = { from: NOW + 400 * DAY, to: NOW + 500 * DAY };
      expect(await counts(empty)).toEqual(expected(data, empty, all));
    });

    it('reads history through the partial indexes of the release figures, never a scan of it', async () => {
      await seed(db.knex, 7);
      const pg = databaseId.startsWith('POSTGRES');
      await db.knex.raw('ANALYZE');
      const queries: Array<{ sql: string; bindings: unknown[] }> = [];
      const listen = (q: { sql: string; bindings: unknown[] }) =>
        queries.push(q);
      db.knex.on('query', listen);
      await releaseKpiCounts(db.knex, {
        from: iso(LAST90.from),
        to: iso(LAST90.to),
        entityRefs: [SERVICES[1]],
        permissionFilter: { property: 'createdBy', values: [USERS[1]] },
      });
      db.knex.off('query', listen);

      const plans: string[] = [];
      for (const q of queries.filter(x => x.sql.includes('itsm_history'))) {
        // knex.raw takes `?` where PostgreSQL's text has `$n`.
        const sql = pg ? q.sql.replace(/\$\d+/g, '?') : q.sql;
        const explained = await db.knex.raw(
          `${pg ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${sql}`,
          q.bindings as any[],
        );
        plans.push(
          (pg ? explained.rows : explained)
            .map((r: Record<string, string>) => r['QUERY PLAN'] ?? r.detail)
            .join('\n'),
        );
      }
      // Fulfilled, returned unmet, business cases, end of coordination.
      expect(plans).toHaveLength(4);
      for (const plan of plans) {
        expect(plan).toMatch(/itsm_history_release_(states|unlinks)_idx/);
        expect(plan).not.toMatch(
          pg ? /Seq Scan on itsm_history/ : /SCAN (h|hu|hr)\b(?! USING)/,
        );
      }
    });
  },
);
