import { randomUUID as uuid } from 'node:crypto';
import { AMARA, PAYMENTS, SOFIA, STOREFRONT } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { teamsApartPolicy } from '../__testUtils__/policies';
import { suiteBackends } from '../__testUtils__/suiteBackends';
import { csvCell } from '../engine/csv';
import { RECORD_CSV_HEADER } from '../engine/recordCsv';
import { LIST_BATCH as EXPORT_BATCH } from '../store/listAll';
import { RECORD_FACTS } from '../recordFacts';
import {
  bulkInsertRecords,
  BulkRecordState,
  recordAfter,
} from '../store/bulkInsert';

jest.setTimeout(600_000);

/** Parses RFC 4180 CSV (quoted cells with quotes, commas and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

const SPECIAL_TITLES = [
  'He said "stop", then left',
  'two\nlines',
  '=HYPERLINK("http://x")',
  '+1 more',
  '-1 less',
  '@SUM(A1)',
];

describe('GET /{type}?format=csv', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);
    const start = suiteBackends(db);

    /** Incidents of payments (requested by amara) and of the storefront (by sofia). */
    async function seed(count: number) {
      const states: BulkRecordState[] = [];
      for (let i = 0; i < count; i++) {
        const payments = i % 3 !== 0;
        states.push(
          recordAfter({
            id: uuid(),
            type: 'incidents',
            title:
              i < SPECIAL_TITLES.length
                ? SPECIAL_TITLES[i]
                : `Incident ${String(i % 97).padStart(3, '0')}`,
            description: '',
            state: i % 4 === 0 ? 'resolved' : 'new',
            priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4],
            assignedGroup: payments ? PAYMENTS : STOREFRONT,
            assignee: i % 5 === 0 ? AMARA : null,
            entityRefs: [
              payments
                ? 'component:default/payments-api'
                : 'component:default/checkout-web',
            ],
            ownerRefs: [payments ? PAYMENTS : STOREFRONT],
            data: {},
            createdBy: payments ? AMARA : SOFIA,
            now: new Date(Date.UTC(2026, 9, 1, 0, i)).toISOString(),
          }),
        );
      }
      const inserted = await bulkInsertRecords(
        db.knex,
        RECORD_FACTS,
        states.map(record => ({ record })),
      );
      return states.map((s, i) => ({
        ...s,
        key: inserted[i].key,
        seq: inserted[i].seq,
      }));
    }

    it('exports every matching record, in the order asked, quoted, at scale', async () => {
      const count = EXPORT_BATCH * 4 + 123;
      const rows = await seed(count);
      const { as } = await start();

      const res = await as().get('/incidents?format=csv&sort=title');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/incidents\.csv/);
      const table = parseCsv(res.text);
      expect(table[0]).toEqual([...RECORD_CSV_HEADER]);
      expect(table).toHaveLength(count + 1);
      const expected = [...rows]
        .sort((a, b) => {
          if (a.title === b.title) return a.seq - b.seq;
          return a.title < b.title ? -1 : 1;
        })
        .map(r => r.key);
      expect(table.slice(1).map(r => r[0])).toEqual(expected);

      // Every cell, quoted; formulas made text.
      const byKey = new Map(table.slice(1).map(r => [r[0], r]));
      const first = rows[0];
      expect(byKey.get(first.key)).toEqual([
        first.key,
        'He said "stop", then left',
        'resolved',
        'P1',
        'component:default/checkout-web',
        STOREFRONT,
        AMARA,
        first.createdAt,
        first.updatedAt,
      ]);
      expect(byKey.get(rows[1].key)![1]).toBe('two\nlines');
      expect(byKey.get(rows[2].key)![1]).toBe(`'=HYPERLINK("http://x")`);
      expect(byKey.get(rows[3].key)![1]).toBe(`'+1 more`);
      expect(byKey.get(rows[4].key)![1]).toBe(`'-1 less`);
      expect(byKey.get(rows[5].key)![1]).toBe(`'@SUM(A1)`);
      expect(res.text).toContain(
        `${csvCell(first.key)},"He said ""stop"", then left"`,
      );

      // The list's filters, and its default order (newest first).
      const open = parseCsv(
        (await as().get('/incidents?format=csv&state=new&priority=P2')).text,
      );
      expect(open.slice(1).map(r => r[0])).toEqual(
        rows
          .filter(r => r.state === 'new' && r.priority === 'P2')
          .sort((a, b) => b.seq - a.seq)
          .map(r => r.key),
      );
    });

    it('exports only what the caller may read, and refuses a bad sort', async () => {
      const rows = await seed(EXPORT_BATCH * 2 + 7);
      const { as } = await start({ permissions: teamsApartPolicy() });

      const res = await as(SOFIA).get('/incidents?format=csv&sort=-priority');
      expect(res.status).toBe(200);
      const keys = parseCsv(res.text)
        .slice(1)
        .map(r => r[0]);
      const hers = rows.filter(r => r.ownerRefs.includes(STOREFRONT));
      expect(hers.length).toBeGreaterThan(EXPORT_BATCH / 2);
      expect(keys).toEqual(
        [...hers]
          .sort((a, b) => {
            if (a.priority === b.priority) return b.seq - a.seq;
            return a.priority! < b.priority! ? 1 : -1;
          })
          .map(r => r.key),
      );

      const bad = await as(SOFIA).get('/incidents?format=csv&sort=size');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/sort/);
      // A page's cursor belongs to its order.
      const page = await as(SOFIA).get('/incidents?sort=title&limit=5');
      const other = await as(SOFIA).get(
        `/incidents?sort=state&limit=5&cursor=${page.body.nextCursor}`,
      );
      expect(other.status).toBe(400);
      expect(other.body.error.message).toMatch(/sort 'title', not 'state'/);
    });
  });
});
