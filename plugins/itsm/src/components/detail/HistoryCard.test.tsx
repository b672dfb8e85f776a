import { screen, within } from '@testing-library/react';
import { mockItsmApi, renderCard } from '../../__testUtils__/fixtures';
import { HistoryCard } from './HistoryCard';

describe('HistoryCard', () => {
  it('describes each entry in words, with who and when', async () => {
    const api = mockItsmApi({
      getHistory: jest.fn().mockResolvedValue({
        items: [
          {
            at: '2026-11-24T10:00:00Z',
            actor: 'user:default/jane',
            action: 'created',
            field: null,
            from: null,
            to: { state: 'new', title: 'Checkout fails' },
          },
          {
            at: '2026-11-24T10:05:00Z',
            actor: 'user:default/jane',
            action: 'updated',
            field: 'impact',
            from: 'medium',
            to: 'high',
          },
          {
            at: '2026-11-24T10:06:00Z',
            actor: 'itsm:system',
            action: 'linked',
            field: null,
            from: null,
            to: 'PRB-3',
          },
        ],
      }),
    });
    await renderCard(<HistoryCard type="incidents" recordKey="INC-12" />, api);

    expect(api.getHistory).toHaveBeenCalledWith('incidents', 'INC-12');
    const history = within(screen.getByRole('list', { name: 'History' }));
    expect(history.getByText('Created in state New')).toBeInTheDocument();
    expect(
      history.getByText('Impact changed from medium to high'),
    ).toBeInTheDocument();
    expect(history.getByText('Linked to PRB-3')).toBeInTheDocument();
    expect(history.getByText(/ITSM \(automatic\)/)).toBeInTheDocument();
  });

  it('says when there is no history, and when it cannot be read', async () => {
    const { unmount } = await renderCard(
      <HistoryCard type="problems" recordKey="PRB-3" />,
      mockItsmApi(),
    );
    expect(screen.getByText('No history yet.')).toBeInTheDocument();
    unmount();

    await renderCard(
      <HistoryCard type="problems" recordKey="PRB-3" />,
      mockItsmApi({
        getHistory: jest.fn().mockRejectedValue(new Error('backend down')),
      }),
    );
    expect(screen.getByText(/Could not load the history/)).toBeInTheDocument();
  });
});
