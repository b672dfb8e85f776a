import { mockApis } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHANGE,
  mockItsmApi,
  renderCard,
  settled,
} from '../../__testUtils__/fixtures';
import { ApprovalsCard } from './ApprovalsCard';

const PENDING = {
  required: CHANGE.requiredApprovers,
  approvals: [],
  pending: ['group:default/payments-team'],
};

// Olivia is a member of the pending approver (CHG-7 was requested by Jane).
const APPROVER = mockApis.identity({
  userEntityRef: 'user:default/olivia',
  ownershipEntityRefs: ['user:default/olivia', 'group:default/payments-team'],
});

const card = () => within(screen.getByRole('region', { name: 'Approvals' }));

describe('ApprovalsCard', () => {
  it('shows who must approve, why, and the decisions so far', async () => {
    const api = mockItsmApi({
      getApprovals: jest.fn().mockResolvedValue({
        required: [
          ...CHANGE.requiredApprovers,
          { approverRef: 'group:default/storefront', reason: 'customer' },
        ],
        approvals: [
          {
            approverRef: 'group:default/storefront',
            decision: 'approve',
            reason: 'Fine',
            decidedBy: 'user:default/sam',
            decidedAt: '2026-11-22T10:00:00.000Z',
            superseded: false,
          },
          {
            approverRef: 'group:default/payments-team',
            decision: 'reject',
            reason: 'Too early',
            decidedBy: 'user:default/olivia',
            decidedAt: '2026-11-20T10:00:00.000Z',
            superseded: true,
          },
        ],
        pending: ['group:default/payments-team'],
      }),
    });
    await renderCard(<ApprovalsCard change={CHANGE} />, api);

    expect(api.getApprovals).toHaveBeenCalledWith('CHG-7');
    const rows = within(
      card().getByRole('table', { name: 'Required approvals' }),
    )
      .getAllByRole('row')
      .slice(1)
      .map(row => row.textContent);
    expect(rows[0]).toBe(
      'group:payments-teamservice owner of component:default/payments-apiPending',
    );
    expect(rows[1]).toMatch(
      /^group:storefrontcustomerApproved by sam, .*: Fine$/,
    );
    expect(card().getByText(/rejected by olivia/)).toBeInTheDocument();
    expect(screen.getByText('1 pending')).toBeInTheDocument();
  });

  it('shows each approver in the state of the round, quorum included', async () => {
    const decision = (
      approverRef: string,
      decidedBy: string,
      value: 'approve' | 'reject',
    ) => ({
      approverRef,
      decision: value,
      reason: null,
      decidedBy,
      decidedAt: '2026-11-22T10:00:00.000Z',
      superseded: false,
    });
    const api = mockItsmApi({
      getApprovals: jest.fn().mockResolvedValue({
        required: [
          {
            approverRef: 'group:default/change-board',
            reason: 'CAB',
            quorum: 2,
          },
          { approverRef: 'group:default/storefront', reason: 'customer' },
        ],
        approvals: [
          decision('group:default/change-board', 'user:default/max', 'approve'),
          decision('group:default/storefront', 'user:default/sam', 'approve'),
          decision('group:default/storefront', 'user:default/ina', 'reject'),
        ],
        pending: ['group:default/change-board'],
      }),
    });
    await renderCard(<ApprovalsCard change={CHANGE} />, api);

    const [board, storefront] = within(
      card().getByRole('table', { name: 'Required approvals' }),
    )
      .getAllByRole('row')
      .slice(1);
    // One of the two members the board needs has approved: still pending.
    expect(board).toHaveTextContent(/CABPending$/);
    // Any rejection of a member rejects, whatever came first.
    expect(storefront).toHaveTextContent(/customerRejected by ina, /);
  });

  it('approves with a reason', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getApprovals: jest.fn().mockResolvedValue(PENDING),
      decideApproval: jest
        .fn()
        .mockResolvedValue({ ...CHANGE, state: 'scheduled' }),
    });
    await renderCard(<ApprovalsCard change={CHANGE} />, api, [APPROVER]);

    await settled(() =>
      user.click(card().getByRole('button', { name: 'Approve' })),
    );
    const dialog = within(
      screen.getByRole('dialog', { name: 'Approve CHG-7' }),
    );
    await settled(() =>
      user.type(dialog.getByRole('textbox', { name: /Reason/ }), 'Low risk'),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Approve' })),
    );

    expect(api.decideApproval).toHaveBeenCalledWith('CHG-7', {
      decision: 'approve',
      reason: 'Low risk',
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The approvals are read again after the decision.
    expect(api.getApprovals).toHaveBeenCalledTimes(2);
  });

  it('needs a reason to reject', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getApprovals: jest.fn().mockResolvedValue(PENDING),
      decideApproval: jest
        .fn()
        .mockResolvedValue({ ...CHANGE, state: 'planning' }),
    });
    await renderCard(<ApprovalsCard change={CHANGE} />, api, [APPROVER]);

    await settled(() =>
      user.click(card().getByRole('button', { name: 'Reject' })),
    );
    const dialog = within(screen.getByRole('dialog', { name: 'Reject CHG-7' }));
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Reject' })),
    );
    expect(dialog.getByText('a rejection needs a reason')).toBeInTheDocument();
    expect(api.decideApproval).not.toHaveBeenCalled();

    await settled(() =>
      user.type(
        dialog.getByRole('textbox', { name: /Reason/ }),
        'Risk analysis misses the cart',
      ),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Reject' })),
    );
    expect(api.decideApproval).toHaveBeenCalledWith('CHG-7', {
      decision: 'reject',
      reason: 'Risk analysis misses the cart',
      rejection: 'planning',
    });
  });

  it('offers no decision while no approval round is open', async () => {
    const api = mockItsmApi({
      getApprovals: jest.fn().mockResolvedValue(PENDING),
    });
    await renderCard(
      <ApprovalsCard change={{ ...CHANGE, state: 'scheduled' }} />,
      api,
    );
    expect(card().getByText('Pending')).toBeInTheDocument();
    expect(
      card().queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });
});
