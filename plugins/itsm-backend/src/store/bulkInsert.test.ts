import { randomUUID as uuid } from 'node:crypto';
import { Knex } from 'knex';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import {
  bulkAppendHistory,
  BulkRecord,
  bulkInsertRecords,
  recordAfter,
} from './bulkInsert';
import { KnexItsmStore } from './KnexItsmStore';
import {
  NewHistoryEntry,
  NewRecord,
  RecordPatch,
  StoredApproval,
  StoredLink,
} from './types';

jest.setTimeout(120_000);

/*
 * A bulk write leaves the database as the per-record path (insertRecord,
 * updateRecord, appendHistory, addApproval, addLink) leaves it for the same
 * records: every table's rows are compared, ids of history and approvals
 * included.
 */

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const SYSTEM = 'itsm:system';
const PAYMENTS = 'group:default/payments-team';
const PLATFORM = 'group:default/platform-team';
const API = 'component:default/payments-api';
const DB = 'resource:default/payments-db';
const SHOP = 'system:default/shop';

/** One record as the per-record path writes it: insert, at most one update, history, approvals, links. */
interface Input {
  insert: NewRecord;
  patch?: RecordPatch;
  history: NewHistoryEntry[];
  approvals?: Array<Omit<StoredApproval, 'id'>>;
  links?: Array<{ link: StoredLink; otherEntry?: NewHistoryEntry }>;
}

const at = (minutes: number) =>
  new Date(Date.UTC(2026, 10, 1) + minutes * 60_000).toISOString();

function entry(
  minutes: number,
  action: string,
  field: string | null,
  from: unknown,
  to: unknown,
  actor = ALICE,
): NewHistoryEntry {
  return { at: at(minutes), actor, action, field, from, to };
}

// prettier-ignore
const link = (from: NewRecord, to: NewRecord, kind: string, minutes: number, createdBy = ALICE): StoredLink =>
  ({ fromId: from.id, toId: to.id, kind, createdBy, createdAt: at(minutes) });

const approval = (
  record: NewRecord,
  minutes: number,
): Omit<StoredApproval, 'id'> => ({
  recordId: record.id.toUpperCase(),
  approverRef: PAYMENTS,
  decision: 'approve',
  reason: null,
  decidedBy: BOB,
  decidedAt: at(minutes),
  superseded: true,
});

function base(
  type: NewRecord['type'],
  overrides: Partial<NewRecord> = {},
): NewRecord {
  return {
    id: uuid(),
    type,
    title: `A ${type} record`,
    description: 'Described',
    state: 'new',
    priority: null,
    assignedGroup: PAYMENTS,
    assignee: null,
    entityRefs: [API],
    ownerRefs: [PAYMENTS],
    data: {},
    createdBy: ALICE,
    now: at(0),
    ...overrides,
  };
}

// prettier-ignore
const ASSESSMENT = {
  computedAt: at(5),
  impact: { direct: [API], affected: [{ entityRef: DB }, { entityRef: SHOP }], owners: [], slas: [], truncated: false },
  risk: { level: 'high' },
  conflicts: [{ changeKey: 'CHG-1' }],
  freezeWindows: [{ title: 'Year end' }],
};

