import { TestApiProvider } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { ItsmApi, itsmApiRef } from '../../api';
import {
  failing,
  kpis,
  mockItsmApi,
  pending,
  renderSettled,
} from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { ItsmHomePage } from './ItsmHomePage';

function renderHome(api: ItsmApi) {
  return renderSettled(
    <TestApiProvider apis={[[itsmApiRef, api]]}>
      <ItsmHomePage />
    </TestApiProvider>,
    { mountedRoutes: { '/': rootRouteRef } },
  );
}

const tile = (name: string) => within(screen.getByRole('region', { name }));

describe('ItsmHomePage', () => {
  it('shows the figures the backend computed, with links to the filtered lists', async () => {
    const api = mockItsmApi({
      getKpis: jest.fn().mockResolvedValue(
        kpis({
          incidents: {
            open: { total: 8, byPriority: { P1: 2, P2: 5, P3: 0, P4: 1 } },
            reported: 40,
            resolved: 12,
            meanTimeToResolveMs: 3 * 3600_000,
            reopened: 3,
            reopenRate: 0.25,
            major: 2,
            escalations: 1,
            sendBacks: 4,
            reassignments: 6,
          },
          problems: { open: 7, knownErrors: 3, impasse: 1 },
          changes: {
            closed: 41,
            successful: 37,
            failed: 2,
            backedOut: 2,
            successRate: 37 / 41,
            causedIncidents: 5,
            reported: 51,
            emergency: 3,
            emergencyRatio: 3 / 51,
          },
          slas: { active: 4 },
          releases: {
            cabMeetings: {
              closed: 12,
              included: 30,
              rejected: 4,
              carriedOver: 9,
              latest: Array.from({ length: 12 }, (_, i) => ({
                key: `CAB-${40 - i}`,
                closedAt: new Date(
                  Date.now() - (i + 1) * 86_400_000,
                ).toISOString(),
                included: i === 0 ? 3 : 2,
                rejected: i === 0 ? 1 : 0,
                carriedOver: i === 0 ? 2 : 1,
              })),
            },
            rfcsFulfilled: 27,
            rfcsReturnedUnmet: 9,
            requirementsFulfilledRate: 0.75,
            businessCases: { sentBack: 3, rejected: 1 },
            additionalChanges: { total: 5, finish: 3, backout: 2 },
            coordinationFinished: 9,
            withTargetDate: 8,
            onTime: 6,
            onTimeRate: 0.75,
          },
        }),
      ),
    });
    await renderHome(api);

    expect(
      screen.getByRole('heading', { name: 'ITSM', level: 1 }),
    ).toBeInTheDocument();
    // One request for every figure, and no list read to sample from.
    expect(api.getKpis).toHaveBeenCalledTimes(1);
    expect(api.listRecords).not.toHaveBeenCalled();

    expect(tile('Open incidents').getByText('8')).toBeInTheDocument();
    expect(tile('P2 incidents').getByText('5')).toBeInTheDocument();
    expect(
      screen
        .getByRole('link', { name: 'List P1 incidents' })
        .getAttribute('href'),
    ).toBe(
      '/incidents?state=new&state=assigned&state=in_progress&state=pending&priority=P1',
    );
    expect(tile('Mean time to resolve').getByText('3 h')).toBeInTheDocument();
    expect(
      tile('Mean time to resolve').getByText(
        /of the 12 incidents resolved in the last 90 days, whether closed or reopened since/,
      ),
    ).toBeInTheDocument();
    expect(tile('Reopen rate').getByText('25%')).toBeInTheDocument();
    expect(tile('Change success rate').getByText('90.2%')).toBeInTheDocument();
    expect(
      tile('Change success rate').getByText(
        '37 of the 41 changes closed in the last 90 days with an outcome were successful.',
      ),
    ).toBeInTheDocument();
    expect(
      tile('Emergency change ratio').getByText('5.9%'),
    ).toBeInTheDocument();
    expect(tile('Failed or backed out').getByText('4')).toBeInTheDocument();
    expect(
      tile('Changes that caused incidents').getByText('5'),
    ).toBeInTheDocument();
    expect(tile('Major incidents').getByText('2')).toBeInTheDocument();
    expect(tile('Reassignments').getByText('6')).toBeInTheDocument();
    expect(tile('Known errors').getByText('3')).toBeInTheDocument();
    expect(
      screen
        .getByRole('link', { name: 'List known errors' })
        .getAttribute('href'),
    ).toBe('/problems?state=known_error');
    expect(tile('Active SLAs').getByText('4')).toBeInTheDocument();

    // The release figures, rates as percentages.
    expect(
      screen.getByRole('heading', { name: 'Releases', level: 3 }),
    ).toBeInTheDocument();
    // The card of each process is titled by a heading (level 2, under the h1).
    for (const name of [
      'Incidents',
      'Problems',
      'Changes',
      'Releases',
      'SLAs',
    ]) {
      expect(
        screen.getByRole('heading', { name, level: 2 }),
      ).toBeInTheDocument();
    }
    expect(tile('CAB meetings').getByText('12')).toBeInTheDocument();
    expect(
      tile('CAB meetings').getByText(
        'Closed in the last 90 days: 30 RFCs included, 4 rejected and 9 carried over to the next meeting.',
      ),
    ).toBeInTheDocument();
    expect(tile('Requirements fulfilled').getByText('75%')).toBeInTheDocument();
    expect(
      tile('Requirements fulfilled').getByText(
        '27 RFCs closed as fulfilled and 9 returned unmet in the last 90 days.',
      ),
    ).toBeInTheDocument();
    expect(tile('RFCs returned unmet').getByText('9')).toBeInTheDocument();
    expect(tile('Rejected business cases').getByText('4')).toBeInTheDocument();
    expect(
      tile('Changes after partial failure').getByText(
        '3 to finish and 2 to back out, added to release plans in the last 90 days.',
      ),
    ).toBeInTheDocument();
    expect(tile('Releases on time').getByText('75%')).toBeInTheDocument();
    expect(
      tile('Releases on time').getByText(
        /6 of the 8 releases with a target date/,
      ),
    ).toBeInTheDocument();
    // The latest meetings, ten of them, newest first, each with its decisions.
    const meetings = within(
      screen.getByRole('table', { name: 'Latest CAB meetings' }),
    ).getAllByRole('row');
    expect(meetings).toHaveLength(11);
    expect(
      within(meetings[1])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['CAB-40', expect.any(String), '3', '1', '2']);
    expect(within(meetings[10]).getByText('CAB-31')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The latest 10 of the 12 meetings closed in the last 90 days.',
      ),
    ).toBeInTheDocument();
    // Nothing on the page speaks of a sample any more.
    expect(screen.queryByText(/newest|at most the last/)).toBeNull();

    // The process links stay.
    expect(
      screen.getByRole('link', { name: 'Open Incidents' }),
    ).toBeInTheDocument();
  });

  it('shows dashes for rates and means with nothing to measure', async () => {
    await renderHome(mockItsmApi());

    expect(tile('Mean time to resolve').getByText('—')).toBeInTheDocument();
    expect(tile('Change success rate').getByText('—')).toBeInTheDocument();
    expect(tile('Emergency change ratio').getByText('—')).toBeInTheDocument();
    expect(tile('Open incidents').getByText('0')).toBeInTheDocument();
    // Release rates with nothing to measure say so.
    expect(tile('Requirements fulfilled').getByText('n/a')).toBeInTheDocument();
    expect(tile('Releases on time').getByText('n/a')).toBeInTheDocument();
    expect(tile('CAB meetings').getByText('0')).toBeInTheDocument();
    expect(
      screen.getByText('No CAB meeting closed in the last 90 days.'),
    ).toBeInTheDocument();
  });

  it('shows the loading state while the figures load', async () => {
    await renderHome(mockItsmApi({ getKpis: jest.fn(pending()) }));

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Open incidents' })).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Open Changes' }),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the figures cannot be loaded, and keeps the links', async () => {
    await renderHome(
      mockItsmApi({ getKpis: jest.fn(failing('backend down')) }),
    );

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
