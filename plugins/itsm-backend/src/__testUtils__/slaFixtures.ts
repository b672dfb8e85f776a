import { callerOf, itsmServices } from './itsmServices';
import { slaBody } from './itsmTestBackend';

/** Fixtures of the SLA tests: a clock on a Monday morning, two users, an SLA and an incident. */

export const MIN = 60_000;
export const T0 = Date.parse('2026-11-02T09:00:00Z'); // a Monday
export const at = (minutes: number) => new Date(T0 + minutes * MIN);

export const amara = callerOf('user:default/amara');
export const sofia = callerOf('user:default/sofia');

type Services = Awaited<ReturnType<typeof itsmServices>>;

/** An active 24x7 SLA on payments-api: response P2 30 min, resolution P2 480 min. */
export async function activeSla(
  { records, signatures }: Pick<Services, 'records' | 'signatures'>,
  overrides = {},
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

/** A P2 incident on payments-api. */
export const incident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Payments time out',
  entityRefs: ['component:default/payments-api'],
  impact: 'high',
  urgency: 'medium', // P2
  ...overrides,
});