/** A handful of records of every type, touching every table and column the writes fill. */
function inputs(): Input[] {
  const sla = base('slas', {
    title: 'Payments for the shop',
    state: 'draft',
    entityRefs: [SHOP, API],
    ownerRefs: [PAYMENTS, PLATFORM],
    data: { customerGroup: PLATFORM, serviceOwnerGroup: PAYMENTS },
  });
  const openIncident = base('incidents', {
    title: 'Checkout timeouts',
    description: 'Requests to the acquirer time out',
    priority: 'P1',
    entityRefs: [API, DB],
    ownerRefs: [PAYMENTS],
    data: {
      impact: 'high',
      outage: { kind: 'down', start: at(-5) },
      causedByChange: 'chg-7',
      systemRefs: [SHOP],
    },
    now: '2026-11-01T00:00:00Z', // normalised
  });
  const closedIncident = base('incidents', {
    title: 'Disk full',
    priority: 'P3',
    data: { outage: { kind: 'degraded', start: at(1) } },
    now: at(1),
  });
  const newIncident = base('incidents', {
    title: 'Login failures',
    priority: 'P2',
    entityRefs: [],
    ownerRefs: [],
    now: at(2),
  });
  const change = base('changes', {
    title: 'Upgrade the payments database',
    state: 'draft',
    entityRefs: [DB],
    data: {
      changeType: 'normal',
      plannedStart: at(600),
      plannedEnd: at(720),
      assessment: ASSESSMENT,
    },
    now: at(3),
  });
  const emergency = base('changes', {
    title: 'Hotfix the api',
    state: 'draft',
    data: {
      changeType: 'emergency',
      assessment: ASSESSMENT,
      requiredApprovers: [
        { approverRef: PAYMENTS, representatives: [BOB.toUpperCase()] },
      ],
    },
    now: at(4),
  });
  const problem = base('problems', {
    title: 'Recurring timeouts of the api',
    data: { workaround: 'Restart the zeppelin pods' },
    now: at(6),
  });
  return [
    {
      insert: sla,
      patch: {
        state: 'active',
        data: {
          ...sla.data,
          signatures: { customer: { by: BOB, at: at(1) } },
        },
        updatedBy: ALICE,
        now: at(2),
      },
      history: [
        entry(0, 'created', null, null, { state: 'draft', title: sla.title }),
        entry(1, 'signed', 'customer', null, BOB, BOB),
        entry(2, 'activate', 'state', 'draft', 'active'),
      ],
    },
    {
      insert: openIncident,
      patch: {
        state: 'in_progress',
        assignee: BOB,
        data: { ...openIncident.data, pendingReason: null },
        updatedBy: BOB,
        now: at(30),
      },
      history: [
        entry(0, 'created', null, null, { state: 'new', title: 'x' }),
        entry(10, 'assign', 'state', 'new', 'assigned'),
        entry(10, 'assign', 'assignee', null, BOB),
        entry(30, 'start', 'state', 'assigned', 'in_progress', BOB),
      ],
    },
    {
      insert: closedIncident,
      patch: {
        state: 'closed',
        assignee: BOB,
        data: {
          outage: { kind: 'degraded', start: at(1), end: at(50) },
          resolutionCode: 'fixed',
        },
        updatedBy: SYSTEM,
        now: at(90),
      },
      history: [
        entry(1, 'created', null, null, { state: 'new', title: 'y' }),
        entry(50, 'resolve', 'state', 'in_progress', 'resolved', BOB),
        entry(90, 'close', 'state', 'resolved', 'closed', SYSTEM),
      ],
    },
    {
      insert: newIncident,
      history: [entry(2, 'created', null, null, { state: 'new' })],
    },
    {
      insert: change,
      patch: {
        state: 'scheduled',
        // The assessment changes: its document is rewritten, its facts follow.
        data: {
          ...change.data,
          requiredApprovers: [{ approverRef: PAYMENTS }],
          assessment: { ...ASSESSMENT, risk: { level: 'low' } },
        },
        updatedBy: BOB,
        now: at(40),
      },
      history: [
        entry(3, 'created', null, null, { state: 'draft' }),
        entry(20, 'request_approval', 'state', 'planning', 'approval'),
        entry(40, 'approved', 'approval', PAYMENTS, null, BOB),
      ],
      approvals: [
        // An earlier round, superseded; the id in upper case (stored lower).
        { ...approval(change, 25), decision: 'reject', reason: 'Not now' },
        { ...approval(change, 40), recordId: change.id, superseded: false },
      ],
    },
    {
      insert: emergency,
      patch: {
        // Same state: stateChangedAt stays; the assessment (and its facts) go.
        state: 'draft',
        title: 'Hotfix the payments api',
        data: { ...emergency.data, assessment: undefined },
        updatedBy: BOB,
        now: at(45),
      },
      history: [entry(4, 'created', null, null, { state: 'draft' })],
      links: [
        {
          link: {
            ...link(openIncident, emergency, 'change', 4),
            toId: emergency.id.toUpperCase(),
          },
        },
      ],
    },
    {
      insert: problem,
      patch: {
        state: 'root_cause_known',
        assignee: BOB,
        data: { ...problem.data, rootCause: 'Connection pool exhaustion' },
        updatedBy: BOB,
        now: at(300),
      },
      history: [
        entry(6, 'created', null, null, { state: 'new' }),
        entry(7, 'linked', 'incident', null, 'INC-1'),
        entry(7, 'linked', 'incident', null, 'INC-2'),
        entry(300, 'record_root_cause', 'state', 'new', 'root_cause_known'),
      ],
      links: [
        {
          link: link(openIncident, problem, 'problem', 7),
          otherEntry: entry(7, 'linked', 'problem', null, 'PRB-1'),
        },
        {
          link: link(closedIncident, problem, 'problem', 7),
          otherEntry: entry(7, 'linked', 'problem', null, 'PRB-1'),
        },
        // Linked twice: one link, as addLink keeps it.
        { link: link(openIncident, problem, 'problem', 8, BOB) },
      ],
    },
  ];
}

