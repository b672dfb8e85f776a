import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHANGE,
  detail,
  mockItsmApi,
  pending,
  recordRoles,
  renderCard,
  renderItsm,
  resolvedRole,
  responseError,
  settled,
  SLA,
} from '../../__testUtils__/fixtures';
import type { ItsmApproval } from '@backstage-itsm/plugin-itsm-common';
import { RecordActions } from './RecordActions';

// The steps of a record page are offered by the caller's roles on the
// record (`getRecordRoles().callerRoles` against `TransitionDef.roles`); the
// others say who takes them. CHG-7 waits in approval: the change manager
// schedules, sends back or rejects it; its requester or the change
// coordinator cancel it.

const actionLabels = () =>
  within(screen.getByRole('group', { name: 'Actions' }))
    .queryAllByRole('button')
    .map(b => b.textContent);
const takenByOthers = () =>
  within(screen.getByRole('list', { name: 'Taken by others' }))
    .getAllByRole('listitem')
    .map(li => li.textContent);

const CAB = resolvedRole('change-manager', ['group:default/cab'], 'config');

/** The approval of CHG-7's one required approver: the round is complete. */
const APPROVED: ItsmApproval = {
  approverRef: 'group:default/payments-team',
  decision: 'approve',
  reason: null,
  decidedBy: 'user:default/olivia',
  decidedAt: '2026-11-22T10:00:00.000Z',
  superseded: false,
};

function changeApi(roles: jest.Mock, approvals = [APPROVED]) {
  return mockItsmApi({
    getRecord: jest.fn().mockResolvedValue(detail({ ...CHANGE, approvals })),
    getRecordRoles: roles,
    transition: jest
      .fn()
      .mockResolvedValue({ ...CHANGE, state: 'scheduled', version: 6 }),
  });
}

