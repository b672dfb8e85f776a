import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import fc from 'fast-check';
import { demoCatalog, withRelations } from '../__testUtils__/fixtures';
import { ItsmStore } from '../store/types';
import { ImpactService } from './ImpactService';

/** A catalog that answers getEntitiesByRefs from memory and counts calls. */
function countingCatalog(entities: Entity[]) {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const calls: string[][] = [];
  const catalog = {
    async getEntitiesByRefs({ entityRefs }: { entityRefs: string[] }) {
      calls.push(entityRefs);
      return {
        items: entityRefs.map(r => byRef.get(r.toLocaleLowerCase('en-US'))),
      };
    },
  } as unknown as CatalogService;
  return { catalog, calls };
}

const noSlas = {
  listRecords: async () => ({ items: [], totalCount: 0 }),
} as unknown as ItsmStore;

const component = (name: string, dependsOn: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    owner: `group:default/team-${name}`,
    dependsOn: dependsOn.map(d => `component:default/${d}`),
  },
});

const ref = (name: string) => `component:default/${name}`;
const credentials = mockCredentials.user();

/** Breadth-first over "X dependsOn Y => a change to Y reaches X", written apart from the service. */
function independentWalk(
  edges: Array<[number, number]>,
  root: number,
): Map<number, number> {
  const dependents = new Map<number, number[]>();
  for (const [from, to] of edges)
    dependents.set(to, [...(dependents.get(to) ?? []), from]);
  const depth = new Map<number, number>([[root, 0]]);
  const queue = [root];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of dependents.get(node) ?? []) {
      if (!depth.has(next)) {
        depth.set(next, depth.get(node)! + 1);
        queue.push(next);
      }
    }
  }
  depth.delete(root);
  return depth;
}

describe('ImpactService', () => {
  it('matches an independent walk on generated graphs, with one catalog request per level', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 25 }).chain(n =>
          fc.record({
            n: fc.constant(n),
            edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), {
              maxLength: n * 3,
            }),
            root: fc.nat(n - 1),
          }),
        ),
        async ({ n, edges, root }) => {
          const loops = edges.filter(([a, b]) => a !== b);
          const entities = withRelations(
            Array.from({ length: n }, (_, i) =>
              component(
                `c${i}`,
                loops.filter(([a]) => a === i).map(([, b]) => `c${b}`),
              ),
            ),
          );
          const { catalog, calls } = countingCatalog(entities);
          const service = new ImpactService({
            catalog,
            store: noSlas,
            maxDepth: 50,
          });
          const result = await service.analyse([ref(`c${root}`)], credentials);

          const expected = independentWalk(loops, root);
          const actual = new Map(
            result.affected.map(a => [
              Number(a.entityRef.split('/c')[1]),
              a.depth,
            ]),
          );
          expect(actual).toEqual(expected);
          // Paths start at the changed entity and end at the affected one, one hop per level.
          for (const a of result.affected) {
            expect(a.path[0]).toBe(ref(`c${root}`));
            expect(a.path.at(-1)).toBe(a.entityRef);
            expect(a.path).toHaveLength(a.depth + 1);
          }
          const levels = expected.size ? Math.max(...expected.values()) : 0;
          expect(calls).toHaveLength(1 + levels);
          expect(result.catalogRequests).toBe(1 + levels);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('terminates on cycles', async () => {
    const entities = withRelations([
      component('a', ['b']),
      component('b', ['c']),
      component('c', ['a']),
    ]);
    const { catalog } = countingCatalog(entities);
    const service = new ImpactService({ catalog, store: noSlas, maxDepth: 10 });
    const result = await service.analyse([ref('a')], credentials);
    expect(result.affected.map(a => [a.entityRef, a.depth])).toEqual([
      [ref('c'), 1],
      [ref('b'), 2],
    ]);
  });

  it('stops at maxDepth and says so', async () => {
    const chain = withRelations([
      component('d0'),
      component('d1', ['d0']),
      component('d2', ['d1']),
      component('d3', ['d2']),
    ]);
    const { catalog } = countingCatalog(chain);
    const service = new ImpactService({ catalog, store: noSlas, maxDepth: 2 });
    const result = await service.analyse([ref('d0')], credentials);
    expect(result.affected.map(a => a.entityRef)).toEqual([
      ref('d1'),
      ref('d2'),
    ]);
    expect(result.truncated).toBe(true);
  });

  it('refuses unknown entities, naming them', async () => {
    const { catalog } = countingCatalog([component('a')]);
    const service = new ImpactService({ catalog, store: noSlas, maxDepth: 5 });
    await expect(
      service.analyse([ref('a'), ref('ghost')], credentials),
    ).rejects.toThrow('unknown catalog entity "component:default/ghost"');
  });

  describe('on the demo topology', () => {
    const entities = demoCatalog();

    it('walks dependents, systems, domains and API consumers of the ledger database', async () => {
      const { catalog, calls } = countingCatalog(entities);
      const service = new ImpactService({
        catalog,
        store: noSlas,
        maxDepth: 6,
      });
      const result = await service.analyse(
        ['resource:default/ledger-db'],
        credentials,
      );
      const depthOf = Object.fromEntries(
        result.affected.map(a => [a.entityRef, a.depth]),
      );

      expect(depthOf).toMatchObject({
        'component:default/ledger-service': 1,
        'system:default/payments': 1,
        'domain:default/commerce': 2,
        'api:default/ledger-api': 2,
        'component:default/payments-api': 2,
        'component:default/payout-worker': 2,
        'component:default/reporting-service': 2,
        'component:default/cart-service': 3,
        'component:default/checkout-web': 3,
      });
      const checkout = result.affected.find(
        a => a.entityRef === 'component:default/checkout-web',
      )!;
      expect(checkout.dependent).toBe(true);
      expect(checkout.path[0]).toBe('resource:default/ledger-db');
      // Containers are affected but are not customers of the service.
      expect(
        result.affected.find(a => a.entityRef === 'system:default/payments')!
          .dependent,
      ).toBe(false);
      expect(result.owners.map(o => o.ownerRef)).toEqual(
        expect.arrayContaining([
          'group:default/payments-team',
          'group:default/storefront-team',
          'group:default/data-team',
        ]),
      );
      // Systems carry the service-hours annotation; entities inherit it.
      expect(result.direct[0].calendar).toBe('24x7');
      expect(
        result.affected.find(
          a => a.entityRef === 'component:default/reporting-service',
        )!.calendar,
      ).toBe('business-hours-eu');
      const levels = Math.max(...result.affected.map(a => a.depth));
      expect(calls.length).toBeLessThanOrEqual(1 + levels + 1);
    });
  });
});