/** The per-record path, as the benchmark's seed used it. */
async function writeOneByOne(store: KnexItsmStore, records: Input[]) {
  return store.transaction(async tx => {
    const keys: string[] = [];
    for (const r of records) {
      const stored = await tx.insertRecord(r.insert);
      keys.push(stored.key);
      if (r.patch) await tx.updateRecord(stored.id, stored.version, r.patch);
      await tx.appendHistory(stored.id, r.history);
      for (const a of r.approvals ?? []) await tx.addApproval(a);
      for (const { link: l, otherEntry } of r.links ?? []) {
        await tx.addLink(l);
        if (otherEntry) await tx.appendHistory(l.fromId, [otherEntry]);
      }
    }
    return keys;
  });
}

function toBulk(r: Input): BulkRecord {
  return {
    record: recordAfter(r.insert, ...(r.patch ? [r.patch] : [])),
    history: r.history,
    approvals: r.approvals,
    links: r.links?.map(l => l.link),
    otherHistory: r.links
      ?.filter(l => l.otherEntry)
      .map(l => ({ recordId: l.link.fromId, entry: l.otherEntry! })),
  };
}

// prettier-ignore
const TABLES = [
  'itsm_records', 'itsm_record_entities', 'itsm_record_owners',
  'itsm_record_documents', 'itsm_record_facts', 'itsm_history',
  'itsm_approvals', 'itsm_links', 'itsm_key_sequences',
] as const;

/** Every row of the tables a write fills, in a fixed order, as text. */
async function contents(knex: Knex): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows: Array<Record<string, unknown>> = await knex(table).select('*');
    result[table] = rows
      .map(row =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            // search_vector (PostgreSQL) compares by its text
            .map(k => [k, row[k] === null ? null : String(row[k])]),
        ),
      )
      .sort();
  }
  return result;
}

// prettier-ignore
const SEARCHES = [
  ['incidents', 'checkout'], ['incidents', 'acquir'], ['incidents', 'INC-2'],
  ['changes', 'payments'], ['problems', 'zeppelin'],
  ['problems', 'exhaust pool'], ['slas', 'shop'],
] as const;

/** What text searches find: the keys, best first. */
async function searches(store: KnexItsmStore) {
  const found: Record<string, string[]> = {};
  for (const [type, q] of SEARCHES) {
    const { items } = await store.listRecords({ type, q, limit: 50 });
    found[`${type} ${q}`] = items.map(i => i.key);
  }
  return found;
}

