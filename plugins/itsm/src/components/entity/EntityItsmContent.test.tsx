import { screen, within } from '@testing-library/react';
import type { ListQuery } from '../../api';
import { rootRouteRef } from '../../routes';
import { EntityItsmContent } from './EntityItsmContent';
import {
  availability as availabilityAnswer,
  entityChange,
  componentEntity,
  ENTITY_REF,
  entityOfKind,
  failing,
  entityIncident,
  mockItsmApi,
  page,
  pending,
  entityProblem,
  renderSettled,
  entitySla,
  withEntity,
} from '../../__testUtils__/fixtures';

function changes(query: ListQuery) {
  const states = query.state as string[];
  if (states.includes('closed')) {
    return Promise.resolve(
      page([entityChange('CHG-1', { state: 'closed', outcome: 'successful' })]),
    );
  }
  return Promise.resolve(
    page([
      entityChange('CHG-9', {
        state: 'draft',
        plannedStart: null,
        plannedEnd: null,
      }),
      entityChange('CHG-8', {
        state: 'scheduled',
        plannedStart: '2026-12-01T22:00:00.000Z',
        plannedEnd: '2026-12-01T23:00:00.000Z',
      }),
    ]),
  );
}

const fullApi = () =>
  mockItsmApi({
    lists: {
      incidents: () =>
        Promise.resolve(
          page(
            [
              entityIncident('INC-12', {
                title: 'Checkout fails',
                priority: 'P1',
                major: true,
                state: 'in_progress',
              }),
              entityIncident('INC-11', {
                title: 'Slow refunds',
                state: 'pending',
              }),
            ],
            60,
          ),
        ),
      changes,
      problems: () =>
        Promise.resolve(
          page([entityProblem('PRB-3', { title: 'Pool leaks' })]),
        ),
      slas: () => Promise.resolve(page([entitySla('SLA-1', 99.5)])),
    },
  });

function region(name: string) {
  return screen.getByRole('region', { name });
}

function rowsOf(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent ?? ''),
    );
}

