import { amara, incidentBody } from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { ItsmNotification } from './Notifier';
import { OutboxDelivery, retryDelayMs } from './outboxDelivery';

jest.setTimeout(120_000);

const T0 = new Date('2026-12-01T09:00:00.000Z');

describe.each(ITSM_TEST_DATABASES)('the outbox on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  const rows = () =>
    db
      .knex('itsm_outbox')
      .orderBy('id')
      .select('id', 'attempts', 'delivered_at', 'claimed_until');

  it('records a transition’s notifications with it and delivers them after commit', async () => {
    const { records, sent } = itsmServices({ knex: db.knex, now: T0 });
    const incident = await records.create('incidents', incidentBody(), amara);
    const before = (await rows()).length;
    await records
      .transition(
        'incidents',
        incident.key,
        { to: 'closed', version: incident.version },
        amara,
      )
      .catch(() => undefined);
    // A transition the server refuses records nothing.
    expect(await rows()).toHaveLength(before);

    const moved = await records.transition(
      'incidents',
      incident.key,
      { to: 'resolved', version: incident.version, resolutionCode: 'fixed' },
      amara,
    );
    expect(moved.state).toBe('resolved');
    const outbox = await rows();
    expect(outbox.length).toBeGreaterThan(before);
    expect(outbox.length).toBe(sent.length);
    for (const row of outbox) {
      expect(row).toMatchObject({ attempts: 1, claimed_until: null });
      expect(row.delivered_at).not.toBeNull();
    }
  });

  it('retries a failed delivery later, once, and two instances never send a row twice', async () => {
    const now = { at: T0 };
    const sent: string[] = [];
    let failing = true;
    const notifier = {
      async notify(n: ItsmNotification, options?: { scope?: string }) {
        if (failing) throw new Error('notifications backend down');
        sent.push(`${options?.scope} ${n.title}`);
      },
    };
    const instance = () =>
      new OutboxDelivery({
        outbox: db.store.outbox,
        notifier,
        clock: () => now.at,
      });
    const ids = await db.store.transaction(tx =>
      tx.outbox.enqueue(
        Array.from({ length: 30 }, (_, i) => ({
          recipients: ['user:default/amara'],
          title: `message ${i}`,
        })),
        T0.toISOString(),
      ),
    );
    // The send after commit fails: nothing is lost, the rows wait.
    expect(await instance().deliver(ids)).toBe(0);
    expect(await db.store.outbox.pending()).toBe(30);
    // Before the retry time nobody takes them again.
    expect(await instance().deliverDue()).toBe(0);

    failing = false;
    now.at = new Date(T0.getTime() + retryDelayMs(1) + 1);
    const [a, b] = await Promise.all([
      instance().deliverDue(),
      instance().deliverDue(),
    ]);
    expect(a + b).toBe(30);
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
    expect(sent[0]).toMatch(/^itsm-outbox-\d+ message/);
    expect(await db.store.outbox.pending()).toBe(0);
    expect(await instance().deliverDue()).toBe(0);
  });

  it('never sends a row twice when a batch outlasts its claim and another delivery takes the rest', async () => {
    const now = { at: T0 };
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const stalled = new Promise<void>(resolve => {
      release = resolve;
    });
    // The slow delivery claims at T0 and sends its first 8 rows 30 s later
    // (renewing their claims then); the first send hangs (a slow
    // notifications backend) while the other 12 rows wait for their turn.
    let slowClock = 0;
    const slow = new OutboxDelivery({
      outbox: db.store.outbox,
      notifier: {
        async notify(n: ItsmNotification) {
          if (n.title === 'message 0') await stalled;
          sent.push(`slow ${n.title}`);
        },
      },
      clock: () => (slowClock++ === 0 ? T0 : new Date(T0.getTime() + 30_000)),
    });
    const other = new OutboxDelivery({
      outbox: db.store.outbox,
      notifier: {
        async notify(n: ItsmNotification) {
          sent.push(`other ${n.title}`);
        },
      },
      clock: () => now.at,
    });
    const ids = await db.store.transaction(tx =>
      tx.outbox.enqueue(
        Array.from({ length: 20 }, (_, i) => ({
          recipients: ['user:default/amara'],
          title: `message ${i}`,
        })),
        T0.toISOString(),
      ),
    );
    const first = slow.deliver(ids);
    // Let the slow delivery claim all 20, send 7 and stall on the first.
    while (sent.length < 7) {
      await new Promise(r => setTimeout(r, 10));
    }
    // The batch's claim runs out; the scheduled delivery of another instance
    // takes the 12 rows still waiting and sends them.
    now.at = new Date(T0.getTime() + 61_000);
    expect(await other.deliverDue()).toBe(12);
    release();
    await first;
    // The slow one skips the rows taken over: each row sent once.
    expect(sent.filter(x => x.startsWith('slow'))).toHaveLength(8);
    const titles = sent.map(x => x.replace(/^\w+ /, ''));
    expect(titles.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `message ${i}`).sort(),
    );
    expect(await db.store.outbox.pending()).toBe(0);
  });

  it('leaves the rows to the scheduled delivery when the delivery after commit fails', async () => {
    const ids = await db.store.transaction(tx =>
      tx.outbox.enqueue(
        [{ recipients: ['user:default/amara'], title: 'after commit' }],
        T0.toISOString(),
      ),
    );
    const warn = jest.fn();
    const delivery = new OutboxDelivery({
      // The store, except that claiming fails.
      outbox: Object.assign(Object.create(db.store.outbox), {
        claim: async () => {
          throw new Error('the database went away');
        },
      }),
      notifier: { notify: async () => undefined },
      logger: { warn } as any,
      clock: () => T0,
    });
    // The write has committed: its answer stands, nothing throws.
    await expect(delivery.deliverCommitted(ids)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/left to the scheduled delivery.*went away/),
    );
    expect(await db.store.outbox.pending()).toBe(1);
  });

  it('delivers what an instance recorded and never sent (it stopped after the commit)', async () => {
    const sent: ItsmNotification[] = [];
    await db.store.transaction(tx =>
      tx.outbox.enqueue(
        [{ recipients: ['user:default/amara'], title: 'left behind' }],
        T0.toISOString(),
      ),
    );
    const delivery = new OutboxDelivery({
      outbox: db.store.outbox,
      notifier: { notify: async n => void sent.push(n) },
      clock: () => T0,
    });
    expect(await delivery.deliverDue()).toBe(1);
    expect(sent).toEqual([
      { recipients: ['user:default/amara'], title: 'left behind' },
    ]);
  });

  it('keeps nothing of a write that rolled back', async () => {
    await db.store
      .transaction(async tx => {
        await tx.outbox.enqueue(
          [{ recipients: ['user:default/amara'], title: 'never' }],
          T0.toISOString(),
        );
        throw new Error('the write failed');
      })
      .catch(() => undefined);
    expect(await db.store.outbox.pending()).toBe(0);
  });
});
