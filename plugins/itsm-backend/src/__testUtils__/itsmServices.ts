import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { ItsmNotification } from '../engine/Notifier';
import { RecordAuthorizer } from '../permissions/RecordAuthorizer';
import { createItsmServices } from '../wiring';
import { amara, slaBody, sofia, TEST_ENTITIES } from './fixtures';

/** Lets every call through: these tests are about time and figures, not permissions. */
export const allowAll = {
  assertAllowed: async () => {},
  assertRecord: async () => {},
  isAllowed: async () => true,
  listAccess: async () => ({ result: 'all' as const }),
} as unknown as RecordAuthorizer;

/**
 * The services of the plugin (built by the plugin's own wiring) on a
 * migrated test database (see useItsmTestDatabase), with a clock the test
 * moves, every call allowed, and the notifications they send.
 */
export function itsmServices(options: {
  knex: Knex;
  now: Date;
  config?: JsonObject;
  entities?: Entity[];
}) {
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

type Services = ReturnType<typeof itsmServices>;

/**
 * An active SLA (by default the 24x7 slaBody: response P2 30 min,
 * resolution P2 480 min), signed by amara for the service owner and by
 * sofia for the customer.
 */
export async function activeSla(
  { records, signatures }: Pick<Services, 'records' | 'signatures'>,
  overrides: Record<string, unknown> = {},
) {
  const sla = await records.create('slas', slaBody(overrides), amara);
  await signatures.sign(sla.key, { role: 'serviceOwner' }, amara);
  const signed = await signatures.sign(sla.key, { role: 'customer' }, sofia);
  return records.transition(
    'slas',
    sla.key,
    { to: 'active', version: signed.version },
    amara,
  );
}
