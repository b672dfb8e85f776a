import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockItsmApi,
  renderCard,
  responseError,
  settled,
  SLA,
} from '../../__testUtils__/fixtures';
import { SignaturesCard } from './SignaturesCard';

describe('SignaturesCard', () => {
  it('shows who signed and offers the missing signature of a draft', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({ sign: jest.fn().mockResolvedValue(SLA) });
    await renderCard(<SignaturesCard sla={SLA} />, api);

    expect(
      screen.getByRole('link', { name: 'olivia' }).getAttribute('href'),
    ).toBe('/catalog/default/user/olivia');
    expect(
      screen.queryByRole('button', { name: 'Sign as service owner' }),
    ).not.toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Sign as customer' })),
    );
    expect(api.sign).toHaveBeenCalledWith('SLA-2', { role: 'customer' });
  });

  it('shows the server message when signing fails', async () => {
    const user = userEvent.setup({ delay: null });
    const message = 'Only a member of group:default/retail signs as customer';
    const api = mockItsmApi({
      sign: jest.fn().mockRejectedValue(await responseError(403, message)),
    });
    await renderCard(<SignaturesCard sla={SLA} />, api);

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Sign as customer' })),
    );
    expect(screen.getByText('Not signed')).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
  });

  it('offers no signing once the SLA is active', async () => {
    await renderCard(
      <SignaturesCard sla={{ ...SLA, state: 'active' }} />,
      mockItsmApi(),
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
