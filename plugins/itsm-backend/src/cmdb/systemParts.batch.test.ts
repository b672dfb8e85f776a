import { Entity, RELATION_HAS_PART } from '@backstage/catalog-model';
import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { REDUNDANT_ANNOTATION, SystemParts } from './systemParts';

/*
 * SystemParts reads the catalog once per level, whatever the number of
 * Systems and Domains asked about: a list filtered by a hundred Systems
 * made a hundred catalog reads before.
 */

function entity(
  ref: string,
  parts: string[] = [],
  annotations: Record<string, string> = {},
): Entity {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind.charAt(0).toUpperCase() + kind.slice(1),
    metadata: { name, namespace, annotations },
    relations: parts.map(targetRef => ({ type: RELATION_HAS_PART, targetRef })),
  };
}

/** A catalog of `systems` Systems in one Domain, each with two components, one of them shared. */
function catalog(systems: number) {
  const entities = new Map<string, Entity>();
  const systemRefs: string[] = [];
  entities.set(
    'component:default/shared',
    entity('component:default/shared', [], { [REDUNDANT_ANNOTATION]: 'true' }),
  );
  for (let i = 0; i < systems; i++) {
    const own = `component:default/c${i}`;
    entities.set(own, entity(own));
    const system = `system:default/s${i}`;
    entities.set(system, entity(system, [own, 'component:default/shared']));
    systemRefs.push(system);
  }
  entities.set('domain:default/d', entity('domain:default/d', systemRefs));
  const reads: string[][] = [];
  const describe = jest.fn(async (refs: string[]) => {
    reads.push(refs);
    const missing = refs.filter(r => !entities.has(r));
    if (missing.length) throw new InputError(`unknown: ${missing}`);
    return new Map(
      refs.map(r => [r, { entity: entities.get(r)!, calendar: 'default' }]),
    );
  });
  return { parts: new SystemParts({ describe }), reads, systemRefs };
}

describe('SystemParts', () => {
  const credentials = mockCredentials.user();

  it("reads a Domain's Systems together, then all their parts, each part once", async () => {
    const { parts, reads } = catalog(50);
    const domain = entity(
      'domain:default/d',
      Array.from({ length: 50 }, (_, i) => `system:default/s${i}`),
    );
    const found = await parts.partsOf(domain.relations!, 'domain', credentials);
    expect(reads).toHaveLength(2);
    expect(found).toHaveLength(51);
    expect(found.find(p => p.entityRef === 'component:default/shared')).toEqual(
      { entityRef: 'component:default/shared', redundant: true },
    );
    expect(new Set(found.map(p => p.entityRef)).size).toBe(51);
  });

  it('adds the parts of many Systems and Domains in a few reads', async () => {
    const { parts, reads, systemRefs } = catalog(100);
    const refs = [...systemRefs, 'domain:default/d', 'component:default/x'];
    const result = await parts.withParts(refs, credentials, { systems: true });
    // The wholes together; the Systems' parts; the Domain's Systems, then their parts.
    expect(reads).toHaveLength(4);
    const expected = new Set([
      ...refs,
      'component:default/shared',
      ...systemRefs.map((_, i) => `component:default/c${i}`),
    ]);
    expect(new Set(result)).toEqual(expected);
  });

  it('skips a System the catalog no longer has', async () => {
    const { parts } = catalog(2);
    const result = await parts.withParts(
      ['system:default/s0', 'system:default/gone'],
      credentials,
    );
    expect(new Set(result)).toEqual(
      new Set([
        'system:default/s0',
        'system:default/gone',
        'component:default/c0',
        'component:default/shared',
      ]),
    );
  });
});
