import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { readItsmConfig } from '../config';
import { CalendarRegistry } from '../services/CalendarRegistry';
import { CatalogLookup } from '../services/CatalogLookup';
import { ImpactService } from '../services/ImpactService';
import { ItsmNotification } from '../services/Notifier';
import { RecordAuthorizer } from '../services/RecordAuthorizer';
import { RecordService, SYSTEM_ACTOR } from '../services/RecordService';
import { SlaService } from '../services/SlaService';
import { Caller } from '../services/records';
import { KnexItsmStore, migrateItsmDatabase } from '../store';
import { TEST_ENTITIES, TEST_USERS } from './itsmTestBackend';

/** Lets every call through: these tests are about time and figures, not permissions. */
export const allowAll = {
  assertAllowed: async () => {},
  assertRecord: async () => {},
  isAllowed: async () => true,
  listAccess: async () => ({ result: 'all' as const }),
} as unknown as RecordAuthorizer;

/** A caller as the router would build it. */
export function callerOf(userRef: string): Caller {
  return {
    credentials: mockCredentials.user(userRef),
    userRef,
    claims: [userRef, ...(TEST_USERS[userRef] ?? [])],
  };
}

export const systemCaller: Caller = {
  credentials: mockCredentials.service(),
  userRef: SYSTEM_ACTOR,
  claims: [],
};

/**
 * The record and SLA services on a migrated test database with a clock the
 * test moves, and the notifications they send.
 */
export async function itsmServices(options: {
  knex: Knex;
  now: Date;
  config?: JsonObject;
  entities?: Entity[];
  migrate?: boolean;
}) {
  if (options.migrate !== false) await migrateItsmDatabase(options.knex);
  const clock = { now: options.now };
  const config = new ConfigReader({ itsm: options.config ?? {} });
  const itsmConfig = readItsmConfig(config);
  const store = new KnexItsmStore(options.knex);
  const catalog = catalogServiceMock({
    entities: options.entities ?? TEST_ENTITIES,
  });
  const sent: ItsmNotification[] = [];
  const notifier = { notify: async (n: ItsmNotification) => void sent.push(n) };
  const calendars = CalendarRegistry.fromConfig(config);
  const impact = new ImpactService({ catalog, store, maxDepth: 6 });
  const records = new RecordService({
    store,
    catalog: new CatalogLookup(catalog),
    authorizer: allowAll,
    notifier,
    config: itsmConfig,
    logger: mockServices.logger.mock(),
    clock: () => clock.now,
  });
  const slas = new SlaService({
    store,
    db: options.knex,
    calendars,
    impact,
    notifier,
    authorizer: allowAll,
    logger: mockServices.logger.mock(),
    thresholds: itsmConfig.slaThresholds,
    clock: () => clock.now,
  });
  return { records, slas, store, sent, clock };
}
