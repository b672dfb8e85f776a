import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  ACTIVE_SLA_STATES,
  ItsmRecordType,
  OPEN_INCIDENT_STATES,
  OPEN_PROBLEM_STATES,
  PRIORITIES,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID as uuid } from 'node:crypto';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { KnexItsmStore } from './KnexItsmStore';
import { KpiCounts, KpiCountsQuery, RecordFilter } from './types';

/*
 * The KPI counts at scale: a few thousand records of random states, fields
 * and histories inserted through the store, every count compared with the
 * same figure computed here, in TypeScript, from what was inserted.
 */

jest.setTimeout(600_000);

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-15T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const ENTITIES = [0, 1, 2, 3, 4, 5].map(i => `component:default/c${i}`);
const OWNER_OF = (entity: string) =>
  `group:default/team-${ENTITIES.indexOf(entity) % 3}`;
const USERS = [0, 1, 2, 3].map(i => `user:default/u${i}`);

/** A deterministic random source, so that a failure can be replayed. */
function random(start: number) {
  let a = start;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}

/** One inserted record as this test knows it. */
interface Model {
  type: ItsmRecordType;
  key: string;
  state: string;
  priority: string | null;
  createdAt: number;
  stateChangedAt: number;
  /** When a history entry records a transition into `resolved`. */
  resolutions: number[];
  data: Record<string, unknown>;
  entityRefs: string[];
  ownerRefs: string[];
  createdBy: string;
}

/** A state change to write: with or without its history entry. */
type Step = { state: string; at: number; history: boolean };

function incidentPlan(rnd: ReturnType<typeof random>, created: number) {
  const steps: Step[] = [];
  let at = created;
  const go = (state: string, history = true) => {
    at += rnd.int(10 * DAY) + 60_000;
    steps.push({ state, at, history });
  };
  const scenario = rnd.int(6);
  if (scenario === 0) {
    // Still open.
    const depth = rnd.int(4);
    for (const state of ['assigned', 'in_progress', 'pending'].slice(0, depth))
      go(state);
  } else if (scenario === 1) {
    go('cancelled');
  } else if (scenario === 5) {
    // Imported: resolved (perhaps closed) without any history.
    go('resolved', false);
    if (rnd.chance(0.5)) go('closed', false);
  } else {
    go('assigned');
    go('resolved');
    for (let reopen = rnd.int(3); reopen > 0 && scenario > 2; reopen--) {
      go('assigned');
      go('resolved');
    }
    if (rnd.chance(0.6)) go('closed');
  }
  return steps;
}

function incidentData(rnd: ReturnType<typeof random>, changeKeys: string[]) {
  const data: Record<string, unknown> = {
    impact: rnd.pick(['high', 'medium', 'low']),
    major: rnd.chance(0.1),
  };
  if (rnd.chance(0.15)) data.escalated = true;
  else if (rnd.chance(0.1)) data.escalated = false;
  for (const counter of ['sendBackCount', 'reassignmentCount', 'reopenCount'])
    if (rnd.chance(0.7)) data[counter] = rnd.int(3);
  if (rnd.chance(0.15) && changeKeys.length > 0)
    data.causedByChange = rnd.pick(changeKeys);
  else if (rnd.chance(0.1)) data.causedByChange = null;
  return data;
}

