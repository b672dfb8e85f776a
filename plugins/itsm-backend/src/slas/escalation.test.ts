import { Entity } from '@backstage/catalog-model';
import knexFactory from 'knex';
import {
  amara,
  at,
  callerOf,
  incidentBody,
  INES,
  LUKAS,
  PAYMENTS,
  PLATFORM,
  slaBody,
  sofia,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import { activeSla, itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(90_000);

const ESCALATED = (key: string) => `${key}: escalated to the service owner`;

const down = (start: number, end?: number) => ({
  kind: 'down',
  start: at(start).toISOString(),
  ...(end !== undefined ? { end: at(end).toISOString() } : {}),
});

describe.each(ITSM_TEST_DATABASES)('Outage escalation on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  async function setUp(slaOverrides: Record<string, unknown> = {}) {
    const services = itsmServices({ knex: db.knex, now: at(-60) });
    await activeSla(services, slaOverrides);
    services.clock.now = at(0);
    return services;
  }

  it('escalates an outage recorded after the breach warning fired, once, to the service owner', async () => {
    // The service owner (platform-team) is not the assignment group
    // (payments-team, the owner of payments-api), so recipients tell them apart.
    const services = itsmServices({ knex: db.knex, now: at(-60) });
    const { records, signatures, slas, clock, sent, store } = services;
    const draft = await records.create(
      'slas',
      slaBody({ serviceOwnerGroup: PLATFORM }),
      amara,
    );
    await signatures.sign(draft.key, { role: 'serviceOwner' }, callerOf(INES));
    const signed = await signatures.sign(
      draft.key,
      { role: 'customer' },
      sofia,
    );
    await records.transition(
      'slas',
      draft.key,
      { to: 'active', version: signed.version },
      amara,
    );
    clock.now = at(0);
    const inc = await records.create('incidents', incidentBody(), sofia);
    expect(inc.assignedGroup).toBe(PAYMENTS);
    clock.now = at(481);
    // Both clocks, both thresholds; no outage yet.
    expect(await slas.sweep()).toEqual({ warnings: 4, escalations: 0 });
    expect(
      sent.find(n => n.title.endsWith('resolution target of SLA-1 breached'))!
        .recipients,
    ).toEqual([PAYMENTS, PLATFORM]);
    clock.now = at(490);
    await records.update(
      'incidents',
      inc.key,
      { version: inc.version, outage: down(0) },
      sofia,
    );
    clock.now = at(491);
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 1 });
    expect(await slas.sweep()).toEqual({ warnings: 0, escalations: 0 });
    const record = await store.getRecord('incidents', inc.key);
    expect(record!.data).toMatchObject({
      escalated: true,
      escalatedTo: PLATFORM,
    });
    const history = await store.listHistory(record!.id);
    expect(history.filter(h => h.action === 'escalated')).toEqual([
      expect.objectContaining({
        at: at(491).toISOString(),
        to: expect.objectContaining({
          serviceOwner: PLATFORM,
          outage: { kind: 'down', start: at(0).toISOString() },
        }),
      }),
    ]);
    expect(sent.filter(n => n.title === ESCALATED(inc.key))).toEqual([
      expect.objectContaining({ recipients: [PLATFORM] }),
    ]);
  });

  it('escalates a degraded outage only under an SLA that says so', async () => {
    const plain = await setUp();
    await plain.records.create(
      'incidents',
      incidentBody({ outage: { ...down(0), kind: 'degraded' } }),
      sofia,
    );
    plain.clock.now = at(481);
    expect((await plain.slas.sweep()).escalations).toBe(0);

    await db.truncate();
    const strict = await setUp({ escalateDegraded: true });
    const inc = await strict.records.create(
      'incidents',
      incidentBody({ outage: { ...down(0), kind: 'degraded' } }),
      sofia,
    );
    strict.clock.now = at(479);
    expect((await strict.slas.sweep()).escalations).toBe(0);
    strict.clock.now = at(481);
    expect((await strict.slas.sweep()).escalations).toBe(1);
    expect(strict.sent.map(n => n.title)).toContain(ESCALATED(inc.key));
  });

  it('escalates every outage beyond the target once, and none that ended before it', async () => {
    const { records, slas, clock, store } = await setUp();
    let inc = await records.create(
      'incidents',
      incidentBody({ outage: down(0, 100) }),
      sofia,
    );
    clock.now = at(481);
    expect((await slas.sweep()).escalations).toBe(0);
    // A second outage of the same incident, still open.
    inc = await records.update(
      'incidents',
      inc.key,
      { version: inc.version, outage: down(470) },
      sofia,
    );
    expect((await slas.sweep()).escalations).toBe(1);
    expect((await slas.sweep()).escalations).toBe(0);
    // It ends, and a third one begins.
    inc = await records.update(
      'incidents',
      inc.key,
      {
        version: (await store.getRecord('incidents', inc.key))!.version,
        outage: down(600),
      },
      sofia,
    );
    clock.now = at(601);
    expect((await slas.sweep()).escalations).toBe(1);
    expect((await slas.sweep()).escalations).toBe(0);
    const history = await store.listHistory(inc.id);
    expect(
      history
        .filter(h => h.action === 'escalated')
        .map(h => (h.to as { outage: { start: string } }).outage.start),
    ).toEqual([at(470).toISOString(), at(600).toISOString()]);
  });

  it('escalates once with two backend instances sweeping one database', async () => {
    const a = await setUp();
    for (let i = 0; i < 4; i++) {
      await a.records.create(
        'incidents',
        incidentBody({ title: `outage ${i}`, outage: down(0) }),
        sofia,
      );
    }
    const { knex } = db;
    const secondKnex =
      databaseId === 'SQLITE_3' ? knex : knexFactory(knex.client.config);
    try {
      const b = itsmServices({ knex: secondKnex, now: at(481) });
      a.clock.now = at(481);
      const results = await Promise.all([
        a.slas.sweep(),
        b.slas.sweep(),
        a.slas.sweep(),
        b.slas.sweep(),
      ]);
      expect(results.reduce((sum, r) => sum + r.escalations, 0)).toBe(4);
      const escalations = [...a.sent, ...b.sent].filter(n =>
        n.title.endsWith('escalated to the service owner'),
      );
      expect(escalations).toHaveLength(4);
      const history = await db
        .knex('itsm_history')
        .where({ action: 'escalated' })
        .count({ n: '*' });
      expect(Number(history[0].n)).toBe(4);
    } finally {
      if (secondKnex !== knex) await secondKnex.destroy();
    }
  });

  it('delivers an escalation whose instance stopped before delivering it', async () => {
    const { records, slas, clock, sent, store } = await setUp();
    const inc = await records.create('incidents', incidentBody(), sofia);
    const notification = {
      recipients: [PAYMENTS],
      title: ESCALATED(inc.key),
    };
    await store.transaction(tx =>
      tx.claimOutageEscalation({
        incidentId: inc.id,
        outageStart: at(0).toISOString(),
        slaId: inc.id,
        serviceOwner: PAYMENTS,
        escalatedAt: at(0).toISOString(),
        notification,
      }),
    );
    // The instance that recorded it has a minute to deliver it.
    clock.now = at(0.5);
    await slas.sweep();
    expect(sent).toEqual([]);
    clock.now = at(2);
    await slas.sweep();
    await slas.sweep();
    expect(sent).toEqual([notification]);
  });
});

