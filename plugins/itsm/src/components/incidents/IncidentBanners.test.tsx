import type { ActorRole, Incident } from '@backstage-itsm/plugin-itsm-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { itsmApiRef, SlaClockView } from '../../api';
import { RecordRefreshProvider } from '../../hooks';
import { rootRouteRef } from '../../routes';
import {
  detail,
  incident,
  mockItsmApi,
  recordRoles,
  renderItsm,
  renderSettled,
  resolvedRole,
  responseError,
  settled,
} from '../../__testUtils__/fixtures';
import { formatDateTime } from '../common/format';
import { IncidentBanners } from './IncidentBanners';

// INC-12's down outage went past the resolution target of SLA-2, so the
// sweep escalated it to the SLA's service owner (platform-team). The
// service owner, or the on-duty manager standing in, acknowledges it
// (ACTION_ROLES['incidents.escalationAcknowledgement']).

const ESCALATED = incident({
  state: 'in_progress',
  assignee: 'user:default/sam',
  version: 6,
  outage: { kind: 'down', start: '2026-11-24T09:00:00.000Z' },
  escalated: true,
  escalatedTo: 'group:default/platform-team',
  escalatedAt: '2026-11-24T17:00:00.000Z',
  escalatedOutage: { kind: 'down', start: '2026-11-24T09:00:00.000Z' },
  escalationAcknowledgedBy: null,
  escalationAcknowledgedAt: null,
});
const OWNER = resolvedRole(
  'service-owner',
  ['group:default/platform-team'],
  'sla',
);
const ON_DUTY = resolvedRole(
  'on-duty-manager',
  ['group:default/duty-managers'],
  'config',
);

const clock = (overrides: Partial<SlaClockView> = {}): SlaClockView => ({
  slaKey: 'SLA-2',
  slaTitle: 'Payments for retail',
  kind: 'resolution',
  calendar: '24x7',
  targetMinutes: 480,
  elapsedMinutes: 600,
  elapsedPercent: 125,
  remainingMinutes: -120,
  breachAt: '2026-11-24T17:00:00.000Z',
  state: 'breached',
  stopped: false,
  paused: false,
  thresholds: [],
  ...overrides,
});

function bannersApi(
  callerRoles: ActorRole[] = ['service-owner'],
  clocks: SlaClockView[] = [],
) {
  return mockItsmApi({
    getIncidentSla: jest
      .fn()
      .mockResolvedValue({ incidentKey: 'INC-12', priority: 'P2', clocks }),
    getRecordRoles: jest
      .fn()
      .mockResolvedValue(recordRoles('INC-12', callerRoles, [OWNER, ON_DUTY])),
    acknowledgeEscalation: jest.fn(async () => ESCALATED),
  });
}

const renderBanners = (
  api: ReturnType<typeof mockItsmApi>,
  record: Incident = ESCALATED,
) =>
  renderSettled(
    <RecordRefreshProvider>
      <IncidentBanners incident={record} />
    </RecordRefreshProvider>,
    { apis: [[itsmApiRef, api]], mountedRoutes: { '/': rootRouteRef } },
  );

const escalation = () => screen.queryByRole('status', { name: 'Escalation' });
const targets = () => screen.queryByRole('status', { name: 'SLA targets' });

