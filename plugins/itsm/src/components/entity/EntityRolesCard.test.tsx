import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityRolesCard } from './EntityRolesCard';
import { EntityItsmContent } from './EntityItsmContent';
import {
  componentEntity,
  ENTITY_REF,
  entityRoles,
  mockItsmApi,
  pending,
  renderSettled,
  resolvedRole,
  responseError,
  settled,
  withEntity,
} from '../../__testUtils__/fixtures';

const CARD = 'Who does what for this service';

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

const card = () => within(screen.getByRole('region', { name: CARD }));

describe('EntityRolesCard', () => {
  it('lists every role with its holders and where they came from', async () => {
    const api = mockItsmApi({
      getEntityRoles: jest
        .fn()
        .mockResolvedValue(
          entityRoles([
            resolvedRole('service-owner', ['user:default/olivia'], 'entity'),
            resolvedRole('on-duty-manager', [], null),
            resolvedRole('group-coordinator', ['group:default/sre'], 'system'),
            resolvedRole(
              'change-coordinator',
              ['group:default/payments-leads', 'user:default/jane'],
              'domain',
            ),
            resolvedRole('change-manager', ['group:default/cab'], 'config'),
          ]),
        ),
    });
    await renderSettled(withEntity(api, componentEntity, <EntityRolesCard />));

    expect(api.getEntityRoles).toHaveBeenCalledWith(ENTITY_REF);
    const rows = rowsOf(card().getByRole('table', { name: 'Roles' }));
    expect(rows.slice(0, 6)).toEqual([
      ['service owner', 'olivia', 'Annotation on this entity'],
      ['on-duty manager', 'Nobody', '—'],
      ['group coordinator', 'group:sre', 'Annotation on its system'],
      [
        'change coordinator',
        'group:payments-leads, jane',
        'Annotation on its domain',
      ],
      ['change manager', 'group:cab', 'Config default'],
      ['problem coordinator', 'group:payments-team', 'Owner of this entity'],
    ]);
    expect(rows).toHaveLength(12);
    expect(
      card().getByRole('link', { name: 'group:cab' }).getAttribute('href'),
    ).toBe('/catalog/default/group/cab');
    expect(
      card().getByRole('link', { name: 'olivia' }).getAttribute('href'),
    ).toBe('/catalog/default/user/olivia');
  });

  it('shows the error and reads again on retry', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getEntityRoles: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(404, `No entity ${ENTITY_REF}`, 'NotFoundError'),
        )
        .mockResolvedValue(entityRoles()),
    });
    await renderSettled(withEntity(api, componentEntity, <EntityRolesCard />));

    expect(card().getByText(/Could not load the roles/)).toBeInTheDocument();
    expect(card().queryByRole('table')).toBeNull();

    await settled(() =>
      user.click(card().getByRole('button', { name: 'Retry' })),
    );
    expect(api.getEntityRoles).toHaveBeenCalledTimes(2);
    expect(card().getByRole('table', { name: 'Roles' })).toBeInTheDocument();
    expect(card().queryByText(/Could not load the roles/)).toBeNull();
  });

  it('shows progress while loading and says when no role is resolved', async () => {
    const loading = mockItsmApi({ getEntityRoles: jest.fn(pending()) });
    const { unmount } = await renderSettled(
      withEntity(loading, componentEntity, <EntityRolesCard />),
    );
    expect(card().getByTestId('progress')).toBeInTheDocument();
    expect(card().queryByRole('table')).toBeNull();
    unmount();

    const none = mockItsmApi({
      getEntityRoles: jest
        .fn()
        .mockResolvedValue({ entityRef: ENTITY_REF, roles: [] }),
    });
    await renderSettled(withEntity(none, componentEntity, <EntityRolesCard />));
    expect(card().getByText('No roles resolved')).toBeInTheDocument();
  });

  it('is on the ITSM tab of the entity', async () => {
    const api = mockItsmApi();
    await renderSettled(
      withEntity(api, componentEntity, <EntityItsmContent />),
    );
    expect(card().getByRole('table', { name: 'Roles' })).toBeInTheDocument();
    expect(api.getEntityRoles).toHaveBeenCalledWith(ENTITY_REF);
  });
});
