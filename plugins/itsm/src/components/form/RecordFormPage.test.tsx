import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  detail,
  incident,
  INCIDENT,
  mockItsmApi,
  renderItsm,
  responseError,
} from '../../__testUtils__/fixtures';

const location = () => screen.getByTestId('location').textContent;

async function choose(
  user: ReturnType<typeof userEvent.setup>,
  label: RegExp,
  option: string,
) {
  await user.click(screen.getByRole('button', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

// Full pages with material-ui tables and dialogs: slow on a busy CI machine.

describe('RecordFormPage', () => {
  it('blocks a bad submit and shows each message under its field', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi();
    await renderItsm(api, '/incidents/new');

    expect(
      await screen.findByRole('heading', { name: 'New incident', level: 1 }),
    ).toBeInTheDocument();
    await user.type(
      screen.getByRole('textbox', { name: /Catalog entities/ }),
      'payments-api',
    );
    await user.click(screen.getByRole('button', { name: 'Create incident' }));

    const title = screen.getByRole('textbox', { name: /^Title/ });
    expect(await screen.findByText('is required')).toBeInTheDocument();
    expect(title).toHaveAttribute('aria-invalid', 'true');
    // The first refused input of the form has the focus.
    await waitFor(() =>
      expect(document.activeElement).toBe(
        document.querySelector('form [aria-invalid="true"]'),
      ),
    );
    // Each message is the description of its own input.
    expect(title).toHaveAccessibleDescription('is required');
    expect(
      screen.getByRole('textbox', { name: /Catalog entities/ }),
    ).toHaveAccessibleDescription(
      '"payments-api" is not an entity ref of the form kind:namespace/name',
    );
    // Impact and urgency are required enums.
    expect(
      screen.getAllByText(/Required|Invalid enum value/).length,
    ).toBeGreaterThanOrEqual(2);
    expect(api.createRecord).not.toHaveBeenCalled();

    // Typing into an input takes its message away, the others stay.
    await user.type(title, 'Checkout fails');
    expect(title).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByText('is required')).not.toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: /Catalog entities/ }),
    ).toHaveAttribute('aria-invalid', 'true');
  });

  it('names a bad SLA target under its input', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi();
    await renderItsm(api, '/slas/new?entityRef=component:default/payments-api');

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
      'user:default/olivia',
    );
    const p1 = screen.getByRole('spinbutton', { name: /^P1 response/ });
    await user.clear(p1);
    await user.type(p1, '0');
    await user.click(screen.getByRole('button', { name: 'Create SLA' }));

    expect(
      await screen.findByText(
        'must be a group entity ref (group:namespace/name)',
      ),
    ).toBeInTheDocument();
    expect(p1).toHaveAttribute('aria-invalid', 'true');
    expect(p1).toHaveAccessibleDescription(/greater than 0/);
    expect(
      screen.getByRole('spinbutton', { name: /^P2 response/ }),
    ).toHaveAttribute('aria-invalid', 'false');
    expect(api.createRecord).not.toHaveBeenCalled();
  });

  it('creates with the parsed body and opens the new record', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      createRecord: jest.fn().mockResolvedValue(incident({ key: 'INC-13' })),
      getRecord: jest
        .fn()
        .mockResolvedValue(detail(incident({ key: 'INC-13' }))),
    });
    await renderItsm(
      api,
      '/incidents/new?entityRef=component:default/payments-api&entityRef=Component:cart',
    );

    const refs = await screen.findByRole('textbox', {
      name: /Catalog entities/,
    });
    expect(refs).toHaveValue('component:default/payments-api\nComponent:cart');

    await user.type(
      screen.getByRole('textbox', { name: /^Title/ }),
      '  Checkout fails  ',
    );
    await choose(user, /^Impact/, 'High');
    await choose(user, /^Urgency/, 'Medium');
    expect(
      screen.getByText(/with the default matrix this incident is P2/),
    ).toBeInTheDocument();
    await user.click(
      screen.getByRole('checkbox', {
        name: 'The fix changes what the service does',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Create incident' }));

    await waitFor(() =>
      expect(api.createRecord).toHaveBeenCalledWith('incidents', {
        title: 'Checkout fails',
        entityRefs: [
          'component:default/payments-api',
          'component:default/cart',
        ],
        impact: 'high',
        urgency: 'medium',
        changeGate: {
          disruptsService: false,
          changesFunctionality: true,
          requiresCmdbUpdate: false,
        },
      }),
    );
    await waitFor(() => expect(location()).toBe('/incidents/INC-13'));
  });

  it('asks a standard change for its template, picked from the catalogue by title', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      listStandardChangeTemplates: jest.fn().mockResolvedValue([
        { id: 'cert', title: 'Rotate certs', skipApproval: true },
        {
          id: 'dbparam',
          title: 'Tune a database parameter',
          skipApproval: false,
        },
      ]),
      createRecord: jest.fn().mockResolvedValue(incident({ key: 'CHG-3' })),
    });
    await renderItsm(
      api,
      '/changes/new?entityRef=component:default/payments-api',
    );

    await user.type(
      await screen.findByRole('textbox', { name: /^Title/ }),
      'Rotate certificates',
    );
    await choose(user, /^Change type/, 'Standard');
    await user.click(screen.getByRole('button', { name: 'Create change' }));
    expect(
      screen.getByText('a standard change must name its template'),
    ).toBeInTheDocument();
    expect(api.createRecord).not.toHaveBeenCalled();

    // Each template by its title, saying whether it needs approval.
    await user.click(screen.getByRole('button', { name: /^Template/ }));
    expect(
      screen.getByRole('option', {
        name: 'Tune a database parameter (needs approval)',
      }),
    ).toBeInTheDocument();
    await user.click(
      screen.getByRole('option', {
        name: 'Rotate certs (pre-approved: no approval)',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Create change' }));
    await waitFor(() =>
      expect(api.createRecord).toHaveBeenCalledWith(
        'changes',
        expect.objectContaining({ changeType: 'standard', template: 'cert' }),
      ),
    );
  });

  it('puts server validation errors under their field, the rest in a banner', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      createRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'entityRefs: unknown catalog entity "component:default/nope"; something odd',
          ),
        ),
    });
    await renderItsm(api, '/problems/new?entityRef=component:default/nope');

    await user.type(
      await screen.findByRole('textbox', { name: /^Title/ }),
      'Recurring timeouts',
    );
    await user.click(screen.getByRole('button', { name: 'Create problem' }));

    expect(
      await screen.findByText(
        'unknown catalog entity "component:default/nope"',
      ),
    ).toBeInTheDocument();
    const entities = screen.getByRole('textbox', { name: /Catalog entities/ });
    expect(entities).toHaveAttribute('aria-invalid', 'true');
    // The refused field is brought into view and focused.
    await waitFor(() => expect(entities).toHaveFocus());
    const banner = screen.getByRole('alert');
    expect(
      within(banner).getByText('The record was not created'),
    ).toBeInTheDocument();
    expect(within(banner).getByText('something odd')).toBeInTheDocument();
  });

  it('edits by sending only the changed fields and the version', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      updateRecord: jest
        .fn()
        .mockResolvedValue(
          incident({ title: 'Checkout fails for everyone', version: 4 }),
        ),
    });
    await renderItsm(api, '/incidents/INC-12/edit');

    const title = await screen.findByRole('textbox', { name: /^Title/ });
    expect(title).toHaveValue('Checkout fails');
    // Nothing changed yet: nothing is sent.
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(
      await screen.findByText('Nothing changed; there is nothing to save.'),
    ).toBeInTheDocument();
    expect(api.updateRecord).not.toHaveBeenCalled();

    await user.clear(title);
    await user.type(title, 'Checkout fails for everyone');
    await choose(user, /^Urgency/, 'High');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() =>
      expect(api.updateRecord).toHaveBeenCalledWith('incidents', 'INC-12', {
        version: 3,
        title: 'Checkout fails for everyone',
        urgency: 'high',
      }),
    );
    await waitFor(() => expect(location()).toBe('/incidents/INC-12'));
  });

  it('clears an optional field with null', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      updateRecord: jest
        .fn()
        .mockResolvedValue(incident({ assignedGroup: null, version: 4 })),
    });
    await renderItsm(api, '/incidents/INC-12/edit');

    await user.clear(
      await screen.findByRole('textbox', { name: /^Assignment group/ }),
    );
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(api.updateRecord).toHaveBeenCalledWith('incidents', 'INC-12', {
        version: 3,
        assignedGroup: null,
      }),
    );
  });

  it('on a 409 says who changed it and shows which fields differ after reloading', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValueOnce(detail(INCIDENT))
        .mockResolvedValue(
          detail(
            incident({
              version: 4,
              title: 'Checkout is down',
              category: 'payments',
            }),
          ),
        ),
      updateRecord: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(
            409,
            'INC-12 was changed by someone else (version 4 is current, you sent 3); reload and try again',
          ),
        )
        .mockResolvedValue(incident({ version: 5 })),
    });
    await renderItsm(api, '/incidents/INC-12/edit');

    const title = await screen.findByRole('textbox', { name: /^Title/ });
    await user.clear(title);
    await user.type(title, 'Checkout fails on mobile');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(
      await screen.findByText('Someone else changed INC-12'),
    ).toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: 'Reload and compare' }),
    );

    const differing = await screen.findByRole('list', {
      name: 'Fields that differ',
    });
    expect(within(differing).getByText('Title')).toBeInTheDocument();
    expect(
      within(differing).getByText(
        /yours “Checkout fails on mobile”, now “Checkout is down”/,
      ),
    ).toBeInTheDocument();
    expect(title).toHaveValue('Checkout fails on mobile');

    // Saving again sends the new version.
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(api.updateRecord).toHaveBeenLastCalledWith('incidents', 'INC-12', {
        version: 4,
        title: 'Checkout fails on mobile',
      }),
    );
  });

  it('shows loading and error states of the edit page', async () => {
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(404, 'No incident INC-99', 'NotFoundError'),
        ),
    });
    await renderItsm(api, '/incidents/INC-99/edit');
    expect(await screen.findByText('No incident INC-99')).toBeInTheDocument();
  });

  it('does not offer a form for a finished record', async () => {
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail(incident({ state: 'closed' }))),
    });
    await renderItsm(api, '/incidents/INC-12/edit');
    expect(await screen.findByText('INC-12 has ended')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Save changes' }),
    ).not.toBeInTheDocument();
  });
});
