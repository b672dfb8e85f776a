import { Entity } from '@backstage/catalog-model';
import { roleAnnotation } from '@backstage-itsm/plugin-itsm-common';
import {
  AMARA,
  incidentBody,
  LUKAS,
  PAYMENTS,
  SOFIA,
  STOREFRONT,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  expectForbidden,
  lifecycleBackends,
} from '../__testUtils__/lifecycleApi';

jest.setTimeout(120_000);

/**
 * The test CMDB, with payments-team designating lukas as its group
 * coordinator: amara is a member of the team but not its coordinator.
 */
const COORDINATED: Entity[] = TEST_ENTITIES.map(e =>
  e.kind === 'Group' && e.metadata.name === 'payments-team'
    ? {
        ...e,
        metadata: {
          ...e.metadata,
          annotations: { [roleAnnotation('group-coordinator')]: LUKAS },
        },
      }
    : e,
);

const gate = (yes: Record<string, boolean> = {}) => ({
  disruptsService: false,
  changesFunctionality: false,
  requiresCmdbUpdate: false,
  ...yes,
});

describe.each(ITSM_TEST_DATABASES)('incident roles on %s', databaseId => {
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));
  const path = '/incidents/INC-1';

  it('lets only the group coordinator reassign an incident once it is assigned', async () => {
    const { create, get, history, moveOk, patch } = await start({
      entities: COORDINATED,
    });
    await create('incidents', incidentBody());
    // Still new: routing is not reassignment, anyone may set it.
    expect((await patch(path, { assignee: AMARA })).status).toBe(200);
    await moveOk(path, 'assigned', {}, LUKAS);

    const before = await get(path);
    const entries = await history(path);
    await expectForbidden(
      await patch(path, { assignedGroup: STOREFRONT }, AMARA),
      /^Only the group coordinator \(user:default\/lukas\) may reassign INC-1$/,
    );
    await expectForbidden(
      await patch(path, { assignee: LUKAS }, AMARA),
      /^Only the group coordinator \(user:default\/lukas\) may reassign INC-1$/,
    );
    await expectForbidden(
      await patch(path, { assignee: null }, SOFIA),
      /group coordinator \(user:default\/lukas\)/,
    );
    expect(await get(path)).toEqual(before);
    expect(await history(path)).toEqual(entries);

    // Other edits stay open to whoever may update the incident.
    expect((await patch(path, { title: 'Payments fail (EU)' })).status).toBe(
      200,
    );
    // Sending the assignment it already has is no reassignment.
    expect(
      (await patch(path, { assignedGroup: PAYMENTS, assignee: AMARA })).status,
    ).toBe(200);

    const moved = await patch(path, { assignedGroup: STOREFRONT }, LUKAS);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      assignedGroup: STOREFRONT,
      reassignmentCount: 1,
    });
    expect(
      (await history(path)).filter(e => e.field === 'assignedGroup'),
    ).toEqual([
      expect.objectContaining({
        action: 'updated',
        actor: LUKAS,
        from: PAYMENTS,
        to: STOREFRONT,
      }),
    ]);
  });

  it('resolves the group coordinator from the owner when the group designates nobody', async () => {
    const { create, get, moveOk, patch } = await start();
    await create('incidents', incidentBody());
    await moveOk(path, 'assigned');
    await expectForbidden(
      await patch(path, { assignedGroup: STOREFRONT }, SOFIA),
      /^Only the group coordinator \(group:default\/payments-team\) may reassign INC-1$/,
    );
    expect((await get(path)).assignedGroup).toBe(PAYMENTS);
    const moved = await patch(path, { assignee: LUKAS }, AMARA);
    expect(moved.status).toBe(200);
    expect(moved.body.assignee).toBe(LUKAS);
  });

  it('lets only the group coordinator change the recorded change gate, with history', async () => {
    const { create, get, history, move, patch } = await start({
      entities: COORDINATED,
    });
    await create(
      'incidents',
      incidentBody({ changeGate: { requiresCmdbUpdate: true } }),
    );
    const before = await get(path);
    const entries = await history(path);
    await expectForbidden(
      await patch(path, { changeGate: gate() }, AMARA),
      /^Only the group coordinator \(user:default\/lukas\) may change the change gate of INC-1$/,
    );
    expect(await get(path)).toEqual(before);
    expect(await history(path)).toEqual(entries);
    // The gate still holds.
    expect(
      (await move(path, 'resolved', { resolutionCode: 'fixed' })).status,
    ).toBe(409);

    // The gate it already has is no change.
    expect(
      (await patch(path, { changeGate: gate({ requiresCmdbUpdate: true }) }))
        .status,
    ).toBe(200);
    expect((await get(path)).version).toBe(before.version);

    const changed = await patch(path, { changeGate: gate() }, LUKAS);
    expect(changed.status).toBe(200);
    expect(changed.body.changeGate).toEqual(gate());
    expect((await history(path)).filter(e => e.field === 'changeGate')).toEqual(
      [
        expect.objectContaining({
          action: 'updated',
          actor: LUKAS,
          from: gate({ requiresCmdbUpdate: true }),
          to: gate(),
        }),
      ],
    );
    const resolved = await move(path, 'resolved', { resolutionCode: 'fixed' });
    expect(resolved.status).toBe(200);
  });
});
