import {
  CHECKOUT_WEB,
  PAYMENTS_API,
  PAYMENTS_DB,
  storedRecord,
} from '../__testUtils__/fixtures';
import {
  describeEffect,
  describeGuard,
  fakeTransition,
} from '../__testUtils__/transitionContext';
import { SLA_EFFECTS, SLA_GUARDS } from './rules';

const { bothSignatures } = SLA_GUARDS;
const { markServiceDiscontinuedIfLast } = SLA_EFFECTS;

describeGuard('bothSignatures', () => {
  const activating = (signatures?: Record<string, unknown>) =>
    bothSignatures(
      fakeTransition({
        record: storedRecord('slas', { data: { signatures } }),
        to: 'active',
      }).ctx,
    );
  const signature = { by: 'user:default/amara', at: '2026-11-02T09:00:00Z' };

  it('passes once the customer and the service owner signed', async () => {
    expect(
      await activating({ customer: signature, serviceOwner: signature }),
    ).toBeUndefined();
  });

  it('fails naming every signature still missing', async () => {
    expect(await activating()).toBe(
      'the SLA still needs the signature of the customer representative and the service owner',
    );
    expect(await activating({ customer: signature })).toBe(
      'the SLA still needs the signature of the service owner',
    );
    expect(await activating({ serviceOwner: signature, customer: null })).toBe(
      'the SLA still needs the signature of the customer representative',
    );
  });
});

describeEffect('markServiceDiscontinuedIfLast', () => {
  it('marks the entities no other active SLA covers as discontinued', async () => {
    const ending = storedRecord('slas', {
      seq: 1,
      state: 'active',
      entityRefs: [PAYMENTS_API, CHECKOUT_WEB, PAYMENTS_DB],
    });
    const { ctx, patch } = fakeTransition({
      record: ending,
      to: 'terminated',
      input: { reason: 'service retired' },
      records: [
        storedRecord('slas', {
          seq: 2,
          state: 'active',
          entityRefs: [CHECKOUT_WEB],
        }),
        storedRecord('slas', {
          seq: 3,
          state: 'expired',
          entityRefs: [PAYMENTS_API],
        }),
        storedRecord('slas', {
          seq: 4,
          state: 'draft',
          entityRefs: [PAYMENTS_DB],
        }),
      ],
    });
    await markServiceDiscontinuedIfLast(ctx, patch);
    expect(patch.data.discontinuedEntityRefs).toEqual([
      PAYMENTS_API,
      PAYMENTS_DB,
    ]);
  });

  it('marks nothing while other active SLAs cover every entity', async () => {
    const { ctx, patch } = fakeTransition({
      record: storedRecord('slas', { seq: 1, state: 'active' }),
      to: 'expired',
      records: [storedRecord('slas', { seq: 2, state: 'active' })],
    });
    await markServiceDiscontinuedIfLast(ctx, patch);
    expect(patch.data.discontinuedEntityRefs).toEqual([]);
  });
});
