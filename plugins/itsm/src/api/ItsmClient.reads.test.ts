import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { baseUrl, createClient } from '../__testUtils__/client';

const server = setupServer();
registerMswTestHooks(server);

describe('ItsmClient reads', () => {
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