describe('bulkInsertRecords', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('writes the rows the per-record path writes for the same records', async () => {
      const records = inputs();
      const keys = await writeOneByOne(db.store, records);
      const expected = await contents(db.knex);
      const expectedSearches = await searches(db.store);
      const reads = () =>
        Promise.all(
          records.map(r => db.store.getRecord(r.insert.type, r.insert.id)),
        );
      const expectedReads = await reads();

      await db.truncate();
      const inserted = await bulkInsertRecords(
        db.knex,
        RECORD_FACTS,
        records.map(toBulk),
      );
      expect(inserted.map(i => i.key)).toEqual(keys);
      expect(inserted.map(i => i.id)).toEqual(
        records.map(r => r.insert.id.toLowerCase()),
      );
      const actual = await contents(db.knex);
      for (const table of TABLES) {
        expect([table, actual[table]]).toEqual([table, expected[table]]);
        // Not empty: every kind of row is compared.
        expect([table, actual[table].length > 0]).toEqual([table, true]);
      }
      // Text search (SQLite: the triggers' index; PostgreSQL: the generated column).
      expect(await searches(db.store)).toEqual(expectedSearches);
      expect(Object.values(expectedSearches).every(k => k.length > 0)).toBe(
        true,
      );
      expect(await reads()).toEqual(expectedReads);
    });

    it('hands out the keys that follow those taken, and the next create follows them', async () => {
      const first = await db.store.transaction(tx =>
        tx.insertRecord(base('incidents', { priority: 'P3' })),
      );
      expect(first.key).toBe('INC-1');
      const batch = [
        base('incidents', { priority: 'P3' }),
        base('problems'),
        base('incidents', { priority: 'P4' }),
      ];
      const inserted = await bulkInsertRecords(
        db.knex,
        RECORD_FACTS,
        batch.map(insert => ({ record: recordAfter(insert) })),
      );
      expect(inserted.map(i => `${i.key} ${i.seq}`)).toEqual([
        'INC-2 2',
        'PRB-1 1',
        'INC-3 3',
      ]);
      const next = await db.store.transaction(tx =>
        tx.insertRecord(base('incidents', { priority: 'P3' })),
      );
      expect(next.key).toBe('INC-4');
    });

    it('writes nothing when a record of the batch fails', async () => {
      const one = base('incidents', { priority: 'P3' });
      // The message, not toThrow: a SqliteError may come from another realm.
      const failure = await bulkInsertRecords(db.knex, RECORD_FACTS, [
        { record: recordAfter(one), history: [entry(0, 'x', null, null, 1)] },
        { record: recordAfter(one) }, // the same id again
      ]).then(
        () => 'written',
        (e: Error) => e.message,
      );
      expect(failure).toMatch(/UNIQUE constraint failed|duplicate key/);
      for (const table of TABLES) {
        const [{ n }] = await db.knex(table).count({ n: '*' });
        expect([table, Number(n)]).toEqual([table, 0]);
      }
      await expect(
        bulkInsertRecords(db.knex, RECORD_FACTS, [
          { record: { ...recordAfter(one), id: 'not-a-uuid' } },
        ]),
      ).rejects.toThrow(/uuid/);
    });

    it('splits rows over the parameter limit into several statements, in order', async () => {
      // More rows than one statement takes on either database (PostgreSQL:
      // 10,000 a statement; SQLite: 4,680, at 7 parameters a row).
      const record = base('incidents', { priority: 'P3' });
      const history = Array.from({ length: 25_000 }, (_, i) =>
        entry(i, 'note', 'n', null, i),
      );
      await bulkInsertRecords(db.knex, RECORD_FACTS, [
        { record: recordAfter(record), history },
      ]);
      const more = Array.from({ length: 3 }, (_, i) => ({
        recordId: record.id,
        entry: entry(30_000 + i, 'note', 'n', null, 25_000 + i),
      }));
      await bulkAppendHistory(db.knex, more);
      const stored = await db.store.listHistory(record.id);
      expect(stored.map(h => h.to)).toEqual(
        Array.from({ length: 25_003 }, (_, i) => i),
      );
      expect(stored.map(h => h.id)).toEqual(
        Array.from({ length: 25_003 }, (_, i) => i + 1),
      );
    });
  });
});