describe('RecordActions by role', () => {
  it('offers the change manager the steps of approval, and names who cancels', async () => {
    const user = userEvent.setup({ delay: null });
    const api = changeApi(
      jest
        .fn()
        .mockResolvedValue(recordRoles('CHG-7', ['change-manager'], [CAB])),
    );
    await renderItsm(api, '/changes/CHG-7');

    expect(api.getRecordRoles).toHaveBeenCalledWith('changes', 'CHG-7');
    expect(actionLabels()).toEqual([
      'Schedule',
      'Send back to planning',
      'Reject',
      'Edit',
    ]);
    expect(takenByOthers()).toEqual([
      'Cancel: requester (user:default/jane) or change coordinator (group:default/payments-team)',
    ]);

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Schedule' })),
    );
    expect(api.transition).toHaveBeenCalledWith('changes', 'CHG-7', {
      to: 'scheduled',
      version: 5,
    });
    // The roles are read again with the record.
    expect(api.getRecordRoles).toHaveBeenCalledTimes(2);
  });

  it('hides the change manager steps from the requester and says who takes them', async () => {
    const api = changeApi(
      jest.fn().mockResolvedValue(recordRoles('CHG-7', ['requester'], [CAB])),
    );
    await renderItsm(api, '/changes/CHG-7');

    expect(actionLabels()).toEqual(['Cancel', 'Edit']);
    expect(screen.queryByRole('button', { name: 'Schedule' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(takenByOthers()).toEqual([
      'Schedule: change manager (group:default/cab)',
      'Send back to planning: change manager (group:default/cab)',
      'Reject: change manager (group:default/cab)',
    ]);
  });

  it('offers no Schedule while approvals are pending, and says why', async () => {
    const api = changeApi(
      jest
        .fn()
        .mockResolvedValue(recordRoles('CHG-7', ['change-manager'], [CAB])),
      // Olivia's approval belongs to an earlier round.
      [{ ...APPROVED, superseded: true }],
    );
    await renderItsm(api, '/changes/CHG-7');

    expect(actionLabels()).toEqual(['Send back to planning', 'Reject', 'Edit']);
    expect(
      screen.getByText(
        'Schedule is not offered yet: approval still required from group:default/payments-team.',
      ),
    ).toBeInTheDocument();
    expect(takenByOthers()).not.toContainEqual(
      expect.stringMatching(/^Schedule/),
    );
  });

  it('offers no Schedule after a rejection', async () => {
    const api = changeApi(
      jest
        .fn()
        .mockResolvedValue(recordRoles('CHG-7', ['change-manager'], [CAB])),
      [{ ...APPROVED, decision: 'reject', reason: 'too risky' }],
    );
    await renderItsm(api, '/changes/CHG-7');

    expect(actionLabels()).toEqual(['Send back to planning', 'Reject', 'Edit']);
    expect(
      screen.getByText(
        'Schedule is not offered yet: rejected by group:default/payments-team.',
      ),
    ).toBeInTheDocument();
  });

  it('offers no step while the roles load', async () => {
    const api = changeApi(jest.fn(pending()));
    await renderItsm(api, '/changes/CHG-7');

    expect(actionLabels()).toEqual(['Edit']);
    expect(
      screen.getByText('Checking your roles on CHG-7…'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Taken by others' })).toBeNull();
  });

  it('shows why no step is offered when the roles cannot be read, and retries', async () => {
    const user = userEvent.setup({ delay: null });
    const api = changeApi(
      jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(
            503,
            'The catalog is unavailable',
            'ServiceUnavailableError',
          ),
        )
        .mockResolvedValue(recordRoles('CHG-7', ['change-manager'], [CAB])),
    );
    await renderItsm(api, '/changes/CHG-7');

    expect(actionLabels()).toEqual(['Edit']);
    expect(
      screen.getByText('Could not read your roles; no step is offered'),
    ).toBeInTheDocument();
    expect(screen.getByText('The catalog is unavailable')).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Retry' })),
    );
    expect(actionLabels()).toEqual([
      'Schedule',
      'Send back to planning',
      'Reject',
      'Edit',
    ]);
    expect(
      screen.queryByText('Could not read your roles; no step is offered'),
    ).toBeNull();
  });
});

// Editing an SLA (a new version of it) is managing it: only its service
// level manager (ACTION_ROLES['slas.manage']) is offered Edit. SLA-2 is a
// draft: its service level manager activates or declines it, its customer
// representative declines it.
describe('Edit of an SLA by role', () => {
  const SLM = resolvedRole(
    'service-level-manager',
    ['group:default/service-levels'],
    'config',
  );
  const slaApi = (roles: jest.Mock) => mockItsmApi({ getRecordRoles: roles });

  it('offers Edit to the service level manager', async () => {
    const api = slaApi(
      jest
        .fn()
        .mockResolvedValue(
          recordRoles('SLA-2', ['service-level-manager'], [SLM]),
        ),
    );
    await renderCard(<RecordActions record={SLA} />, api);

    expect(api.getRecordRoles).toHaveBeenCalledWith('slas', 'SLA-2');
    expect(actionLabels()).toEqual(['Activate', 'Decline', 'Edit']);
    expect(
      screen.getByRole('button', { name: 'Edit' }).getAttribute('href'),
    ).toBe('/slas/SLA-2/edit');
    expect(screen.queryByRole('list', { name: 'Taken by others' })).toBeNull();
  });

  it('hides Edit from anyone else and says who edits', async () => {
    const api = slaApi(
      jest
        .fn()
        .mockResolvedValue(
          recordRoles('SLA-2', ['customer-representative'], [SLM]),
        ),
    );
    await renderCard(<RecordActions record={SLA} />, api);

    expect(actionLabels()).toEqual(['Decline']);
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(takenByOthers()).toEqual([
      'Activate: service level manager (group:default/service-levels)',
      'Edit: service level manager (group:default/service-levels)',
    ]);
  });

  it('offers no Edit of an SLA while the roles load or when they cannot be read', async () => {
    const { unmount } = await renderCard(
      <RecordActions record={SLA} />,
      slaApi(jest.fn(pending())),
    );
    expect(actionLabels()).toEqual([]);
    unmount();

    await renderCard(
      <RecordActions record={SLA} />,
      slaApi(
        jest
          .fn()
          .mockRejectedValue(
            await responseError(503, 'The catalog is unavailable'),
          ),
      ),
    );
    expect(actionLabels()).toEqual([]);
    expect(
      screen.getByText('Could not read your roles; no step is offered'),
    ).toBeInTheDocument();
  });

  it('still offers Edit of a change whatever the roles: the policy decides', async () => {
    const api = changeApi(
      jest.fn().mockResolvedValue(recordRoles('CHG-7', [], [CAB])),
    );
    await renderItsm(api, '/changes/CHG-7');
    expect(actionLabels()).toEqual(['Edit']);
  });
});
