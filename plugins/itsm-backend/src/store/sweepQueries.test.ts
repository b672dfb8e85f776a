import { randomUUID as uuid } from 'node:crypto';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { RECORD_FACTS } from '../recordFacts';
import { bulkInsertRecords, recordAfter } from './bulkInsert';

jest.setTimeout(300_000);

const STATES = ['new', 'assigned', 'in_progress', 'pending', 'resolved'];

describe('sweepReads.pageInStates', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('pages the records in some states newest first, each once, as an independent computation says', async () => {
      let state = 5;
      const random = (n: number) => {
        state = (state * 48271) % 2147483647;
        return state % n;
      };
      // Closed incidents in long runs, as old ones are, with open ones among them.
      const states = Array.from({ length: 3_000 }, (_, i) =>
        i < 2_000 && random(10) > 0 ? 'closed' : STATES[random(STATES.length)],
      );
      const inserted = await bulkInsertRecords(
        db.knex,
        RECORD_FACTS,
        states.map(s => ({
          record: recordAfter({
            id: uuid(),
            type: s === 'resolved' && random(2) ? 'problems' : 'incidents',
            title: 't',
            description: '',
            state: s,
            priority: null,
            assignedGroup: null,
            assignee: null,
            entityRefs: [],
            ownerRefs: [],
            data: {},
            createdBy: 'user:default/alice',
            now: '2026-06-01T00:00:00.000Z',
          }),
        })),
      );
      const wanted = ['new', 'assigned', 'in_progress', 'pending', 'new'];
      const expected = inserted
        .filter((r, i) => r.type === 'incidents' && wanted.includes(states[i]))
        .map(r => r.seq)
        .sort((a, b) => b - a);

      for (const limit of [1, 37, 500]) {
        const seen: number[] = [];
        let beforeSeq: number | undefined;
        do {
          const page = await db.store.sweepReads.pageInStates({
            type: 'incidents',
            states: wanted,
            limit,
            beforeSeq,
          });
          seen.push(...page.items.map(r => r.seq));
          expect(page.items.length).toBeLessThanOrEqual(limit);
          beforeSeq = page.nextBeforeSeq;
        } while (beforeSeq !== undefined);
        expect(seen).toEqual(expected);
      }
      expect(
        await db.store.sweepReads.pageInStates({
          type: 'incidents',
          states: [],
          limit: 10,
        }),
      ).toEqual({ items: [] });
    });
  });
});