/** Inserts the records of one seed through the store and answers what it inserted. */
async function seed(store: KnexItsmStore, seedValue: number) {
  const rnd = random(seedValue);
  const models: Model[] = [];
  const plans: Array<{ model: Model; steps: Step[] }> = [];
  const add = (
    type: ItsmRecordType,
    data: Record<string, unknown>,
    steps: Step[],
    createdAt: number,
  ) => {
    const entityRefs = [
      ...new Set([
        rnd.pick(ENTITIES),
        ...(rnd.chance(0.3) ? [rnd.pick(ENTITIES)] : []),
      ]),
    ];
    const last = steps[steps.length - 1];
    const model: Model = {
      type,
      key: '',
      state: last?.state ?? STATE_MACHINES[type].initial,
      priority: type === 'incidents' ? rnd.pick(PRIORITIES) : null,
      createdAt,
      stateChangedAt: last?.at ?? createdAt,
      resolutions: steps
        .filter(s => s.history && s.state === 'resolved')
        .map(s => s.at),
      data,
      entityRefs,
      ownerRefs: [...new Set(entityRefs.map(OWNER_OF))],
      createdBy: rnd.pick(USERS),
    };
    models.push(model);
    plans.push({ model, steps });
  };
  const created = () => NOW - rnd.int(200 * DAY);

  // Changes first: incidents name some of them as their cause.
  for (let i = 0; i < 800; i++) {
    const at = created();
    const closed = rnd.chance(0.5);
    const data: Record<string, unknown> = {
      changeType: rnd.pick(['standard', 'normal', 'normal', 'emergency']),
    };
    if (closed && rnd.chance(0.9))
      data.outcome = rnd.pick([
        'successful',
        'successful',
        'failed',
        'backed_out',
      ]);
    const state = closed ? 'closed' : rnd.pick(STATE_MACHINES.changes.states);
    const steps =
      state === 'draft'
        ? []
        : [{ state, at: at + rnd.int(30 * DAY), history: true }];
    add('changes', data, steps, at);
  }
  const changeKeys = models.map((_, i) => `CHG-${i + 1}`);
  for (let i = 0; i < 2000; i++) {
    const at = created();
    add('incidents', incidentData(rnd, changeKeys), incidentPlan(rnd, at), at);
  }
  for (const type of ['problems', 'slas'] as const) {
    for (let i = 0; i < (type === 'problems' ? 200 : 60); i++) {
      const at = created();
      const state = rnd.pick(STATE_MACHINES[type].states);
      const initial = state === STATE_MACHINES[type].initial;
      add(
        type,
        {},
        initial ? [] : [{ state, at: at + DAY, history: true }],
        at,
      );
    }
  }

  const BATCH = 250;
  for (let i = 0; i < plans.length; i += BATCH) {
    await store.transaction(async tx => {
      for (const { model, steps } of plans.slice(i, i + BATCH)) {
        let record = await tx.insertRecord({
          id: uuid(),
          type: model.type,
          title: 'KPI scale',
          description: '',
          state: STATE_MACHINES[model.type].initial,
          priority: model.priority,
          assignedGroup: null,
          assignee: null,
          entityRefs: model.entityRefs,
          ownerRefs: model.ownerRefs,
          data: model.data,
          createdBy: model.createdBy,
          now: iso(model.createdAt),
        });
        model.key = record.key;
        for (const step of steps) {
          const from = record.state;
          record = await tx.updateRecord(record.id, record.version, {
            state: step.state,
            updatedBy: model.createdBy,
            now: iso(step.at),
          });
          if (step.history) {
            await tx.appendHistory(record.id, [
              {
                at: iso(step.at),
                actor: model.createdBy,
                action: 'transition',
                field: 'state',
                from,
                to: step.state,
              },
            ]);
          }
        }
      }
    });
  }
  return models;
}

/** The counts of the definitions in docs/kpis.md, computed from the models. */
function expectedCounts(
  models: Model[],
  query: { from: number; to: number; entityRefs?: string[] },
  readable: (m: Model) => boolean,
): OtherCounts {
  const about = (m: Model) =>
    !query.entityRefs?.length ||
    m.entityRefs.some(e => query.entityRefs!.includes(e));
  const visible = (type: ItsmRecordType) =>
    models.filter(m => m.type === type && readable(m) && about(m));
  const inPeriod = (t: number) => t >= query.from && t < query.to;
  const tally = (items: Model[], key: (m: Model) => string) => {
    const out: Record<string, number> = {};
    for (const m of items) out[key(m)] = (out[key(m)] ?? 0) + 1;
    return out;
  };
  const numberOf = (v: unknown) => (typeof v === 'number' ? v : 0);
  const sum = (items: Model[], field: string) =>
    items.reduce((total, m) => total + numberOf(m.data[field]), 0);
  const count = (items: Model[], test: (m: Model) => boolean) =>
    items.filter(test).length;

  const incidents = visible('incidents');
  const reported = incidents.filter(m => inPeriod(m.createdAt));
  const durations: Array<{ ms: number; m: Model }> = [];
  for (const m of incidents) {
    const inside = m.resolutions.filter(inPeriod);
    let resolvedAt: number | undefined;
    if (inside.length > 0) resolvedAt = Math.max(...inside);
    else if (m.state === 'resolved' && inPeriod(m.stateChangedAt))
      resolvedAt = m.stateChangedAt;
    if (resolvedAt !== undefined)
      durations.push({ ms: resolvedAt - m.createdAt, m });
  }
  const changes = visible('changes');
  const closed = changes.filter(
    m => m.state === 'closed' && inPeriod(m.stateChangedAt),
  );
  const causes = new Set(
    models
      .filter(m => m.type === 'incidents' && readable(m))
      .map(m => m.data.causedByChange),
  );
  const outcome = (value: string) => (m: Model) => m.data.outcome === value;
  return {
    openIncidents: tally(
      incidents.filter(m => OPEN_INCIDENT_STATES.includes(m.state)),
      m => String(m.priority),
    ),
    openProblems: tally(
      visible('problems').filter(m => OPEN_PROBLEM_STATES.includes(m.state)),
      m => m.state,
    ),
    activeSlas: count(visible('slas'), m =>
      ACTIVE_SLA_STATES.includes(m.state),
    ),
    reportedIncidents: {
      count: reported.length,
      sendBacks: sum(reported, 'sendBackCount'),
      reassignments: sum(reported, 'reassignmentCount'),
      escalated: count(reported, m => m.data.escalated === true),
      major: count(reported, m => m.data.major === true),
    },
    resolvedIncidents: {
      count: durations.length,
      meanMs:
        durations.length > 0
          ? durations.reduce((a, d) => a + d.ms, 0) / durations.length
          : null,
      reopened: count(
        durations.map(d => d.m),
        m => numberOf(m.data.reopenCount) > 0,
      ),
    },
    closedChanges: {
      count: closed.length,
      successful: count(closed, outcome('successful')),
      failed: count(closed, outcome('failed')),
      backedOut: count(closed, outcome('backed_out')),
      causedIncidents: count(closed, m => causes.has(m.key)),
    },
    reportedChanges: {
      count: count(changes, m => inPeriod(m.createdAt)),
      emergency: count(
        changes,
        m => inPeriod(m.createdAt) && m.data.changeType === 'emergency',
      ),
    },
  };
}

