import fc from 'fast-check';
import { recordParties } from '@backstage-itsm/plugin-itsm-common';
import { RECORD_FACTS } from '../recordFacts';
import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { isParty } from '../permissions/rules';
import { listAll } from './listAll';
import { KnexItsmStore } from './KnexItsmStore';
import { StoredRecord } from './types';

jest.setTimeout(300_000);

const GROUPS = ['a', 'b', 'c', 'd', 'e'].map(g => `group:default/${g}`);
const DAY = 86_400_000;
const T = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Records of every kind of fact, from a seeded random source. */
const recordsArb = fc.array(
  fc.oneof(
    fc.record({
      type: fc.constant('slas' as const),
      customerGroup: fc.constantFrom(...GROUPS),
      serviceOwnerGroup: fc.constantFrom(...GROUPS),
    }),
    fc.record({
      type: fc.constant('changes' as const),
      approvers: fc.array(fc.constantFrom(...GROUPS), { maxLength: 3 }),
      start: fc.integer({ min: 0, max: 60 }),
      hours: fc.integer({ min: 1, max: 24 * 5 }),
      windowed: fc.boolean(),
    }),
    fc.record({
      type: fc.constant('incidents' as const),
      start: fc.integer({ min: 0, max: 60 }),
      hours: fc.option(fc.integer({ min: 0, max: 24 * 5 })),
      outage: fc.boolean(),
      causedBy: fc.option(fc.constantFrom('CHG-1', 'CHG-2', 'CHG-3')),
    }),
  ),
  { minLength: 300, maxLength: 300 },
);

type Spec = typeof recordsArb extends fc.Arbitrary<Array<infer S>> ? S : never;

function dataOf(spec: Spec): Record<string, unknown> {
  if (spec.type === 'slas') {
    return {
      customerGroup: spec.customerGroup,
      serviceOwnerGroup: spec.serviceOwnerGroup,
    };
  }
  if (spec.type === 'changes') {
    const start = T + spec.start * DAY;
    return {
      changeType: 'normal',
      requiredApprovers: spec.approvers.map(a => ({
        approverRef: a,
        reason: 'test',
      })),
      ...(spec.windowed
        ? {
            plannedStart: iso(start),
            plannedEnd: iso(start + spec.hours * 3_600_000),
          }
        : {}),
    };
  }
  const start = T + spec.start * DAY;
  return {
    ...(spec.outage
      ? {
          outage: {
            kind: 'down',
            start: iso(start),
            end:
              spec.hours === null ? null : iso(start + spec.hours * 3_600_000),
          },
        }
      : {}),
    causedByChange: spec.causedBy,
  };
}

/** The period of a record as its data says it, independently of the store. */
function periodOf(record: StoredRecord): [number, number] | undefined {
  const d = record.data as any;
  if (record.type === 'changes' && d.plannedStart) {
    return [Date.parse(d.plannedStart), Date.parse(d.plannedEnd)];
  }
  if (record.type === 'incidents' && d.outage) {
    return [
      Date.parse(d.outage.start),
      d.outage.end ? Date.parse(d.outage.end) : Infinity,
    ];
  }
  return undefined;
}

