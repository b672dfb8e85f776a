import { approvalTurn } from './approvalTurn';

const change = { key: 'CHG-7', createdBy: 'user:default/lukas' };
const approvals = {
  required: [
    {
      approverRef: 'group:default/storefront-team',
      reason: 'customer of SLA-1',
      representatives: ['user:default/ines'],
    },
    { approverRef: 'group:default/payments-team', reason: 'service owner' },
  ],
  approvals: [],
  pending: ['group:default/storefront-team', 'group:default/payments-team'],
};

describe('approvalTurn with designated representatives', () => {
  it('offers a customer group only to its representatives', () => {
    expect(
      approvalTurn(change, approvals, {
        userEntityRef: 'user:default/ines',
        ownershipEntityRefs: [
          'user:default/ines',
          'group:default/platform-team',
        ],
      }).mine,
    ).toEqual(['group:default/storefront-team']);
    const member = approvalTurn(change, approvals, {
      userEntityRef: 'user:default/sofia',
      ownershipEntityRefs: [
        'user:default/sofia',
        'group:default/storefront-team',
      ],
    });
    expect(member.mine).toEqual([]);
    expect(member.note).toBe(
      'Approve or reject: user:default/ines (representing group:default/storefront-team) or a member of group:default/payments-team',
    );
  });

  it('lets any member decide for a group that designates nobody', () => {
    expect(
      approvalTurn(change, approvals, {
        userEntityRef: 'user:default/amara',
        ownershipEntityRefs: [
          'user:default/amara',
          'group:default/payments-team',
        ],
      }).mine,
    ).toEqual(['group:default/payments-team']);
  });
});
