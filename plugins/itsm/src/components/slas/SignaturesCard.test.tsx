import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockItsmApi,
  pending,
  recordRoles,
  renderCard,
  resolvedRole,
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

  it('offers signing only to the role that signs, and says who does', async () => {
    const retail = resolvedRole(
      'customer-representative',
      ['group:default/retail'],
      'sla',
    );
    const asOwner = mockItsmApi({
      getRecordRoles: jest
        .fn()
        .mockResolvedValue(recordRoles('SLA-2', ['service-owner'], [retail])),
    });
    await renderCard(<SignaturesCard sla={SLA} />, asOwner);

    expect(asOwner.getRecordRoles).toHaveBeenCalledWith('slas', 'SLA-2');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Sign as customer: customer representative (group:default/retail)',
      ),
    ).toBeInTheDocument();
  });

  it('offers no signing while the roles load or when they cannot be read', async () => {
    const { unmount } = await renderCard(
      <SignaturesCard sla={SLA} />,
      mockItsmApi({ getRecordRoles: jest.fn(pending()) }),
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    unmount();

    await renderCard(
      <SignaturesCard sla={SLA} />,
      mockItsmApi({
        getRecordRoles: jest
          .fn()
          .mockRejectedValue(new Error('The catalog is unavailable')),
      }),
    );
    expect(
      screen.queryByRole('button', { name: 'Sign as customer' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('The catalog is unavailable')).toBeInTheDocument();
  });
});
