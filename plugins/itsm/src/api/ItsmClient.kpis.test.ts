import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { baseUrl, createClient } from '../__testUtils__/client';

const server = setupServer();
registerMswTestHooks(server);

const answer = {
  from: '2026-08-17T12:00:00.000Z',
  to: '2026-11-15T12:00:00.000Z',
  entityRefs: ['component:default/a', 'component:default/b'],
  incidents: {
    open: { total: 3, byPriority: { P1: 1, P2: 2, P3: 0, P4: 0 } },
    reported: 10,
    resolved: 4,
    meanTimeToResolveMs: 3600000,
    reopened: 1,
    reopenRate: 0.25,
    sendBacks: 0,
    reassignments: 2,
    escalations: 1,
    major: 1,
  },
  problems: { open: 2, knownErrors: 1, impasse: 0 },
  changes: {
    closed: 2,
    successful: 1,
    failed: 1,
    backedOut: 0,
    withoutOutcome: 0,
    successRate: 0.5,
    causedIncidents: 1,
    reported: 0,
    emergency: 0,
    emergencyRatio: null,
  },
  slas: { active: 1 },
};

describe('ItsmClient KPIs', () => {
  it('reads the figures, with entities as a repeated entityRef and the period', async () => {
    const seen: URL[] = [];
    server.use(
      http.get(`${baseUrl}/kpis`, ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json(answer);
      }),
    );
    const client = createClient();

    await expect(
      client.getKpis({
        entityRef: ['component:default/a', 'component:default/b'],
        from: '2026-08-17T12:00:00.000Z',
        to: '2026-11-15T12:00:00.000Z',
      }),
    ).resolves.toEqual(answer);
    await client.getKpis();

    expect(seen[0].searchParams.getAll('entityRef')).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(seen[0].searchParams.get('from')).toBe('2026-08-17T12:00:00.000Z');
    expect(seen[0].searchParams.get('to')).toBe('2026-11-15T12:00:00.000Z');
    expect([...seen[1].searchParams.keys()]).toEqual([]);
  });

  it('rejects a failed read with a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/kpis`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'to: must be after from' },
            request: { method: 'GET', url: '/api/itsm/kpis' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );

    const error = await createClient()
      .getKpis({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toBe('to: must be after from');
  });
});
