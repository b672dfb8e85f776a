import { mockServices } from '@backstage/backend-test-utils';
import { createRouter, ItsmRouterServices } from './createRouter';
import { specOperations } from '../__testUtils__/openapiSpec';
import { HealthService } from '../health/HealthService';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('router and OpenAPI document', () => {
  it('serves exactly the operations the document describes', async () => {
    const router = await createRouter({
      health: {} as HealthService,
      services: {} as ItsmRouterServices,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
    });
    const served = (router.stack as Layer[])
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys(layer.route!.methods).map(method => ({
          method,
          path: layer.route!.path,
        })),
      )
      .sort(
        (a, b) =>
          a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
      );

    expect(served).toEqual(specOperations());
  });
});