describe.each(ITSM_TEST_DATABASES)('Escalation decisions on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);
  const lukas: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'lukas', namespace: 'default' },
    spec: { memberOf: ['payments-team'] },
  };

  it('records the group coordinator reassigning or urging on a target in danger', async () => {
    const services = itsmServices({
      knex: db.knex,
      now: at(-60),
      entities: [...TEST_ENTITIES, lukas],
    });
    const { records, escalations, clock, sent, store } = services;
    await activeSla(services);
    clock.now = at(0);
    let inc = await records.create('incidents', incidentBody(), sofia);
    const decide = (body: Record<string, unknown>, caller = amara) =>
      escalations.decide(inc.key, { version: inc.version, ...body }, caller);

    clock.now = at(10); // a third of the response target: not in danger
    await expect(decide({ decision: 'urge', reason: 'hurry' })).rejects.toThrow(
      /no SLA target in danger or breached/,
    );
    clock.now = at(24); // 80 % of the response target
    await expect(
      decide({ decision: 'urge', reason: 'hurry' }, sofia),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      decide({ decision: 'reassign', reason: 'needs a DBA' }),
    ).rejects.toThrow(/assignee: is required/);
    await expect(
      decide({
        decision: 'reassign',
        assignee: 'user:default/ghost',
        reason: 'x',
      }),
    ).rejects.toMatchObject({ name: 'InputError' });

    inc = await decide({ decision: 'urge', reason: 'the card network waits' });
    inc = await decide({
      decision: 'reassign',
      assignee: LUKAS,
      reason: 'lukas knows the pool',
    });
    expect(inc.assignee).toBe(LUKAS);
    const history = await store.listHistory(inc.id);
    expect(
      history
        .filter(h => h.action === 'escalation-decision')
        .map(h => [h.actor, h.to]),
    ).toEqual([
      [
        amara.userRef,
        {
          decision: 'urge',
          reason: 'the card network waits',
          targets: [
            {
              sla: 'SLA-1',
              clock: 'response',
              state: 'warning',
              elapsedPercent: 80,
            },
          ],
        },
      ],
      [
        amara.userRef,
        expect.objectContaining({ decision: 'reassign', assignee: LUKAS }),
      ],
    ]);
    expect(history).toContainEqual(
      expect.objectContaining({ field: 'assignee', from: null, to: LUKAS }),
    );
    expect(sent.map(n => n.recipients)).toEqual([[PAYMENTS], [LUKAS]]);
    // Lukas, a payments-team member, may decide too; the stale version is refused.
    await expect(
      escalations.decide(
        inc.key,
        { version: inc.version - 1, decision: 'urge', reason: 'again' },
        callerOf(LUKAS),
      ),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });
});
