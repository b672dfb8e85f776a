import { idempotencyClaim } from '../engine/idempotency';
import {
  amara,
  at,
  callerOf,
  incidentBody,
  INES,
  PLATFORM,
  slaBody,
  sofia,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(120_000);

const ines = callerOf(INES);

const down = (start: number) => ({
  kind: 'down',
  start: at(start).toISOString(),
});

describe.each(ITSM_TEST_DATABASES)(
  'Acknowledging an escalation on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);

    /**
     * An SLA whose service owner (platform-team, Ines) is not the owner of
     * payments-api (payments-team, Amara), and an incident with a down
     * outage since 0, escalated by the sweep at 481.
     */
    async function escalatedIncident() {
      const services = itsmServices({ knex: db.knex, now: at(-60) });
      const { records, signatures } = services;
      const draft = await records.create(
        'slas',
        slaBody({ serviceOwnerGroup: PLATFORM }),
        amara,
      );
      await signatures.sign(draft.key, { role: 'serviceOwner' }, ines);
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
      services.clock.now = at(0);
      const inc = await services.records.create(
        'incidents',
        incidentBody({ outage: down(0) }),
        sofia,
      );
      return { ...services, inc };
    }

    it('is refused before the incident is escalated', async () => {
      const { escalations, inc } = await escalatedIncident();
      // Until the escalation names its service owner, the owner of
      // payments-api (Amara's payments-team) holds the role.
      await expect(escalations.acknowledge(inc.key, {}, amara)).rejects.toThrow(
        /is not escalated to the service owner/,
      );
    });

    it('is the service owner of the escalation, once, with history and a message to the group coordinator', async () => {
      const { escalations, records, slas, clock, store, sent, inc } =
        await escalatedIncident();
      clock.now = at(481);
      expect((await slas.sweep()).escalations).toBe(1);
      const escalated = (await store.getRecord('incidents', inc.key))!;
      expect(escalated.data).toMatchObject({
        escalated: true,
        escalatedTo: PLATFORM,
        escalatedAt: at(481).toISOString(),
        escalatedOutage: { kind: 'down', start: at(0).toISOString() },
        escalationAcknowledgedBy: null,
      });

      // Sofia (storefront-team) holds neither role: 403 naming both.
      await expect(
        escalations.acknowledge(inc.key, { note: 'x' }, sofia),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /^Only the service owner \(group:default\/platform-team\) or the on-duty manager \(.+\) may acknowledge the escalation of INC-1$/,
        ),
      });
      await expect(
        escalations.acknowledge(inc.key, { note: 'x'.repeat(4001) }, ines),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        escalations.acknowledge(inc.key, { reason: 'x' }, ines),
      ).rejects.toMatchObject({ name: 'InputError' });

      sent.length = 0;
      clock.now = at(500);
      const acknowledged = await escalations.acknowledge(
        inc.key,
        { note: '  calling the card network  ' },
        ines,
      );
      expect(acknowledged).toMatchObject({
        escalationAcknowledgedBy: INES,
        escalationAcknowledgedAt: at(500).toISOString(),
        escalationAcknowledgementNote: 'calling the card network',
      });
      const history = await store.listHistory(inc.id);
      expect(
        history.filter(h => h.action === 'escalation-acknowledged'),
      ).toEqual([
        expect.objectContaining({
          actor: INES,
          at: at(500).toISOString(),
          field: 'escalation',
          to: {
            serviceOwner: PLATFORM,
            escalatedAt: at(481).toISOString(),
            outage: { kind: 'down', start: at(0).toISOString() },
            note: 'calling the card network',
          },
        }),
      ]);
      expect(sent).toEqual([
        expect.objectContaining({
          title: 'INC-1: the service owner acknowledged the escalation',
          description: `${INES}: calling the card network`,
        }),
      ]);
      expect(sent[0].recipients.length).toBeGreaterThan(0);

      // Once: a second acknowledgement names who acknowledged and when.
      await expect(escalations.acknowledge(inc.key, {}, ines)).rejects.toThrow(
        `The escalation of INC-1 was already acknowledged by ${INES} at ${at(
          500,
        ).toISOString()}`,
      );

      // A later outage escalates again and asks for a new acknowledgement.
      const current = (await store.getRecord('incidents', inc.key))!;
      clock.now = at(600);
      await records.update(
        'incidents',
        inc.key,
        { version: current.version, outage: down(590) },
        sofia,
      );
      clock.now = at(1100);
      expect((await slas.sweep()).escalations).toBe(1);
      expect((await store.getRecord('incidents', inc.key))!.data).toMatchObject(
        {
          escalatedOutage: { kind: 'down', start: at(590).toISOString() },
          escalationAcknowledgedBy: null,
          escalationAcknowledgedAt: null,
        },
      );
      // Amara (payments-team, the owner of payments-api) is the on-duty
      // manager by default: she stands in.
      expect(await escalations.acknowledge(inc.key, {}, amara)).toMatchObject({
        escalationAcknowledgedBy: amara.userRef,
        escalationAcknowledgementNote: null,
      });
    });

    it('records one acknowledgement of 20 at once', async () => {
      const { escalations, slas, clock, store, sent, inc } =
        await escalatedIncident();
      clock.now = at(481);
      await slas.sweep();
      sent.length = 0;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          escalations.acknowledge(inc.key, { note: `ack ${i}` }, ines),
        ),
      );
      const done = results.filter(r => r.status === 'fulfilled');
      const refused = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(done).toHaveLength(1);
      expect(refused).toHaveLength(19);
      for (const r of refused) {
        expect(r.reason).toMatchObject({ name: 'ConflictError' });
      }
      const history = await store.listHistory(inc.id);
      expect(
        history.filter(h => h.action === 'escalation-acknowledged'),
      ).toHaveLength(1);
      expect(
        sent.filter(n => n.title.endsWith('acknowledged the escalation')),
      ).toHaveLength(1);
    });

    it('answers a retry with the same Idempotency-Key with the first answer', async () => {
      const { escalations, slas, clock, store, inc } =
        await escalatedIncident();
      clock.now = at(481);
      await slas.sweep();
      const body = { note: 'on it' };
      const claim = () =>
        idempotencyClaim('ack-1', {
          caller: INES,
          operation: `POST /incidents/${inc.key}/escalation-acknowledgement`,
          body,
        });
      const first = await escalations.acknowledge(inc.key, body, ines, {
        idempotency: claim(),
      });
      const retry = await escalations.acknowledge(inc.key, body, ines, {
        idempotency: claim(),
      });
      expect(retry).toEqual(first);
      const history = await store.listHistory(inc.id);
      expect(
        history.filter(h => h.action === 'escalation-acknowledged'),
      ).toHaveLength(1);
    });

    it('keeps the targets the group coordinator decided on', async () => {
      const { escalations, clock, store, inc } = await escalatedIncident();
      clock.now = at(24); // 80 % of the response target
      await escalations.decide(
        inc.key,
        { version: inc.version, decision: 'urge', reason: 'hurry' },
        amara,
      );
      expect(
        (await store.getRecord('incidents', inc.key))!.data.escalationDecision,
      ).toEqual({
        decision: 'urge',
        decidedBy: amara.userRef,
        decidedAt: at(24).toISOString(),
        targets: [{ sla: 'SLA-1', clock: 'response', state: 'warning' }],
      });
    });
  },
);
