import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { shadowedPaths, specOperations } from '../__testUtils__/openapiSpec';
import { HealthService } from '../health/HealthService';
import { createRouter, ItsmRouterServices } from './createRouter';

/*
 * The routes of the router against openapi.yaml: every operation of the
 * document has a handler, no handler serves a path the document lacks, and
 * no route is registered behind one that takes its requests.
 */

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

type Route = { method: string; path: string };

/** The routes of a router and of the routers mounted in it, in order. */
function routesOf(stack: Layer[]): Route[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const { path, methods } = layer.route;
      return Object.keys(methods).map(method => ({ method, path }));
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

const byPathThenMethod = (a: Route, b: Route) =>
  a.path.localeCompare(b.path) || a.method.localeCompare(b.method);

async function routerWith(httpAuth = mockServices.httpAuth()) {
  return createRouter({
    health: {} as HealthService,
    services: {} as ItsmRouterServices,
    httpAuth,
    userInfo: mockServices.userInfo(),
  });
}

describe('router and OpenAPI document', () => {
  it('serves exactly the operations the document describes, and the document', async () => {
    const served = routesOf((await routerWith()).stack as Layer[]);

    expect([...served].sort(byPathThenMethod)).toEqual(
      [
        ...specOperations(),
        // Added by backend-openapi-utils: the document itself.
        { method: 'get', path: '/openapi.json' },
      ].sort(byPathThenMethod),
    );
  });

  it('registers no route behind one that takes its requests', async () => {
    const served = routesOf((await routerWith()).stack as Layer[]);

    expect(shadowedPaths(served)).toEqual([]);
    // The check itself: a fixed path after /:type is reported.
    expect(
      shadowedPaths([
        { method: 'get', path: '/:type' },
        { method: 'get', path: '/calendar' },
        { method: 'post', path: '/calendar' },
      ]),
    ).toEqual(['get /calendar comes after get /:type']);
  });

  it('lets httpAuth answer a request without a token: 401, not 400 from the validator', async () => {
    const router = await routerWith(
      mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
    );
    const app = express().use(router).use(mockErrorHandler());

    const res = await request(app).get('/freeze-windows');

    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
  });
});
