import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  detail,
  incident,
  mockItsmApi,
  recordRoles,
  renderItsm,
  resolvedRole,
  settled,
} from '../../__testUtils__/fixtures';

// The edit form of an incident locks what needs a role the caller does not
// act in: the change gate (group coordinator) and, once the incident has
// left `new`, its assignment (reassigning is the group coordinator's).

const COORDINATORS = resolvedRole(
  'group-coordinator',
  ['group:default/payments-coordinators'],
  'group',
);
const WHO = 'group coordinator (group:default/payments-coordinators)';

const assignmentGroup = () =>
  screen.getByRole('textbox', { name: /^Assignment group/ });
const gateBox = () =>
  screen.getByRole('checkbox', {
    name: /^The fix makes a service unavailable/,
  });

function editApi(state: string, roles: jest.Mock) {
  return mockItsmApi({
    getRecord: jest.fn().mockResolvedValue(detail(incident({ state }))),
    getRecordRoles: roles,
  });
}

describe('RecordFormPage by role', () => {
  it('locks the assignment and the change gate of a routed incident for a non-coordinator', async () => {
    const api = editApi(
      'in_progress',
      jest
        .fn()
        .mockResolvedValue(recordRoles('INC-12', ['assignee'], [COORDINATORS])),
    );
    await renderItsm(api, '/incidents/INC-12/edit');

    expect(api.getRecordRoles).toHaveBeenCalledWith('incidents', 'INC-12');
    expect(assignmentGroup()).toBeDisabled();
    expect(assignmentGroup()).toHaveAccessibleDescription(`Reassigns: ${WHO}`);
    expect(screen.getByRole('textbox', { name: /^Assignee/ })).toBeDisabled();
    expect(gateBox()).toBeDisabled();
    expect(
      screen.getAllByText(`Changes the change gate: ${WHO}`).length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('textbox', { name: /^Title/ })).toBeEnabled();
  });

  it('lets the group coordinator reassign and change the gate', async () => {
    const api = editApi(
      'in_progress',
      jest
        .fn()
        .mockResolvedValue(
          recordRoles('INC-12', ['group-coordinator'], [COORDINATORS]),
        ),
    );
    await renderItsm(api, '/incidents/INC-12/edit');

    expect(assignmentGroup()).toBeEnabled();
    expect(gateBox()).toBeEnabled();
    expect(screen.queryByText(/^Reassigns:/)).toBeNull();
  });

  it('leaves the assignment of a new incident open to anyone who edits it', async () => {
    const api = editApi(
      'new',
      jest.fn().mockResolvedValue(recordRoles('INC-12', ['requester'])),
    );
    await renderItsm(api, '/incidents/INC-12/edit');

    expect(assignmentGroup()).toBeEnabled();
    expect(gateBox()).toBeDisabled();
  });

  it('locks them when the roles cannot be read, says why and retries', async () => {
    const user = userEvent.setup({ delay: null });
    const api = editApi(
      'in_progress',
      jest
        .fn()
        .mockRejectedValueOnce(new Error('The catalog is unavailable'))
        .mockResolvedValue(
          recordRoles('INC-12', ['group-coordinator'], [COORDINATORS]),
        ),
    );
    await renderItsm(api, '/incidents/INC-12/edit');

    expect(screen.getByText('The catalog is unavailable')).toBeInTheDocument();
    expect(assignmentGroup()).toBeDisabled();
    expect(gateBox()).toBeDisabled();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Retry' })),
    );
    expect(assignmentGroup()).toBeEnabled();
    expect(gateBox()).toBeEnabled();
    expect(screen.queryByText('The catalog is unavailable')).toBeNull();
  });
});
