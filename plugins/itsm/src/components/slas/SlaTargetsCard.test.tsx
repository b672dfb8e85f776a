import { screen, within } from '@testing-library/react';
import { mockItsmApi, renderCard, SLA } from '../../__testUtils__/fixtures';
import { SlaAvailabilityCard } from './SlaAvailabilityCard';
import { SlaTargetsCard } from './SlaTargetsCard';

describe('SlaTargetsCard', () => {
  it('shows availability, calendar, term and the targets per priority', async () => {
    await renderCard(<SlaTargetsCard sla={SLA} />, mockItsmApi());

    const targets = within(screen.getByRole('region', { name: 'Targets' }));
    expect(targets.getByText('Availability: 99.9%')).toBeInTheDocument();
    expect(targets.getByText('Calendar: 24x7')).toBeInTheDocument();
    expect(targets.getByText('Term: Monthly')).toBeInTheDocument();
    const p1 = within(
      targets.getByRole('table', { name: 'Targets per priority' }),
    ).getAllByRole('row')[1];
    expect(p1).toHaveTextContent('P115240');
  });
});

describe('SlaAvailabilityCard', () => {
  it('reads 30 days of availability of each covered entity', async () => {
    const api = mockItsmApi();
    await renderCard(<SlaAvailabilityCard sla={SLA} />, api);

    expect(api.getAvailability).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        granularity: 'day',
      }),
    );
    const { from, to } = api.getAvailability.mock.calls[0][0];
    expect(Date.parse(to) - Date.parse(from)).toBe(30 * 86_400_000);
    expect(
      screen.getByRole('group', {
        name: 'Availability of component:default/payments-api',
      }),
    ).toHaveTextContent('99.791% over 30 days, 2 outage(s)');
  });

  it('says when the SLA covers no entity', async () => {
    const api = mockItsmApi();
    await renderCard(
      <SlaAvailabilityCard sla={{ ...SLA, entityRefs: [] }} />,
      api,
    );
    expect(screen.getByText('This SLA covers no entity.')).toBeInTheDocument();
    expect(api.getAvailability).not.toHaveBeenCalled();
  });
});
