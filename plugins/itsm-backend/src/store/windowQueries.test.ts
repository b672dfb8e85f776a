import { InputError } from '@backstage/errors';
import { STATE_MACHINES } from '@backstage-itsm/plugin-itsm-common';
import {
  createRecord,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { StoredRecord } from './types';
import {
  recordsInWindow,
  WindowRecord,
  WindowRecordsQuery,
} from './windowQueries';

/*
 * The records whose interval overlaps a period, read from the interval
 * facts: compared, record by record, with what was written (the calendar's
 * scale test, changes/ChangeCalendar.test.ts, compares thousands).
 */

const A = 'component:default/a';
const B = 'component:default/b';
const OTHER = 'component:default/other';
const FROM = '2026-12-01T00:00:00.000Z';
const TO = '2027-01-01T00:00:00.000Z';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ALL_STATES = STATE_MACHINES.changes.states;

/** A change with an implementation window (or without one). */
function change(
  entityRefs: string[],
  window: { start: string; end: string } | null,
  options: {
    state?: string;
    createdBy?: string;
    changeType?: string;
    assessment?: Record<string, unknown>;
  } = {},
) {
  return {
    entityRefs,
    state: options.state ?? 'scheduled',
    createdBy: options.createdBy ?? ALICE,
    title: `Change on ${entityRefs.join(', ')}`,
    data: {
      changeType: options.changeType ?? 'normal',
      ...(window
        ? { plannedStart: window.start, plannedEnd: window.end }
        : { plannedStart: null, plannedEnd: null }),
      ...(options.assessment ? { assessment: options.assessment } : {}),
    },
  };
}

describe.each(ITSM_TEST_DATABASES)('window queries on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  const inWindow = (query: Partial<WindowRecordsQuery> = {}) =>
    recordsInWindow(db.knex, {
      type: 'changes',
      fact: 'window',
      states: ALL_STATES,
      from: FROM,
      to: TO,
      ...query,
    });

  it('answers every record whose interval overlaps the period, once, newest first', async () => {
    const specs = {
      inside: change([A], {
        start: '2026-12-10T10:00:00Z',
        end: '2026-12-10T12:00:00Z',
      }),
      acrossStart: change(
        [B, A],
        { start: '2026-11-30T23:00:00Z', end: '2026-12-01T00:00:01Z' },
        { changeType: 'emergency', createdBy: BOB },
      ),
      acrossEnd: change([OTHER], {
        start: '2026-12-31T23:59:59Z',
        end: '2027-01-02T00:00:00Z',
      }),
      // An offset: the interval is held in the form of Date#toISOString.
      around: change(
        [A, A],
        { start: '2026-11-01T01:00:00+01:00', end: '2027-02-01T00:00:00Z' },
        {
          state: 'closed',
          assessment: {
            risk: { level: 'high' },
            conflicts: [{ changeKey: 'CHG-1' }, { changeKey: 'CHG-99' }],
            freezeWindows: [{ title: 'Year-end freeze' }],
            impact: { affected: [{ entityRef: A }, { entityRef: OTHER }] },
          },
        },
      ),
      onNone: change([], {
        start: '2026-12-05T00:00:00Z',
        end: '2026-12-06T00:00:00Z',
      }),
      // Not answered: ends as the period starts, starts as it ends, later,
      // without a window.
      endsAtStart: change([A], { start: '2026-11-30T00:00:00Z', end: FROM }),
      startsAtEnd: change([A], { start: TO, end: '2027-01-01T01:00:00Z' }),
      later: change([A], {
        start: '2027-01-05T00:00:00Z',
        end: '2027-01-06T00:00:00Z',
      }),
      unplanned: change([A], null),
      cancelled: change(
        [A],
        { start: '2026-12-10T00:00:00Z', end: '2026-12-11T00:00:00Z' },
        { state: 'cancelled' },
      ),
    };
    const records = new Map<string, StoredRecord>();
    for (const [name, spec] of Object.entries(specs)) {
      records.set(name, await createRecord(db.store, 'changes', spec));
    }
    // An incident's outage in the period: another fact of another type.
    await createRecord(db.store, 'incidents', {
      entityRefs: [A],
      state: 'resolved',
      data: {
        outage: {
          kind: 'down',
          start: '2026-12-10T00:00:00Z',
          end: '2026-12-10T01:00:00Z',
        },
      },
    });

    const row = (
      name: keyof typeof specs,
      facts: WindowRecord['facts'] = [],
    ): WindowRecord => {
      const record = records.get(name)!;
      const data = specs[name].data as {
        changeType: string;
        plannedStart: string;
        plannedEnd: string;
      };
      return {
        id: record.id,
        key: record.key,
        seq: record.seq,
        title: record.title,
        state: record.state,
        entityRefs: record.entityRefs,
        interval: {
          value: data.changeType,
          start: new Date(data.plannedStart).toISOString(),
          end: new Date(data.plannedEnd).toISOString(),
        },
        facts,
      };
    };
    const newestFirst = (rows: WindowRecord[]) =>
      [...rows].sort((x, y) => y.seq - x.seq);
    const answered = newestFirst([
      row('inside'),
      row('acrossStart'),
      row('acrossEnd'),
      row('around'),
      row('onNone'),
    ]);
    const withoutCancelled = ALL_STATES.filter(s => s !== 'cancelled');

    expect(await inWindow({ states: withoutCancelled })).toEqual(answered);
    expect(records.get('around')!.entityRefs).toEqual([A, A]);
    expect(
      (await inWindow())
        .map(r => r.key)
        .filter(k => !answered.some(a => a.key === k)),
    ).toEqual([records.get('cancelled')!.key]);

    // Only records on the entities asked about.
    expect(
      await inWindow({ states: withoutCancelled, entityRefs: [A] }),
    ).toEqual(newestFirst([row('inside'), row('acrossStart'), row('around')]));
    expect(
      await inWindow({ states: withoutCancelled, entityRefs: [OTHER, B] }),
    ).toEqual(newestFirst([row('acrossStart'), row('acrossEnd')]));
    // None asked about: every entity.
    expect(
      await inWindow({ states: withoutCancelled, entityRefs: [] }),
    ).toEqual(answered);

    // The caller's permission conditions apply.
    expect(
      await inWindow({
        permissionFilter: { property: 'createdBy', values: [BOB] },
      }),
    ).toEqual([row('acrossStart')]);
    expect(
      await inWindow({
        states: withoutCancelled,
        permissionFilter: {
          not: { property: 'entityRefOutside', values: [A] },
        },
      }),
    ).toEqual(newestFirst([row('inside'), row('around'), row('onNone')]));

    // The facts asked for, by name and value; with values, only those.
    const withFacts = await inWindow({
      states: ['closed'],
      facts: [{ name: 'conflict' }, { name: 'risk' }, { name: 'freeze' }],
    });
    expect(withFacts).toEqual([
      row('around', [
        { name: 'conflict', value: 'CHG-1' },
        { name: 'conflict', value: 'CHG-99' },
        { name: 'freeze', value: 'Year-end freeze' },
        { name: 'risk', value: 'high' },
      ]),
    ]);
    expect(
      await inWindow({
        states: ['closed'],
        facts: [
          { name: 'affects', values: [A, B] },
          { name: 'conflict', values: [] },
        ],
      }),
    ).toEqual([row('around', [{ name: 'affects', value: A }])]);

    // A period of one second inside a window; periods that only touch one.
    expect(
      (
        await inWindow({
          from: '2026-12-10T11:00:00Z',
          to: '2026-12-10T11:00:01Z',
          states: withoutCancelled,
        })
      ).map(r => r.key),
    ).toEqual([records.get('around')!.key, records.get('inside')!.key]);
    expect(
      await inWindow({
        from: '2026-12-10T12:00:00Z',
        to: '2026-12-10T12:30:00Z',
        entityRefs: [A],
        states: ['scheduled'],
      }),
    ).toEqual([]);

    // Outages of incidents are answered as well, with their kind.
    expect(
      await inWindow({
        type: 'incidents',
        fact: 'outage',
        states: ['resolved'],
      }),
    ).toEqual([
      expect.objectContaining({
        entityRefs: [A],
        interval: {
          value: 'down',
          start: '2026-12-10T00:00:00.000Z',
          end: '2026-12-10T01:00:00.000Z',
        },
      }),
    ]);

    expect(await inWindow({ states: [] })).toEqual([]);
    expect(await inWindow({ from: TO, to: FROM })).toEqual([]);
    await expect(inWindow({ type: 'nope' as any })).rejects.toThrow(InputError);
    await expect(inWindow({ from: 'soon' })).rejects.toThrow(InputError);
  });

  it('answers an open interval as not ended', async () => {
    const incident = await createRecord(db.store, 'incidents', {
      entityRefs: [A, B],
      state: 'in_progress',
      data: {
        outage: { kind: 'degraded', start: '2026-11-15T00:00:00Z', end: null },
      },
    });
    expect(
      await inWindow({
        type: 'incidents',
        fact: 'outage',
        states: ['in_progress'],
      }),
    ).toEqual([
      {
        id: incident.id,
        key: incident.key,
        seq: incident.seq,
        title: incident.title,
        state: 'in_progress',
        entityRefs: [A, B],
        interval: {
          value: 'degraded',
          start: '2026-11-15T00:00:00.000Z',
          end: null,
        },
        facts: [],
      },
    ]);
  });

  it('reads one statement for the intervals, then two per chunk of records', async () => {
    const statements = async (count: number, chunkSize?: number) => {
      await db.truncate();
      const created: StoredRecord[] = [];
      for (let i = 0; i < count; i++) {
        created.push(
          await createRecord(
            db.store,
            'changes',
            change(
              [i % 2 ? A : B, OTHER],
              {
                start: `2026-12-${10 + (i % 10)}T00:00:00Z`,
                end: '2026-12-25T00:00:00Z',
              },
              {
                createdBy: i % 3 ? ALICE : BOB,
                assessment: { risk: { level: i % 2 ? 'low' : 'high' } },
              },
            ),
          ),
        );
      }
      let n = 0;
      const counted = () => {
        n += 1;
      };
      db.knex.on('query', counted);
      try {
        const answer = await recordsInWindow(
          db.knex,
          {
            type: 'changes',
            fact: 'window',
            states: ALL_STATES,
            from: FROM,
            to: TO,
            entityRefs: [A, B],
            permissionFilter: { property: 'createdBy', values: [ALICE] },
            facts: [{ name: 'risk' }],
          },
          { chunkSize },
        );
        expect(answer).toEqual(
          created
            .filter(c => c.createdBy === ALICE)
            .reverse()
            .map(c =>
              expect.objectContaining({
                key: c.key,
                entityRefs: c.entityRefs,
                facts: [
                  {
                    name: 'risk',
                    value: c.entityRefs[0] === A ? 'low' : 'high',
                  },
                ],
              }),
            ),
        );
      } finally {
        db.knex.removeListener('query', counted);
      }
      return n;
    };
    expect(await statements(3)).toBe(3);
    expect(await statements(60)).toBe(3);
    // In chunks of 7: the same answer (checked above), 9 chunks.
    expect(await statements(60, 7)).toBe(1 + 2 * 9);
  });
});
