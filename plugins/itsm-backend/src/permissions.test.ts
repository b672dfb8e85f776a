import { mockServices } from '@backstage/backend-test-utils';
import {
  AMARA,
  incidentBody,
  INES,
  LUKAS,
  OUTSIDER,
  SOFIA,
} from './__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from './__testUtils__/itsmTestDatabase';
import { suiteBackends } from './__testUtils__/suiteBackends';
import { teamsApartPolicy } from './__testUtils__/policies';

jest.setTimeout(60_000);

/** Teams kept apart; the outsider may not even create. */
const restrictivePolicy = teamsApartPolicy({ denyBasicTo: [OUTSIDER] });

describe.each(ITSM_TEST_DATABASES)('permissions on %s', databaseId => {
  // Each test starts its own backend (a permission policy or an auditor) on the suite's database.
  const start = suiteBackends(useItsmTestDatabase(databaseId));

  it('denies reads and writes by id and hides records from lists', async () => {
    const { as } = await start({ permissions: restrictivePolicy });
    // amara (payments-team) reports on payments-api, sofia (storefront) on checkout-web.
    expect((await as(AMARA).post('/incidents', incidentBody())).status).toBe(
      201,
    );
    expect(
      (
        await as(SOFIA).post(
          '/incidents',
          incidentBody({ entityRefs: ['component:default/checkout-web'] }),
        )
      ).status,
    ).toBe(201);

    const keys = async (user: string) => {
      const res = await as(user).get('/incidents');
      expect(res.status).toBe(200);
      return {
        keys: res.body.items.map((r: { key: string }) => r.key),
        total: res.body.totalCount,
      };
    };
    // Lukas owns payments-api through payments-team; he did not file anything.
    expect(await keys(LUKAS)).toEqual({
      keys: ['INC-1'],
      total: 1,
    });
    expect(await keys(SOFIA)).toEqual({
      keys: ['INC-2'],
      total: 1,
    });
    expect(await keys(INES)).toEqual({ keys: [], total: 0 });
    // Filters and text search do not leak either.
    expect((await as(INES).get('/incidents?q=Payments')).body.totalCount).toBe(
      0,
    );

    const ines = as(INES);
    const denied = [
      await ines.get('/incidents/INC-1'),
      await ines.get('/incidents/INC-1/history'),
      await ines.get('/incidents/INC-1/comments'),
      await ines.patch('/incidents/INC-1', { version: 1, title: 'hijacked' }),
      await ines.post('/incidents/INC-1/transitions', {
        to: 'assigned',
        version: 1,
      }),
      await ines.post('/incidents/INC-1/comments', { body: 'hello' }),
      await ines.post('/incidents/INC-1/links', { target: 'INC-2' }),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    }
    const after = await as(AMARA).get('/incidents/INC-1');
    expect(after.body).toMatchObject({
      title: 'Payments fail',
      state: 'new',
      version: 1,
    });
    expect(
      (await as(AMARA).get('/incidents/INC-1/history')).body.items,
    ).toHaveLength(1);

    // A user allowed on one record may act on it.
    const ok = await as(LUKAS).patch('/incidents/INC-1', {
      version: 1,
      title: 'Payments failing',
    });
    expect(ok.status).toBe(200);
  });

  it('refuses creation when the basic permission is denied and writes nothing', async () => {
    const { as } = await start({ permissions: restrictivePolicy });
    const res = await as(OUTSIDER).post('/incidents', incidentBody());
    expect(res.status).toBe(403);
    expect((await as(AMARA).get('/incidents')).body.totalCount).toBe(0);
  });

  describe('audit', () => {
    it('emits an auditor event for every write, with success or failure', async () => {
      const auditor = mockServices.auditor.mock();
      const success = jest.fn();
      const fail = jest.fn();
      auditor.createEvent.mockResolvedValue({ success, fail });
      const { as } = await start({ extraFeatures: [auditor.factory] });

      await as().post('/incidents', incidentBody());
      await as().patch('/incidents/INC-1', { version: 1, title: 'renamed' });
      await as().post('/incidents/INC-1/transitions', {
        to: 'closed',
        version: 2,
      });
      await as().post('/incidents/INC-1/comments', { body: 'note' });

      const ids = auditor.createEvent.mock.calls.map(
        ([options]) => options.eventId,
      );
      expect(ids).toEqual([
        'record-create',
        'record-update',
        'record-transition',
        'comment-create',
      ]);
      expect(success).toHaveBeenCalledTimes(3);
      expect(fail).toHaveBeenCalledTimes(1);
      expect(fail.mock.calls[0][0].error.name).toBe('ConflictError');
    });
  });
});
