import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { readItsmConfig } from '../config';
import { KnexItsmStore } from '../store';
import { TEST_ENTITIES } from '../__testUtils__/itsmTestBackend';
import { CatalogLookup } from './CatalogLookup';
import { RecordAuthorizer } from './RecordAuthorizer';
import { RecordService, SYSTEM_ACTOR } from './RecordService';
import { Caller } from './records';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** Lets every call through: this test is about the clock, not permissions. */
const allowAll = {
  assertAllowed: async () => {},
  assertRecord: async () => {},
  isAllowed: async () => true,
  listAccess: async () => ({ result: 'all' as const }),
} as unknown as RecordAuthorizer;

describe.each(databases.eachSupportedId())('auto-close on %s', databaseId => {
  it('closes incidents resolved longer ago than the configured period, once', async () => {
    const knex = await databases.init(databaseId);
    const store = new KnexItsmStore(knex);
    await KnexItsmStore.create({ database: mockServices.database({ knex }) });
    let now = new Date('2026-11-02T09:00:00Z');
    const service = new RecordService({
      store,
      catalog: new CatalogLookup(
        catalogServiceMock({ entities: TEST_ENTITIES }),
      ),
      authorizer: allowAll,
      notifier: { notify: async () => {} },
      config: readItsmConfig(
        new ConfigReader({
          itsm: { incidents: { autoCloseAfter: { days: 3 } } },
        }),
      ),
      logger: mockServices.logger.mock(),
      clock: () => now,
    });
    const amara: Caller = {
      credentials: mockCredentials.user('user:default/amara'),
      userRef: 'user:default/amara',
      claims: ['user:default/amara', 'group:default/payments-team'],
    };
    const body = {
      title: 'Refunds stuck',
      entityRefs: ['component:default/payments-api'],
      impact: 'low',
      urgency: 'low',
    };
    const resolve = { to: 'resolved', resolutionCode: 'fixed' };
    const early = await service.create('incidents', body, amara);
    await service.transition(
      'incidents',
      early.key,
      { ...resolve, version: 1 },
      amara,
    );
    now = new Date('2026-11-03T09:00:00Z');
    const late = await service.create('incidents', body, amara);
    await service.transition(
      'incidents',
      late.key,
      { ...resolve, version: 1 },
      amara,
    );

    const system: Caller = {
      credentials: mockCredentials.service(),
      userRef: SYSTEM_ACTOR,
      claims: [],
    };
    // Three days after the first resolve, to the millisecond: not yet.
    now = new Date('2026-11-05T08:59:59.999Z');
    expect(await service.autoCloseResolvedIncidents(system)).toEqual([]);
    now = new Date('2026-11-05T09:00:01Z');
    expect(await service.autoCloseResolvedIncidents(system)).toEqual([
      early.key,
    ]);
    // A second sweep finds nothing more to do.
    expect(await service.autoCloseResolvedIncidents(system)).toEqual([]);

    const closed = await service.get('incidents', early.key, amara);
    expect(closed.state).toBe('closed');
    expect(closed.updatedBy).toBe(SYSTEM_ACTOR);
    const open = await service.get('incidents', late.key, amara);
    expect(open.state).toBe('resolved');
    const history = await service.history('incidents', early.key, amara);
    expect(history.items.at(-1)).toMatchObject({
      actor: SYSTEM_ACTOR,
      action: 'close',
      field: 'reason',
      to: 'closed automatically after the verification period',
    });
  });
});
