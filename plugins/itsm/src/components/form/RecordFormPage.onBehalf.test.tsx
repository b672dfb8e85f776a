import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  detail,
  incident,
  mockItsmApi,
  renderItsm,
} from '../../__testUtils__/fixtures';

async function choose(
  user: ReturnType<typeof userEvent.setup>,
  label: RegExp,
  option: string,
) {
  await user.click(screen.getByRole('button', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

// A service desk agent registers an incident for whoever called: the
// caller becomes its requester, the agent is shown as who registered it.

describe('an incident registered on behalf of a caller', () => {
  it('sends the caller picked in "Caller (on behalf of)" as onBehalfOf', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      createRecord: jest.fn().mockResolvedValue(incident({ key: 'INC-13' })),
      getRecord: jest
        .fn()
        .mockResolvedValue(detail(incident({ key: 'INC-13' }))),
    });
    await renderItsm(
      api,
      '/incidents/new?entityRef=component:default/payments-api',
    );
    await user.type(
      await screen.findByRole('textbox', { name: /^Title/ }),
      'Card reader down',
    );
    await choose(user, /^Impact/, 'Low');
    await choose(user, /^Urgency/, 'Low');
    const caller = screen.getByRole('textbox', {
      name: /^Caller \(on behalf of\)/,
    });
    expect(caller).toHaveAccessibleDescription(/they become the requester/);
    await user.type(caller, 'User:default/Carol');
    await user.click(screen.getByRole('button', { name: 'Create incident' }));
    await waitFor(() =>
      expect(api.createRecord).toHaveBeenCalledWith(
        'incidents',
        expect.objectContaining({ onBehalfOf: 'user:default/carol' }),
      ),
    );
  });

  it('refuses a caller that is not a user ref under the input', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({ createRecord: jest.fn() });
    await renderItsm(
      api,
      '/incidents/new?entityRef=component:default/payments-api',
    );
    await user.type(
      await screen.findByRole('textbox', { name: /^Title/ }),
      'Card reader down',
    );
    await choose(user, /^Impact/, 'Low');
    await choose(user, /^Urgency/, 'Low');
    await user.type(
      screen.getByRole('textbox', { name: /^Caller \(on behalf of\)/ }),
      'group:default/payments-team',
    );
    await user.click(screen.getByRole('button', { name: 'Create incident' }));
    expect(
      await screen.findByText(/must be a user entity ref/),
    ).toBeInTheDocument();
    expect(api.createRecord).not.toHaveBeenCalled();
  });

  it('is not asked again when editing', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(incident())),
    });
    await renderItsm(api, '/incidents/INC-12/edit');
    await screen.findByRole('textbox', { name: /^Title/ });
    expect(
      screen.queryByRole('textbox', { name: /^Caller/ }),
    ).not.toBeInTheDocument();
  });

  it('says on the detail page who registered it on behalf of whom', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(
        detail(
          incident({
            createdBy: 'user:default/carol',
            registeredBy: 'user:default/sam',
          }),
        ),
      ),
    });
    await renderItsm(api, '/incidents/INC-12');
    const row = (await screen.findByText('Registered')).closest('li, tr, div');
    expect(row?.parentElement).toHaveTextContent(
      /by\s*sam\s*on behalf of\s*carol/,
    );
  });
});
