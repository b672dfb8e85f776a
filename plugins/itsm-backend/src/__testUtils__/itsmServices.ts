import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { ItsmNotification } from '../engine/Notifier';
import { Caller, SYSTEM_ACTOR } from '../engine/types';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { migrateItsmDatabase } from '../store';
import { createItsmServices } from '../wiring';
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
 * The services of the plugin (built by the plugin's own wiring) on a
 * migrated test database, with a clock the test moves, every call allowed,
 * and the notifications they send.
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
  const sent: ItsmNotification[] = [];
  const services = createItsmServices({
    config: new ConfigReader({ itsm: options.config ?? {} }),
    db: options.knex,
    catalog: catalogServiceMock({
      entities: options.entities ?? TEST_ENTITIES,
    }),
    notifier: { notify: async (n: ItsmNotification) => void sent.push(n) },
    logger: mockServices.logger.mock(),
    authorization: { authorizer: allowAll },
    clock: () => clock.now,
  });
  return { ...services, sent, clock };
}
