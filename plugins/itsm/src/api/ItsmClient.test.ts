import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { baseUrl, conflict, createClient } from '../__testUtils__/client';
import { INCIDENT as incident } from '../__testUtils__/records';

const server = setupServer();
registerMswTestHooks(server);

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
      sort: '-priority',
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
    expect(seen!.searchParams.get('sort')).toBe('-priority');
    expect(seen!.searchParams.get('format')).toBeNull();
  });

  it('downloads a whole list as CSV with its filters and sort, without paging', async () => {
    let seen: URL | undefined;
    let auth: string | null = null;
    server.use(
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        seen = new URL(request.url);
        auth = request.headers.get('authorization');
        return new HttpResponse('"key"\r\n"INC-1"\r\n', {
          headers: { 'content-type': 'text/csv' },
        });
      }),
    );
    const blob = await createClient().downloadRecordsCsv('incidents', {
      state: ['new'],
      q: 'disk',
      sort: 'title',
      limit: 25,
      cursor: 'xyz',
    });
    expect(await blob.text()).toBe('"key"\r\n"INC-1"\r\n');
    expect(auth).toBe('Bearer user-token');
    expect(seen!.searchParams.get('format')).toBe('csv');
    expect(seen!.searchParams.get('sort')).toBe('title');
    expect(seen!.searchParams.getAll('state')).toEqual(['new']);
    expect(seen!.searchParams.get('q')).toBe('disk');
    expect(seen!.searchParams.has('limit')).toBe(false);
    expect(seen!.searchParams.has('cursor')).toBe(false);
  });

  it('rejects a failed CSV download of a list with a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/incidents`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: "Invalid sort 'size'" },
            request: { method: 'GET', url: '/api/itsm/incidents' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const failure = await createClient()
      .downloadRecordsCsv('incidents', {})
      .catch(e => e);
    expect(failure).toBeInstanceOf(ResponseError);
    expect(failure.statusCode).toBe(400);
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
});
