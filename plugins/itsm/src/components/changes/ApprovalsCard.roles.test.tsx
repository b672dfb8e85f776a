import { mockApis } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ItsmChangeApprovals } from '../../api';
import {
  CHANGE,
  mockItsmApi,
  pending,
  renderCard,
  settled,
} from '../../__testUtils__/fixtures';
import { ApprovalsCard } from './ApprovalsCard';

// Approve / Reject are offered to a member of a pending approver (the
// caller's ownership claims), once per group and round, and never to the
// requester of the change (CHG-7 was requested by Jane); "Decide for" lists
// only the pending approvers the caller represents.

const PAYMENTS = 'group:default/payments-team';
const STOREFRONT = 'group:default/storefront';
const BOARD = 'group:default/change-board';

const approvals = (
  pendingRefs: string[],
  decided: ItsmChangeApprovals['approvals'] = [],
): ItsmChangeApprovals => ({
  required: pendingRefs.map(approverRef => ({
    approverRef,
    reason: 'affected',
    ...(approverRef === BOARD ? { quorum: 2 } : {}),
  })),
  approvals: decided,
  pending: pendingRefs,
});

const caller = (name: string, groups: string[]) =>
  mockApis.identity({
    userEntityRef: `user:default/${name}`,
    ownershipEntityRefs: [`user:default/${name}`, ...groups],
  });

const card = () => within(screen.getByRole('region', { name: 'Approvals' }));

async function renderAs(
  answer: ItsmChangeApprovals,
  identity: Parameters<typeof renderCard>[2],
) {
  const api = mockItsmApi({
    getApprovals: jest.fn().mockResolvedValue(answer),
    decideApproval: jest.fn().mockResolvedValue(CHANGE),
  });
  await renderCard(<ApprovalsCard change={CHANGE} />, api, identity);
  return api;
}

describe('ApprovalsCard by role', () => {
  it('offers a member of a pending approver to decide, for their groups only', async () => {
    const user = userEvent.setup({ delay: null });
    const api = await renderAs(approvals([PAYMENTS, STOREFRONT, BOARD]), [
      caller('olivia', [PAYMENTS, STOREFRONT]),
    ]);

    expect(card().getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(card().getByRole('button', { name: 'Reject' })).toBeEnabled();

    await settled(() =>
      user.click(card().getByRole('button', { name: 'Approve' })),
    );
    const dialog = within(
      screen.getByRole('dialog', { name: 'Approve CHG-7' }),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: /Decide for/ })),
    );
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'Every pending approver I represent',
      'group:payments-team',
      'group:storefront',
    ]);
    await settled(() =>
      user.click(screen.getByRole('option', { name: 'group:storefront' })),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Approve' })),
    );
    expect(api.decideApproval).toHaveBeenCalledWith('CHG-7', {
      decision: 'approve',
      approverRef: STOREFRONT,
    });
  });

  it('asks no choice of a member of one pending approver', async () => {
    const user = userEvent.setup({ delay: null });
    await renderAs(approvals([PAYMENTS, STOREFRONT]), [
      caller('olivia', [PAYMENTS]),
    ]);

    await settled(() =>
      user.click(card().getByRole('button', { name: 'Reject' })),
    );
    const dialog = within(screen.getByRole('dialog', { name: 'Reject CHG-7' }));
    expect(dialog.queryByRole('button', { name: /Decide for/ })).toBeNull();
  });

  it('offers nothing to a non-member and says who decides', async () => {
    await renderAs(approvals([PAYMENTS, STOREFRONT]), [
      caller('max', ['group:default/platform']),
    ]);

    expect(card().queryByRole('button')).toBeNull();
    expect(
      card().getByText(
        'Approve or reject: a member of group:default/payments-team or a member of group:default/storefront',
      ),
    ).toBeInTheDocument();
  });

  it('offers nothing to the requester, even a member of the approver', async () => {
    await renderAs(approvals([PAYMENTS]), [caller('jane', [PAYMENTS])]);

    expect(card().queryByRole('button')).toBeNull();
    expect(
      card().getByText(
        'You requested CHG-7 and nobody approves their own proposal. Approve or reject: a member of group:default/payments-team',
      ),
    ).toBeInTheDocument();
  });

  it('counts a member once towards a quorum', async () => {
    await renderAs(
      approvals(
        [BOARD],
        [
          {
            approverRef: BOARD,
            decision: 'approve',
            reason: null,
            decidedBy: 'user:default/max',
            decidedAt: '2026-11-22T10:00:00.000Z',
            superseded: false,
          },
        ],
      ),
      [caller('max', [BOARD])],
    );

    expect(card().queryByRole('button')).toBeNull();
    expect(
      card().getByText(
        'Approve or reject: another member of group:default/change-board',
      ),
    ).toBeInTheDocument();
  });

  it('offers nothing while the identity loads or when it cannot be read', async () => {
    const { unmount } = await renderCard(
      <ApprovalsCard change={CHANGE} />,
      mockItsmApi({
        getApprovals: jest.fn().mockResolvedValue(approvals([PAYMENTS])),
      }),
      [mockApis.identity.mock({ getBackstageIdentity: jest.fn(pending()) })],
    );
    expect(card().queryByRole('button')).toBeNull();
    expect(
      card().getByText('Checking whom you represent…'),
    ).toBeInTheDocument();
    unmount();

    const user = userEvent.setup({ delay: null });
    const getBackstageIdentity = jest
      .fn()
      .mockRejectedValueOnce(new Error('No session'))
      .mockResolvedValue({
        type: 'user',
        userEntityRef: 'user:default/olivia',
        ownershipEntityRefs: [PAYMENTS],
      });
    await renderCard(
      <ApprovalsCard change={CHANGE} />,
      mockItsmApi({
        getApprovals: jest.fn().mockResolvedValue(approvals([PAYMENTS])),
      }),
      [mockApis.identity.mock({ getBackstageIdentity })],
    );
    expect(
      card().getByText('Could not read who you are; no decision is offered'),
    ).toBeInTheDocument();
    expect(card().getByText('No session')).toBeInTheDocument();
    expect(card().queryByRole('button', { name: 'Approve' })).toBeNull();

    await settled(() =>
      user.click(card().getByRole('button', { name: 'Retry' })),
    );
    expect(card().getByRole('button', { name: 'Approve' })).toBeEnabled();
  });
});
