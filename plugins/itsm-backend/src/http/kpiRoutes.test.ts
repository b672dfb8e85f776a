import {
  AMARA,
  CHECKOUT_WEB,
  changeBody,
  incidentBody,
  OUTSIDER,
  PAYMENTS_API,
  SOFIA,
} from '../__testUtils__/fixtures';
import { startItsm } from '../__testUtils__/itsmTestBackend';
import { teamsApartPolicy } from '../__testUtils__/policies';

/*
 * GET /kpis through the plugin, with a policy that keeps teams apart: each
 * caller's figures count the records they may read, and nothing else.
 */

jest.setTimeout(120_000);

async function twoTeams() {
  const t = await startItsm({ permissions: teamsApartPolicy() });
  const create = async (type: string, body: object, user: string) => {
    const res = await t.as(user).post(`/${type}`, body);
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 201,
    });
  };
  // amara (payments): two incidents, one major, and an emergency change.
  await create('incidents', incidentBody(), AMARA);
  await create('incidents', incidentBody({ major: true }), AMARA);
  await create(
    'changes',
    changeBody({
      changeType: 'emergency',
      incidentKey: 'INC-1',
      entityRefs: [PAYMENTS_API],
    }),
    AMARA,
  );
  // sofia (storefront): one incident and a normal change on checkout-web.
  await create(
    'incidents',
    incidentBody({ entityRefs: [CHECKOUT_WEB] }),
    SOFIA,
  );
  await create('changes', changeBody({ entityRefs: [CHECKOUT_WEB] }), SOFIA);
  return t;
}

describe('GET /kpis', () => {
  it('counts only the records the caller may read', async () => {
    const t = await twoTeams();

    const amara = await t.as(AMARA).get('/kpis');
    expect(amara.status).toBe(200);
    expect(amara.body.entityRefs).toEqual([]);
    expect(Date.parse(amara.body.to) - Date.parse(amara.body.from)).toBe(
      90 * 86_400_000,
    );
    expect(amara.body.incidents).toMatchObject({
      open: { total: 2, byPriority: { P1: 0, P2: 2, P3: 0, P4: 0 } },
      reported: 2,
      major: 1,
      resolved: 0,
      meanTimeToResolveMs: null,
      reopenRate: null,
    });
    expect(amara.body.changes).toMatchObject({
      reported: 1,
      emergency: 1,
      emergencyRatio: 1,
      closed: 0,
      successRate: null,
    });

    const sofia = await t.as(SOFIA).get('/kpis');
    expect(sofia.body.incidents).toMatchObject({
      open: { total: 1 },
      reported: 1,
      major: 0,
    });
    expect(sofia.body.changes).toMatchObject({
      reported: 1,
      emergency: 0,
      emergencyRatio: 0,
    });

    // Someone who requested nothing and owns nothing: counts of nothing.
    const outsider = await t.as(OUTSIDER).get('/kpis');
    expect(outsider.body.incidents).toMatchObject({
      open: { total: 0 },
      reported: 0,
      meanTimeToResolveMs: null,
    });
    expect(outsider.body.changes.emergencyRatio).toBeNull();
  });

  it('restricts to the entities and the period asked', async () => {
    const t = await twoTeams();

    const payments = await t
      .as(AMARA)
      .get('/kpis?entityRef=Component:Payments-API');
    expect(payments.body.entityRefs).toEqual([PAYMENTS_API]);
    expect(payments.body.incidents.reported).toBe(2);
    // amara may not read what storefront has on checkout-web.
    const checkout = await t
      .as(AMARA)
      .get(`/kpis?entityRef=${encodeURIComponent(CHECKOUT_WEB)}`);
    expect(checkout.body.incidents.open.total).toBe(0);

    const past = await t
      .as(AMARA)
      .get('/kpis?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z');
    expect(past.body).toMatchObject({
      from: '2020-01-01T00:00:00.000Z',
      to: '2020-02-01T00:00:00.000Z',
    });
    expect(past.body.incidents.reported).toBe(0);
    // Open now, whatever the period.
    expect(past.body.incidents.open.total).toBe(2);
  });

  it('refuses a period that ends before it starts, and a bad entity ref', async () => {
    const t = await startItsm({ permissions: teamsApartPolicy() });

    const backwards = await t
      .as(AMARA)
      .get('/kpis?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toBe('to: must be after from');
    const badRef = await t.as(AMARA).get('/kpis?entityRef=no-kind');
    expect(badRef.status).toBe(400);
    const badDate = await t.as(AMARA).get('/kpis?from=yesterday');
    expect(badDate.status).toBe(400);
  });
});
