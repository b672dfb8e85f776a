import {
  amara,
  incidentBody,
  PAYMENTS_API,
  systemCaller as system,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  createRecord,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { SYSTEM_ACTOR } from '../engine/types';

jest.setTimeout(60_000);

describe.each(ITSM_TEST_DATABASES)('auto-close on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('closes incidents resolved longer ago than the configured period, once', async () => {
    const {
      records: service,
      autoClose,
      clock,
    } = itsmServices({
      knex: db.knex,
      now: new Date('2026-11-02T09:00:00Z'),
      config: { incidents: { autoCloseAfter: { days: 3 } } },
    });
    const body = incidentBody({
      title: 'Refunds stuck',
      impact: 'low',
      urgency: 'low',
    });
    const resolve = { to: 'resolved', resolutionCode: 'fixed' };
    const early = await service.create('incidents', body, amara);
    await service.transition(
      'incidents',
      early.key,
      { ...resolve, version: 1 },
      amara,
    );
    clock.now = new Date('2026-11-03T09:00:00Z');
    const late = await service.create('incidents', body, amara);
    await service.transition(
      'incidents',
      late.key,
      { ...resolve, version: 1 },
      amara,
    );

    // Three days after the first resolve, to the millisecond: not yet.
    clock.now = new Date('2026-11-05T08:59:59.999Z');
    expect(await autoClose.autoCloseResolvedIncidents(system)).toEqual([]);
    clock.now = new Date('2026-11-05T09:00:01Z');
    expect(await autoClose.autoCloseResolvedIncidents(system)).toEqual([
      early.key,
    ]);
    // A second sweep finds nothing more to do.
    expect(await autoClose.autoCloseResolvedIncidents(system)).toEqual([]);

    const closed = await service.get('incidents', early.key, amara);
    expect(closed.state).toBe('closed');
    expect(closed.updatedBy).toBe(SYSTEM_ACTOR);
    const open = await service.get('incidents', late.key, amara);
    expect(open.state).toBe('resolved');
    const history = await service.history('incidents', early.key, amara);
    expect(history.items.at(-1)).toMatchObject({
      actor: SYSTEM_ACTOR,
      action: 'close',
      field: 'reason',
      to: 'closed automatically after the verification period',
    });
  });

  it('closes every due incident, however many, a page at a time', async () => {
    const { autoClose } = itsmServices({
      knex: db.knex,
      now: new Date('2026-11-20T09:00:00Z'),
      config: { incidents: { autoCloseAfter: { days: 3 } } },
    });
    const due: string[] = [];
    for (let i = 0; i < 450; i++) {
      const record = await createRecord(db.store, 'incidents', {
        state: 'resolved',
        entityRefs: [PAYMENTS_API],
        now: '2026-11-01T09:00:00.000Z',
      });
      due.push(record.key);
    }
    // Resolved too recently: stays.
    await createRecord(db.store, 'incidents', {
      state: 'resolved',
      entityRefs: [PAYMENTS_API],
      now: '2026-11-19T09:00:00.000Z',
    });
    const closed = await autoClose.autoCloseResolvedIncidents(system);
    expect([...closed].sort()).toEqual([...due].sort());
    expect(await autoClose.autoCloseResolvedIncidents(system)).toEqual([]);
  });
});
