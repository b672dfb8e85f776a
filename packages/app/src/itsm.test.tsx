import { act, screen, within } from '@testing-library/react';
import { createApiRef } from '@backstage/frontend-plugin-api';
import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import itsmPlugin from '@backstage-itsm/plugin-itsm/alpha';
import { itsmApiRef } from '@backstage-itsm/plugin-itsm';

// The catalog client, addressed by its id (the app does not depend on
// @backstage/plugin-catalog-react, which exports the ref).
const catalogApiRef = createApiRef<any>().with({
  id: 'plugin.catalog.service',
  pluginId: 'catalog',
});

function entityOf(kind: string, name: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
    relations: [],
  };
}

/** Just enough of the catalog client for the entity page and its cards. */
function catalogApiFor(entity: ReturnType<typeof entityOf>) {
  return {
    getEntityByRef: jest.fn(async () => entity),
    getEntities: jest.fn(async () => ({ items: [] })),
    getEntitiesByRefs: jest.fn(async () => ({ items: [] })),
    queryEntities: jest.fn(async () => ({
      items: [],
      totalItems: 0,
      pageInfo: {},
    })),
    getEntityFacets: jest.fn(async () => ({ facets: {} })),
    getEntityAncestors: jest.fn(async () => ({
      rootEntityRef: `${entity.kind.toLocaleLowerCase()}:default/${
        entity.metadata.name
      }`,
      items: [{ entity, parentEntityRefs: [] }],
    })),
    getLocationByRef: jest.fn(async () => undefined),
    getLocationByEntity: jest.fn(async () => undefined),
  };
}

const itsmApi = {
  listRecords: jest.fn(async () => ({ items: [], totalCount: 0 })),
  getEntityRoles: jest.fn(async () => ({
    entityRef: 'component:default/payments-api',
    roles: [
      {
        role: 'change-manager',
        title: 'change manager',
        holders: ['group:default/payments-team'],
        source: 'owner',
      },
    ],
  })),
  getAvailability: jest.fn(async () => ({
    entityRef: 'component:default/payments-api',
    from: '2026-10-26T00:00:00.000Z',
    to: '2026-11-25T00:00:00.000Z',
    agreedMinutes: 43200,
    downtimeMinutes: 0,
    availability: 100,
    outages: 0,
    mttrMinutes: null,
    mtbfMinutes: null,
    mtbsiMinutes: null,
    degradedMinutes: 0,
    series: [],
  })),
};

/** The targets of the links with this accessible name. */
function hrefsOf(name: string) {
  return screen
    .getAllByRole('link', { name })
    .map(link => link.getAttribute('href'));
}

async function renderEntityPage(
  entity: ReturnType<typeof entityOf>,
  path: string,
) {
  await act(async () => {
    renderTestApp({
      // The catalog and ITSM plugins as App.tsx installs them (the app's nav
      // module is left out: it needs the search and notifications APIs).
      features: [catalogPlugin, itsmPlugin],
      apis: [
        [catalogApiRef, catalogApiFor(entity)],
        [itsmApiRef, itsmApi as any],
      ],
      initialRouteEntries: [path],
    });
    await new Promise(resolve => setTimeout(resolve, 0));
  });
}

// The entity page loads its parts lazily; the first render is slow on a busy
// machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

describe('ITSM on the catalog entity page', () => {
  it('adds the ITSM tab and both cards to a component', async () => {
    await renderEntityPage(
      entityOf('Component', 'payments-api'),
      '/catalog/default/component/payments-api',
    );

    // The entity page's tabs are links in its header; the sidebar entry of
    // the ITSM page is a link named ITSM too.
    await screen.findByRole('link', { name: 'Overview' }, slow);
    expect(hrefsOf('ITSM')).toEqual(
      expect.arrayContaining([
        '/itsm',
        '/catalog/default/component/payments-api/itsm',
      ]),
    );
    const incidents = await screen.findByRole(
      'region',
      { name: 'Open incidents' },
      slow,
    );
    expect(
      await within(incidents).findByText('No open incidents.'),
    ).toBeInTheDocument();
    const availability = await screen.findByRole('region', {
      name: 'Availability',
    });
    expect(await within(availability).findByText('100%')).toBeInTheDocument();
  });

  it('shows the ITSM content on the tab', async () => {
    await renderEntityPage(
      entityOf('Component', 'payments-api'),
      '/catalog/default/component/payments-api/itsm',
    );

    const rfc = await screen.findByRole('link', { name: 'File RFC' }, slow);
    expect(rfc).toHaveAttribute(
      'href',
      '/itsm/changes/new?entityRef=component%3Adefault%2Fpayments-api',
    );
    expect(
      screen.getByRole('link', { name: 'Report incident' }),
    ).toHaveAttribute(
      'href',
      '/itsm/incidents/new?entityRef=component%3Adefault%2Fpayments-api',
    );
    expect(
      await screen.findByRole('region', { name: 'SLA status' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Who does what for this service'),
    ).toBeInTheDocument();
    expect(await screen.findByText('change manager')).toBeInTheDocument();
  });

  it('leaves the pages of groups alone', async () => {
    await renderEntityPage(
      entityOf('Group', 'payments-team'),
      '/catalog/default/group/payments-team',
    );

    expect(
      await screen.findByRole('link', { name: 'Overview' }, slow),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');
    // Only the sidebar entry of the ITSM page, no ITSM tab.
    expect(hrefsOf('ITSM')).toEqual(['/itsm']);
    expect(screen.queryByRole('region', { name: 'Open incidents' })).toBeNull();
  });
});
