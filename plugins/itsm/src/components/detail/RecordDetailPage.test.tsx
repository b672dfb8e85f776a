import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHANGE,
  detail,
  incident,
  INCIDENT,
  mockItsmApi,
  renderItsm,
  responseError,
  settled,
  SLA,
} from '../../__testUtils__/fixtures';

// The page of a record: header, actions of the state, transitions and the
// cards each record type brings. The cards themselves have their own tests.
// Every read and write is a resolved mock and every step runs inside act
// (`renderItsm`, `settled`), so no assertion waits on the clock; the long
// jest timeout only guards against a hang on a loaded machine.

const actions = () => within(screen.getByRole('group', { name: 'Actions' }));
const actionLabels = () =>
  actions()
    .getAllByRole('button')
    .map(b => b.textContent);
const heading = (name: string) =>
  screen.getByRole('heading', { name, level: 1 });

describe('RecordDetailPage', () => {
  it('shows the record with its fields, links and cards, never raw ids', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(
        detail(INCIDENT, [
          {
            key: 'PRB-3',
            type: 'problems',
            title: 'Timeouts',
            state: 'known_error',
          },
        ]),
      ),
    });
    await renderItsm(api, '/incidents/INC-12');

    expect(heading('INC-12: Checkout fails')).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledWith('incidents', 'INC-12');
    expect(screen.getByLabelText('State: New')).toBeInTheDocument();
    expect(screen.getByLabelText('Priority P2')).toBeInTheDocument();
    expect(
      screen
        .getByRole('link', { name: 'component:payments-api' })
        .getAttribute('href'),
    ).toBe('/catalog/default/component/payments-api');
    expect(
      screen.getByRole('link', { name: 'PRB-3' }).getAttribute('href'),
    ).toBe('/problems/PRB-3');
    // The cards of an incident page, each with its own read.
    expect(
      screen.getByRole('region', { name: 'SLA clocks' }),
    ).toBeInTheDocument();
    expect(api.getIncidentSla).toHaveBeenCalledWith('INC-12');
    expect(api.getHistory).toHaveBeenCalledWith('incidents', 'INC-12');
    expect(api.listComments).toHaveBeenCalledWith('incidents', 'INC-12', {
      limit: 50,
    });
    expect(screen.queryByRole('region', { name: 'Approvals' })).toBeNull();
    expect(document.body.textContent).not.toContain(INCIDENT.id);
  });

  it('shows the approvals and the assessment on a change, and no SLA clocks', async () => {
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail({ ...CHANGE, approvals: [] })),
    });
    await renderItsm(api, '/changes/CHG-7');

    expect(
      screen.getByRole('region', { name: 'Approvals' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Assessment' }),
    ).toBeInTheDocument();
    expect(api.getApprovals).toHaveBeenCalledWith('CHG-7');
    expect(screen.queryByRole('region', { name: 'SLA clocks' })).toBeNull();
    expect(screen.queryByLabelText(/^Priority/)).toBeNull();
    // Schedule waits for the approval still pending.
    expect(actionLabels()).toEqual([
      'Send back to planning',
      'Reject',
      'Cancel',
      'Edit',
    ]);
    expect(
      screen.getByText(
        'Schedule is not offered yet: approval still required from group:default/payments-team.',
      ),
    ).toBeInTheDocument();
  });

  it('shows signatures, targets, versions, availability and reports on an SLA', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(SLA)),
    });
    await renderItsm(api, '/slas/SLA-2');

    for (const name of ['Targets', 'Versions', 'Availability', 'Term report']) {
      expect(screen.getByRole('region', { name })).toBeInTheDocument();
    }
    expect(
      screen.getByRole('button', { name: 'Sign as customer' }),
    ).toBeInTheDocument();
  });

  it('shows only the allowed actions of the state', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
    });
    await renderItsm(api, '/incidents/INC-12');

    expect(actionLabels()).toEqual([
      'Assign',
      'Resolve',
      'Cancel',
      'Assign to me',
      'Edit',
    ]);
    expect(
      screen.getByRole('button', { name: 'Edit' }).getAttribute('href'),
    ).toBe('/incidents/INC-12/edit');
  });

  it('shows no actions and no edit for a closed record', async () => {
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail(incident({ state: 'closed' }))),
    });
    await renderItsm(api, '/incidents/INC-12');

    expect(actions().queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText(/can no longer be changed/)).toBeInTheDocument();
  });

  it('asks for the reason, posts the transition with the version and reloads', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      transition: jest
        .fn()
        .mockResolvedValue(incident({ state: 'cancelled', version: 4 })),
    });
    await renderItsm(api, '/incidents/INC-12');

    await settled(() =>
      user.click(actions().getByRole('button', { name: 'Cancel' })),
    );
    const dialog = within(
      screen.getByRole('dialog', { name: 'Cancel: INC-12' }),
    );
    // No reason: blocked.
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Cancel INC-12' })),
    );
    expect(dialog.getByText('Reason is required')).toBeInTheDocument();
    expect(api.transition).not.toHaveBeenCalled();

    await settled(() =>
      user.type(
        dialog.getByRole('textbox', { name: /Reason/ }),
        'Duplicate of INC-11',
      ),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Cancel INC-12' })),
    );

    expect(api.transition).toHaveBeenCalledWith('incidents', 'INC-12', {
      to: 'cancelled',
      version: 3,
      reason: 'Duplicate of INC-11',
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The record and its cards are read again.
    expect(api.getRecord).toHaveBeenCalledTimes(2);
    expect(api.getHistory).toHaveBeenCalledTimes(2);
  });

  it('asks for the resolution code when resolving', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      transition: jest
        .fn()
        .mockResolvedValue(incident({ state: 'resolved', version: 4 })),
    });
    await renderItsm(api, '/incidents/INC-12');

    await settled(() =>
      user.click(actions().getByRole('button', { name: 'Resolve' })),
    );
    const dialog = within(
      screen.getByRole('dialog', { name: 'Resolve: INC-12' }),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Resolve INC-12' })),
    );
    expect(dialog.getByText('Resolution code is required')).toBeInTheDocument();

    await settled(() =>
      user.click(dialog.getByRole('button', { name: /Resolution code/ })),
    );
    await settled(() =>
      user.click(screen.getByRole('option', { name: 'Workaround' })),
    );
    await settled(() =>
      user.type(
        dialog.getByRole('textbox', { name: 'Resolution notes' }),
        'Restarted the pods',
      ),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Resolve INC-12' })),
    );

    expect(api.transition).toHaveBeenCalledWith('incidents', 'INC-12', {
      to: 'resolved',
      version: 3,
      resolutionCode: 'workaround',
      resolutionNotes: 'Restarted the pods',
    });
  });

  it('posts transitions without inputs at once', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail(incident({ state: 'resolved' }))),
      transition: jest.fn().mockResolvedValue(incident({ state: 'closed' })),
    });
    await renderItsm(api, '/incidents/INC-12');
    expect(actionLabels()).toEqual(['Close', 'Reopen', 'Edit']);

    await settled(() =>
      user.click(actions().getByRole('button', { name: 'Close' })),
    );
    expect(api.transition).toHaveBeenCalledWith('incidents', 'INC-12', {
      to: 'closed',
      version: 3,
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the server message of a 409 and offers to reload', async () => {
    const user = userEvent.setup({ delay: null });
    const message =
      'INC-12 was changed by someone else (version 4 is current, you sent 3); reload and try again';
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValueOnce(detail(incident({ state: 'resolved' })))
        .mockResolvedValue(
          detail(
            incident({
              state: 'resolved',
              version: 4,
              title: 'Checkout fails again',
            }),
          ),
        ),
      transition: jest
        .fn()
        .mockRejectedValue(await responseError(409, message)),
    });
    await renderItsm(api, '/incidents/INC-12');

    await settled(() =>
      user.click(actions().getByRole('button', { name: 'Close' })),
    );
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(
      screen.getByText('The server refused this step'),
    ).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Reload' })),
    );
    expect(heading('INC-12: Checkout fails again')).toBeInTheDocument();
    expect(screen.queryByText(message)).not.toBeInTheDocument();
  });

  it('shows a 409 inside the dialog with a Reload button', async () => {
    const user = userEvent.setup({ delay: null });
    const message =
      'Cannot resolve INC-12: the fix disrupts the service; link a change first';
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      transition: jest
        .fn()
        .mockRejectedValue(await responseError(409, message)),
    });
    await renderItsm(api, '/incidents/INC-12');

    await settled(() =>
      user.click(actions().getByRole('button', { name: 'Resolve' })),
    );
    const dialog = within(screen.getByRole('dialog'));
    await settled(() =>
      user.click(dialog.getByRole('button', { name: /Resolution code/ })),
    );
    await settled(() =>
      user.click(screen.getByRole('option', { name: 'Fixed' })),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Resolve INC-12' })),
    );

    expect(dialog.getByText(message)).toBeInTheDocument();
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Reload' })),
    );
    expect(api.getRecord).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says when the record does not exist', async () => {
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(404, 'No incident INC-99', 'NotFoundError'),
        ),
    });
    await renderItsm(api, '/incidents/INC-99');

    expect(screen.getByText('No incident INC-99')).toBeInTheDocument();
    expect(
      screen
        .getByRole('link', { name: 'Back to incidents' })
        .getAttribute('href'),
    ).toBe('/incidents');
  });

  it('shows other errors in an error panel', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    await renderItsm(api, '/incidents/INC-12');

    expect(screen.getByText(/Could not load INC-12/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });
});
