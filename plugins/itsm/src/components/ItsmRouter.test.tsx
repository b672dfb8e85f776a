import { renderInTestApp, renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { itsmPage } from '../alpha';
import { itsmApiRef } from '../api';
import { INCIDENT, mockItsmApi } from './__testUtils__/fixtures';
import { ItsmRouter } from './ItsmRouter';

describe('ItsmRouter', () => {
  it('shows the ITSM home with a link to every process', async () => {
    await renderInTestApp(<ItsmRouter />);

    expect(
      await screen.findByRole('heading', { name: 'ITSM', level: 1 }),
    ).toBeInTheDocument();
    for (const name of [
      'Incidents',
      'Problems',
      'Changes',
      'Releases',
      'SLAs',
    ]) {
      const link = screen.getByRole('link', { name: `Open ${name}` });
      expect(link.getAttribute('href')).toMatch(
        new RegExp(`/${name.toLowerCase()}$`),
      );
    }
  });

  it('shows an honest empty state on a record type page', async () => {
    const api = mockItsmApi();
    await renderInTestApp(<ItsmRouter />, {
      initialRouteEntries: ['/changes'],
      apis: [[itsmApiRef, api]],
    });

    expect(
      await screen.findByRole('heading', { name: 'Changes', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('No changes yet')).toBeInTheDocument();
    expect(api.listRecords).toHaveBeenCalledWith('changes', { limit: 50 });
  });

  it('says so when the record type does not exist', async () => {
    await renderInTestApp(<ItsmRouter />, {
      initialRouteEntries: ['/tickets'],
    });

    expect(await screen.findByText('No such ITSM page')).toBeInTheDocument();
  });
});

describe('ItsmRouter mounted by the plugin page at /itsm', () => {
  it('links between its pages relative to the mount point', async () => {
    const api = mockItsmApi({
      listRecords: jest
        .fn()
        .mockResolvedValue({ items: [INCIDENT], totalCount: 1 }),
    });
    renderTestApp({
      extensions: [itsmPage],
      initialRouteEntries: ['/itsm/incidents'],
      apis: [[itsmApiRef, api]],
    });

    expect(
      await screen.findByRole('heading', { name: 'Incidents', level: 1 }),
    ).toBeInTheDocument();
    expect(
      (await screen.findByRole('link', { name: 'INC-12' })).getAttribute(
        'href',
      ),
    ).toBe('/itsm/incidents/INC-12');
    expect(
      screen.getByRole('button', { name: 'Create' }).getAttribute('href'),
    ).toBe('/itsm/incidents/new');
    expect(
      screen
        .getByRole('link', { name: 'component:payments-api' })
        .getAttribute('href'),
    ).toBe('/catalog/default/component/payments-api');
  });

  it('serves the home with figures and process links at /itsm', async () => {
    renderTestApp({
      extensions: [itsmPage],
      initialRouteEntries: ['/itsm'],
      apis: [[itsmApiRef, mockItsmApi()]],
    });

    expect(
      await screen.findByRole('heading', { name: 'ITSM', level: 1 }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open Incidents' }).getAttribute('href'),
    ).toBe('/itsm/incidents');
    expect(
      (
        await screen.findByRole('link', { name: 'List P1 incidents' })
      ).getAttribute('href'),
    ).toBe(
      '/itsm/incidents?state=new&state=assigned&state=in_progress&state=pending&priority=P1',
    );
  });
});
