import { screen, within } from '@testing-library/react';
import type { Incident, Priority } from '@backstage-itsm/plugin-itsm-common';
import type { ListQuery } from '../../api';
import { EntityOpenIncidentsCard } from './EntityOpenIncidentsCard';
import {
  componentEntity,
  ENTITY_REF,
  entityOfKind,
  failing,
  entityIncident,
  mockItsmApi,
  page,
  pending,
  renderSettled,
  withEntity,
} from '../../__testUtils__/fixtures';

const counts: Record<Priority, number> = { P1: 1, P2: 3, P3: 0, P4: 3 };
const newest: Incident[] = [
  entityIncident('INC-7', { priority: 'P1', title: 'Checkout down' }),
  entityIncident('INC-6', { priority: 'P2' }),
  entityIncident('INC-5', { priority: 'P4', state: 'pending' }),
  entityIncident('INC-4', { priority: 'P2' }),
  entityIncident('INC-3', { priority: 'P2', state: 'new' }),
];

function answer(query: ListQuery) {
  const priority = query.priority as Priority | undefined;
  if (priority) return Promise.resolve(page([], counts[priority]));
  return Promise.resolve(page(newest, 7));
}

describe('EntityOpenIncidentsCard', () => {
  it('counts open incidents by priority and lists the five newest', async () => {
    const api = mockItsmApi({ lists: { incidents: answer } });
    await renderSettled(
      withEntity(api, componentEntity, <EntityOpenIncidentsCard />),
    );

    expect(await screen.findByText('7 open incidents')).toBeInTheDocument();
    const byPriority = screen.getByRole('list', {
      name: 'Open incidents by priority',
    });
    expect(
      within(byPriority)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['P1: 1', 'P2: 3', 'P3: 0', 'P4: 3']);

    const list = screen.getByRole('list', { name: 'Newest open incidents' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(5);
    expect(within(list).getByRole('link', { name: 'INC-7' })).toHaveAttribute(
      'href',
      '/itsm/incidents/INC-7',
    );
    expect(within(list).getByText(/Checkout down/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'View all open incidents' }),
    ).toHaveAttribute(
      'href',
      `/itsm/incidents?entityRef=${encodeURIComponent(
        ENTITY_REF,
      )}&state=new&state=assigned&state=in_progress&state=pending`,
    );

    // Only open incidents of this entity are read.
    for (const [type, query] of api.listRecords.mock.calls) {
      expect(type).toBe('incidents');
      expect(query).toMatchObject({
        entityRef: [ENTITY_REF],
        state: ['new', 'assigned', 'in_progress', 'pending'],
      });
    }
    expect(api.listRecords).toHaveBeenCalledWith(
      'incidents',
      expect.objectContaining({ limit: 5 }),
    );
    expect(api.listRecords).toHaveBeenCalledWith(
      'incidents',
      expect.objectContaining({ priority: 'P1', limit: 1 }),
    );
  });

  it('counts the open incidents of the parts of a System or Domain too', async () => {
    for (const kind of ['System', 'Domain']) {
      const api = mockItsmApi({ lists: { incidents: answer } });
      const { unmount } = await renderSettled(
        withEntity(
          api,
          entityOfKind(kind, 'payments'),
          <EntityOpenIncidentsCard />,
        ),
      );
      const ref = `${kind.toLocaleLowerCase('en-US')}:default/payments`;
      expect(await screen.findByText('7 open incidents')).toBeInTheDocument();
      for (const [, query] of api.listRecords.mock.calls) {
        expect(query).toMatchObject({ entityRef: [ref], includeParts: true });
      }
      const all = new URL(
        screen
          .getByRole('link', { name: 'View all open incidents' })
          .getAttribute('href')!,
        'http://localhost',
      );
      expect(all.searchParams.get('includeParts')).toBe('true');
      unmount();
    }
    // A component has no parts: asked for its own only.
    const api = mockItsmApi({ lists: { incidents: answer } });
    await renderSettled(
      withEntity(api, componentEntity, <EntityOpenIncidentsCard />),
    );
    await screen.findByText('7 open incidents');
    for (const [, query] of api.listRecords.mock.calls) {
      expect(query).not.toHaveProperty('includeParts');
    }
  });

  it('offers "Report incident" for the entity', async () => {
    const api = mockItsmApi({ lists: { incidents: answer } });
    await renderSettled(
      withEntity(api, componentEntity, <EntityOpenIncidentsCard />),
    );

    const link = await screen.findByRole('link', { name: 'Report incident' });
    const href = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(href.pathname).toBe('/itsm/incidents/new');
    expect(href.searchParams.get('entityRef')).toBe(ENTITY_REF);
  });

  it('says so when the entity has no open incident', async () => {
    const api = mockItsmApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityOpenIncidentsCard />),
    );

    expect(await screen.findByText('No open incidents.')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Report incident' }),
    ).toBeInTheDocument();
  });

  it('shows an error when the incidents cannot be read', async () => {
    const api = mockItsmApi({
      lists: { incidents: failing('Backend unavailable') },
    });
    await renderSettled(
      withEntity(api, componentEntity, <EntityOpenIncidentsCard />),
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load open incidents');
    expect(alert).toHaveTextContent('Backend unavailable');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeEnabled();
  });

  it('shows progress while loading', async () => {
    const api = mockItsmApi({ lists: { incidents: pending() } });
    await renderSettled(
      withEntity(api, componentEntity, <EntityOpenIncidentsCard />),
    );

    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading open incidents',
      }),
    ).toBeInTheDocument();
  });
});