describe('The banners of an incident', () => {
  it('offers the service owner to acknowledge the escalation, with a note', async () => {
    const user = userEvent.setup({ delay: null });
    const api = bannersApi();
    await renderBanners(api);

    const banner = within(escalation()!);
    expect(
      banner.getByText(
        `Escalated to platform-team at ${formatDateTime(
          '2026-11-24T17:00:00.000Z',
        )}: outage down since ${formatDateTime('2026-11-24T09:00:00.000Z')}`,
      ),
    ).toBeInTheDocument();
    await user.click(banner.getByRole('button', { name: 'Acknowledge' }));
    const dialog = within(screen.getByRole('dialog'));
    await user.type(
      dialog.getByLabelText(/Note/),
      '  calling the card network ',
    );
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Acknowledge' })),
    );
    expect(api.acknowledgeEscalation).toHaveBeenCalledWith('INC-12', {
      note: 'calling the card network',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    // What is read with the record is read again.
    expect(api.getRecordRoles).toHaveBeenCalledTimes(2);
  });

  it('acknowledges without a note, and refuses a note that is too long', async () => {
    const user = userEvent.setup({ delay: null });
    const api = bannersApi(['on-duty-manager']);
    await renderBanners(api);

    await user.click(screen.getByRole('button', { name: 'Acknowledge' }));
    const dialog = within(screen.getByRole('dialog'));
    const note = dialog.getByLabelText(/Note/);
    await user.click(note);
    await user.paste('x'.repeat(4001));
    await user.click(dialog.getByRole('button', { name: 'Acknowledge' }));
    expect(dialog.getByText(/at most 4000 character/)).toBeInTheDocument();
    expect(api.acknowledgeEscalation).not.toHaveBeenCalled();
    await user.clear(note);
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Acknowledge' })),
    );
    expect(api.acknowledgeEscalation).toHaveBeenCalledWith('INC-12', {});
  });

  it('tells anyone else who acknowledges, and offers nothing', async () => {
    await renderBanners(bannersApi(['assignee']));
    const banner = within(escalation()!);
    expect(banner.queryAllByRole('button')).toEqual([]);
    expect(
      banner.getByText(
        'Awaiting acknowledgement by the service owner (group:default/platform-team) or on-duty manager (group:default/duty-managers)',
      ),
    ).toBeInTheDocument();
  });

  it('shows why the server refused and offers to reload on a conflict', async () => {
    const user = userEvent.setup({ delay: null });
    const api = bannersApi();
    api.acknowledgeEscalation.mockRejectedValue(
      await responseError(
        409,
        'The escalation of INC-12 was already acknowledged by user:default/ines at 2026-11-24T17:05:00.000Z',
      ),
    );
    await renderBanners(api);

    await user.click(screen.getByRole('button', { name: 'Acknowledge' }));
    const dialog = within(screen.getByRole('dialog'));
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Acknowledge' })),
    );
    expect(
      dialog.getByText(/already acknowledged by user:default\/ines/),
    ).toBeInTheDocument();
    expect(api.getRecordRoles).toHaveBeenCalledTimes(1);
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Reload' })),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.getRecordRoles).toHaveBeenCalledTimes(2);
  });

  it('says who acknowledged the escalation and when, and asks nothing', async () => {
    const api = bannersApi();
    await renderBanners(api, {
      ...ESCALATED,
      escalationAcknowledgedBy: 'user:default/ines',
      escalationAcknowledgedAt: '2026-11-24T17:05:00.000Z',
      escalationAcknowledgementNote: 'on it',
    });
    const banner = within(escalation()!);
    expect(
      banner.getByText(
        `Acknowledged by ines at ${formatDateTime(
          '2026-11-24T17:05:00.000Z',
        )}: “on it”`,
      ),
    ).toBeInTheDocument();
    expect(banner.queryAllByRole('button')).toEqual([]);
    expect(api.getRecordRoles).not.toHaveBeenCalled();
  });

  it('shows the breached target and the decision recorded for it', async () => {
    await renderBanners(bannersApi(['group-coordinator'], [clock()]), {
      ...ESCALATED,
      escalationDecision: {
        decision: 'urge',
        decidedBy: 'user:default/amara',
        decidedAt: '2026-11-24T17:10:00.000Z',
        targets: [{ sla: 'SLA-2', clock: 'resolution', state: 'breached' }],
      },
    });
    const banner = within(targets()!);
    expect(
      banner.getByText(
        `Resolution target of SLA-2 breached at ${formatDateTime(
          '2026-11-24T17:00:00.000Z',
        )}`,
      ),
    ).toBeInTheDocument();
    expect(
      banner.getByText(
        `Decided: urged by amara at ${formatDateTime(
          '2026-11-24T17:10:00.000Z',
        )}`,
      ),
    ).toBeInTheDocument();
    expect(banner.queryByRole('button')).toBeNull();
  });

  it('asks again when a target decided in danger is breached since', async () => {
    await renderBanners(bannersApi(['group-coordinator'], [clock()]), {
      ...ESCALATED,
      escalationDecision: {
        decision: 'reassign',
        decidedBy: 'user:default/amara',
        decidedAt: '2026-11-24T15:00:00.000Z',
        targets: [{ sla: 'SLA-2', clock: 'resolution', state: 'warning' }],
      },
    });
    const banner = within(targets()!);
    expect(banner.queryByText(/^Decided:/)).toBeNull();
    expect(
      banner.getByRole('button', { name: 'Urge specialist' }),
    ).toBeInTheDocument();
  });

  it('says when the clocks cannot be read, and reads them again', async () => {
    const user = userEvent.setup({ delay: null });
    const api = bannersApi();
    api.getIncidentSla
      .mockRejectedValueOnce(new Error('The database is busy'))
      .mockResolvedValue({
        incidentKey: 'INC-12',
        priority: 'P2',
        clocks: [clock()],
      });
    await renderBanners(api);
    // The escalation stands beside the failure.
    expect(escalation()).not.toBeNull();
    const banner = within(targets()!);
    expect(
      banner.getByText('Could not check the SLA targets of INC-12'),
    ).toBeInTheDocument();
    await settled(() =>
      user.click(banner.getByRole('button', { name: 'Retry' })),
    );
    expect(
      within(targets()!).getByText(/^Resolution target of SLA-2 breached/),
    ).toBeInTheDocument();
  });

  it('shows nothing on a closed or cancelled incident', async () => {
    for (const state of ['closed', 'cancelled']) {
      const api = bannersApi(['service-owner'], [clock()]);
      const { unmount } = await renderBanners(api, { ...ESCALATED, state });
      expect(escalation()).toBeNull();
      expect(targets()).toBeNull();
      unmount();
    }
  });

  it('stands at the top of the incident page, which reloads after the acknowledgement', async () => {
    const user = userEvent.setup({ delay: null });
    const api = bannersApi();
    api.getRecord.mockResolvedValue(detail(ESCALATED) as never);
    await renderItsm(api, '/incidents/INC-12');

    expect(api.getIncidentSla).toHaveBeenCalledTimes(1);
    await user.click(
      within(escalation()!).getByRole('button', { name: 'Acknowledge' }),
    );
    await settled(() =>
      user.click(
        within(screen.getByRole('dialog')).getByRole('button', {
          name: 'Acknowledge',
        }),
      ),
    );
    expect(api.acknowledgeEscalation).toHaveBeenCalledWith('INC-12', {});
    expect(api.getRecord).toHaveBeenCalledTimes(2);
  });
});
