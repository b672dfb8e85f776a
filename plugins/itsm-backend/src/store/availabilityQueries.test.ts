import { STATE_MACHINES } from '@backstage-itsm/plugin-itsm-common';
import {
  createRecord,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  intervalsOnEntities,
  recordsCreatedOnEntities,
} from './availabilityQueries';
import { Queries } from './queries';
import {
  EntityInterval,
  EntityIntervalsQuery,
  RecordFilter,
  StoredRecord,
} from './types';

/*
 * The interval facts of the records of many entities over a period, in one
 * query: compared, record by record, with what was written.
 */

const A = 'component:default/a';
const B = 'component:default/b';
const SYSTEM = 'system:default/s';
const OTHER = 'component:default/other';
const FROM = '2026-03-01T00:00:00.000Z';
const TO = '2026-04-01T00:00:00.000Z';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const COUNTED = STATE_MACHINES.incidents.states.filter(s => s !== 'cancelled');

/** An incident with an outage (end null: still open), or without one. */
function incident(
  entityRefs: string[],
  outage: { kind: string; start: string; end: string | null } | null,
  options: { state?: string; createdBy?: string } = {},
) {
  return {
    entityRefs,
    state: options.state ?? 'resolved',
    createdBy: options.createdBy ?? ALICE,
    data: outage ? { outage } : {},
  };
}

