import {
  internalCommentRoles,
  seesInternalComments,
  worksTheRecord,
} from './comments';
import { ResolvedRole } from './roles';
import { commentSchema, createIncidentSchema } from '../schemas';
import { describeZodError } from '../zodErrors';

const roles: ResolvedRole[] = [
  { role: 'requester', holders: ['user:default/carol'], source: 'record' },
  {
    role: 'assignee',
    holders: ['group:default/desk', 'user:default/bob'],
    source: 'record',
  },
  { role: 'service-owner', holders: ['group:default/owners'], source: 'owner' },
  {
    role: 'customer-representative',
    holders: ['user:default/cora'],
    source: 'record',
  },
];

describe('internal comments', () => {
  it('are for every role but the requester and the customer representative', () => {
    expect(internalCommentRoles(roles).map(r => r.role)).toEqual([
      'assignee',
      'service-owner',
    ]);
    expect(seesInternalComments(['requester'])).toBe(false);
    expect(seesInternalComments(['customer-representative'])).toBe(false);
    expect(seesInternalComments([])).toBe(false);
    expect(seesInternalComments(['requester', 'assignee'])).toBe(true);
    expect(seesInternalComments(['change-coordinator'])).toBe(true);
  });

  it('are seen by whoever acts in such a role', () => {
    expect(worksTheRecord(['user:default/carol'], roles)).toBe(false);
    expect(worksTheRecord(['user:default/cora'], roles)).toBe(false);
    expect(
      worksTheRecord(['user:default/x', 'group:default/desk'], roles),
    ).toBe(true);
    expect(worksTheRecord(['User:default/Bob'], roles)).toBe(true);
    expect(worksTheRecord(['group:default/owners'], roles)).toBe(true);
  });

  it('are asked for by a visibility the schema checks', () => {
    expect(commentSchema.parse({ body: 'x' })).toEqual({ body: 'x' });
    expect(commentSchema.parse({ body: 'x', visibility: 'internal' })).toEqual({
      body: 'x',
      visibility: 'internal',
    });
    const bad = commentSchema.safeParse({ body: 'x', visibility: 'secret' });
    expect(bad.success).toBe(false);
    expect(describeZodError(bad.error!)).toMatch(/^visibility: /);
  });

  it('an incident names the caller it is registered for as a user ref', () => {
    const base = {
      title: 't',
      entityRefs: ['component:a'],
      impact: 'low',
      urgency: 'low',
    };
    expect(
      createIncidentSchema.parse({ ...base, onBehalfOf: 'user:default/Carol' })
        .onBehalfOf,
    ).toBe('user:default/carol');
    const plain = createIncidentSchema.safeParse({
      ...base,
      onBehalfOf: 'bob',
    });
    expect(describeZodError(plain.error!)).toMatch(/^onBehalfOf: /);
    expect(createIncidentSchema.parse(base).onBehalfOf).toBeUndefined();
  });
});
