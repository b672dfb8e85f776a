import { screen, within } from '@testing-library/react';
import { EntityAvailabilityCard } from './EntityAvailabilityCard';
import {
  availability,
  componentEntity,
  ENTITY_REF,
  failing,
  mockItsmApi,
  page,
  pending,
  renderSettled,
  entitySla,
  withEntity,
} from '../../__testUtils__/fixtures';

/** The value (dd) shown under a label (dt) of the figures list. */
function valueOf(label: string): string | null {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? null;
}

describe('EntityAvailabilityCard', () => {
  it('shows the availability of the last 30 days against the SLA target', async () => {
    const api = mockItsmApi({
      lists: { slas: () => Promise.resolve(page([entitySla('SLA-1', 99.5)])) },
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityAvailabilityCard />),
    );

    expect(
      await screen.findByText(/Target met: 99\.791% against 99\.5% \(SLA-1\)/),
    ).toBeInTheDocument();
    expect(valueOf('Availability')).toBe('99.791%');
    expect(valueOf('SLA target')).toBe('99.5%');
    expect(valueOf('Outages')).toBe('2');
    expect(valueOf('MTTR')).toBe('45 min');
    expect(
      screen.getByRole('img', { name: /SLA target 99\.5%/ }),
    ).toBeInTheDocument();

    expect(api.getAvailability).toHaveBeenCalledTimes(1);
    const query = api.getAvailability.mock.calls[0][0];
    expect(query.entityRef).toBe(ENTITY_REF);
    expect(query.granularity).toBe('day');
    expect(Date.parse(query.to) - Date.parse(query.from)).toBe(
      30 * 24 * 60 * 60 * 1000,
    );
    expect(api.listRecords).toHaveBeenCalledWith('slas', {
      entityRef: [ENTITY_REF],
      state: ['active'],
      limit: 50,
    });
  });

  it('counts a target as in danger from the configured danger threshold on', async () => {
    // 90 of the 129.6 minutes a 99.7% target allows in 30 days: 69% used.
    const api = () =>
      mockItsmApi({
        lists: {
          slas: () => Promise.resolve(page([entitySla('SLA-1', 99.7)])),
        },
      });
    const { unmount } = await renderSettled(
      withEntity(api(), componentEntity, <EntityAvailabilityCard />),
    );
    expect(screen.getByText(/^Target met: 99\.791%/)).toBeInTheDocument();
    unmount();

    await renderSettled(
      withEntity(api(), componentEntity, <EntityAvailabilityCard />),
      {
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          itsm: { sla: { dangerThreshold: 0.6 } },
        },
      },
    );
    expect(
      screen.getByText(/^Target in danger: 99\.791% against 99\.7%/),
    ).toBeInTheDocument();
  });

  it('holds the entity to the strictest of several SLAs and says when it is violated', async () => {
    const api = mockItsmApi({
      lists: {
        slas: () =>
          Promise.resolve(
            page([entitySla('SLA-1', 99.5), entitySla('SLA-2', 99.9)]),
          ),
      },
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityAvailabilityCard />),
    );

    expect(
      await screen.findByText(
        /Target violated: 99\.791% against 99\.9% \(SLA-2, the strictest of 2 active SLAs\)/,
      ),
    ).toBeInTheDocument();
  });

  it('says there is no target when no active SLA covers the entity', async () => {
    const api = mockItsmApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityAvailabilityCard />),
    );

    expect(
      await screen.findByText(/No active SLA covers this entity/),
    ).toBeInTheDocument();
    expect(valueOf('Availability')).toBe('99.791%');
    expect(valueOf('SLA target')).toBe('None');
  });

  it('shows an empty period without inventing figures', async () => {
    const api = mockItsmApi({
      availability: () =>
        Promise.resolve(
          availability({
            downtimeMinutes: 0,
            availability: 100,
            outages: 0,
            mttrMinutes: null,
            mtbfMinutes: null,
            mtbsiMinutes: null,
            series: [],
          }),
        ),
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityAvailabilityCard />),
    );

    expect(
      await screen.findByText('No daily figures for this period.'),
    ).toBeInTheDocument();
    expect(valueOf('Availability')).toBe('100%');
    expect(valueOf('Outages')).toBe('0');
    expect(valueOf('MTTR')).toBe('–');
  });

  it('says the figure is unavailable when it cannot be read', async () => {
    const api = mockItsmApi({
      availability: failing('Request failed with 503 Service Unavailable'),
      lists: { slas: () => Promise.resolve(page([entitySla('SLA-1', 99.5)])) },
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityAvailabilityCard />),
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Availability figure unavailable');
    expect(alert).toHaveTextContent('503 Service Unavailable');
    expect(screen.queryByText('Availability', { selector: 'dt' })).toBeNull();
  });

  it('keeps the figure when only the SLA target cannot be read', async () => {
    const api = mockItsmApi({
      lists: { slas: failing('permission denied') },
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityAvailabilityCard />),
    );

    expect(
      await screen.findByText('SLA target unavailable: permission denied'),
    ).toBeInTheDocument();
    expect(valueOf('Availability')).toBe('99.791%');
    expect(valueOf('SLA target')).toBe('Unavailable');
  });

  it('shows progress while loading', async () => {
    const api = mockItsmApi({ availability: pending() });
    await renderSettled(
      withEntity(api, componentEntity, <EntityAvailabilityCard />),
    );

    const section = await screen.findByRole('region', { name: 'Availability' });
    expect(
      within(section).getByRole('progressbar', {
        name: 'Loading availability',
      }),
    ).toBeInTheDocument();
  });
});
