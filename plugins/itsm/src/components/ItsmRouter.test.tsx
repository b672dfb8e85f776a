import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ItsmRouter } from './ItsmRouter';

describe('ItsmRouter', () => {
  it('shows the ITSM home with a link to every process', async () => {
    await renderInTestApp(<ItsmRouter />);

    expect(
      await screen.findByRole('heading', { name: 'ITSM', level: 1 }),
    ).toBeInTheDocument();
    for (const name of ['Incidents', 'Problems', 'Changes', 'Releases', 'SLAs']) {
      const link = screen.getByRole('link', { name: `Open ${name}` });
      expect(link.getAttribute('href')).toMatch(
        new RegExp(`/${name.toLowerCase()}$`),
      );
    }
  });

  it('shows an honest empty state on a record type page', async () => {
    await renderInTestApp(<ItsmRouter />, { initialRouteEntries: ['/changes'] });

    expect(
      await screen.findByRole('heading', { name: 'Changes', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByText('No changes yet')).toBeInTheDocument();
  });

  it('says so when the record type does not exist', async () => {
    await renderInTestApp(<ItsmRouter />, { initialRouteEntries: ['/tickets'] });

    expect(await screen.findByText('No such ITSM page')).toBeInTheDocument();
  });
});