function byEntityAndRecord(x: EntityInterval, y: EntityInterval): number {
  const [a, b] = [
    [x.entityRef, x.recordId],
    [y.entityRef, y.recordId],
  ];
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

describe.each(ITSM_TEST_DATABASES)('availability queries on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  const outagesOf = (
    query: Partial<EntityIntervalsQuery> = {},
    options: { pageSize?: number } = {},
  ) =>
    intervalsOnEntities(
      db.knex,
      {
        type: 'incidents',
        fact: 'outage',
        states: COUNTED,
        entityRefs: [A, B, SYSTEM],
        from: FROM,
        to: TO,
        ...query,
      },
      options,
    );

  it('answers each interval overlapping the period once per entity it concerns', async () => {
    const specs = {
      inside: incident([A], {
        kind: 'down',
        start: '2026-03-10T10:00:00Z',
        end: '2026-03-10T11:00:00Z',
      }),
      acrossStart: incident([B], {
        kind: 'degraded',
        start: '2026-02-27T00:00:00Z',
        end: '2026-03-01T00:00:01Z',
      }),
      acrossEnd: incident([SYSTEM], {
        kind: 'down',
        start: '2026-03-31T23:59:59Z',
        end: '2026-04-02T00:00:00Z',
      }),
      around: incident([A], {
        kind: 'down',
        start: '2026-01-01T00:00:00Z',
        end: '2026-05-01T00:00:00Z',
      }),
      open: incident([B], {
        kind: 'down',
        start: '2026-02-01T00:00:00Z',
        end: null,
      }),
      onTwo: incident([A, OTHER, B], {
        kind: 'degraded',
        start: '2026-03-05T00:00:00Z',
        end: '2026-03-06T00:00:00Z',
      }),
      twiceOnA: incident([A, A], {
        kind: 'down',
        start: '2026-03-07T00:00:00Z',
        end: '2026-03-07T01:00:00Z',
      }),
      byBob: incident(
        [SYSTEM],
        {
          kind: 'down',
          start: '2026-03-08T00:00:00Z',
          end: '2026-03-08T01:00:00Z',
        },
        { createdBy: BOB },
      ),
      // Not answered: ends as the period starts, starts as it ends, opens
      // after it, cancelled, on no entity asked for, without an outage.
      endsAtStart: incident([A], {
        kind: 'down',
        start: '2026-02-28T00:00:00Z',
        end: FROM,
      }),
      startsAtEnd: incident([A], { kind: 'down', start: TO, end: null }),
      openLater: incident([B], {
        kind: 'down',
        start: '2026-04-05T00:00:00Z',
        end: null,
      }),
      cancelled: incident(
        [A],
        {
          kind: 'down',
          start: '2026-03-10T00:00:00Z',
          end: '2026-03-11T00:00:00Z',
        },
        { state: 'cancelled' },
      ),
      elsewhere: incident([OTHER], {
        kind: 'down',
        start: '2026-03-10T00:00:00Z',
        end: '2026-03-11T00:00:00Z',
      }),
      none: incident([A], null),
    };
    const records = new Map<string, StoredRecord>();
    for (const [name, spec] of Object.entries(specs)) {
      records.set(name, await createRecord(db.store, 'incidents', spec));
    }
    // A change's window on A, not an outage.
    await createRecord(db.store, 'changes', {
      entityRefs: [A],
      state: 'scheduled',
      data: {
        changeType: 'normal',
        plannedStart: '2026-03-10T00:00:00Z',
        plannedEnd: '2026-03-10T02:00:00Z',
      },
    });

    const row = (
      name: keyof typeof specs,
      entityRef: string,
    ): EntityInterval => {
      const record = records.get(name)!;
      const outage = specs[name].data.outage!;
      return {
        entityRef,
        recordId: record.id,
        key: record.key,
        seq: record.seq,
        value: outage.kind,
        start: new Date(outage.start).toISOString(),
        end: outage.end === null ? null : new Date(outage.end).toISOString(),
      };
    };
    const expected = [
      row('inside', A),
      row('around', A),
      row('onTwo', A),
      row('twiceOnA', A),
      row('acrossStart', B),
      row('open', B),
      row('onTwo', B),
      row('acrossEnd', SYSTEM),
      row('byBob', SYSTEM),
    ].sort(byEntityAndRecord);
    const sorted = (rows: EntityInterval[]) =>
      [...rows].sort(byEntityAndRecord);

    const all = await outagesOf();
    expect(sorted(all)).toEqual(expected);
    // Ordered by entity, then record, as the database orders them.
    expect(all.map(r => r.entityRef)).toEqual(expected.map(r => r.entityRef));

    // Page by page, however small the pages: the same answer.
    for (const pageSize of [1, 2, 3]) {
      expect(await outagesOf({}, { pageSize })).toEqual(all);
    }
    // Many entities (several chunks): the same answer for these.
    const many = [
      ...Array.from({ length: 700 }, (_, i) => `component:default/n${i}`),
      A,
      B,
      SYSTEM,
    ];
    expect(await outagesOf({ entityRefs: many })).toEqual(all);
    // Only the entities asked about, in the states asked for.
    expect(sorted(await outagesOf({ entityRefs: [B] }))).toEqual(
      expected.filter(r => r.entityRef === B),
    );
    expect(
      (
        await outagesOf({ entityRefs: [A], states: [...COUNTED, 'cancelled'] })
      ).map(r => r.key),
    ).toContain(records.get('cancelled')!.key);
    // The caller's permission conditions apply.
    expect(
      await outagesOf({
        permissionFilter: { property: 'createdBy', values: [BOB] },
      }),
    ).toEqual([row('byBob', SYSTEM)]);
    // The windows of changes are another fact of another type.
    expect(
      await outagesOf({
        type: 'changes',
        fact: 'window',
        states: ['scheduled'],
      }),
    ).toEqual([
      expect.objectContaining({
        entityRef: A,
        value: 'normal',
        start: '2026-03-10T00:00:00.000Z',
        end: '2026-03-10T02:00:00.000Z',
      }),
    ]);
    expect(await outagesOf({ entityRefs: [] })).toEqual([]);
    expect(await outagesOf({ states: [] })).toEqual([]);
  });

  it('reads the records of the entities created in a period, newest first', async () => {
    const created = async (
      entityRefs: string[],
      now: string,
      options: { type?: 'incidents' | 'changes'; createdBy?: string } = {},
    ) =>
      createRecord(db.store, options.type ?? 'incidents', {
        entityRefs,
        now,
        createdBy: options.createdBy ?? ALICE,
      });
    const first = await created([A], FROM);
    const onTwo = await created([B, A], '2026-03-02T00:00:00Z');
    const bobs = await created([SYSTEM], '2026-03-03T00:00:00Z', {
      createdBy: BOB,
    });
    const last = await created([A, A], '2026-03-31T23:59:59.999Z');
    // Not read: before and at the end of the period, elsewhere, a change.
    await created([A], '2026-02-28T23:59:59.999Z');
    await created([B], TO);
    await created([OTHER], '2026-03-10T00:00:00Z');
    await created([A], '2026-03-10T00:00:00Z', { type: 'changes' });

    const read = (
      query: { entityRefs?: string[]; permissionFilter?: RecordFilter } = {},
    ) =>
      recordsCreatedOnEntities(new Queries(db.knex), {
        type: 'incidents',
        entityRefs: [A, B, SYSTEM],
        createdSince: FROM,
        createdBefore: TO,
        ...query,
      });
    const keys = (records: StoredRecord[]) => records.map(r => r.key);
    const expected = keys([last, bobs, onTwo, first]);
    expect(keys(await read())).toEqual(expected);
    // As the store keeps them: entities in order, data.
    expect((await read())[2]).toEqual(onTwo);
    expect(
      keys(
        await read({
          entityRefs: [
            ...Array.from({ length: 700 }, (_, i) => `component:default/n${i}`),
            A,
            B,
            SYSTEM,
          ],
        }),
      ),
    ).toEqual(expected);
    expect(keys(await read({ entityRefs: [B] }))).toEqual(keys([onTwo]));
    expect(
      keys(
        await read({
          permissionFilter: { property: 'createdBy', values: [BOB] },
        }),
      ),
    ).toEqual(keys([bobs]));
    expect(await read({ entityRefs: [] })).toEqual([]);
  });
});
