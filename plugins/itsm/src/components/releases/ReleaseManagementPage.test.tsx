import { mockApis } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { itsmApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entityRoles,
  mockItsmApi,
  renderSettled,
  resolvedRole,
} from '../../__testUtils__/fixtures';
import { mockBacklog } from '../../__testUtils__/releases';
import { ItsmRouter } from '../ItsmRouter';

jest.setTimeout(60_000);

const SERVICE = 'system:default/shared-platform';
const TOMASZ = 'user:default/tomasz.nowak';

function api() {
  const mock = mockItsmApi({
    getEntityRoles: jest.fn(async (ref: string) =>
      entityRoles(
        [resolvedRole('release-coordinator', [TOMASZ], 'domain')],
        ref,
      ),
    ),
  });
  mockBacklog(mock);
  mock.listCabMeetings.mockResolvedValue({
    items: [
      {
        key: 'CAB-1',
        serviceRef: SERVICE,
        title: 'CAB of Shared Platform',
        meetingAt: '2026-12-10T10:00:00.000Z',
        submissionDeadline: '2026-12-08T17:00:00.000Z',
        state: 'planned',
        members: ['a', 'b', 'c'],
      },
    ],
  } as any);
  return mock;
}

const render = (
  itsm: ReturnType<typeof mockItsmApi>,
  user: string,
  path: string,
) =>
  renderSettled(<ItsmRouter />, {
    initialRouteEntries: [path],
    apis: [
      [itsmApiRef, itsm],
      mockApis.identity({ userEntityRef: user, ownershipEntityRefs: [user] }),
    ] as any,
    mountedRoutes: { '/': rootRouteRef },
  });

describe('ReleaseManagementPage', () => {
  it('shows the backlog, marking RFCs that need no CAB vote, and the meetings', async () => {
    const itsm = api();
    await render(itsm, TOMASZ, `/release-management?service=${SERVICE}`);
    expect(itsm.listRecords).toHaveBeenCalledWith('releases', {
      entityRef: SERVICE,
      state: 'backlog',
      limit: 1,
    });
    expect(
      screen.getByText('Backlog (REL-2): 2 RFCs waiting'),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row');
    const chg3 = rows.find(r => within(r).queryByText('Rate limits'))!;
    const chg4 = rows.find(r => within(r).queryByText('Fix token leak'))!;
    expect(chg3).toHaveTextContent('needed: goes on the agenda');
    expect(chg4).toHaveTextContent('needs no CAB vote');
    expect(screen.getByRole('link', { name: 'CAB-1' })).toHaveAttribute(
      'href',
      '/cab-meetings/CAB-1',
    );
    expect(
      screen.getByRole('button', { name: 'Call CAB meeting' }),
    ).toBeInTheDocument();
  });

  it('says who calls meetings to anyone else', async () => {
    await render(
      api(),
      'user:default/daniel.kim',
      `/release-management?service=${SERVICE}`,
    );
    expect(
      screen.queryByRole('button', { name: 'Call CAB meeting' }),
    ).toBeNull();
    expect(
      screen.getByText(
        `The release coordinator (${TOMASZ}) calls CAB meetings of this service.`,
      ),
    ).toBeInTheDocument();
  });

  it('asks for a service first', async () => {
    const itsm = api();
    await render(itsm, TOMASZ, '/release-management');
    expect(screen.getByText('Choose a service')).toBeInTheDocument();
    expect(itsm.listCabMeetings).not.toHaveBeenCalled();
  });

  it('says so when a service has no backlog and no meeting', async () => {
    const itsm = api();
    itsm.listRecords.mockResolvedValue({ items: [], totalCount: 0 } as any);
    itsm.listCabMeetings.mockResolvedValue({ items: [] });
    await render(itsm, TOMASZ, `/release-management?service=${SERVICE}`);
    expect(
      screen.getByText(
        /No RFC waits in the backlog of system:default\/shared-platform/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('No CAB meeting yet')).toBeInTheDocument();
  });
});
