import { screen } from '@testing-library/react';
import {
  incident,
  mockItsmApi,
  renderCard,
} from '../../__testUtils__/fixtures';
import { ProblemFromIncidentCard } from './ProblemFromIncidentCard';

describe('ProblemFromIncidentCard', () => {
  it('opens the new-problem form with the incident, its entities and a title', async () => {
    const from = incident({
      key: 'INC-7',
      title: 'Checkout times out',
      entityRefs: ['component:default/payments-api', 'resource:default/db'],
    });
    await renderCard(
      <ProblemFromIncidentCard incident={from} />,
      mockItsmApi(),
    );
    const link = screen.getByRole('link', {
      name: 'Create problem from INC-7',
    });
    const href = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(href.pathname).toBe('/problems/new');
    expect(href.searchParams.getAll('entityRef')).toEqual([
      'component:default/payments-api',
      'resource:default/db',
    ]);
    expect(href.searchParams.get('incidentKey')).toBe('INC-7');
    expect(href.searchParams.get('title')).toBe(
      'Cause of INC-7: Checkout times out',
    );
  });
});
