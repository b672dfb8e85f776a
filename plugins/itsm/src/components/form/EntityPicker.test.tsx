import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  detail,
  incident,
  INCIDENT,
  mockItsmApi,
  renderItsm,
} from '../../__testUtils__/fixtures';

const entity = (
  kind: string,
  name: string,
  namespace = 'default',
  title?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace, title },
});

const CATALOG = [
  entity('Component', 'payments-api'),
  entity('Component', 'checkout-web', 'default', 'Checkout web shop'),
  entity('Component', 'ledger'),
  entity('Resource', 'ledger'),
  entity('Group', 'payments-team'),
  entity('Group', 'platform-team'),
  entity('User', 'bob'),
  entity('User', 'alex'),
  entity('User', 'alex', 'ops'),
];

async function choose(
  user: ReturnType<typeof userEvent.setup>,
  label: RegExp,
  option: string,
) {
  await user.click(screen.getByRole('button', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

async function renderNewIncident(api = mockItsmApi()) {
  await renderItsm(
    api,
    '/incidents/new?entityRef=component:default/payments-api',
    [[catalogApiRef, catalogApiMock({ entities: CATALOG })]],
  );
  await screen.findByRole('heading', { name: 'New incident', level: 1 });
  return api;
}

describe('EntityPicker in the record form', () => {
  it('picks entities, a group and a user from the catalog', async () => {
    const user = userEvent.setup();
    const api = await renderNewIncident(
      mockItsmApi({
        createRecord: jest.fn().mockResolvedValue(incident({ key: 'INC-13' })),
      }),
    );

    // The entity of the URL is shown as a chip.
    const chosen = screen.getByRole('list', {
      name: 'Catalog entities chosen',
    });
    expect(
      within(chosen).getByText('component:default/payments-api'),
    ).toBeInTheDocument();

    const refs = screen.getByRole('combobox', { name: /Catalog entities/ });
    await user.type(refs, 'checkout');
    const listbox = await screen.findByRole('listbox', {
      name: 'Catalog entities suggestions',
    });
    expect(refs).toHaveAttribute('aria-expanded', 'true');
    await user.click(
      within(listbox).getByRole('option', { name: /Checkout web shop/ }),
    );
    expect(
      within(chosen).getByText('component:default/checkout-web'),
    ).toBeInTheDocument();
    expect(refs).toHaveValue('');

    // Only groups are offered for the group, picked with the keyboard.
    const group = screen.getByRole('combobox', { name: /^Assignment group/ });
    await user.type(group, 'team');
    const groups = await screen.findByRole('listbox', {
      name: 'Assignment group suggestions',
    });
    expect(within(groups).getAllByRole('option')).toHaveLength(2);
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(group).toHaveValue('group:default/platform-team');

    // A plain name that one user has is taken when the input is left.
    const assignee = screen.getByRole('combobox', { name: /^Assignee/ });
    await user.type(assignee, 'bob');
    await user.tab();
    await waitFor(() => expect(assignee).toHaveValue('user:default/bob'));

    await user.type(screen.getByRole('textbox', { name: /^Title/ }), 'Down');
    await choose(user, /^Impact/, 'High');
    await choose(user, /^Urgency/, 'Medium');
    await user.click(screen.getByRole('button', { name: 'Create incident' }));
    await waitFor(() =>
      expect(api.createRecord).toHaveBeenCalledWith(
        'incidents',
        expect.objectContaining({
          entityRefs: [
            'component:default/payments-api',
            'component:default/checkout-web',
          ],
          assignedGroup: 'group:default/platform-team',
          assignee: 'user:default/bob',
        }),
      ),
    );
  });

  it('refuses an ambiguous or unknown name with a message under its input', async () => {
    const user = userEvent.setup();
    const api = await renderNewIncident();

    const assignee = screen.getByRole('combobox', { name: /^Assignee/ });
    await user.type(assignee, 'alex');
    await user.tab();
    expect(
      await screen.findByText(
        '"alex" names 2 users: user:default/alex, user:ops/alex; enter one of them',
      ),
    ).toBeInTheDocument();
    expect(assignee).toHaveAttribute('aria-invalid', 'true');
    expect(assignee).toHaveValue('alex');

    const refs = screen.getByRole('combobox', { name: /Catalog entities/ });
    await user.type(refs, 'nothing-here{Enter}');
    expect(refs).toHaveAccessibleDescription(
      'No catalog entity is named "nothing-here"',
    );
    // Kept as typed, so the form refuses it.
    expect(
      within(
        screen.getByRole('list', { name: 'Catalog entities chosen' }),
      ).getByText('nothing-here'),
    ).toBeInTheDocument();

    // A name that one entity has becomes its ref.
    await user.type(refs, 'payments-team{Enter}');
    expect(
      await screen.findByText('group:default/payments-team'),
    ).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: /^Title/ }), 'Down');
    await choose(user, /^Impact/, 'High');
    await choose(user, /^Urgency/, 'Medium');
    await user.click(screen.getByRole('button', { name: 'Create incident' }));
    expect(
      await screen.findByText(/"nothing-here" is not an entity ref/),
    ).toBeInTheDocument();
    expect(api.createRecord).not.toHaveBeenCalled();
  });
});

describe('EntityPicker without a catalog', () => {
  it('is a plain input, and a plain name is refused under it on edit', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
    });
    await renderItsm(api, '/incidents/INC-12/edit');

    const assignee = await screen.findByRole('textbox', { name: /^Assignee/ });
    expect(
      screen.queryByRole('combobox', { name: /^Assignee/ }),
    ).not.toBeInTheDocument();
    await user.clear(assignee);
    await user.type(assignee, 'bob');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(
      await screen.findByText(
        '"bob" is not an entity ref of the form kind:namespace/name',
      ),
    ).toBeInTheDocument();
    expect(assignee).toHaveAttribute('aria-invalid', 'true');
    expect(api.updateRecord).not.toHaveBeenCalled();
  });
});

describe('EntityPicker on the edit form', () => {
  it('shows the current refs, resolves a name and refuses an ambiguous one', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      updateRecord: jest.fn().mockResolvedValue(incident({ version: 4 })),
    });
    await renderItsm(api, '/incidents/INC-12/edit', [
      [catalogApiRef, catalogApiMock({ entities: CATALOG })],
    ]);

    const group = await screen.findByRole('combobox', {
      name: /^Assignment group/,
    });
    expect(group).toHaveValue('group:default/payments-team');

    const assignee = screen.getByRole('combobox', { name: /^Assignee/ });
    await user.type(assignee, 'alex{Enter}');
    expect(
      await screen.findByText(/^"alex" names 2 users/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(assignee).toHaveAttribute('aria-invalid', 'true');
    expect(api.updateRecord).not.toHaveBeenCalled();

    await user.clear(assignee);
    await user.type(assignee, 'bob{Enter}');
    await waitFor(() => expect(assignee).toHaveValue('user:default/bob'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(api.updateRecord).toHaveBeenCalledWith('incidents', 'INC-12', {
        version: 3,
        assignee: 'user:default/bob',
      }),
    );
  });
});
