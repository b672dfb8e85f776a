import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  detail,
  mockItsmApi,
  renderItsm,
  SLA,
} from '../../__testUtils__/fixtures';

// An SLA says whether a degraded outage past its resolution target escalates
// to the service owner too (`escalateDegraded`; a down one always does).

const escalateDegraded = () =>
  screen.getByRole('checkbox', { name: 'Escalate degraded outages too' });

async function fillNewSla(user: ReturnType<typeof userEvent.setup>) {
  await user.type(
    await screen.findByRole('textbox', { name: /^Title/ }),
    'Payments for retail',
  );
  await user.type(
    screen.getByRole('textbox', { name: /^Customer group/ }),
    'group:default/retail',
  );
  await user.type(
    screen.getByRole('textbox', { name: /^Service owner group/ }),
    'group:default/payments-team',
  );
}

describe('RecordFormPage of an SLA', () => {
  it('creates an SLA that escalates degraded outages when ticked', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({ createRecord: jest.fn().mockResolvedValue(SLA) });
    await renderItsm(api, '/slas/new?entityRef=component:default/payments-api');

    await fillNewSla(user);
    expect(escalateDegraded()).not.toBeChecked();
    expect(escalateDegraded()).toHaveAccessibleDescription(
      /A down outage past its resolution target always escalates/,
    );
    await user.click(escalateDegraded());
    await user.click(screen.getByRole('button', { name: 'Create SLA' }));

    await waitFor(() =>
      expect(api.createRecord).toHaveBeenCalledWith(
        'slas',
        expect.objectContaining({
          title: 'Payments for retail',
          escalateDegraded: true,
        }),
      ),
    );
  });

  it('leaves it out of a new SLA when not ticked', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({ createRecord: jest.fn().mockResolvedValue(SLA) });
    await renderItsm(api, '/slas/new?entityRef=component:default/payments-api');

    await fillNewSla(user);
    await user.click(screen.getByRole('button', { name: 'Create SLA' }));

    await waitFor(() => expect(api.createRecord).toHaveBeenCalled());
    expect(api.createRecord.mock.calls[0][1]).not.toHaveProperty(
      'escalateDegraded',
    );
  });

  it('shows the SLA’s choice when editing and sends only its change', async () => {
    const user = userEvent.setup();
    const active = { ...SLA, state: 'active', escalateDegraded: true };
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(active)),
      updateRecord: jest
        .fn()
        .mockResolvedValue({ ...active, escalateDegraded: false, version: 2 }),
    });
    await renderItsm(api, '/slas/SLA-2/edit');

    await screen.findByRole('textbox', { name: /^Title/ });
    expect(escalateDegraded()).toBeChecked();
    await user.click(escalateDegraded());
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() =>
      expect(api.updateRecord).toHaveBeenCalledWith('slas', 'SLA-2', {
        version: 1,
        escalateDegraded: false,
      }),
    );
  });
});
