import {
  AMARA,
  changeBody,
  CHECKOUT_WEB,
  incidentBody,
  SOFIA,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { lifecycleBackends } from '../__testUtils__/lifecycleApi';
import { teamsApartPolicy } from '../__testUtils__/policies';

jest.setTimeout(120_000);

/** Teams kept apart: anyone may create. */
const teamsApart = teamsApartPolicy();

type Res = {
  status: number;
  body: { error?: { name?: string; message?: string } };
};

/** A reference the caller may not read is answered as one that does not exist. */
function expectNoSuchRecord(res: Res, field: string, key: string) {
  expect({ status: res.status, error: res.body.error?.name }).toEqual({
    status: 400,
    error: 'InputError',
  });
  expect(res.body.error?.message).toBe(
    `${field}: no ITSM record with key "${key}"`,
  );
}

const emergency = (incidentKey: string) =>
  changeBody({
    title: 'Hotfix the checkout',
    entityRefs: [CHECKOUT_WEB],
    changeType: 'emergency',
    incidentKey,
  });

describe.each(ITSM_TEST_DATABASES)('references on %s', databaseId => {
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  /**
   * sofia (storefront) reports INC-1 and plans CHG-2 on checkout-web; amara
   * (payments) plans CHG-1 and reports INC-2 on payments, which sofia may
   * not read.
   */
  async function twoTeams() {
    const t = await start({ permissions: teamsApart });
    await t.create(
      'incidents',
      incidentBody({ entityRefs: [CHECKOUT_WEB] }),
      SOFIA,
    );
    await t.create('changes', changeBody(), AMARA);
    await t.create('incidents', incidentBody(), AMARA);
    await t.create(
      'changes',
      changeBody({ title: 'Tune the checkout', entityRefs: [CHECKOUT_WEB] }),
      SOFIA,
    );
    expect((await t.as(SOFIA).get('/changes/CHG-1')).status).toBe(403);
    /** What amara sees of her records: detail (with links) and history. */
    const hers = async () => ({
      change: (await t.as(AMARA).get('/changes/CHG-1')).body,
      changeHistory: (await t.as(AMARA).get('/changes/CHG-1/history')).body,
      incident: (await t.as(AMARA).get('/incidents/INC-2')).body,
      incidentHistory: (await t.as(AMARA).get('/incidents/INC-2/history')).body,
    });
    return { ...t, hers };
  }

  it('links only to a record the caller may read', async () => {
    const { as, hers } = await twoTeams();
    const before = await hers();
    const sofia = as(SOFIA);
    expectNoSuchRecord(
      await sofia.post('/incidents/INC-1/links', { target: 'CHG-1' }),
      'target',
      'CHG-1',
    );
    expectNoSuchRecord(
      await sofia.post('/changes/CHG-2/links', { target: 'INC-2' }),
      'target',
      'INC-2',
    );
    // Exactly the answer to a key that does not exist.
    expectNoSuchRecord(
      await sofia.post('/incidents/INC-1/links', { target: 'CHG-99' }),
      'target',
      'CHG-99',
    );
    expect(await hers()).toEqual(before);
    const own = await sofia.get('/incidents/INC-1');
    expect(own.body.links).toEqual([]);
    expect(
      (await sofia.get('/incidents/INC-1/history')).body.items,
    ).toHaveLength(1);

    // A record she may read links as before, with history on both.
    const linked = await sofia.post('/incidents/INC-1/links', {
      target: 'CHG-2',
    });
    expect(linked.status).toBe(201);
    expect(linked.body.links.map((l: { key: string }) => l.key)).toEqual([
      'CHG-2',
    ]);
    const changeHistory = (await sofia.get('/changes/CHG-2/history')).body;
    expect(
      changeHistory.items.map((e: { action: string; to: unknown }) => [
        e.action,
        e.to,
      ]),
    ).toContainEqual(['linked', 'INC-1']);
    expect((await hers()).change.links).toEqual([]);
  });

  it("names only an incident the caller may read as an emergency change's incidentKey", async () => {
    const { as, hers } = await twoTeams();
    const before = await hers();
    const sofia = as(SOFIA);
    const count = async () => (await sofia.get('/changes')).body.totalCount;
    expect(await count()).toBe(1);
    expectNoSuchRecord(
      await sofia.post('/changes', emergency('INC-2')),
      'incidentKey',
      'INC-2',
    );
    expectNoSuchRecord(
      await sofia.post('/changes', emergency('INC-99')),
      'incidentKey',
      'INC-99',
    );
    expect(await hers()).toEqual(before);
    expect(await count()).toBe(1);

    const ok = await sofia.post('/changes', emergency('INC-1'));
    expect(ok.status).toBe(201);
    expect(ok.body.incidentKey).toBe('INC-1');
    expect(
      (await sofia.get(`/changes/${ok.body.key}`)).body.links.map(
        (l: { key: string }) => l.key,
      ),
    ).toEqual(['INC-1']);
  });

  it("names only a change the caller may read as a known error's changeKey", async () => {
    const { as, create, hers } = await twoTeams();
    const sofia = as(SOFIA);
    /** A transition of sofia's with the record's current version. */
    const move = async (
      path: string,
      to: string,
      extra: Record<string, unknown> = {},
    ) => {
      const { version } = (await sofia.get(path)).body;
      return sofia.post(`${path}/transitions`, { to, version, ...extra });
    };
    await create(
      'problems',
      {
        title: 'Checkout sessions drop',
        entityRefs: [CHECKOUT_WEB],
      },
      SOFIA,
    );
    const path = '/problems/PRB-1';
    expect((await move(path, 'under_investigation')).status).toBe(200);
    expect(
      (await move(path, 'root_cause_known', { rootCause: 'cookie' })).status,
    ).toBe(200);
    const before = await hers();
    const problem = (await sofia.get(path)).body;
    const history = (await sofia.get(`${path}/history`)).body;
    expectNoSuchRecord(
      await move(path, 'known_error', { changeKey: 'CHG-1' }),
      'changeKey',
      'CHG-1',
    );
    expectNoSuchRecord(
      await move(path, 'known_error', { changeKey: 'CHG-99' }),
      'changeKey',
      'CHG-99',
    );
    expect(await hers()).toEqual(before);
    expect((await sofia.get(path)).body).toEqual(problem);
    expect((await sofia.get(`${path}/history`)).body).toEqual(history);

    const known = await move(path, 'known_error', { changeKey: 'CHG-2' });
    expect(known.status).toBe(200);
    expect(known.body.state).toBe('known_error');
    expect(
      (await sofia.get(path)).body.links.map((l: { key: string }) => l.key),
    ).toEqual(['CHG-2']);
  });
});
