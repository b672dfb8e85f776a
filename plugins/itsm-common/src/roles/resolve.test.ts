import fc from 'fast-check';
import {
  EntityRoleFacts,
  mergeResolvedRoles,
  parseRoleHolders,
  resolveEntityRole,
  resolveEntityRoles,
  RoleConfig,
} from './resolve';
import {
  actsIn,
  describeRoleHolders,
  ITSM_ROLES,
  roleAnnotation,
} from './roles';

const CM = roleAnnotation('change-manager');

describe('parseRoleHolders', () => {
  it('reads refs separated by commas or spaces, group by default, lower case', () => {
    expect(
      parseRoleHolders('Team-A, user:bob  group:ops/cab', 'payments'),
    ).toEqual(['group:payments/team-a', 'user:payments/bob', 'group:ops/cab']);
    expect(parseRoleHolders(['group:default/x', 'group:default/x'])).toEqual([
      'group:default/x',
    ]);
  });

  it('leaves out what is not an entity ref, and names nobody for nothing', () => {
    expect(parseRoleHolders('group:, group:default/ok')).toEqual([
      'group:default/ok',
    ]);
    expect(parseRoleHolders('')).toEqual([]);
    expect(parseRoleHolders(undefined)).toEqual([]);
  });
});

describe('resolveEntityRole', () => {
  const owner = ['group:default/owners'];
  const facts = (levels: {
    entity?: string;
    system?: string;
    domain?: string;
  }): EntityRoleFacts => ({
    entity: {
      ownerRefs: owner,
      annotations: levels.entity ? { [CM]: levels.entity } : {},
    },
    system: levels.system ? { annotations: { [CM]: levels.system } } : {},
    domain: levels.domain ? { annotations: { [CM]: levels.domain } } : {},
  });
  const config: RoleConfig = { 'change-manager': ['group:default/config'] };

  it('takes each level in the order of the model', () => {
    const all = { entity: 'e', system: 's', domain: 'd' };
    expect(resolveEntityRole('change-manager', facts(all), config)).toEqual({
      role: 'change-manager',
      holders: ['group:default/e'],
      source: 'entity',
    });
    expect(
      resolveEntityRole(
        'change-manager',
        facts({ ...all, entity: undefined }),
        config,
      ),
    ).toMatchObject({ holders: ['group:default/s'], source: 'system' });
    expect(
      resolveEntityRole('change-manager', facts({ domain: 'd' }), config),
    ).toMatchObject({ holders: ['group:default/d'], source: 'domain' });
    expect(
      resolveEntityRole('change-manager', facts({}), config),
    ).toMatchObject({ holders: ['group:default/config'], source: 'config' });
    expect(resolveEntityRole('change-manager', facts({}), {})).toMatchObject({
      holders: owner,
      source: 'owner',
    });
  });

  it('skips a level whose annotation names nobody', () => {
    expect(
      resolveEntityRole(
        'change-manager',
        facts({ entity: ':x', system: 's' }),
        {},
      ),
    ).toMatchObject({ source: 'system' });
  });

  it('says when nobody holds a role', () => {
    const none = resolveEntityRole(
      'service-owner',
      { entity: { ownerRefs: [] } },
      {},
    );
    expect(none).toEqual({ role: 'service-owner', holders: [], source: null });
    expect(describeRoleHolders(none)).toBe('service owner (nobody holds it)');
    expect(actsIn(['group:default/x'], none)).toBe(false);
  });

  // An independent statement of the order: the holders come from the first
  // level, in the order entity, system, domain, config, owner, that names
  // anyone, and a caller acts in the role exactly when one of those is theirs.
  it('matches the order over random catalog trees', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd');
    const maybe = fc.option(name, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          role: fc.constantFrom(...ITSM_ROLES),
          entity: maybe,
          system: maybe,
          domain: maybe,
          config: maybe,
          owner: maybe,
          claims: fc.array(
            name.map(n => `group:default/${n}`),
            { maxLength: 3 },
          ),
        }),
        t => {
          const ann = (v?: string) =>
            v ? { annotations: { [roleAnnotation(t.role)]: v } } : undefined;
          const resolved = resolveEntityRole(
            t.role,
            {
              entity: {
                ownerRefs: t.owner ? [`group:default/${t.owner}`] : [],
                ...ann(t.entity),
              },
              system: ann(t.system),
              domain: ann(t.domain),
            },
            t.config ? { [t.role]: [`group:default/${t.config}`] } : {},
          );
          const levels = [
            ['entity', t.entity],
            ['system', t.system],
            ['domain', t.domain],
            ['config', t.config],
            ['owner', t.owner],
          ] as const;
          const first = levels.find(([, v]) => v !== undefined);
          expect(resolved.source).toBe(first?.[0] ?? null);
          expect(resolved.holders).toEqual(
            first ? [`group:default/${first[1]}`] : [],
          );
          expect(actsIn(t.claims, resolved)).toBe(
            !!first && t.claims.includes(`group:default/${first[1]}`),
          );
        },
      ),
    );
  });

  it('resolves every role of an entity, and merges a role over several entities', () => {
    const roles = resolveEntityRoles(facts({ entity: 'e' }), {});
    expect(roles.map(r => r.role)).toEqual([...ITSM_ROLES]);
    expect(roles.find(r => r.role === 'change-manager')?.source).toBe('entity');
    expect(roles.find(r => r.role === 'service-owner')?.source).toBe('owner');
    expect(
      mergeResolvedRoles('change-manager', [
        { role: 'change-manager', holders: [], source: null },
        {
          role: 'change-manager',
          holders: ['group:default/a'],
          source: 'system',
        },
        {
          role: 'change-manager',
          holders: ['group:default/a', 'user:default/b'],
          source: 'owner',
        },
      ]),
    ).toEqual({
      role: 'change-manager',
      holders: ['group:default/a', 'user:default/b'],
      source: 'system',
    });
  });
});
