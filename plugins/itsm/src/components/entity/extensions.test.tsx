import { renderTestApp } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { act, screen } from '@testing-library/react';
import type { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { itsmApiRef } from '../../api';
import {
  itsmAvailabilityCard,
  itsmEntityContent,
  itsmOpenIncidentsCard,
} from '../../alpha';
import {
  componentEntity,
  entityOfKind,
  entityIncident,
  mockItsmApi,
  page,
  entitySla,
} from '../../__testUtils__/fixtures';

/** A card for every entity, to show that the page renders cards at all. */
const otherCard = EntityCardBlueprint.make({
  name: 'other',
  params: { loader: async () => <div>Members of the group</div> },
});

async function renderOnEntityPage(
  entity: Entity,
  extensions: ExtensionDefinition[],
) {
  const api = mockItsmApi({
    lists: {
      incidents: () => Promise.resolve(page([entityIncident('INC-12')], 1)),
      slas: () => Promise.resolve(page([entitySla('SLA-1', 99.5)])),
    },
  });
  await act(async () => {
    renderTestApp({
      extensions: [createTestEntityPage({ entity }), ...extensions],
      apis: [[itsmApiRef, api]],
    });
    await new Promise(resolve => setTimeout(resolve, 0));
  });
}

describe('ITSM entity extensions on an entity page', () => {
  it('render the ITSM tab for a component', async () => {
    await renderOnEntityPage(componentEntity, [itsmEntityContent]);

    expect(
      await screen.findByRole('region', { name: 'Open incidents' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INC-12' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'File RFC' })).toBeInTheDocument();
  });

  it('render both cards for a component', async () => {
    await renderOnEntityPage(componentEntity, [
      itsmAvailabilityCard,
      itsmOpenIncidentsCard,
    ]);

    expect(await screen.findByText('1 open incident')).toBeInTheDocument();
    expect(
      await screen.findByText(/Target met: 99\.791% against 99\.5%/),
    ).toBeInTheDocument();
  });

  it('stay away from the page of a group', async () => {
    await renderOnEntityPage(entityOfKind('Group', 'payments-team'), [
      otherCard,
      itsmAvailabilityCard,
      itsmOpenIncidentsCard,
    ]);

    // The page shows cards for groups, just not these.
    expect(await screen.findByText('Members of the group')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Open incidents' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Availability' })).toBeNull();
  });
});
