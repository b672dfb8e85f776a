import { groupRefSchema, userRefSchema } from './schemas';

describe('user and group ref schemas', () => {
  it('normalise a valid ref', () => {
    expect(userRefSchema.parse('user:Jane')).toBe('user:default/jane');
    expect(groupRefSchema.parse('group:default/Ops')).toBe('group:default/ops');
  });

  it.each([
    ['user', userRefSchema],
    ['group', groupRefSchema],
  ] as const)(
    'refuse a plain name as a %s ref with a message, never a crash',
    (_kind, schema) => {
      const result = schema.safeParse('bob');
      expect(result.success).toBe(false);
      expect(result.error?.issues.map(i => i.message)).toEqual([
        '"bob" is not an entity ref of the form kind:namespace/name',
      ]);
    },
  );

  it('refuse a ref of the wrong kind', () => {
    expect(
      userRefSchema.safeParse('group:default/ops').error?.issues[0].message,
    ).toBe('must be a user entity ref (user:namespace/name)');
    expect(
      groupRefSchema.safeParse('user:default/jane').error?.issues[0].message,
    ).toBe('must be a group entity ref (group:namespace/name)');
  });
});
