import { startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { itsmHealthCheckExtensionPoint } from '@backstage-itsm/plugin-itsm-node';
import request from 'supertest';
import { itsmPlugin } from './plugin';

describe('itsm backend plugin', () => {
  it('answers GET /api/itsm/health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [itsmPlugin, catalogServiceMock.factory()],
    });

    const res = await request(server).get('/api/itsm/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports the catalog as 503 when it cannot be read', async () => {
    // The default catalog client, with no catalog plugin to answer it.
    const { server } = await startTestBackend({ features: [itsmPlugin] });

    const res = await request(server).get('/api/itsm/health');

    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'error',
      failures: [
        {
          name: 'catalog',
          message: expect.stringMatching(/^The catalog is unavailable \(/),
        },
      ],
    });
  });

  it('reports a failing health check contributed by a module as 503', async () => {
    const failingModule = createBackendModule({
      pluginId: 'itsm',
      moduleId: 'failing-check',
      register(env) {
        env.registerInit({
          deps: { health: itsmHealthCheckExtensionPoint },
          async init({ health }) {
            health.addHealthCheck({
              name: 'upstream',
              check: async () => {
                throw new Error('upstream unreachable');
              },
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [itsmPlugin, catalogServiceMock.factory(), failingModule],
    });

    const res = await request(server).get('/api/itsm/health');

    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'error',
      failures: [{ name: 'upstream', message: 'upstream unreachable' }],
    });
  });
});
