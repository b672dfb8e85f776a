import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  renderInTestApp as renderInLegacyTestApp,
  TestApiProvider as LegacyTestApiProvider,
} from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { itsmPage } from '../alpha';
import { itsmApiRef } from '../api';
import { rootRouteRef } from '../routes';
import {
  detail,
  INCIDENT,
  mockItsmApi,
  renderItsm,
} from '../__testUtils__/fixtures';
import { ItsmRouter } from './ItsmRouter';

// The long timeout only guards against a hang on a loaded machine; every
// read is a resolved mock and the renders settle inside act.

const href = (role: 'link' | 'button', name: string) =>
  screen.getByRole(role, { name }).getAttribute('href');

describe('ItsmRouter', () => {
  it('shows the ITSM home with a link to every process', async () => {
    await renderItsm(mockItsmApi(), '/');

    expect(
      screen.getByRole('heading', { name: 'ITSM', level: 1 }),
    ).toBeInTheDocument();
    for (const name of [
      'Incidents',
      'Problems',
      'Changes',
      'Releases',
      'SLAs',
    ]) {
      expect(href('link', `Open ${name}`)).toBe(`/${name.toLowerCase()}`);
    }
  });

  it('shows an honest empty state on a record type page', async () => {
    const api = mockItsmApi();
    await renderItsm(api, '/changes');

    expect(
      screen.getByRole('heading', { name: 'Changes', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByText('No changes yet')).toBeInTheDocument();
    expect(api.listRecords).toHaveBeenCalledWith('changes', { limit: 50 });
  });

  it('says so when the record type does not exist', async () => {
    await renderItsm(mockItsmApi(), '/tickets');

    expect(screen.getByText('No such ITSM page')).toBeInTheDocument();
    expect(href('link', 'Back to ITSM')).toBe('/');
  });
});

/** Renders the plugin's page extension at /itsm, as the app mounts it. */
async function renderPage(path: string, api = mockItsmApi()) {
  await act(async () => {
    renderTestApp({
      extensions: [itsmPage],
      initialRouteEntries: [path],
      apis: [[itsmApiRef, api]],
    });
    await new Promise(resolve => setTimeout(resolve, 0));
  });
}

describe('ItsmRouter mounted by the plugin page at /itsm (new frontend system)', () => {
  it('links a list to its records and forms through the route refs', async () => {
    const api = mockItsmApi({
      listRecords: jest
        .fn()
        .mockResolvedValue({ items: [INCIDENT], totalCount: 1 }),
    });
    await renderPage('/itsm/incidents', api);

    expect(
      screen.getByRole('heading', { name: 'Incidents', level: 1 }),
    ).toBeInTheDocument();
    expect(href('link', 'INC-12')).toBe('/itsm/incidents/INC-12');
    expect(href('button', 'Create')).toBe('/itsm/incidents/new');
    expect(href('link', 'component:payments-api')).toBe(
      '/catalog/default/component/payments-api',
    );
  });

  it('links a record to its edit form, its list and linked records', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(
        detail(INCIDENT, [
          {
            key: 'PRB-3',
            type: 'problems',
            title: 'Timeouts',
            state: 'known_error',
          },
        ]),
      ),
    });
    await renderPage('/itsm/incidents/INC-12', api);

    expect(
      screen.getByRole('heading', { name: 'INC-12: Checkout fails', level: 1 }),
    ).toBeInTheDocument();
    expect(href('button', 'Edit')).toBe('/itsm/incidents/INC-12/edit');
    expect(href('link', 'PRB-3')).toBe('/itsm/problems/PRB-3');
    expect(href('link', 'Incident')).toBe('/itsm/incidents');
  });

  it('serves the home with figures, process links and the calendar', async () => {
    await renderPage('/itsm');

    expect(
      screen.getByRole('heading', { name: 'ITSM', level: 1 }),
    ).toBeInTheDocument();
    expect(href('link', 'Open Incidents')).toBe('/itsm/incidents');
    expect(href('link', 'New incident')).toBe('/itsm/incidents/new');
    expect(href('link', 'Change calendar')).toBe('/itsm/calendar');
    expect(href('link', 'List P1 incidents')).toBe(
      '/itsm/incidents?state=new&state=assigned&state=in_progress&state=pending&priority=P1',
    );
  });
});

describe('ItsmRouter in a legacy app', () => {
  it('resolves the same route refs where the app mounted the page', async () => {
    const api = mockItsmApi({
      listRecords: jest
        .fn()
        .mockResolvedValue({ items: [INCIDENT], totalCount: 1 }),
    });
    await act(async () => {
      await renderInLegacyTestApp(
        <LegacyTestApiProvider apis={[[itsmApiRef, api]]}>
          <Routes>
            <Route path="/service-desk/*" element={<ItsmRouter />} />
          </Routes>
        </LegacyTestApiProvider>,
        {
          routeEntries: ['/service-desk/incidents'],
          mountedRoutes: { '/service-desk': rootRouteRef },
        },
      );
    });

    expect(href('link', 'INC-12')).toBe('/service-desk/incidents/INC-12');
    expect(href('button', 'Create')).toBe('/service-desk/incidents/new');
    expect(href('link', 'ITSM')).toBe('/service-desk');
  });
});
