import { Entity } from '@backstage/catalog-model';
import { withRelations } from '../__testUtils__/fixtures';
import { startItsm } from '../__testUtils__/itsmTestBackend';

jest.setTimeout(120_000);

/** A hub with 130 direct and 130 second-level dependents. */
function hubCatalog(): Entity[] {
  const component = (name: string, dependsOn: string[]): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments-team',
      dependsOn,
    },
  });
  const entities = [component('hub', [])];
  for (let i = 0; i < 130; i++) {
    entities.push(component(`near-${i}`, ['component:default/hub']));
    entities.push(component(`far-${i}`, [`component:default/near-${i}`]));
  }
  return withRelations(entities);
}

describe('GET /impact of a hub', () => {
  it('gives every affected entity once, a page at a time, nearest first, with the count', async () => {
    const { as } = await startItsm({ entities: hubCatalog() });
    const seen: Array<{ entityRef: string; depth: number }> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await as().get(
        `/impact?entityRef=component:default/hub&limit=100${
          cursor ? `&cursor=${cursor}` : ''
        }`,
      );
      expect(res.status).toBe(200);
      expect(res.body.affectedCount).toBe(260);
      expect(res.body.affected.length).toBeLessThanOrEqual(100);
      // The owners are over every affected entity, on every page.
      expect(res.body.owners[0].entityRefs).toHaveLength(261);
      seen.push(...res.body.affected);
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen.map(a => a.entityRef)).size).toBe(260);
    const depths = seen.map(a => a.depth);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    expect(depths.filter(d => d === 1)).toHaveLength(130);

    const bad = await as().get(
      '/impact?entityRef=component:default/hub&cursor=eyJrIjoieCJ9',
    );
    expect(bad.status).toBe(400);
  });
});
