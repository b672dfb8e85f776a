import fc from 'fast-check';
import {
  FREEZE_SCOPE_KINDS,
  FreezeScope,
  freezeScopeCovers,
  freezeScopeSchema,
  freezeWindowSchema,
  normaliseFreezeScope,
} from './freeze';

const window = {
  title: 'Year-end freeze',
  reason: 'Peak season',
  start: '2026-12-20T00:00:00Z',
  end: '2027-01-04T00:00:00Z',
  scope: { kind: 'domain', entityRef: 'domain:default/commerce' },
};

describe('freeze scopes', () => {
  it('knows the four kinds', () => {
    expect(FREEZE_SCOPE_KINDS).toEqual(['all', 'domain', 'system', 'entity']);
    expect(freezeScopeSchema.safeParse({ kind: 'all' }).success).toBe(true);
    expect(
      freezeScopeSchema.safeParse({ kind: 'system', entityRef: 'system:a/b' })
        .success,
    ).toBe(true);
    expect(freezeScopeSchema.safeParse({ kind: 'system' }).success).toBe(false);
    expect(
      freezeScopeSchema.safeParse({ kind: 'all', entityRef: 'system:a/b' })
        .success,
    ).toBe(false);
    expect(
      freezeScopeSchema.safeParse({ kind: 'team', entityRef: 'group:a/b' })
        .success,
    ).toBe(false);
  });

  it('covers everything, or its own entity in any case', () => {
    expect(freezeScopeCovers({ kind: 'all' }, [])).toBe(true);
    const scope: FreezeScope = {
      kind: 'domain',
      entityRef: 'domain:default/Commerce',
    };
    expect(
      freezeScopeCovers(scope, [
        'component:default/cart',
        'DOMAIN:default/commerce',
      ]),
    ).toBe(true);
    expect(freezeScopeCovers(scope, ['domain:default/payments'])).toBe(false);
  });

  it('normalises the entity ref to lower case and nothing else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('domain', 'system', 'entity') as fc.Arbitrary<
          'domain' | 'system' | 'entity'
        >,
        fc.string({ minLength: 3 }),
        (kind, entityRef) => {
          const scope = normaliseFreezeScope({ kind, entityRef });
          expect(scope).toEqual({
            kind,
            entityRef: entityRef.toLocaleLowerCase('en-US'),
          });
          expect(freezeScopeCovers(scope, [entityRef])).toBe(true);
        },
      ),
    );
    expect(normaliseFreezeScope({ kind: 'all' })).toEqual({ kind: 'all' });
  });
});

describe('freezeWindowSchema', () => {
  it('accepts a window and refuses one that ends before it starts', () => {
    expect(freezeWindowSchema.safeParse(window).success).toBe(true);
    const backwards = freezeWindowSchema.safeParse({
      ...window,
      end: window.start,
    });
    expect(backwards).toMatchObject({
      success: false,
      error: {
        issues: [{ path: ['end'], message: 'end must be after start' }],
      },
    });
  });

  it('refuses unknown fields, blank titles and non-instants', () => {
    expect(freezeWindowSchema.safeParse({ ...window, id: 'x' }).success).toBe(
      false,
    );
    expect(
      freezeWindowSchema.safeParse({ ...window, title: ' ' }).success,
    ).toBe(false);
    expect(
      freezeWindowSchema.safeParse({ ...window, start: 'next week' }).success,
    ).toBe(false);
  });
});