/** The counts but the release ones (store/releaseKpiQueries.test.ts). */
type OtherCounts = Omit<KpiCounts, 'releases'>;

/** Compares the store's counts with the expected ones (the mean within 1 ms). */
function expectCounts(
  { releases: _releases, ...actual }: KpiCounts,
  expected: OtherCounts,
) {
  const { meanMs, ...resolved } = actual.resolvedIncidents;
  const { meanMs: expectedMean, ...expectedResolved } =
    expected.resolvedIncidents;
  expect({ ...actual, resolvedIncidents: resolved }).toEqual({
    ...expected,
    resolvedIncidents: expectedResolved,
  });
  if (expectedMean === null) {
    expect(meanMs).toBeNull();
  } else {
    expect(Math.abs(meanMs! - expectedMean)).toBeLessThan(1);
  }
}

describe.each(ITSM_TEST_DATABASES)('KPI counts at scale on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('equals an independent computation over every record, for any period, entity and permission filter', async () => {
    const models = await seed(db.store, 16);
    const all = () => true;
    const last90 = { from: NOW - 90 * DAY, to: NOW };
    const query = (q: {
      from: number;
      to: number;
      entityRefs?: string[];
      permissionFilter?: PermissionCriteria<RecordFilter>;
    }): KpiCountsQuery => ({ ...q, from: iso(q.from), to: iso(q.to) });

    const whole = expectedCounts(models, last90, all);
    // The data exercise every figure (a test that cannot fail proves nothing).
    expect(whole.resolvedIncidents.count).toBeGreaterThan(100);
    expect(whole.resolvedIncidents.reopened).toBeGreaterThan(10);
    expect(whole.closedChanges.causedIncidents).toBeGreaterThan(5);
    expect(whole.closedChanges.failed).toBeGreaterThan(5);
    expect(whole.reportedChanges.emergency).toBeGreaterThan(5);
    expect(whole.reportedIncidents.escalated).toBeGreaterThan(5);
    expect(whole.openProblems.impasse).toBeGreaterThan(0);
    expect(whole.activeSlas).toBeGreaterThan(0);
    // Incidents resolved in the period that are closed by now, or resolved
    // again after it, count too; and imported ones without history.
    expect(
      models.filter(
        m =>
          m.state === 'closed' &&
          m.resolutions.some(t => t >= last90.from && t < last90.to),
      ).length,
    ).toBeGreaterThan(10);
    expect(
      models.filter(m => m.state === 'resolved' && m.resolutions.length === 0)
        .length,
    ).toBeGreaterThan(10);

    expectCounts(await db.store.kpiCounts(query(last90)), whole);

    const window = {
      from: NOW - 120 * DAY,
      to: NOW - 30 * DAY,
      entityRefs: [ENTITIES[0], ENTITIES[3]],
    };
    expectCounts(
      await db.store.kpiCounts(query(window)),
      expectedCounts(models, window, all),
    );

    // A caller who may read what u1 requested and what team-2 owns.
    const permissionFilter: PermissionCriteria<RecordFilter> = {
      anyOf: [
        { property: 'createdBy', values: [USERS[1]] },
        { property: 'ownerRef', values: ['group:default/team-2'] },
      ],
    };
    const readable = (m: Model) =>
      m.createdBy === USERS[1] || m.ownerRefs.includes('group:default/team-2');
    const filtered = expectedCounts(models, last90, readable);
    expect(filtered.reportedIncidents.count).toBeLessThan(
      whole.reportedIncidents.count,
    );
    expect(filtered.closedChanges.causedIncidents).toBeLessThan(
      whole.closedChanges.causedIncidents,
    );
    expectCounts(
      await db.store.kpiCounts(query({ ...last90, permissionFilter })),
      filtered,
    );

    // Nothing in the period: counts are 0 and the mean is null.
    const empty = { from: NOW + 400 * DAY, to: NOW + 500 * DAY };
    const none = await db.store.kpiCounts(query(empty));
    expect(none.resolvedIncidents).toEqual({
      count: 0,
      meanMs: null,
      reopened: 0,
    });
    expectCounts(none, expectedCounts(models, empty, all));
  });
});
