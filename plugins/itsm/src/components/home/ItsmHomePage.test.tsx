import { screen, within } from '@testing-library/react';
import type { ListQuery } from '../../api';
import {
  CHANGE,
  incident,
  mockItsmApi,
  renderItsm,
} from '../../__testUtils__/fixtures';

function page<T>(items: T[], totalCount = items.length) {
  return { items, totalCount };
}

function homeApi() {
  const openByPriority: Record<string, number> = { P1: 2, P2: 5, P3: 0, P4: 1 };
  return mockItsmApi({
    listRecords: jest.fn(async (type: string, query: ListQuery = {}) => {
      const states = ([] as string[]).concat(query.state ?? []);
      if (type === 'incidents' && query.priority) {
        return page([], openByPriority[query.priority as string]);
      }
      if (type === 'incidents' && states.join() === 'resolved') {
        return page([
          incident({
            state: 'resolved',
            createdAt: '2026-11-24T10:00:00Z',
            stateChangedAt: '2026-11-24T12:00:00Z',
          }),
          incident({
            state: 'resolved',
            createdAt: '2026-11-24T10:00:00Z',
            stateChangedAt: '2026-11-24T14:00:00Z',
          }),
        ]);
      }
      if (type === 'changes' && states.join() === 'closed') {
        return page([
          { ...CHANGE, state: 'closed', outcome: 'successful' },
          { ...CHANGE, state: 'closed', outcome: 'successful' },
          { ...CHANGE, state: 'closed', outcome: 'successful' },
          { ...CHANGE, state: 'closed', outcome: 'failed' },
        ]);
      }
      if (type === 'changes') {
        return page([
          { ...CHANGE, changeType: 'emergency' },
          CHANGE,
          CHANGE,
          CHANGE,
          CHANGE,
        ]);
      }
      if (type === 'problems' && states.join() === 'known_error')
        return page([], 3);
      if (type === 'problems' && states.join() === 'impasse')
        return page([], 1);
      if (type === 'problems') return page([], 7);
      if (type === 'slas') return page([], 4);
      return page([]);
    }) as any,
  });
}

// Full pages with material-ui tables and dialogs: slow on a busy CI machine.

describe('ItsmHomePage', () => {
  it('shows the process figures with links to the filtered lists', async () => {
    const api = homeApi();
    await renderItsm(api, '/');

    expect(
      screen.getByRole('heading', { name: 'ITSM', level: 1 }),
    ).toBeInTheDocument();
    const open = screen.getByRole('region', { name: 'Open incidents' });
    expect(within(open).getByText('8')).toBeInTheDocument();

    const p1 = screen.getByRole('link', { name: 'List P1 incidents' });
    expect(p1.getAttribute('href')).toBe(
      '/incidents?state=new&state=assigned&state=in_progress&state=pending&priority=P1',
    );
    expect(
      within(screen.getByRole('region', { name: 'P2 incidents' })).getByText(
        '5',
      ),
    ).toBeInTheDocument();

    const mttr = screen.getByRole('region', { name: 'Mean time to resolve' });
    expect(within(mttr).getByText('3 h')).toBeInTheDocument();
    expect(
      within(mttr).getByText(/Mean time from report to resolution/),
    ).toBeInTheDocument();

    expect(
      within(
        screen.getByRole('region', { name: 'Change success rate' }),
      ).getByText('75%'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Emergency change ratio' }),
      ).getByText('20%'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Known errors' })).getByText(
        '3',
      ),
    ).toBeInTheDocument();
    expect(
      screen
        .getByRole('link', { name: 'List known errors' })
        .getAttribute('href'),
    ).toBe('/problems?state=known_error');
    expect(
      within(screen.getByRole('region', { name: 'Active SLAs' })).getByText(
        '4',
      ),
    ).toBeInTheDocument();

    // Counts use totalCount of filtered lists.
    expect(api.listRecords).toHaveBeenCalledWith('incidents', {
      state: ['new', 'assigned', 'in_progress', 'pending'],
      priority: 'P1',
      limit: 1,
    });
    expect(api.listRecords).toHaveBeenCalledWith('incidents', {
      state: ['resolved'],
      limit: 500,
    });

    // The process links stay.
    expect(
      screen.getByRole('link', { name: 'Open Incidents' }),
    ).toBeInTheDocument();
  });

  it('shows dashes when there is nothing to measure', async () => {
    await renderItsm(mockItsmApi(), '/');

    const mttr = screen.getByRole('region', {
      name: 'Mean time to resolve',
    });
    expect(within(mttr).getByText('—')).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Change success rate' }),
      ).getByText('—'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Open incidents' })).getByText(
        '0',
      ),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the figures cannot be loaded, and keeps the links', async () => {
    const api = mockItsmApi({
      listRecords: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    await renderItsm(api, '/');

    expect(
      screen.getByText(/Could not load the process figures/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open Changes' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });
});
