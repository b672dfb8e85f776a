import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { itsmPlugin } from '../plugin';
import { DEFAULT_SWEEP_LEASE, readSweepLease } from './sweepLease';

describe('the lease of the SLA sweep', () => {
  it('defaults to a minute and refuses nonsense', () => {
    expect(readSweepLease(new ConfigReader({}))).toEqual(DEFAULT_SWEEP_LEASE);
    expect(
      readSweepLease(
        new ConfigReader({ itsm: { scheduler: { sweepLease: '30s' } } }),
      ),
    ).toEqual({ seconds: 30 });
    expect(() =>
      readSweepLease(
        new ConfigReader({ itsm: { scheduler: { sweepLease: '1s' } } }),
      ),
    ).toThrow(
      'itsm.scheduler.sweepLease must be between 10 seconds and 1 hour',
    );
  });

  it('is the timeout the plugin schedules the sweep with', async () => {
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      features: [
        itsmPlugin,
        catalogServiceMock.factory(),
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: { itsm: { scheduler: { sweepLease: { seconds: 45 } } } },
        }),
      ],
    });
    const sweep = scheduler.scheduleTask.mock.calls.find(
      ([task]) => task.id === 'itsm-sla-sweep',
    );
    expect(sweep?.[0].timeout).toEqual({ seconds: 45 });
  });
});
