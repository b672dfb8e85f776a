import { recordParties } from './parties';

describe('recordParties', () => {
  it('names the customer and service owner of an SLA', () => {
    expect(
      recordParties('slas', {
        customerGroup: 'group:default/Shop',
        serviceOwnerGroup: 'group:default/payments',
      }),
    ).toEqual(['group:default/shop', 'group:default/payments']);
  });

  it('names every approver of a change and the representatives deciding for one', () => {
    expect(
      recordParties('changes', {
        requiredApprovers: [
          { approverRef: 'group:default/payments', reason: 'owner' },
          {
            approverRef: 'group:default/shop',
            reason: 'customer',
            representatives: ['user:default/carol', 'user:default/dan'],
          },
          { approverRef: 'group:default/payments', reason: 'again' },
        ],
      }),
    ).toEqual([
      'group:default/payments',
      'group:default/shop',
      'user:default/carol',
      'user:default/dan',
    ]);
  });

  it('names nobody for other records and ignores malformed data', () => {
    expect(
      recordParties('incidents', { customerGroup: 'group:default/x' }),
    ).toEqual([]);
    expect(
      recordParties('changes', {
        requiredApprovers: [null, 3, { approverRef: 7, representatives: 'x' }],
      }),
    ).toEqual([]);
    expect(recordParties('slas', {})).toEqual([]);
  });

  it('names the service desk agent who registered an incident for its caller', () => {
    expect(
      recordParties('incidents', { registeredBy: 'User:default/Sam' }),
    ).toEqual(['user:default/sam']);
  });
});
