import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  APPROVED_CHANGE_STATES,
  isAbandonedState,
  isTerminalState,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import fc from 'fast-check';
import { newRecord } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { ListAccess, RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { RECORD_FACTS } from '../recordFacts';
import { bulkInsertRecords, recordAfter } from '../store/bulkInsert';
import { RecordFilter } from '../store/types';
import { CalendarChange, ChangeCalendar } from './ChangeCalendar';
import { FreezeWindowService } from './FreezeWindowService';

jest.setTimeout(600_000);

/*
 * The change calendar over thousands of changes, with the caller's
 * permission conditions and an entity filter: compared with the calendar
 * computed here from every change written.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = Date.parse('2026-12-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const REFS = ['a', 'b', 'c', 'd', 'e', 'f'].map(n => `component:default/${n}`);
const [A, B, C, D] = REFS;
const USERS = ['alice', 'bob', 'carol'].map(n => `user:default/${n}`);
const [ALICE, BOB] = USERS;
const GROUPS = ['group:default/x', 'group:default/y'];
const FREEZES = ['Audit', 'Black Friday', 'Year-end freeze'];
const COUNT = 3000;

const changeArb = fc.record({
  state: fc.constantFrom(...STATE_MACHINES.changes.states),
  changeType: fc.constantFrom('normal', 'standard', 'emergency'),
  // Hours from BASE: a month before to two months after.
  startHour: fc.integer({ min: -30 * 24, max: 60 * 24 }),
  hours: fc.integer({ min: 1, max: 240 }),
  planned: fc.integer({ min: 0, max: 19 }).map(n => n > 0),
  offset: fc.boolean(),
  refs: fc.array(fc.integer({ min: 0, max: REFS.length - 1 }), {
    minLength: 0,
    maxLength: 3,
  }),
  createdBy: fc.integer({ min: 0, max: USERS.length - 1 }),
  owner: fc.integer({ min: 0, max: GROUPS.length - 1 }),
  risk: fc.option(fc.constantFrom('low', 'medium', 'high')),
  conflicts: fc.array(fc.integer({ min: 1, max: COUNT + 100 }), {
    maxLength: 3,
  }),
  freezes: fc.array(fc.integer({ min: 0, max: FREEZES.length - 1 }), {
    maxLength: 2,
  }),
});

/** What was written of a change, as the calendar should show it. */
interface Written {
  key: string;
  seq: number;
  title: string;
  state: string;
  changeType: string;
  entityRefs: string[];
  ownerRefs: string[];
  createdBy: string;
  window?: { start: number; end: number };
  risk?: string;
  conflicts: string[];
  freezes: string[];
}

/** The permission conditions, evaluated on a written change. */
function allows(
  criteria: PermissionCriteria<RecordFilter>,
  c: Written,
): boolean {
  if ('allOf' in criteria) return criteria.allOf.every(x => allows(x, c));
  if ('anyOf' in criteria) return criteria.anyOf.some(x => allows(x, c));
  if ('not' in criteria) return !allows(criteria.not, c);
  const values = criteria.values as string[];
  switch (criteria.property) {
    case 'createdBy':
      return values.includes(c.createdBy);
    case 'entityRef':
      return c.entityRefs.some(e => values.includes(e));
    case 'entityRefOutside':
      return c.entityRefs.some(e => !values.includes(e));
    case 'ownerRef':
      return c.ownerRefs.some(o => values.includes(o));
    default:
      throw new Error(`not evaluated here: ${criteria.property}`);
  }
}

/** The calendar of the changes written, computed from them alone. */
function expectedCalendar(
  written: Written[],
  from: number,
  to: number,
  entityRefs: string[],
  access: ListAccess,
) {
  const shown = written.filter(
    c =>
      access.result !== 'none' &&
      c.window !== undefined &&
      c.window.start < to &&
      c.window.end > from &&
      !isAbandonedState('changes', c.state) &&
      (entityRefs.length === 0 ||
        c.entityRefs.some(e => entityRefs.includes(e))) &&
      (access.result === 'all' || allows(access.filter, c)),
  );
  const keys = new Set(shown.map(c => c.key));
  // A change's own conflicts: with a change in the answer, or any while open.
  const own = new Map(
    shown.map(c => [
      c.key,
      new Set(
        c.conflicts.filter(
          k => keys.has(k) || !isTerminalState('changes', c.state),
        ),
      ),
    ]),
  );
  const newestFirst = [...shown].sort((x, y) => y.seq - x.seq);
  const changes: CalendarChange[] = [...newestFirst]
    .sort((x, y) => x.window!.start - y.window!.start)
    .map(c => ({
      key: c.key,
      title: c.title,
      state: c.state,
      changeType: c.changeType,
      plannedStart: iso(c.window!.start),
      plannedEnd: iso(c.window!.end),
      entityRefs: c.entityRefs,
      // Symmetric: those it names and those in the answer that name it.
      conflicts: [
        ...new Set([
          ...own.get(c.key)!,
          ...shown.filter(o => own.get(o.key)!.has(c.key)).map(o => o.key),
        ]),
      ].sort(),
      freezeWindows: [...new Set(c.freezes)].sort(),
      risk: c.risk,
    }));
  return {
    from: iso(from),
    to: iso(to),
    changes,
    freezeWindows: [],
    maintenanceWindows: newestFirst
      .filter(c => APPROVED_CHANGE_STATES.includes(c.state))
      .map(c => ({
        changeKey: c.key,
        start: iso(c.window!.start),
        end: iso(c.window!.end),
        entityRefs: c.entityRefs,
      })),
  };
}

describe.each(ITSM_TEST_DATABASES)('change calendar on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('shows every change of the range the caller may read, among thousands', async () => {
    const [specs] = fc.sample(
      fc.array(changeArb, { minLength: COUNT, maxLength: COUNT }),
      { numRuns: 1, seed: 1616 },
    );
    const records = specs.map((spec, i) => {
      const start = BASE + spec.startHour * HOUR;
      const end = start + spec.hours * HOUR;
      // Some windows are written with an offset (+02:00), not in UTC.
      const written = (ms: number) =>
        spec.offset ? iso(ms + 2 * HOUR).replace(/\.000Z$/, '+02:00') : iso(ms);
      return newRecord('changes', {
        title: `Change ${i}`,
        state: spec.state,
        entityRefs: spec.refs.map(r => REFS[r]),
        ownerRefs: [GROUPS[spec.owner]],
        createdBy: USERS[spec.createdBy],
        now: iso(BASE - 60 * DAY + i * 1000),
        data: {
          changeType: spec.changeType,
          plannedStart: spec.planned ? written(start) : null,
          plannedEnd: spec.planned ? written(end) : null,
          assessment: {
            ...(spec.risk ? { risk: { level: spec.risk } } : {}),
            conflicts: spec.conflicts.map(n => ({ changeKey: `CHG-${n}` })),
            freezeWindows: spec.freezes.map(f => ({ title: FREEZES[f] })),
          },
        },
      });
    });
    // Outages of incidents in the range: intervals of another type.
    const outages = Array.from({ length: 200 }, (_, i) =>
      newRecord('incidents', {
        state: 'resolved',
        entityRefs: [REFS[i % REFS.length]],
        data: {
          outage: {
            kind: 'down',
            start: iso(BASE + i * HOUR),
            end: iso(BASE + (i + 2) * HOUR),
          },
        },
      }),
    );
    const inserted = await bulkInsertRecords(db.knex, RECORD_FACTS, [
      ...records.map(r => ({ record: recordAfter(r) })),
      ...outages.map(r => ({ record: recordAfter(r) })),
    ]);
    const written: Written[] = specs.map((spec, i) => {
      const start = BASE + spec.startHour * HOUR;
      return {
        key: inserted[i].key,
        seq: inserted[i].seq,
        title: records[i].title,
        state: spec.state,
        changeType: spec.changeType,
        entityRefs: records[i].entityRefs,
        ownerRefs: records[i].ownerRefs,
        createdBy: records[i].createdBy,
        window: spec.planned
          ? { start, end: start + spec.hours * HOUR }
          : undefined,
        risk: spec.risk ?? undefined,
        conflicts: spec.conflicts.map(n => `CHG-${n}`),
        freezes: spec.freezes.map(f => FREEZES[f]),
      };
    });

    let access: ListAccess = { result: 'all' };
    const calendar = new ChangeCalendar({
      store: db.store,
      freezes: { list: async () => [] } as unknown as FreezeWindowService,
      authorizer: {
        listAccess: async () => access,
      } as unknown as RecordAuthorizer,
    });
    const check = async (
      from: number,
      to: number,
      entityRefs: string[],
      minimum: number,
    ) => {
      const answer = await calendar.get(
        { from: iso(from), to: iso(to), entityRefs },
        {} as any,
      );
      const expected = expectedCalendar(written, from, to, entityRefs, access);
      expect(expected.changes.length).toBeGreaterThanOrEqual(minimum);
      // Conflicts as a set (the calendar adds the symmetric ones last).
      expect({
        ...answer,
        changes: answer.changes.map(c => ({
          ...c,
          conflicts: [...c.conflicts].sort(),
        })),
      }).toEqual(expected);
      return expected;
    };

    const month: [number, number] = [BASE, BASE + 31 * DAY];
    const all = await check(...month, [], 1000);
    expect(all.changes.some(c => c.conflicts.length > 0)).toBe(true);
    expect(all.changes.some(c => c.freezeWindows.length > 0)).toBe(true);
    expect(all.maintenanceWindows.length).toBeGreaterThan(100);
    await check(...month, [A, D], 300);
    // One hour; every change of the three months (a range of 400 days).
    await check(BASE + 10 * DAY, BASE + 10 * DAY + HOUR, [], 50);
    await check(BASE - 200 * DAY, BASE + 200 * DAY, [], 2000);

    access = {
      result: 'filtered',
      filter: {
        anyOf: [
          { property: 'createdBy', values: [ALICE] },
          { property: 'entityRef', values: [C] },
        ],
      },
    };
    await check(...month, [], 400);
    access = {
      result: 'filtered',
      filter: {
        allOf: [
          { not: { property: 'entityRefOutside', values: [A, B, C] } },
          { not: { property: 'createdBy', values: [BOB] } },
        ],
      },
    };
    await check(...month, [B], 50);
    access = {
      result: 'filtered',
      filter: { property: 'ownerRef', values: [GROUPS[0]] },
    };
    await check(...month, [A, B, C, D], 250);
    access = { result: 'none' };
    expect((await check(...month, [], 0)).changes).toEqual([]);
  });
});
