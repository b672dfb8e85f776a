import fc from 'fast-check';
import {
  at,
  newRecord,
  PAYMENTS,
  PAYMENTS_API,
  SOFIA,
} from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { SweepPage } from '../store/types';
import { SWEEP_PAGE_SIZE } from './SlaSweep';

jest.setTimeout(600_000);

describe.each(ITSM_TEST_DATABASES)('An aborted SLA sweep on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  /**
   * The default SLA on payments-api and `count` P2 incidents on it,
   * registered 25 minutes before now: each has crossed 75 % of its
   * 30-minute response target, one warning each.
   */
  async function setUp(count: number) {
    const services = itsmServices({ knex: db.knex, now: at(-60) });
    await activeSla(services);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 250) {
      await services.store.transaction(async tx => {
        for (let j = i; j < Math.min(count, i + 250); j++) {
          const record = await tx.insertRecord(
            newRecord('incidents', {
              title: `incident ${j}`,
              priority: 'P2',
              assignedGroup: PAYMENTS,
              entityRefs: [PAYMENTS_API],
              createdBy: SOFIA,
              now: at(-25).toISOString(),
            }),
          );
          ids.push(record.id);
        }
      });
    }
    services.clock.now = at(0);
    return { ...services, ids };
  }

  const warned = async () =>
    new Set(
      (await db.knex('itsm_sla_notifications').select('incident_id')).map(r =>
        String(r.incident_id),
      ),
    );

  it('stops between pages once the signal is aborted, and the next sweep does the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        // From just over one page to a little over three.
        fc.integer({ min: SWEEP_PAGE_SIZE + 1, max: 3 * SWEEP_PAGE_SIZE + 50 }),
        fc.integer({ min: 1, max: 3 }),
        async (count, pagesBeforeAbort) => {
          await db.truncate();
          const { slas, store, sent, ids } = await setUp(count);
          const controller = new AbortController();
          const reads = store.sweepReads;
          const pageInStates = reads.pageInStates.bind(reads);
          const pages: SweepPage[] = [];
          // The scheduler gives up on the run while a page is swept.
          const spy = jest
            .spyOn(reads, 'pageInStates')
            .mockImplementation(async query => {
              const page = await pageInStates(query);
              pages.push(page);
              if (pages.length === pagesBeforeAbort) controller.abort();
              return page;
            });
          let result;
          try {
            result = await slas.sweep({ signal: controller.signal });
          } finally {
            spy.mockRestore();
          }
          const swept = pages.flatMap(p => p.items.map(i => i.id));
          const finished = pages[pages.length - 1].nextBeforeSeq === undefined;
          // No page after the abort; before it, every page.
          expect(pages.length).toBeLessThanOrEqual(pagesBeforeAbort);
          expect(pages.length).toBe(finished ? pages.length : pagesBeforeAbort);
          expect(result).toEqual({
            warnings: swept.length,
            escalations: 0,
            ...(finished ? {} : { aborted: true }),
          });
          expect(sent).toHaveLength(swept.length);
          expect([...(await warned())].sort()).toEqual([...swept].sort());
          expect(swept.length === count).toBe(finished);

          // The next sweep warns on the incidents it did not reach.
          expect(await slas.sweep()).toEqual({
            warnings: count - swept.length,
            escalations: 0,
          });
          expect([...(await warned())].sort()).toEqual([...ids].sort());
          expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
          expect(sent).toHaveLength(count);
        },
      ),
      { numRuns: 3, endOnFailure: true },
    );
  });

  it('reads nothing when the signal is aborted before it starts', async () => {
    const { slas, store, sent } = await setUp(3);
    const spy = jest.spyOn(store.sweepReads, 'pageInStates');
    expect(await slas.sweep({ signal: AbortSignal.abort() })).toEqual({
      warnings: 0,
      escalations: 0,
      aborted: true,
    });
    expect(spy).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
    spy.mockRestore();
    expect(await slas.sweep()).toEqual({ warnings: 3, escalations: 0 });
  });
});
