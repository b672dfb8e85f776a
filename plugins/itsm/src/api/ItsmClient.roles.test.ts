import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { baseUrl, createClient } from '../__testUtils__/client';
import { entityRoles, recordRoles, resolvedRole } from '../__testUtils__/roles';

const server = setupServer();
registerMswTestHooks(server);

describe('ItsmClient roles', () => {
  it('reads the roles of an entity by its ref', async () => {
    const answer = entityRoles([
      resolvedRole('change-manager', ['group:default/cab'], 'config'),
    ]);
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/roles`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json(answer);
      }),
    );

    await expect(
      createClient().getEntityRoles('component:default/payments-api'),
    ).resolves.toEqual(answer);
    expect(seen!.searchParams.getAll('entityRef')).toEqual([
      'component:default/payments-api',
    ]);
  });

  it('reads the roles on a record with the roles the caller acts in', async () => {
    const answer = recordRoles('CHG-7', ['requester']);
    let path: string | undefined;
    server.use(
      http.get(`${baseUrl}/changes/:key/roles`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(answer);
      }),
    );

    const roles = await createClient().getRecordRoles('changes', 'CHG-7');
    expect(roles).toEqual(answer);
    expect(roles.callerRoles).toEqual(['requester']);
    expect(path).toBe('/api/itsm/changes/CHG-7/roles');
  });

  it('rejects a refused read with a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/roles`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No entity x' },
            request: { method: 'GET', url: '/api/itsm/roles' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await createClient()
      .getEntityRoles('component:default/x')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No entity x');
  });
});
