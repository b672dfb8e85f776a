import {
  findTransition,
  TransitionDef,
} from '@backstage-itsm/plugin-itsm-common';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { INCIDENT, responseError } from '../../__testUtils__/fixtures';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import { TransitionDialog } from './TransitionDialog';

const RESOLVE = findTransition('incidents', 'in_progress', 'resolved')!;
const ASSIGN = findTransition('incidents', 'new', 'assigned')!;

function renderDialog(
  transition: TransitionDef,
  onSubmit = jest.fn().mockResolvedValue(undefined),
) {
  const onReload = jest.fn();
  render(
    <TransitionDialog
      type="incidents"
      record={INCIDENT}
      transition={transition}
      onSubmit={onSubmit}
      onClose={jest.fn()}
      onReload={onReload}
    />,
  );
  const dialog = screen.getByRole('dialog', {
    name: `${transition.label}: INC-12`,
  });
  return { dialog, onSubmit, onReload };
}

// Material-UI selects and dialogs: slow on a busy CI machine.

describe('TransitionDialog', () => {
  it('shows a missing required input under it and sends nothing', async () => {
    const user = userEvent.setup();
    const { dialog, onSubmit } = renderDialog(RESOLVE);

    await user.click(
      within(dialog).getByRole('button', { name: 'Resolve INC-12' }),
    );
    const message = await within(dialog).findByText(
      'Resolution code is required',
    );
    // The helper text of the select, under it.
    expect(message).toHaveAttribute(
      'id',
      'transition-resolutionCode-helper-text',
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('posts the body with the version once the inputs are valid', async () => {
    const user = userEvent.setup();
    const { dialog, onSubmit } = renderDialog(RESOLVE);

    await user.click(
      within(dialog).getByRole('button', { name: /Resolution code/ }),
    );
    await user.click(await screen.findByRole('option', { name: 'Workaround' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Resolution notes' }),
      'Restarted the pods',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Resolve INC-12' }),
    );

    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        to: 'resolved',
        version: 3,
        resolutionCode: 'workaround',
        resolutionNotes: 'Restarted the pods',
      }),
    );
  });

  it('checks an assignee with the shared schema, under its input', async () => {
    const user = userEvent.setup();
    const { dialog, onSubmit } = renderDialog(ASSIGN);

    const group = within(dialog).getByRole('textbox', {
      name: 'Assignment group',
    });
    expect(group).toHaveValue('group:default/payments-team');
    const assignee = within(dialog).getByRole('textbox', { name: 'Assignee' });
    await user.type(assignee, 'group:default/ops');
    await user.click(
      within(dialog).getByRole('button', { name: 'Assign INC-12' }),
    );
    expect(
      await within(dialog).findByText(
        'must be a user entity ref (user:namespace/name)',
      ),
    ).toBeInTheDocument();
    expect(assignee).toHaveAccessibleDescription(
      'must be a user entity ref (user:namespace/name)',
    );
    expect(onSubmit).not.toHaveBeenCalled();

    await user.clear(assignee);
    await user.type(assignee, 'user:default/jane');
    await user.click(
      within(dialog).getByRole('button', { name: 'Assign INC-12' }),
    );
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        to: 'assigned',
        version: 3,
        assignee: 'user:default/jane',
      }),
    );
  });

  it('picks the assignee from the catalog, a plain name resolved', async () => {
    const user = userEvent.setup();
    const onSubmit = jest.fn().mockResolvedValue(undefined);
    const catalog = catalogApiMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'bob', namespace: 'default' },
        },
      ],
    });
    render(
      <TestApiProvider apis={[[catalogApiRef, catalog]]}>
        <TransitionDialog
          type="incidents"
          record={INCIDENT}
          transition={ASSIGN}
          onSubmit={onSubmit}
          onClose={jest.fn()}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Assign: INC-12' });
    const assignee = within(dialog).getByRole('combobox', {
      name: /^Assignee/,
    });
    await user.type(assignee, 'bob');
    await user.tab();
    await user.click(
      within(dialog).getByRole('button', { name: 'Assign INC-12' }),
    );
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        to: 'assigned',
        version: 3,
        assignee: 'user:default/bob',
      }),
    );
  });

  it('shows a refusal of the server and offers to reload on a conflict', async () => {
    const user = userEvent.setup();
    const message = 'INC-12 was changed by someone else; reload and try again';
    const { dialog, onReload } = renderDialog(
      RESOLVE,
      jest.fn().mockRejectedValue(await responseError(409, message)),
    );

    await user.click(
      within(dialog).getByRole('button', { name: /Resolution code/ }),
    );
    await user.click(await screen.findByRole('option', { name: 'Fixed' }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Resolve INC-12' }),
    );

    const banner = await within(dialog).findByRole('alert');
    expect(
      within(banner).getByText('The server refused this step'),
    ).toBeInTheDocument();
    expect(within(banner).getByText(message)).toBeInTheDocument();
    await user.click(within(banner).getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalled();
    // The dialog can be used again.
    expect(
      within(dialog).getByRole('button', { name: 'Resolve INC-12' }),
    ).toBeEnabled();
  });
});
