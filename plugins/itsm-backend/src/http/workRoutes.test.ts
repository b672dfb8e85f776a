import { Entity } from '@backstage/catalog-model';
import { roleAnnotation } from '@backstage-itsm/plugin-itsm-common';
import {
  AMARA,
  changeBody,
  incidentBody,
  INES,
  LUKAS,
  PLATFORM,
  slaBody,
  SOFIA,
  TEST_ENTITIES,
} from '../__testUtils__/fixtures';
import { useFixtureClock } from '../__testUtils__/fixtureClock';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { Agent, lifecycleBackends } from '../__testUtils__/lifecycleApi';
import { teamsApartPolicy } from '../__testUtils__/policies';

jest.setTimeout(120_000);
useFixtureClock();

/** storefront-team, the SLA's customer, designates ines (not a member) as its representative. */
const ENTITIES: Entity[] = TEST_ENTITIES.map(e =>
  e.kind === 'Group' && e.metadata.name === 'storefront-team'
    ? {
        ...e,
        metadata: {
          ...e.metadata,
          annotations: { [roleAnnotation('customer-representative')]: INES },
        },
      }
    : e,
);

/** The keys of a section of the user's work (every page), and its total. */
/**
 * The keys in the order /work documents, computed from the records: newest
 * first, records made in the same millisecond by id (descending).
 */
async function newestFirst(as: Agent, keys: string[]) {
  const rows = await Promise.all(
    keys.map(async key => {
      const type = key.startsWith('CHG') ? 'changes' : 'incidents';
      const { body } = await as(AMARA).get(`/${type}/${key}`);
      return {
        key,
        createdAt: body.createdAt as string,
        id: body.id as string,
      };
    }),
  );
  const desc = (a: string, b: string) => {
    if (a === b) return 0;
    return a < b ? 1 : -1;
  };
  return rows
    .sort((a, b) => desc(a.createdAt, b.createdAt) || desc(a.id, b.id))
    .map(r => r.key);
}

async function work(as: Agent, user: string, section: string) {
  const keys: string[] = [];
  let cursor = '';
  let total: number | undefined;
  do {
    const res = await as(user).get(
      `/work?section=${section}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    total ??= res.body.totalCount;
    keys.push(...res.body.items.map((r: { key: string }) => r.key));
    cursor = res.body.nextCursor ?? '';
  } while (cursor);
  expect(total).toBe(keys.length);
  return keys;
}

/*
 * GET /work through the plugin: each section for the signed-in caller, from
 * the caller's claims and the catalog, as the actions themselves decide.
 */
describe.each(ITSM_TEST_DATABASES)('GET /work on %s', databaseId => {
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  it('lists the approvals awaiting the caller until the caller has decided', async () => {
    const { as, create, moveOk, approve } = await start();
    await create('changes', changeBody(), AMARA);
    await create('changes', changeBody({ title: 'Other' }), AMARA);
    for (const key of ['CHG-1', 'CHG-2']) {
      for (const to of ['review', 'planning', 'approval']) {
        await moveOk(`/changes/${key}`, to);
      }
    }
    // Lukas decides for payments-team; Amara requested them; Sofia is no approver.
    expect(await work(as, LUKAS, 'approvals')).toEqual(
      await newestFirst(as, ['CHG-1', 'CHG-2']),
    );
    expect(await work(as, AMARA, 'approvals')).toEqual([]);
    expect(await work(as, SOFIA, 'approvals')).toEqual([]);
    expect((await approve('CHG-1', LUKAS)).status).toBe(200);
    expect(await work(as, LUKAS, 'approvals')).toEqual(['CHG-2']);
  });

  it('lists the open records assigned to the caller and in the queues of its groups', async () => {
    const { as, create, moveOk } = await start();
    await create('incidents', incidentBody({ assignee: LUKAS }), AMARA);
    await create('incidents', incidentBody({ title: 'Second' }), AMARA);
    await create(
      'incidents',
      incidentBody({ assignedGroup: PLATFORM, title: 'Elsewhere' }),
      AMARA,
    );
    expect(await work(as, LUKAS, 'assigned')).toEqual(['INC-1']);
    expect(await work(as, AMARA, 'assigned')).toEqual([]);
    // Routed to payments-team, the owner of payments-api.
    expect(await work(as, LUKAS, 'groups')).toEqual(
      await newestFirst(as, ['INC-1', 'INC-2']),
    );
    expect(await work(as, INES, 'groups')).toEqual(['INC-3']);
    await moveOk('/incidents/INC-2', 'cancelled', { reason: 'duplicate' });
    expect(await work(as, AMARA, 'groups')).toEqual(['INC-1']);
  });

  it('lists the SLAs awaiting the caller signature, representatives included', async () => {
    const { as, create } = await start({ entities: ENTITIES });
    await create('slas', slaBody(), AMARA);
    // Amara and Lukas sign for the service owner (payments-team); Ines,
    // the designated representative, for the customer; Sofia, a member of
    // the customer group that designates someone else, does not.
    expect(await work(as, AMARA, 'signatures')).toEqual(['SLA-1']);
    expect(await work(as, INES, 'signatures')).toEqual(['SLA-1']);
    expect(await work(as, SOFIA, 'signatures')).toEqual([]);
    const signed = await as(AMARA).post('/slas/SLA-1/signatures', {
      role: 'serviceOwner',
    });
    expect(signed.status).toBe(200);
    expect(await work(as, LUKAS, 'signatures')).toEqual([]);
    expect(await work(as, INES, 'signatures')).toEqual(['SLA-1']);
  });

  it('shows only what the caller may read, as lists do', async () => {
    const { as, create } = await start({ permissions: teamsApartPolicy() });
    // Amara's incident routed to Ines's group: she may not read it.
    await create(
      'incidents',
      incidentBody({ assignedGroup: PLATFORM, assignee: INES }),
      AMARA,
    );
    await create(
      'incidents',
      incidentBody({
        entityRefs: ['component:default/checkout-web'],
        assignedGroup: PLATFORM,
      }),
      INES,
    );
    expect(await work(as, INES, 'groups')).toEqual(['INC-2']);
    expect(await work(as, INES, 'assigned')).toEqual([]);
    expect((await as(INES).get('/incidents')).body.totalCount).toBe(1);
    expect(await work(as, LUKAS, 'groups')).toEqual([]);
    expect(await work(as, AMARA, 'assigned')).toEqual([]);
  });

  it('refuses an unknown section and a bad cursor', async () => {
    const { as } = await start();
    expect((await as(AMARA).get('/work?section=everything')).status).toBe(400);
    expect((await as(AMARA).get('/work')).status).toBe(400);
    expect(
      (await as(AMARA).get('/work?section=assigned&cursor=abc')).status,
    ).toBe(400);
  });
});
