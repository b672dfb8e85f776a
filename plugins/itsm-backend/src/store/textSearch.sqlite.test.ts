import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { T1 } from '../__testUtils__/fixtures';
import {
  createRecord as create,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import { KnexItsmStore } from './KnexItsmStore';
import { ITSM_MIGRATIONS_DIRECTORY } from './migrations';
import { RecordPatch, StoredRecord } from './types';

/*
 * SQLite's full-text index (migrations/20261203070000_record_search_rowid.js)
 * and the search over it (store/textSearch.ts): the index holds exactly the
 * searched text of every record through every kind of write and through the
 * migration, writes that change no searched text leave it alone, and a search
 * runs MATCH once and reaches the records by key, never per record.
 */

jest.setTimeout(120_000);

const directory = ITSM_MIGRATIONS_DIRECTORY;
const PREVIOUS = '20261202190000_record_search.js';
const ROWID = '20261203070000_record_search_rowid.js';

/** The text a record is searched by, from its row (independent of SQL). */
function searchedText(row: {
  key: string;
  title: string;
  description: string;
  data: string;
}): string {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  return [
    row.key,
    row.title,
    row.description,
    data.workaround ?? '',
    data.rootCause ?? '',
  ].join(' ');
}

type Indexed = Array<{ id: string; body: string }>;

async function wantedIndex(knex: Knex): Promise<Indexed> {
  const rows = await knex('itsm_records')
    .select('id', 'key', 'title', 'description', 'data')
    .orderBy('id');
  return rows.map(row => ({ id: row.id, body: searchedText(row) }));
}

/** The index of the rowid design: each record's row, through the mapping. */
async function rowidIndex(knex: Knex): Promise<Indexed> {
  return knex.raw(`SELECT m.record_id AS id, f.body AS body
    FROM itsm_records_fts_rowids m
    JOIN itsm_records_fts f ON f.rowid = m.fts_rowid
    ORDER BY m.record_id`);
}

/** The index of the previous design (record_id UNINDEXED, body). */
async function previousIndex(knex: Knex): Promise<Indexed> {
  return knex.raw(
    'SELECT record_id AS id, body FROM itsm_records_fts ORDER BY record_id',
  );
}

async function countOf(knex: Knex, table: string): Promise<number> {
  const [{ n }] = await knex(table).count({ n: '*' });
  return Number(n);
}

/** FTS5 compares its index with its content; throws when they differ. */
async function checkIntegrity(knex: Knex): Promise<void> {
  await knex.raw(
    "INSERT INTO itsm_records_fts (itsm_records_fts) VALUES ('integrity-check')",
  );
}

/** Every record exactly once in the index, with its searched text. */
async function expectIndexRight(knex: Knex): Promise<void> {
  const wanted = await wantedIndex(knex);
  expect(await rowidIndex(knex)).toEqual(wanted);
  expect(await countOf(knex, 'itsm_records_fts_rowids')).toBe(wanted.length);
  expect(await countOf(knex, 'itsm_records_fts')).toBe(wanted.length);
  await checkIntegrity(knex);
}

/** The index's stored segments: they change whenever anything is indexed. */
async function segments(knex: Knex): Promise<unknown[]> {
  return knex.raw(
    'SELECT id, hex(block) AS block FROM itsm_records_fts_data ORDER BY id',
  );
}

/** The index's schema objects (tables, shadow tables, triggers). */
async function schemaOf(knex: Knex): Promise<unknown[]> {
  return knex('sqlite_master')
    .select('type', 'name', 'tbl_name', 'sql')
    .where('name', 'like', 'itsm_records_fts%')
    .orderBy('name');
}

async function found(
  store: KnexItsmStore,
  q: string,
  type: ItsmRecordType = 'incidents',
): Promise<string[]> {
  const result = await store.listRecords({ type, q, limit: 100 });
  expect(result.totalCount).toBe(result.items.length);
  return result.items.map(r => r.key).sort();
}

async function patch(
  store: KnexItsmStore,
  record: StoredRecord,
  changes: Omit<RecordPatch, 'updatedBy' | 'now'>,
): Promise<StoredRecord> {
  return store.transaction(tx =>
    tx.updateRecord(record.id, record.version, {
      updatedBy: 'user:default/bob',
      now: T1,
      ...changes,
    }),
  );
}

/** Deletes a record and what references it (the store never deletes one). */
async function deleteRecord(knex: Knex, id: string): Promise<void> {
  await knex.transaction(async tx => {
    for (const table of [
      'itsm_approvals',
      'itsm_comments',
      'itsm_history',
      'itsm_record_facts',
      'itsm_record_documents',
      'itsm_record_owners',
      'itsm_record_entities',
    ]) {
      await tx(table).where('record_id', id).delete();
    }
    await tx('itsm_links').where('from_id', id).orWhere('to_id', id).delete();
    await tx('itsm_records').where('id', id).delete();
  });
}

describe('text search on SQLITE_3', () => {
  describe('the index', () => {
    const db = useItsmTestDatabase('SQLITE_3');

    it('holds the searched text of every record through inserts, updates and deletes', async () => {
      const { knex, store } = db;
      let incident = await create(store, 'incidents', {
        title: 'Printer alpha',
        description: 'first words',
      });
      let problem = await create(store, 'problems', {
        title: 'Jobs stall',
        data: {
          workaround: 'Restart the spooler',
          rootCause: 'Leaking handles',
        },
      });
      await expectIndexRight(knex);
      expect(await found(store, 'alpha')).toEqual([incident.key]);
      expect(await found(store, 'spool', 'problems')).toEqual([problem.key]);

      // Each searched field, written: indexed anew.
      let before = await segments(knex);
      incident = await patch(store, incident, { title: 'Printer bravo' });
      expect(await segments(knex)).not.toEqual(before);
      await expectIndexRight(knex);
      expect(await found(store, 'alpha')).toEqual([]);
      expect(await found(store, 'bravo')).toEqual([incident.key]);

      incident = await patch(store, incident, { description: 'second words' });
      await expectIndexRight(knex);
      expect(await found(store, 'first')).toEqual([]);
      expect(await found(store, 'second')).toEqual([incident.key]);

      problem = await patch(store, problem, {
        data: { ...problem.data, workaround: 'Reboot the queue' },
      });
      await expectIndexRight(knex);
      expect(await found(store, 'spool', 'problems')).toEqual([]);
      expect(await found(store, 'reboot', 'problems')).toEqual([problem.key]);

      problem = await patch(store, problem, {
        data: { ...problem.data, rootCause: 'Stale locks' },
      });
      await expectIndexRight(knex);
      expect(await found(store, 'leak', 'problems')).toEqual([]);
      expect(await found(store, 'stale lock', 'problems')).toEqual([
        problem.key,
      ]);

      // The key (the store never changes one; the index follows anyway).
      await knex('itsm_records')
        .where('id', incident.id)
        .update({ key: 'INC-77' });
      await expectIndexRight(knex);
      expect(await found(store, 'inc-77')).toEqual(['INC-77']);
      expect(await found(store, 'inc-1')).toEqual([]);
      incident = (await store.getRecord('incidents', 'INC-77'))!;

      // Writes that change no searched text leave the index alone.
      before = await segments(knex);
      incident = await patch(store, incident, {
        state: 'assigned',
        priority: 'P1',
        assignedGroup: 'group:default/ops',
        assignee: 'user:default/bob',
        entityRefs: ['component:default/printer'],
      });
      incident = await patch(store, incident, {
        data: { ...incident.data, impact: 'high' },
      });
      incident = await patch(store, incident, {
        title: incident.title,
        description: incident.description,
      });
      problem = await patch(store, problem, {
        data: { ...problem.data, knownError: true },
      });
      expect(await segments(knex)).toEqual(before);
      await expectIndexRight(knex);
      expect(await found(store, 'bravo')).toEqual(['INC-77']);

      // Deleted: gone from the index and the mapping.
      await deleteRecord(knex, incident.id);
      await expectIndexRight(knex);
      expect(await countOf(knex, 'itsm_records_fts_rowids')).toBe(1);
      expect(await found(store, 'bravo')).toEqual([]);

      // A record created afterwards is indexed under a rowid of its own.
      const next = await create(store, 'incidents', { title: 'Bravo again' });
      await expectIndexRight(knex);
      expect(await found(store, 'bravo')).toEqual([next.key]);
    });

    it('searches by MATCH once and reaches the records by key, for the page and the count', async () => {
      const { knex, store } = db;
      for (let i = 0; i < 30; i++) {
        await create(store, 'incidents', {
          title: i % 3 ? `Printer ${i} jammed` : `Disk ${i} full`,
          description: i % 2 ? 'printer queue' : 'nothing',
          state: i % 2 ? 'new' : 'assigned',
          entityRefs: [`component:default/c${i % 4}`],
        });
      }
      const queries: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
      const listen = (q: { sql: string; bindings: Knex.RawBinding[] }) => {
        if (/ MATCH /i.test(q.sql)) queries.push(q);
      };
      knex.on('query', listen);
      try {
        const first = await store.listRecords({
          type: 'incidents',
          q: 'printer queue',
          limit: 5,
        });
        expect(first.totalCount).toBe(15);
        const second = await store.listRecords({
          type: 'incidents',
          q: 'printer queue',
          limit: 5,
          cursor: first.nextCursor,
        });
        expect(second.items).toHaveLength(5);
        const filtered = await store.listRecords({
          type: 'incidents',
          q: 'inc-8',
          states: ['new'],
          entityRefs: ['component:default/c3'],
          limit: 5,
        });
        expect(filtered.items.map(r => r.key)).toEqual(['INC-8']);
      } finally {
        knex.removeListener('query', listen);
      }
      // A count and a page per list.
      expect(queries).toHaveLength(6);

      for (const { sql, bindings } of queries) {
        const plan: Array<{ id: number; parent: number; detail: string }> =
          await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings);
        const details = plan.map(p => p.detail);
        const context = `${sql}\n${details.join('\n')}`;
        // The index is read once, by MATCH, as the outermost loop of its
        // query (a count reads it inside the subquery it bounds).
        const fts = plan.filter(p => p.detail.includes('itsm_records_fts '));
        expect([context, fts]).toEqual([
          context,
          [
            expect.objectContaining({
              detail: expect.stringMatching(
                /^SCAN itsm_records_fts VIRTUAL TABLE INDEX \d+:M/,
              ),
            }),
          ],
        ]);
        const loop = plan.filter(p => p.parent === fts[0].parent);
        expect([context, loop[0]]).toEqual([context, fts[0]]);

        // The mapping and the records are reached by key, never scanned.
        expect([context, details]).toEqual([
          context,
          expect.arrayContaining([
            expect.stringMatching(/^SEARCH tm USING INTEGER PRIMARY KEY/),
            expect.stringMatching(
              /^SEARCH r USING (INDEX sqlite_autoindex_itsm_records_1|PRIMARY KEY) \(id=\?\)$/,
            ),
          ]),
        ]);
        expect([
          context,
          details.filter(d => /^SCAN (r|tm|itsm_records)\b/.test(d)),
        ]).toEqual([context, []]);
      }
    });
  });

  describe('the migration', () => {
    const db = useItsmTestDatabase('SQLITE_3', { migrate: false });

    it('indexes the existing records, and down restores the previous design with them', async () => {
      const { knex } = db;
      const store = new KnexItsmStore(knex, RECORD_FACTS);
      await knex.migrate.to({ directory, name: PREVIOUS });
      const previousSchema = await schemaOf(knex);
      expect(previousSchema).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'itsm_records_fts',
            sql: expect.stringContaining('record_id UNINDEXED'),
          }),
        ]),
      );

      // Records written under the previous design.
      const incident = await create(store, 'incidents', {
        title: 'Printer alpha',
      });
      await patch(store, incident, { title: 'Printer bravo' });
      const problem = await create(store, 'problems', {
        title: 'Jobs stall',
        data: {
          workaround: 'Restart the spooler',
          rootCause: 'Leaking handles',
        },
      });
      expect(await previousIndex(knex)).toEqual(await wantedIndex(knex));

      await knex.migrate.latest({ directory });
      await expectIndexRight(knex);
      expect(await found(store, 'bravo')).toEqual([incident.key]);
      expect(await found(store, 'alpha')).toEqual([]);
      expect(await found(store, 'leak spool', 'problems')).toEqual([
        problem.key,
      ]);

      // Down: the previous design exactly, holding every record, kept by
      // its triggers again.
      await knex.migrate.down({ directory, name: ROWID });
      expect(await schemaOf(knex)).toEqual(previousSchema);
      expect(await previousIndex(knex)).toEqual(await wantedIndex(knex));
      const later = await create(store, 'incidents', {
        title: 'Scanner charlie',
      });
      await patch(store, later, { description: 'written while down' });
      expect(await previousIndex(knex)).toEqual(await wantedIndex(knex));

      // And up again.
      await knex.migrate.latest({ directory });
      await expectIndexRight(knex);
      expect(await countOf(knex, 'itsm_records_fts_rowids')).toBe(3);
      expect(await found(store, 'charlie down')).toEqual([later.key]);
      expect(await found(store, 'printer')).toEqual([incident.key]);
    });
  });
});
