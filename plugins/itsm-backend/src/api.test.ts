import { changeBody, incidentBody, slaBody } from './__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from './__testUtils__/itsmTestDatabase';
import { suiteBackends } from './__testUtils__/suiteBackends';

jest.setTimeout(60_000);

describe.each(ITSM_TEST_DATABASES)('ITSM API on %s', databaseId => {
  const start = suiteBackends(useItsmTestDatabase(databaseId));

  describe('records', () => {
    it('creates an incident with a key, derived priority, routing and history', async () => {
      const { as } = await start();
      const res = await as().post('/incidents', incidentBody());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        key: 'INC-1',
        type: 'incidents',
        state: 'new',
        priority: 'P2',
        impact: 'high',
        urgency: 'medium',
        assignedGroup: 'group:default/payments-team',
        entityRefs: ['component:default/payments-api'],
        createdBy: 'user:default/amara',
        updatedBy: 'user:default/amara',
        version: 1,
        reopenCount: 0,
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);

      const byKey = await as('user:default/sofia').get('/incidents/INC-1');
      expect(byKey.status).toBe(200);
      expect(byKey.body.id).toBe(res.body.id);
      const byId = await as().get(`/incidents/${res.body.id}`);
      expect(byId.body.key).toBe('INC-1');

      const history = await as().get('/incidents/INC-1/history');
      expect(history.body.items).toEqual([
        expect.objectContaining({
          actor: 'user:default/amara',
          action: 'created',
          to: { state: 'new', title: 'Payments fail' },
        }),
      ]);
    });

    it('takes the priority from the configured matrix, never from the body', async () => {
      const { as } = await start({
        config: { incidents: { priorityMatrix: { low: { low: 'P3' } } } },
      });
      const low = await as().post(
        '/incidents',
        incidentBody({ impact: 'low', urgency: 'low' }),
      );
      expect(low.body.priority).toBe('P3');
      const typed = await as().post(
        '/incidents',
        incidentBody({ priority: 'P1' }),
      );
      expect(typed.status).toBe(400);
      expect(typed.body.error.message).toContain('"priority"');

      const patched = await as().patch('/incidents/INC-1', {
        version: 1,
        impact: 'high',
        urgency: 'high',
      });
      expect(patched.status).toBe(200);
      expect(patched.body.priority).toBe('P1');
      expect(patched.body.version).toBe(2);
    });

    it('numbers keys per type without gaps under parallel creates', async () => {
      const { as } = await start();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          as().post('/incidents', incidentBody({ title: `parallel ${i}` })),
        ),
      );
      expect(results.map(r => r.status)).toEqual(Array(12).fill(201));
      const keys = results
        .map(r => r.body.key)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      expect(keys).toEqual(
        Array.from({ length: 12 }, (_, i) => `INC-${i + 1}`),
      );
      const change = await as().post('/changes', changeBody());
      expect(change.body.key).toBe('CHG-1');
    });

    it('lets exactly one of two writes with the same version win', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      const [a, b] = await Promise.all([
        as().patch('/incidents/INC-1', { version: 1, title: 'first writer' }),
        as('user:default/lukas').patch('/incidents/INC-1', {
          version: 1,
          title: 'second writer',
        }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.error.name).toBe('ConflictError');
      expect(loser.body.error.message).toMatch(
        /version 2 is current, you sent 1/,
      );
      const now = await as().get('/incidents/INC-1');
      expect(now.body.version).toBe(2);
      expect(['first writer', 'second writer']).toContain(now.body.title);
      const history = await as().get('/incidents/INC-1/history');
      expect(
        history.body.items.filter(
          (e: { field: string }) => e.field === 'title',
        ),
      ).toHaveLength(1);
    });

    it('answers 409 to a stale transition and changes nothing', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      await as().patch('/incidents/INC-1', { version: 1, title: 'edited' });
      const stale = await as().post('/incidents/INC-1/transitions', {
        to: 'assigned',
        version: 1,
      });
      expect(stale.status).toBe(409);
      expect((await as().get('/incidents/INC-1')).body.state).toBe('new');
    });

    it('names the allowed targets of an illegal transition', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      const res = await as().post('/incidents/INC-1/transitions', {
        to: 'closed',
        version: 1,
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain(
        'allowed: assigned, resolved, cancelled',
      );
    });

    it('paginates lists with a cursor in a stable order and filters them', async () => {
      const { as } = await start();
      for (let i = 1; i <= 5; i++) {
        await as().post(
          '/incidents',
          incidentBody({
            title: `incident ${i}`,
            entityRefs: [
              i % 2
                ? 'component:default/payments-api'
                : 'component:default/checkout-web',
            ],
          }),
        );
      }
      const first = await as().get('/incidents?limit=2');
      expect(first.body.totalCount).toBe(5);
      expect(first.body.items.map((r: { key: string }) => r.key)).toEqual([
        'INC-5',
        'INC-4',
      ]);
      const second = await as().get(
        `/incidents?limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items.map((r: { key: string }) => r.key)).toEqual([
        'INC-3',
        'INC-2',
      ]);
      const third = await as().get(
        `/incidents?limit=2&cursor=${second.body.nextCursor}`,
      );
      expect(third.body.items.map((r: { key: string }) => r.key)).toEqual([
        'INC-1',
      ]);
      expect(third.body.nextCursor).toBeUndefined();

      const checkout = await as().get(
        '/incidents?entityRef=component:default/checkout-web',
      );
      expect(checkout.body.items.map((r: { key: string }) => r.key)).toEqual([
        'INC-4',
        'INC-2',
      ]);
      const byGroup = await as().get(
        '/incidents?assignedGroup=group:default/storefront-team&q=incident%204',
      );
      expect(byGroup.body.items.map((r: { key: string }) => r.key)).toEqual([
        'INC-4',
      ]);
      const byState = await as().get(
        '/incidents?state=new&state=assigned&priority=P2',
      );
      expect(byState.body.totalCount).toBe(5);
      const none = await as().get('/incidents?priority=P1');
      expect(none.body).toEqual({ items: [], totalCount: 0 });
    });
  });

  describe('bad input gets a 4xx naming the problem and writes nothing', () => {
    const cases: Array<
      [string, () => Record<string, unknown> | string, RegExp]
    > = [
      [
        'missing field',
        () => ({ ...incidentBody(), title: undefined }),
        /title: Required/,
      ],
      [
        'wrong type',
        () => incidentBody({ title: 42 }),
        /title: Expected string/,
      ],
      [
        'bad enum',
        () => incidentBody({ impact: 'huge' }),
        /impact: Invalid enum value/,
      ],
      [
        'unknown field',
        () => incidentBody({ colour: 'red' }),
        /unknown or read-only field\(s\) "colour"/,
      ],
      [
        'protected field state',
        () => incidentBody({ state: 'closed' }),
        /"state"/,
      ],
      ['protected field key', () => incidentBody({ key: 'INC-99' }), /"key"/],
      [
        'protected field createdBy',
        () => incidentBody({ createdBy: 'user:default/x' }),
        /"createdBy"/,
      ],
      [
        'malformed entity ref',
        () => incidentBody({ entityRefs: ['payments api!'] }),
        /entityRefs\.0/,
      ],
      [
        'unknown entity ref',
        () => incidentBody({ entityRefs: ['component:default/nope'] }),
        /unknown catalog entity "component:default\/nope"/,
      ],
      [
        'no entity',
        () => incidentBody({ entityRefs: [] }),
        /entityRefs: at least one catalog entity/,
      ],
      ['not an object', () => '[1,2]', /body: Expected object, received array/],
    ];
    it.each(cases)('%s', async (_name, body, message) => {
      const { as, server } = await start();
      const req = as().post('/incidents', undefined);
      const payload = body();
      const res =
        typeof payload === 'string'
          ? await req.set('Content-Type', 'application/json').send(payload)
          : await as().post('/incidents', payload);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(res.body.response.statusCode).toBe(400);
      const list = await as().get('/incidents');
      expect(list.body.totalCount).toBe(0);
      void server;
    });

    it('malformed JSON', async () => {
      const { as } = await start();
      const res = await as()
        .post('/incidents', undefined)
        .set('Content-Type', 'application/json')
        .send('{"title": ');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/not valid JSON/);
      expect((await as().get('/incidents')).body.totalCount).toBe(0);
    });

    it('oversized body', async () => {
      const { as } = await start();
      const res = await as().post(
        '/incidents',
        incidentBody({ description: 'x'.repeat(300_000) }),
      );
      expect(res.status).toBe(413);
      expect((await as().get('/incidents')).body.totalCount).toBe(0);
    });

    it('too long a text field', async () => {
      const { as } = await start();
      const res = await as().post(
        '/incidents',
        incidentBody({ title: 'x'.repeat(201) }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^title:/);
    });

    it('bad cursor, limit and query parameters', async () => {
      const { as } = await start();
      expect(
        (await as().get('/incidents?cursor=garbage')).body.error.message,
      ).toMatch(/Invalid cursor/);
      expect((await as().get('/incidents?limit=0')).status).toBe(400);
      expect((await as().get('/incidents?limit=501')).status).toBe(400);
      expect(
        (await as().get('/incidents?limit=ten')).body.error.message,
      ).toMatch(/request\/query\/limit must be integer/);
      expect(
        (await as().get('/incidents?colour=red')).body.error.message,
      ).toMatch(/Unknown query parameter 'colour'/);
      expect((await as().get('/incidents?entityRef=%20')).status).toBe(400);
    });

    it('unknown record type and unknown key', async () => {
      const { as } = await start();
      // The document lists the record types; the validator names them.
      const unknownType = await as().get('/tickets');
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.error.message).toMatch(
        /request\/params\/type must be equal to one of the allowed values/,
      );
      const missing = await as().get('/incidents/INC-404');
      expect(missing.status).toBe(404);
      expect(missing.body.error.name).toBe('NotFoundError');
    });

    it('PATCH without version, with a protected field, or on a finished record', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      const noVersion = await as().patch('/incidents/INC-1', { title: 'x' });
      expect(noVersion.status).toBe(400);
      expect(noVersion.body.error.message).toMatch(/version: Required/);
      const bump = await as().patch('/incidents/INC-1', {
        version: 1,
        priority: 'P1',
      });
      expect(bump.status).toBe(400);
      const cancelled = await as().post('/incidents/INC-1/transitions', {
        to: 'cancelled',
        version: 1,
        reason: 'duplicate',
      });
      expect(cancelled.status).toBe(200);
      const late = await as().patch('/incidents/INC-1', {
        version: 2,
        title: 'too late',
      });
      expect(late.status).toBe(409);
      expect((await as().get('/incidents/INC-1')).body.title).toBe(
        'Payments fail',
      );
    });

    it('a transition that needs a reason or a field', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      const noReason = await as().post('/incidents/INC-1/transitions', {
        to: 'cancelled',
        version: 1,
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(
        /^reason: a reason is required to cancel INC-1/,
      );
      const noCode = await as().post('/incidents/INC-1/transitions', {
        to: 'resolved',
        version: 1,
      });
      expect(noCode.status).toBe(400);
      expect(noCode.body.error.message).toMatch(/^resolutionCode: is required/);
      expect((await as().get('/incidents/INC-1')).body).toMatchObject({
        state: 'new',
        version: 1,
      });
    });

    it('SLA with an unknown customer group', async () => {
      const { as } = await start();
      const res = await as().post(
        '/slas',
        slaBody({ customerGroup: 'group:default/ghosts' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/group:default\/ghosts/);
      expect((await as().get('/slas')).body.totalCount).toBe(0);
    });
  });

  describe('comments, links and history', () => {
    it('keeps comments in order and pages them', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      for (const body of ['first', 'second **bold**', 'third']) {
        expect(
          (await as().post('/incidents/INC-1/comments', { body })).status,
        ).toBe(201);
      }
      const page = await as().get('/incidents/INC-1/comments?limit=2');
      expect(page.body.totalCount).toBe(3);
      expect(page.body.items.map((c: { body: string }) => c.body)).toEqual([
        'first',
        'second **bold**',
      ]);
      const rest = await as().get(
        `/incidents/INC-1/comments?limit=2&cursor=${page.body.nextCursor}`,
      );
      expect(rest.body.items.map((c: { body: string }) => c.body)).toEqual([
        'third',
      ]);
      expect(
        (await as().post('/incidents/INC-1/comments', { body: '  ' })).status,
      ).toBe(400);
    });

    it('links records both ways, refuses pairs that make no sense, and unlinks', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      await as().post('/problems', {
        title: 'Pool exhaustion',
        entityRefs: ['component:default/payments-api'],
      });
      const linked = await as().post('/incidents/INC-1/links', {
        target: 'PRB-1',
      });
      expect(linked.status).toBe(201);
      expect(linked.body.links).toEqual([
        {
          key: 'PRB-1',
          type: 'problems',
          title: 'Pool exhaustion',
          state: 'new',
        },
      ]);
      const fromProblem = await as().get('/problems/PRB-1');
      expect(fromProblem.body.links.map((l: { key: string }) => l.key)).toEqual(
        ['INC-1'],
      );
      await as().post('/slas', slaBody());
      const bad = await as().post('/incidents/INC-1/links', {
        target: 'SLA-1',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/links only to problems, changes/);
      expect(
        (await as().post('/incidents/INC-1/links', { target: 'PRB-9' })).status,
      ).toBe(400);
      expect((await as().delete('/incidents/INC-1/links/PRB-1')).status).toBe(
        204,
      );
      expect((await as().get('/problems/PRB-1')).body.links).toEqual([]);
      expect((await as().delete('/incidents/INC-1/links/PRB-1')).status).toBe(
        404,
      );
      const history = await as().get('/problems/PRB-1/history');
      expect(
        history.body.items.map((e: { action: string }) => e.action),
      ).toEqual(['created', 'linked', 'unlinked']);
    });

    it('records who changed which field from what to what', async () => {
      const { as } = await start();
      await as().post('/incidents', incidentBody());
      await as('user:default/lukas').patch('/incidents/INC-1', {
        version: 1,
        urgency: 'high',
        assignedGroup: 'group:default/storefront-team',
      });
      const { body } = await as().get('/incidents/INC-1/history');
      const fields = body.items
        .slice(1)
        .map(
          (e: { field: string; from: unknown; to: unknown; actor: string }) => [
            e.field,
            e.from,
            e.to,
            e.actor,
          ],
        );
      expect(fields).toEqual(
        expect.arrayContaining([
          ['priority', 'P2', 'P1', 'user:default/lukas'],
          [
            'assignedGroup',
            'group:default/payments-team',
            'group:default/storefront-team',
            'user:default/lukas',
          ],
          ['urgency', 'medium', 'high', 'user:default/lukas'],
          ['reassignmentCount', 0, 1, 'user:default/lukas'],
        ]),
      );
    });
  });
});
