import { mockServices } from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { BenchOrganisationProvider } from './benchCatalogModule';
import { generateOrganisation, hubTargets } from './organisation';

const refOf = (e: Entity) => stringifyEntityRef(e).toLocaleLowerCase('en-US');

describe('generateOrganisation', () => {
  const org = generateOrganisation({ entities: 2000, seed: 7 });
  const known = new Set(org.entities.map(refOf));
  const resolve = (ref: string, kind: string) =>
    stringifyEntityRef(
      parseEntityRef(ref, { defaultKind: kind, defaultNamespace: 'default' }),
    );

  it('makes exactly the entities asked for, the same for the same seed', () => {
    expect(org.entities).toHaveLength(2000);
    expect(known.size).toBe(2000);
    const again = generateOrganisation({ entities: 2000, seed: 7 });
    expect(JSON.stringify(again.entities)).toBe(JSON.stringify(org.entities));
    const other = generateOrganisation({ entities: 2000, seed: 8 });
    expect(JSON.stringify(other.entities)).not.toBe(
      JSON.stringify(org.entities),
    );
    expect(Object.keys(org.counts).sort()).toEqual(
      [
        'API',
        'Component',
        'Domain',
        'Group',
        'Resource',
        'System',
        'User',
      ].sort(),
    );
  });

  it('refers only to entities it makes', () => {
    const dangling: string[] = [];
    const check = (from: Entity, ref: unknown, kind: string) => {
      if (typeof ref !== 'string') return;
      const target = resolve(ref, kind);
      if (!known.has(target)) dangling.push(`${refOf(from)} -> ${target}`);
    };
    for (const e of org.entities) {
      const spec = (e.spec ?? {}) as Record<string, any>;
      check(e, spec.owner, 'group');
      check(e, spec.system, 'system');
      check(e, spec.domain, 'domain');
      check(e, spec.parent, 'group');
      for (const m of spec.memberOf ?? []) check(e, m, 'group');
      for (const d of spec.dependsOn ?? []) check(e, d, 'component');
      for (const a of [
        ...(spec.providesApis ?? []),
        ...(spec.consumesApis ?? []),
      ])
        check(e, a, 'api');
    }
    expect(dangling).toEqual([]);
  });

  it('has the hubs, the 50-component system and the personas the benchmark uses', () => {
    const targets = hubTargets(2000);
    org.hubs.forEach((hub, i) => {
      expect(known.has(hub.ref)).toBe(true);
      expect(hub.dependents).toBeGreaterThanOrEqual(targets[i]);
    });
    expect(org.bigSystem.components).toHaveLength(50);
    expect(org.personas.leafComponents.length).toBeGreaterThan(0);
    const members = org.membersOf.get(org.personas.team) ?? [];
    expect(members).toEqual(
      expect.arrayContaining([org.personas.requester, org.personas.approver]),
    );
    for (const leaf of org.personas.leafComponents) {
      expect(org.itemsByRef.get(leaf)?.ownerRef).toBe(org.personas.team);
    }
  });

  it('refuses an organisation too small for its shape', () => {
    expect(() => generateOrganisation({ entities: 100, seed: 1 })).toThrow(
      /at least 300/,
    );
  });
});

describe('BenchOrganisationProvider', () => {
  it('hands the catalog the whole organisation in one full mutation', async () => {
    const applyMutation = jest.fn();
    const provider = new BenchOrganisationProvider({
      scale: { entities: 500, seed: 1 },
      logger: mockServices.logger.mock(),
      database: { getClient: async () => Promise.reject(new Error('no db')) },
    });
    await provider.connect({ applyMutation, refresh: jest.fn() });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(applyMutation).toHaveBeenCalledTimes(1);
    const mutation = applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(mutation.entities).toHaveLength(500);
    expect(mutation.entities[0].locationKey).toBe('itsm-bench');
  });
});