describe('EntityItsmContent', () => {
  it('shows the open incidents of the entity with links to them', async () => {
    const api = fullApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );

    const table = within(region('Open incidents')).getByRole('table', {
      name: 'Open incidents',
    });
    const rows = rowsOf(table);
    expect(rows.map(r => r.slice(0, 4))).toEqual([
      ['INC-12', 'Checkout fails', 'P1 (major)', 'In progress'],
      ['INC-11', 'Slow refunds', 'P2', 'Pending'],
    ]);
    expect(within(table).getByRole('link', { name: 'INC-12' })).toHaveAttribute(
      'href',
      '/itsm/incidents/INC-12',
    );
    expect(
      within(region('Open incidents')).getByText('2 of 60 shown'),
    ).toBeInTheDocument();
    const all = new URL(
      within(region('Open incidents'))
        .getByRole('link', { name: 'View all 60' })
        .getAttribute('href')!,
      'http://localhost',
    );
    expect(all.pathname).toBe('/itsm/incidents');
    expect(all.searchParams.get('entityRef')).toBe(ENTITY_REF);
    expect(all.searchParams.getAll('state')).toEqual([
      'new',
      'assigned',
      'in_progress',
      'pending',
    ]);
    expect(api.listRecords).toHaveBeenCalledWith('incidents', {
      entityRef: [ENTITY_REF],
      state: ['new', 'assigned', 'in_progress', 'pending'],
      limit: 50,
    });
  });

  it('shows planned changes soonest first, and recently finished ones', async () => {
    const api = fullApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );

    const section = region('Changes');
    const planned = rowsOf(
      within(section).getByRole('table', {
        name: 'Planned and in-progress changes',
      }),
    );
    expect(planned.map(r => [r[0], r[2]])).toEqual([
      ['CHG-8', 'Scheduled'],
      ['CHG-9', 'Draft'],
    ]);
    expect(planned[1][3]).toBe('Not planned');
    expect(planned[0][3]).toMatch(/2026/);
    const finished = rowsOf(
      within(section).getByRole('table', { name: 'Recently finished changes' }),
    );
    expect(finished).toEqual([
      ['CHG-1', 'Change CHG-1', 'Closed', expect.any(String), 'Successful'],
    ]);
    expect(
      within(section).getByRole('link', { name: 'CHG-8' }),
    ).toHaveAttribute('href', '/itsm/changes/CHG-8');

    expect(api.listRecords).toHaveBeenCalledWith('changes', {
      entityRef: [ENTITY_REF],
      state: [
        'draft',
        'review',
        'planning',
        'approval',
        'scheduled',
        'implementing',
        'verifying',
        'in_release',
      ],
      limit: 50,
    });
    expect(api.listRecords).toHaveBeenCalledWith('changes', {
      entityRef: [ENTITY_REF],
      state: ['closed', 'rejected', 'cancelled'],
      limit: 5,
    });
  });

  it('judges each SLA by the figure measured in its own service hours', async () => {
    const api = mockItsmApi({
      lists: { slas: () => Promise.resolve(page([entitySla('SLA-1', 99.5)])) },
      availability: () =>
        Promise.resolve({
          ...availabilityAnswer(),
          slas: [
            {
              key: 'SLA-1',
              title: 'Agreement SLA-1',
              calendar: 'business-hours-eu',
              target: 99.5,
              availability: 98,
              agreedMinutes: 10000,
              downtimeMinutes: 200,
              met: false,
            },
          ],
        }),
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );
    expect(
      rowsOf(
        within(region('SLA status')).getByRole('table', {
          name: 'Active SLAs',
        }),
      )[0].at(-1),
    ).toBe('Target violated');
  });

  it('shows problems, the SLA status and the availability against the target', async () => {
    const api = fullApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );

    expect(rowsOf(within(region('Problems')).getByRole('table'))).toEqual([
      ['PRB-3', 'Pool leaks', 'Known error', 'Yes'],
    ]);
    // Open problems: a resolved problem waits for its verification and is
    // no longer listed (the process model; the home page counts the same).
    expect(api.listRecords).toHaveBeenCalledWith('problems', {
      entityRef: [ENTITY_REF],
      state: [
        'new',
        'under_investigation',
        'root_cause_known',
        'known_error',
        'impasse',
      ],
      limit: 50,
    });

    expect(
      rowsOf(
        within(region('SLA status')).getByRole('table', {
          name: 'Active SLAs',
        }),
      ),
    ).toEqual([['SLA-1', 'Agreement SLA-1', 'shop', '99.5%', 'Target met']]);
    expect(
      within(region('SLA status')).getByRole('link', { name: 'SLA-1' }),
    ).toHaveAttribute('href', '/itsm/slas/SLA-1');

    const availability = region('Availability');
    expect(
      within(availability).getByText(/Target met: 99\.791% against 99\.5%/),
    ).toBeInTheDocument();
    expect(
      within(availability).getByRole('img', {
        name: /Availability per day over 30 days, lowest 93\.75%, SLA target 99\.5%/,
      }),
    ).toBeInTheDocument();
  });

  it('links "Report incident" and "File RFC" to the forms with the entity filled in', async () => {
    const api = fullApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );

    const report = screen.getByRole('link', { name: 'Report incident' });
    const rfc = screen.getByRole('link', { name: 'File RFC' });
    const reportUrl = new URL(report.getAttribute('href')!, 'http://localhost');
    const rfcUrl = new URL(rfc.getAttribute('href')!, 'http://localhost');
    expect(reportUrl.pathname).toBe('/itsm/incidents/new');
    expect(reportUrl.searchParams.get('entityRef')).toBe(ENTITY_REF);
    expect(rfcUrl.pathname).toBe('/itsm/changes/new');
    expect(rfcUrl.searchParams.get('entityRef')).toBe(ENTITY_REF);
  });

  it('links to where the app mounted the ITSM page', async () => {
    const api = fullApi();
    await renderSettled(
      withEntity(
        api,
        entityOfKind('System', 'payments'),
        <EntityItsmContent />,
      ),
      { mountedRoutes: { '/service-desk': rootRouteRef } },
    );

    const rfc = screen.getByRole('link', { name: 'File RFC' });
    expect(rfc.getAttribute('href')).toBe(
      '/service-desk/changes/new?entityRef=system%3Adefault%2Fpayments',
    );
    expect(screen.getByRole('link', { name: 'INC-12' })).toHaveAttribute(
      'href',
      '/service-desk/incidents/INC-12',
    );
  });

  it('says so in every section when the entity has no ITSM records', async () => {
    const api = mockItsmApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );

    expect(
      within(region('Open incidents')).getByText('No open incidents.'),
    ).toBeInTheDocument();
    expect(
      within(region('Changes')).getByText('No planned or running changes.'),
    ).toBeInTheDocument();
    expect(
      within(region('Changes')).getByText('No finished changes.'),
    ).toBeInTheDocument();
    expect(
      within(region('Problems')).getByText('No open problems.'),
    ).toBeInTheDocument();
    expect(
      within(region('SLA status')).getByText(
        'No active SLA covers this entity.',
      ),
    ).toBeInTheDocument();
    expect(
      within(region('Availability')).getByText(
        /No active SLA covers this entity, so there is no target/,
      ),
    ).toBeInTheDocument();
    // The links are there even when nothing is recorded yet.
    expect(
      screen.getByRole('link', { name: 'Report incident' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'File RFC' })).toBeInTheDocument();
  });

  it('shows an error in the failing section and keeps the others', async () => {
    const api = mockItsmApi({
      lists: {
        incidents: failing('Request failed with 500 Internal Server Error'),
        problems: () => Promise.resolve(page([entityProblem('PRB-3')])),
      },
      availability: failing('availability is not computed yet'),
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );

    const incidents = within(region('Open incidents')).getByRole('alert');
    expect(incidents).toHaveTextContent('Could not load open incidents');
    expect(incidents).toHaveTextContent('500 Internal Server Error');
    expect(within(region('Availability')).getByRole('alert')).toHaveTextContent(
      'Availability figure unavailable',
    );
    expect(
      within(region('Problems')).getByRole('link', { name: 'PRB-3' }),
    ).toBeInTheDocument();
    expect(
      within(region('SLA status')).getByText(
        'No active SLA covers this entity.',
      ),
    ).toBeInTheDocument();
  });

  it('shows progress in each section while loading', async () => {
    const api = mockItsmApi({
      lists: {
        incidents: pending(),
        changes: pending(),
        problems: pending(),
        slas: pending(),
      },
      availability: pending(),
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );

    for (const name of [
      'Loading open incidents',
      'Loading planned changes',
      'Loading recent changes',
      'Loading problems',
      'Loading SLAs',
      'Loading availability',
    ]) {
      expect(screen.getByRole('progressbar', { name })).toBeInTheDocument();
    }
  });
});