describe('record facts', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('answer parties, references and overlaps in SQL as the data says, for hundreds of random records', async () => {
      const [specs] = fc.sample(recordsArb, { numRuns: 1, seed: 16 });
      const records: StoredRecord[] = [];
      for (const spec of specs) {
        records.push(
          await create(db.store, spec.type, {
            state: 'new',
            data: dataOf(spec),
          }),
        );
      }
      const keys = (rs: StoredRecord[]) => rs.map(r => r.key).sort();

      for (const type of ['slas', 'changes', 'incidents'] as const) {
        for (const group of GROUPS) {
          const listed = await listAll(db.store, {
            type,
            permissionFilter: { property: 'party', values: [group] },
          });
          const expected = records.filter(
            r =>
              r.type === type && recordParties(r.type, r.data).includes(group),
          );
          expect(keys(listed)).toEqual(keys(expected));
          // The rule's own check agrees with its SQL.
          for (const r of records.filter(x => x.type === type)) {
            expect(isParty.apply(r, { refs: [group] })).toBe(
              expected.includes(r),
            );
          }
        }
      }

      for (const [from, to] of [
        [T + 10 * DAY, T + 11 * DAY],
        [T, T + 60 * DAY],
        [T + 30 * DAY + 3_600_000, T + 30 * DAY + 7_200_000],
        [T + 70 * DAY, T + 80 * DAY],
      ]) {
        for (const [type, name] of [
          ['changes', 'window'],
          ['incidents', 'outage'],
        ] as const) {
          const listed = await listAll(db.store, {
            type,
            overlaps: { name, from: iso(from), to: iso(to) },
          });
          const expected = records.filter(r => {
            const p = r.type === type ? periodOf(r) : undefined;
            return !!p && p[0] < to && p[1] > from;
          });
          expect(keys(listed)).toEqual(keys(expected));
        }
      }

      const caused = await listAll(db.store, {
        type: 'incidents',
        facts: [{ name: 'causedByChange', except: ['CHG-2'] }],
      });
      expect(keys(caused)).toEqual(
        keys(
          records.filter(
            r =>
              r.type === 'incidents' &&
              typeof r.data.causedByChange === 'string' &&
              r.data.causedByChange !== 'CHG-2',
          ),
        ),
      );
    });

    it('rewrites a record’s facts when its data changes, in the same transaction', async () => {
      const sla = await create(db.store, 'slas', {
        data: { customerGroup: GROUPS[0], serviceOwnerGroup: GROUPS[1] },
      });
      const byParty = async (group: string) =>
        (
          await db.store.listRecords({
            type: 'slas',
            limit: 10,
            permissionFilter: { property: 'party', values: [group] },
          })
        ).items.map(r => r.key);
      expect(await byParty(GROUPS[0])).toEqual([sla.key]);

      await expect(
        db.store.transaction(async tx => {
          await tx.updateRecord(sla.id, sla.version, {
            data: { customerGroup: GROUPS[2], serviceOwnerGroup: GROUPS[1] },
            updatedBy: 'user:default/alice',
            now: iso(T),
          });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await byParty(GROUPS[0])).toEqual([sla.key]);
      expect(await byParty(GROUPS[2])).toEqual([]);

      await db.store.transaction(tx =>
        tx.updateRecord(sla.id, sla.version, {
          data: { customerGroup: GROUPS[2], serviceOwnerGroup: GROUPS[1] },
          updatedBy: 'user:default/alice',
          now: iso(T),
        }),
      );
      expect(await byParty(GROUPS[0])).toEqual([]);
      expect(await byParty(GROUPS[2])).toEqual([sla.key]);
    });

    it('keeps exactly the facts of the latest data through random updates', async () => {
      const dataArb = fc.record({
        start: fc.integer({ min: 0, max: 5 }),
        windowed: fc.boolean(),
        approvers: fc.subarray(GROUPS),
        affects: fc.subarray([
          'component:default/x',
          'component:default/y',
          'component:default/z',
        ]),
        open: fc.boolean(),
      });
      const [steps] = fc.sample(
        fc.array(dataArb, { minLength: 25, maxLength: 25 }),
        {
          numRuns: 1,
          seed: 1605,
        },
      );
      const change = await create(db.store, 'changes', { data: {} });
      const incident = await create(db.store, 'incidents', { data: {} });
      let versions = { change: change.version, incident: incident.version };
      for (const step of steps) {
        const changeData = {
          changeType: 'normal',
          requiredApprovers: step.approvers.map(a => ({
            approverRef: a,
            reason: 'r',
          })),
          ...(step.windowed
            ? {
                plannedStart: iso(T + step.start * DAY),
                plannedEnd: iso(T + (step.start + 1) * DAY),
              }
            : {}),
          assessment: {
            impact: {
              affected: step.affects.map(entityRef => ({ entityRef })),
            },
            conflicts: [],
            freezeWindows: [],
          },
        };
        const incidentData = {
          outage: {
            kind: 'down',
            start: iso(T + step.start * DAY),
            end: step.open ? null : iso(T + (step.start + 1) * DAY),
          },
        };
        const current = versions;
        const [c, i] = await db.store.transaction(async tx => [
          await tx.updateRecord(change.id, current.change, {
            data: changeData,
            updatedBy: 'user:default/a',
            now: iso(T),
          }),
          await tx.updateRecord(incident.id, current.incident, {
            data: incidentData,
            updatedBy: 'user:default/a',
            now: iso(T),
          }),
        ]);
        versions = { change: c.version, incident: i.version };
        for (const [record, data] of [
          [c, changeData],
          [i, incidentData],
        ] as const) {
          const stored = (
            await db.knex('itsm_record_facts').where('record_id', record.id)
          ).map((r: any) =>
            JSON.stringify([r.name, r.value, r.start_at, r.end_at]),
          );
          const expected = RECORD_FACTS.of(record.type, data as any).map(f =>
            JSON.stringify([f.name, f.value, f.start ?? null, f.end ?? null]),
          );
          expect(stored.sort()).toEqual([...new Set(expected)].sort());
        }
      }
    });

    it('rewrites the facts of records written by another derivation', async () => {
      for (let i = 0; i < 7; i++) {
        await create(db.store, 'slas', {
          data: { customerGroup: GROUPS[i % 2], serviceOwnerGroup: GROUPS[4] },
        });
      }
      // A new derivation that also names the title as a party.
      const next = new KnexItsmStore(db.knex, {
        version: RECORD_FACTS.version + 1,
        of: (type, data) => [
          ...RECORD_FACTS.of(type, data),
          { name: 'party', value: 'group:default/newcomer' },
        ],
      });
      const progress: Array<[number, number]> = [];
      expect(
        await next.reindexFacts({
          batchSize: 3,
          onProgress: (done, total) => progress.push([done, total]),
        }),
      ).toBe(7);
      expect(progress).toEqual([
        [3, 7],
        [6, 7],
        [7, 7],
      ]);
      const listed = await listAll(next, {
        type: 'slas',
        permissionFilter: {
          property: 'party',
          values: ['group:default/newcomer'],
        },
      });
      expect(listed).toHaveLength(7);
      // Nothing is left to do, and the old derivation rewrites them back.
      expect(await next.reindexFacts()).toBe(0);
      expect(await db.store.reindexFacts()).toBe(7);
    });
  });
});
