import { mockServices } from '@backstage/backend-test-utils';
import { createRouter } from './router';
import { specOperations } from './__testUtils__/openapiSpec';
import { HealthService } from './services/HealthService';
import { RecordService } from './services/RecordService';
import { ImpactService } from './services/ImpactService';
import { FreezeWindowService } from './services/FreezeWindowService';
import { ChangeCalendar } from './services/ChangeCalendar';
import { SlaService } from './services/SlaService';
import { RecordAuthorizer } from './services/RecordAuthorizer';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('router and OpenAPI document', () => {
  it('serves exactly the operations the document describes', async () => {
    const router = await createRouter({
      health: {} as HealthService,
      records: {} as RecordService,
      impact: {} as ImpactService,
      freezes: {} as FreezeWindowService,
      calendar: {} as ChangeCalendar,
      slas: {} as SlaService,
      authorizer: {} as RecordAuthorizer,
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
