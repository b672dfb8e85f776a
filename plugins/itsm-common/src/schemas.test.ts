import {
  commentSchema,
  createIncidentSchema,
  groupRefSchema,
  linkSchema,
  transitionSchema,
  userRefSchema,
} from './schemas';
import { describeZodError } from './zodErrors';

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

describe('the NUL character', () => {
  const NUL = '\u0000';
  const message = 'must not contain the NUL character (\\u0000)';

  it('is refused in every text field of a record body, naming the field', () => {
    const result = createIncidentSchema.safeParse({
      title: `Down${NUL}`,
      description: `a${NUL}b`,
      category: NUL,
      impact: 'high',
      urgency: 'high',
      entityRefs: [`component:payments${NUL}`],
      assignedGroup: `group:ops${NUL}`,
    });
    expect(result.success).toBe(false);
    expect(describeZodError(result.error!).split('; ').sort()).toEqual(
      [
        `assignedGroup: ${message}`,
        `category: ${message}`,
        `description: ${message}`,
        `entityRefs.0: ${message}`,
        `title: ${message}`,
      ].sort(),
    );
  });

  it('is refused in comments, transitions and links', () => {
    expect(
      describeZodError(commentSchema.safeParse({ body: NUL }).error!),
    ).toBe(`body: ${message}`);
    expect(
      describeZodError(
        transitionSchema.safeParse({
          to: 'resolved',
          version: 1,
          resolutionNotes: `x${NUL}`,
        }).error!,
      ),
    ).toBe(`resolutionNotes: ${message}`);
    expect(
      describeZodError(linkSchema.safeParse({ target: `INC-1${NUL}` }).error!),
    ).toBe(`target: ${message}`);
  });

  it('leaves other control characters and text alone', () => {
    expect(commentSchema.parse({ body: 'tab\there\nand é' })).toEqual({
      body: 'tab\there\nand é',
    });
  });
});
