import { ResponseError } from '@backstage/errors';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import type { Incident } from '@backstage-itsm/plugin-itsm-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ItsmClient } from './ItsmClient';

const baseUrl = 'http://example.com/api/itsm';

const server = setupServer();
registerMswTestHooks(server);

function createClient() {
  return new ItsmClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });
}

const incident: Incident = {
  id: '7f0d8a59-1a35-4b4e-9a9a-3f3f0c2b1a11',
  type: 'incidents',
  key: 'INC-12',
  title: 'Checkout fails',
  description: '',
  state: 'new',
  entityRefs: ['component:default/payments-api'],
  assignedGroup: null,
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  stateChangedAt: '2026-11-24T10:00:00.000Z',
  version: 1,
  priority: 'P2',
  impact: 'high',
  urgency: 'medium',
  serviceType: 'user_restoration',
  major: false,
  reopenCount: 0,
  sendBackCount: 0,
  reassignmentCount: 0,
};

function conflict(message: string) {
  return HttpResponse.json(
    {
      error: { name: 'ConflictError', message },
      request: {
        method: 'POST',
        url: '/api/itsm/incidents/INC-12/transitions',
      },
      response: { statusCode: 409 },
    },
    { status: 409 },
  );
}

describe('ItsmClient', () => {
  it('lists records with repeated query params and parses the page', async () => {
    let seen: URL | undefined;
    let auth: string | null = null;
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        seen = new URL(request.url);
        auth = request.headers.get('authorization');
        return HttpResponse.json({
          items: [incident],
          nextCursor: 'abc',
          totalCount: 51,
        });
      }),
    );

    const page = await createClient().listRecords('incidents', {
      entityRef: ['component:default/payments-api', 'component:default/cart'],
      state: ['new', 'assigned'],
      priority: 'P1',
      assignedGroup: ['group:default/payments-team'],
      q: 'checkout fails',
      limit: 25,
      cursor: 'xyz',
    });

    expect(page).toEqual({
      items: [incident],
      nextCursor: 'abc',
      totalCount: 51,
    });
    expect(page.items[0].priority).toBe('P2');
    expect(auth).toBe('Bearer user-token');
    expect(seen!.searchParams.getAll('entityRef')).toEqual([
      'component:default/payments-api',
      'component:default/cart',
    ]);
    expect(seen!.searchParams.getAll('state')).toEqual(['new', 'assigned']);
    expect(seen!.searchParams.getAll('priority')).toEqual(['P1']);
    expect(seen!.searchParams.getAll('assignedGroup')).toEqual([
      'group:default/payments-team',
    ]);
    expect(seen!.searchParams.get('q')).toBe('checkout fails');
    expect(seen!.searchParams.get('limit')).toBe('25');
    expect(seen!.searchParams.get('cursor')).toBe('xyz');
  });

  it('sends no query string when no filter is given', async () => {
    let search: string | undefined;
    server.use(
      http.get(`${baseUrl}/problems`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({ items: [], totalCount: 0 });
      }),
    );

    await expect(createClient().listRecords('problems')).resolves.toEqual({
      items: [],
      totalCount: 0,
    });
    expect(search).toBe('');
  });

  it('creates a record by posting JSON and returns it', async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(`${baseUrl}/incidents`, async ({ request }) => {
        contentType = request.headers.get('content-type');
        body = await request.json();
        return HttpResponse.json(incident, { status: 201 });
      }),
    );

    const input = {
      title: 'Checkout fails',
      entityRefs: ['component:default/payments-api'],
      impact: 'high' as const,
      urgency: 'medium' as const,
    };
    const created = await createClient().createRecord('incidents', input);

    expect(created).toEqual(incident);
    expect(body).toEqual(input);
    expect(contentType).toBe('application/json');
  });

  it('turns a 409 into a ResponseError with the status and server message', async () => {
    const message =
      "Cannot move INC from 'new' to 'closed'; allowed: assigned, resolved, cancelled";
    server.use(
      http.post(`${baseUrl}/incidents/INC-12/transitions`, () =>
        conflict(message),
      ),
    );

    const error = await createClient()
      .transition('incidents', 'INC-12', { to: 'closed', version: 1 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    expect(error).toBeInstanceOf(ResponseError);
    const responseError = error as ResponseError;
    expect(responseError.statusCode).toBe(409);
    expect(responseError.body.error.name).toBe('ConflictError');
    expect(responseError.body.error.message).toBe(message);
    expect(responseError.cause.name).toBe('ConflictError');
    expect(responseError.cause.message).toBe(message);
  });

  it('handles the 204 of removeLink', async () => {
    let called = false;
    server.use(
      http.delete(`${baseUrl}/incidents/INC-12/links/PRB-3`, () => {
        called = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(
      createClient().removeLink('incidents', 'INC-12', 'PRB-3'),
    ).resolves.toBeUndefined();
    expect(called).toBe(true);
  });

  it('encodes ids and keys in the path', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/incidents/:idOrKey`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ ...incident, links: [] });
      }),
    );

    await createClient().getRecord('incidents', 'INC 12/x');
    expect(path).toBe('/api/itsm/incidents/INC%2012%2Fx');
  });

  it('answers the health report of a failing backend instead of throwing', async () => {
    const report = {
      status: 'error',
      failures: [{ name: 'database', message: 'connection refused' }],
    };
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(report, { status: 503 }),
      ),
    );

    await expect(createClient().health()).resolves.toEqual(report);
  });

  it('rejects a health answer that is no report', async () => {
    server.use(
      http.get(
        `${baseUrl}/health`,
        () => new HttpResponse('bad gateway', { status: 502 }),
      ),
    );

    await expect(createClient().health()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 502,
    });
  });

  it('reads the availability of an entity with its period and granularity', async () => {
    const answer = {
      entityRef: 'component:default/payments-api',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      agreedMinutes: 2880,
      downtimeMinutes: 30,
      availability: 98.958,
      outages: 1,
      mttrMinutes: 30,
      mtbfMinutes: 2850,
      mtbsiMinutes: 2880,
      degradedMinutes: 0,
      series: [
        {
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-11-02T00:00:00.000Z',
          availability: 97.917,
          downtimeMinutes: 30,
          agreedMinutes: 1440,
        },
        {
          from: '2026-11-02T00:00:00.000Z',
          to: '2026-11-03T00:00:00.000Z',
          availability: 100,
          downtimeMinutes: 0,
          agreedMinutes: 1440,
        },
      ],
    };
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/availability`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json(answer);
      }),
    );

    await expect(
      createClient().getAvailability({
        entityRef: 'component:default/payments-api',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-03T00:00:00.000Z',
        granularity: 'day',
      }),
    ).resolves.toEqual(answer);
    expect(seen!.searchParams.get('entityRef')).toBe(
      'component:default/payments-api',
    );
    expect(seen!.searchParams.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(seen!.searchParams.get('to')).toBe('2026-11-03T00:00:00.000Z');
    expect(seen!.searchParams.get('granularity')).toBe('day');
  });

  it('sends every entity of an impact analysis as a repeated entityRef', async () => {
    const answer = {
      direct: [
        {
          entityRef: 'component:default/payments-api',
          kind: 'Component',
          title: 'Payments API',
          ownerRefs: ['group:default/payments-team'],
          calendar: '24x7',
        },
      ],
      affected: [
        {
          entityRef: 'component:default/checkout-web',
          kind: 'Component',
          title: 'checkout-web',
          ownerRefs: ['group:default/web-team'],
          calendar: 'office',
          depth: 1,
          path: [
            'component:default/payments-api',
            'component:default/checkout-web',
          ],
          relation: 'dependencyOf',
          dependent: true,
        },
      ],
      owners: [
        {
          ownerRef: 'group:default/payments-team',
          entityRefs: ['component:default/payments-api'],
        },
      ],
      slas: [
        {
          key: 'SLA-1',
          title: 'Payments',
          customerGroup: 'group:default/shop',
          serviceOwnerGroup: 'group:default/payments-team',
          entityRefs: ['component:default/payments-api'],
        },
      ],
      truncated: false,
      maxDepth: 5,
    };
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/impact`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json(answer);
      }),
    );

    await expect(
      createClient().getImpact([
        'component:default/payments-api',
        'resource:default/payments-db',
      ]),
    ).resolves.toEqual(answer);
    expect(seen!.searchParams.getAll('entityRef')).toEqual([
      'component:default/payments-api',
      'resource:default/payments-db',
    ]);
  });

  it('reads the change calendar, with or without an entity', async () => {
    const answer = {
      changes: [
        {
          key: 'CHG-2',
          title: 'Upgrade the database',
          state: 'scheduled',
          changeType: 'normal',
          plannedStart: '2026-11-20T22:00:00.000Z',
          plannedEnd: '2026-11-20T23:00:00.000Z',
          entityRefs: ['resource:default/payments-db'],
          conflicts: ['CHG-3'],
          freezeWindows: ['fw-1'],
        },
      ],
      freezeWindows: [
        {
          id: 'fw-1',
          title: 'Black Friday',
          start: '2026-11-20T00:00:00.000Z',
          end: '2026-11-30T00:00:00.000Z',
          scope: { kind: 'all' },
        },
      ],
      maintenanceWindows: [
        {
          changeKey: 'CHG-2',
          start: '2026-11-20T22:00:00.000Z',
          end: '2026-11-20T23:00:00.000Z',
          entityRefs: ['resource:default/payments-db'],
        },
      ],
    };
    const seen: URL[] = [];
    server.use(
      http.get(`${baseUrl}/calendar`, ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json(answer);
      }),
    );

    const client = createClient();
    await expect(
      client.getChangeCalendar({
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        entityRef: 'resource:default/payments-db',
      }),
    ).resolves.toEqual(answer);
    await client.getChangeCalendar({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });

    expect(seen[0].searchParams.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(seen[0].searchParams.get('to')).toBe('2026-12-01T00:00:00.000Z');
    expect(seen[0].searchParams.get('entityRef')).toBe(
      'resource:default/payments-db',
    );
    expect(seen[1].searchParams.has('entityRef')).toBe(false);
  });

  it('rejects a failed availability read with a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/availability`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'from: Invalid datetime' },
            request: { method: 'GET', url: '/api/itsm/availability' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );

    await expect(
      createClient().getAvailability({
        entityRef: 'component:default/payments-api',
        from: 'yesterday',
        to: 'today',
        granularity: 'day',
      }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 400 });
  });

  type Call = (client: ItsmClient) => Promise<unknown>;
  const table: Array<[string, string, string, Call, unknown]> = [
    [
      'listRecords',
      'GET',
      '/changes',
      c => c.listRecords('changes'),
      undefined,
    ],
    [
      'getRecord',
      'GET',
      '/problems/PRB-3',
      c => c.getRecord('problems', 'PRB-3'),
      undefined,
    ],
    [
      'createRecord',
      'POST',
      '/releases',
      c =>
        c.createRecord('releases', {
          title: 'Q4',
          entityRefs: ['system:default/payments'],
        }),
      { title: 'Q4', entityRefs: ['system:default/payments'] },
    ],
    [
      'updateRecord',
      'PATCH',
      '/slas/SLA-1',
      c => c.updateRecord('slas', 'SLA-1', { version: 3, calendar: 'office' }),
      { version: 3, calendar: 'office' },
    ],
    [
      'transition',
      'POST',
      '/changes/CHG-2/transitions',
      c => c.transition('changes', 'CHG-2', { to: 'review', version: 2 }),
      { to: 'review', version: 2 },
    ],
    [
      'getHistory',
      'GET',
      '/incidents/INC-12/history',
      c => c.getHistory('incidents', 'INC-12'),
      undefined,
    ],
    [
      'listComments',
      'GET',
      '/incidents/INC-12/comments',
      c => c.listComments('incidents', 'INC-12'),
      undefined,
    ],
    [
      'addComment',
      'POST',
      '/incidents/INC-12/comments',
      c => c.addComment('incidents', 'INC-12', { body: 'Looking into it' }),
      { body: 'Looking into it' },
    ],
    [
      'addLink',
      'POST',
      '/incidents/INC-12/links',
      c => c.addLink('incidents', 'INC-12', { target: 'PRB-3' }),
      { target: 'PRB-3' },
    ],
    [
      'removeLink',
      'DELETE',
      '/incidents/INC-12/links/PRB-3',
      c => c.removeLink('incidents', 'INC-12', 'PRB-3'),
      undefined,
    ],
    [
      'decideApproval',
      'POST',
      '/changes/CHG-2/approvals',
      c => c.decideApproval('CHG-2', { decision: 'approve' }),
      { decision: 'approve' },
    ],
    [
      'getApprovals',
      'GET',
      '/changes/CHG-2/approvals',
      c => c.getApprovals('CHG-2'),
      undefined,
    ],
    [
      'sign',
      'POST',
      '/slas/SLA-1/signatures',
      c => c.sign('SLA-1', { role: 'customer' }),
      { role: 'customer' },
    ],
    [
      'getAvailability',
      'GET',
      '/availability',
      c =>
        c.getAvailability({
          entityRef: 'component:default/payments-api',
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-12-01T00:00:00.000Z',
          granularity: 'day',
        }),
      undefined,
    ],
    [
      'getImpact',
      'GET',
      '/impact',
      c => c.getImpact(['component:default/payments-api']),
      undefined,
    ],
    [
      'getChangeCalendar',
      'GET',
      '/calendar',
      c =>
        c.getChangeCalendar({
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-12-01T00:00:00.000Z',
        }),
      undefined,
    ],
    [
      'getIncidentSla',
      'GET',
      '/incidents/INC-12/sla',
      c => c.getIncidentSla('INC-12'),
      undefined,
    ],
    [
      'getSlaReport',
      'GET',
      '/slas/SLA-1/report',
      c => c.getSlaReport('SLA-1', '2026-10'),
      undefined,
    ],
    [
      'downloadSlaReportCsv',
      'GET',
      '/slas/SLA-1/report',
      c => c.downloadSlaReportCsv('SLA-1', '2026-10'),
      undefined,
    ],
    ['health', 'GET', '/health', c => c.health(), undefined],
  ];

  it.each(table)(
    '%s sends %s %s',
    async (_name, method, path, call, expectedBody) => {
      const requests: Array<{ method: string; path: string; body: unknown }> =
        [];
      server.use(
        http.all(`${baseUrl}/*`, async ({ request }) => {
          const text = await request.text();
          requests.push({
            method: request.method,
            path: new URL(request.url).pathname,
            body: text ? JSON.parse(text) : undefined,
          });
          return method === 'DELETE'
            ? new HttpResponse(null, { status: 204 })
            : HttpResponse.json({ status: 'ok' });
        }),
      );

      await call(createClient());

      expect(requests).toEqual([
        { method, path: `/api/itsm${path}`, body: expectedBody },
      ]);
    },
  );

  it('covers every method of the client in the table', () => {
    const methods = Object.getOwnPropertyNames(ItsmClient.prototype).filter(
      name => name !== 'constructor' && name !== 'request' && name !== 'send',
    );
    expect(table.map(([name]) => name).sort()).toEqual(methods.sort());
  });
  it('reads the SLA clocks of an incident', async () => {
    const answer = {
      incidentKey: 'INC-12',
      priority: 'P2',
      clocks: [
        {
          slaKey: 'SLA-1',
          slaTitle: 'Payments',
          kind: 'response',
          calendar: '24x7',
          targetMinutes: 30,
          elapsedMinutes: 10,
          elapsedPercent: 33.3,
          remainingMinutes: 20,
          breachAt: '2026-11-24T10:30:00.000Z',
          state: 'ok',
          stopped: false,
          paused: false,
          thresholds: [],
        },
      ],
    };
    let auth: string | null = null;
    server.use(
      http.get(`${baseUrl}/incidents/INC-12/sla`, ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json(answer);
      }),
    );
    await expect(createClient().getIncidentSla('INC-12')).resolves.toEqual(
      answer,
    );
    expect(auth).toBe('Bearer user-token');
  });

  it('reads an SLA term report as JSON', async () => {
    let seen: URL | undefined;
    const answer = { sla: { key: 'SLA-1' }, violations: [] };
    server.use(
      http.get(`${baseUrl}/slas/SLA-1/report`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json(answer);
      }),
    );
    await expect(
      createClient().getSlaReport('SLA-1', '2026-Q4'),
    ).resolves.toEqual(answer);
    expect(seen!.searchParams.get('term')).toBe('2026-Q4');
    expect(seen!.searchParams.get('format')).toBe('json');
  });

  it('downloads an SLA term report as CSV with the user token', async () => {
    let seen: URL | undefined;
    let auth: string | null = null;
    server.use(
      http.get(`${baseUrl}/slas/SLA-1/report`, ({ request }) => {
        seen = new URL(request.url);
        auth = request.headers.get('authorization');
        return new HttpResponse('target,expected\navailability,99.9\n', {
          headers: { 'content-type': 'text/csv' },
        });
      }),
    );
    const blob = await createClient().downloadSlaReportCsv('SLA-1', '2026-10');
    expect(await blob.text()).toBe('target,expected\navailability,99.9\n');
    expect(seen!.searchParams.get('term')).toBe('2026-10');
    expect(seen!.searchParams.get('format')).toBe('csv');
    expect(auth).toBe('Bearer user-token');
  });

  it('rejects a failed CSV download with a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/slas/SLA-1/report`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'term: "x" is not a month' },
            request: { method: 'GET', url: '/api/itsm/slas/SLA-1/report' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const failure = await createClient()
      .downloadSlaReportCsv('SLA-1', 'x')
      .catch(e => e);
    expect(failure).toBeInstanceOf(ResponseError);
    expect(failure.statusCode).toBe(400);
  });
});
