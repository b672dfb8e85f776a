import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockItsmApi,
  renderCard,
  responseError,
  settled,
} from '../../__testUtils__/fixtures';
import { LinksCard } from './LinksCard';

const PROBLEM_LINK = {
  key: 'PRB-3',
  type: 'problems' as const,
  title: 'Timeouts',
  state: 'known_error',
};

describe('LinksCard', () => {
  it('lists the linked records with links to their pages', async () => {
    await renderCard(
      <LinksCard type="incidents" recordKey="INC-12" links={[PROBLEM_LINK]} />,
      mockItsmApi(),
    );

    const list = within(screen.getByRole('list', { name: 'Linked records' }));
    expect(list.getByRole('link', { name: 'PRB-3' })).toHaveAttribute(
      'href',
      '/problems/PRB-3',
    );
    expect(list.getByText('Problem · Known error')).toBeInTheDocument();
  });

  it('adds a link by key', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      addLink: jest.fn().mockResolvedValue({ links: [] }),
    });
    await renderCard(
      <LinksCard type="incidents" recordKey="INC-12" links={[]} />,
      api,
    );
    expect(
      screen.getByText(
        'No linked records. Incidents link to problems (PRB-n), changes (CHG-n).',
      ),
    ).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Add link' })),
    );
    const dialog = within(screen.getByRole('dialog', { name: /Link INC-12/ }));
    await settled(() =>
      user.type(dialog.getByRole('textbox', { name: /Record key/ }), 'prb-3'),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Add link' })),
    );

    expect(api.addLink).toHaveBeenCalledWith('incidents', 'INC-12', {
      target: 'PRB-3',
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('keeps the dialog open with the server message when linking fails', async () => {
    const user = userEvent.setup({ delay: null });
    const message = 'Incidents cannot be linked to releases';
    const api = mockItsmApi({
      addLink: jest.fn().mockRejectedValue(await responseError(400, message)),
    });
    await renderCard(
      <LinksCard type="incidents" recordKey="INC-12" links={[]} />,
      api,
    );

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Add link' })),
    );
    const dialog = within(screen.getByRole('dialog'));
    await settled(() =>
      user.type(dialog.getByRole('textbox', { name: /Record key/ }), 'REL-1'),
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Add link' })),
    );
    expect(dialog.getByText(message)).toBeInTheDocument();
  });

  it('removes a link', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      removeLink: jest.fn().mockResolvedValue(undefined),
    });
    await renderCard(
      <LinksCard type="incidents" recordKey="INC-12" links={[PROBLEM_LINK]} />,
      api,
    );

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Remove link to PRB-3' })),
    );
    expect(api.removeLink).toHaveBeenCalledWith('incidents', 'INC-12', 'PRB-3');
  });

  it('says that SLAs are not linked', async () => {
    await renderCard(
      <LinksCard type="slas" recordKey="SLA-2" links={[]} />,
      mockItsmApi(),
    );
    expect(
      screen.getByText('SLAs are not linked to other records.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add link' }),
    ).not.toBeInTheDocument();
  });
});
