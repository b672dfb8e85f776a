import { mockApis } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  detail,
  INCIDENT,
  mockItsmApi,
  recordRoles,
  renderCard,
  responseError,
  settled,
} from '../../__testUtils__/fixtures';
import { RecordActions } from './RecordActions';

// "Assign to me" on a record page: offered to whoever may take the record
// (an incident's Assign: a member of its assignment group or its group
// coordinator; once routed, a reassignment by the group coordinator), as
// the caller's roles on the record say; the server decides again.

const OLIVIA = 'user:default/olivia';
const me = mockApis.identity({
  userEntityRef: OLIVIA,
  ownershipEntityRefs: [OLIVIA, 'group:default/payments-team'],
});

const actions = () =>
  within(screen.getByRole('group', { name: 'Actions' }))
    .queryAllByRole('button')
    .map(b => b.textContent);

async function renderActions(
  record: typeof INCIDENT,
  callerRoles: Parameters<typeof recordRoles>[1],
) {
  const api = mockItsmApi({
    getRecordRoles: jest
      .fn()
      .mockResolvedValue(recordRoles(record.key, callerRoles)),
    transition: jest.fn().mockResolvedValue({ ...record, state: 'assigned' }),
    updateRecord: jest.fn().mockResolvedValue(record),
  });
  await renderCard(<RecordActions record={detail(record)} />, api, [me]);
  return api;
}

describe('Assign to me', () => {
  it('lets a member of the assignment group take a new incident by its Assign step', async () => {
    const user = userEvent.setup({ delay: null });
    const api = await renderActions(INCIDENT, ['assignee']);
    expect(actions()).toContain('Assign to me');
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Assign to me' })),
    );
    expect(api.transition).toHaveBeenCalledWith('incidents', 'INC-12', {
      to: 'assigned',
      version: INCIDENT.version,
      assignee: OLIVIA,
    });
    expect(api.updateRecord).not.toHaveBeenCalled();
  });

  it('lets the group coordinator take an incident in progress by reassigning it', async () => {
    const user = userEvent.setup({ delay: null });
    const working = {
      ...INCIDENT,
      state: 'in_progress',
      assignee: 'user:default/sam',
    };
    const api = await renderActions(working, ['group-coordinator']);
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Assign to me' })),
    );
    expect(api.updateRecord).toHaveBeenCalledWith('incidents', 'INC-12', {
      version: INCIDENT.version,
      assignee: OLIVIA,
    });
  });

  it('is not offered to someone without the role, nor on a record already theirs or no longer open', async () => {
    await renderActions({ ...INCIDENT, state: 'in_progress' }, ['assignee']);
    expect(actions()).not.toContain('Assign to me');
  });

  it('is not offered on an incident already assigned to the caller', async () => {
    await renderActions({ ...INCIDENT, assignee: OLIVIA }, ['assignee']);
    expect(actions()).not.toContain('Assign to me');
  });

  it('is not offered on a resolved incident', async () => {
    await renderActions({ ...INCIDENT, state: 'resolved' }, [
      'group-coordinator',
    ]);
    expect(actions()).not.toContain('Assign to me');
  });

  it('shows the server refusal', async () => {
    const user = userEvent.setup({ delay: null });
    const api = await renderActions(INCIDENT, ['assignee']);
    api.transition.mockRejectedValue(
      await responseError(403, 'Only the group coordinator may reassign'),
    );
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Assign to me' })),
    );
    expect(
      screen.getByText(/Only the group coordinator may reassign/),
    ).toBeInTheDocument();
  });
});
