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
  resolvedRole,
  renderSettled,
  responseError,
  settled,
} from '../../__testUtils__/fixtures';
import { IncidentBanners } from './IncidentBanners';
import { SlaClocksCard } from './SlaClocksCard';

// INC-12 is assigned; its SLA clocks decide whether the group coordinator
// (ACTION_ROLES['incidents.escalationDecision']) is asked to reassign it or
// urge the specialist: a clock breached, or with the danger threshold
// (itsm.sla.dangerThreshold, 75 % unless configured) of its target used.
// The banner at the top of the page asks, with the clocks the SLA clocks
// card shows (read once for both).

const ASSIGNED = incident({
  state: 'assigned',
  assignee: 'user:default/sam',
  version: 4,
});
const DISPATCH = resolvedRole(
  'group-coordinator',
  ['group:default/payments-dispatch'],
  'config',
);

const clock = (overrides: Partial<SlaClockView>): SlaClockView => ({
  slaKey: 'SLA-2',
  slaTitle: 'Payments for retail',
  kind: 'resolution',
  calendar: '24x7',
  targetMinutes: 480,
  elapsedMinutes: 384,
  elapsedPercent: 80,
  remainingMinutes: 96,
  breachAt: '2026-11-24T18:00:00.000Z',
  state: 'warning',
  stopped: false,
  paused: false,
  thresholds: [],
  ...overrides,
});

function clocksApi(
  clocks: SlaClockView[],
  callerRoles: ActorRole[] = ['group-coordinator'],
) {
  return mockItsmApi({
    getIncidentSla: jest
      .fn()
      .mockResolvedValue({ incidentKey: 'INC-12', priority: 'P2', clocks }),
    getRecordRoles: jest
      .fn()
      .mockResolvedValue(recordRoles('INC-12', callerRoles, [DISPATCH])),
    decideEscalation: jest.fn(async () => ASSIGNED),
  });
}

const region = () =>
  screen.queryByRole('region', { name: 'Escalation decision' });

const renderClocks = (
  api: ReturnType<typeof mockItsmApi>,
  record: Incident = ASSIGNED,
  dangerThreshold?: number,
) =>
  renderSettled(
    <RecordRefreshProvider>
      <IncidentBanners incident={record} />
      <SlaClocksCard incident={record} />
    </RecordRefreshProvider>,
    {
      apis: [[itsmApiRef, api]],
      mountedRoutes: { '/': rootRouteRef },
      config:
        dangerThreshold === undefined
          ? undefined
          : { itsm: { sla: { dangerThreshold } } },
    },
  );

const banner = () => screen.queryByRole('status', { name: 'SLA targets' });

describe('The SLA targets banner and its escalation decision', () => {
  it('lets the group coordinator reassign an incident whose target is in danger', async () => {
    const user = userEvent.setup({ delay: null });
    const api = clocksApi([
      clock({ kind: 'response', state: 'met', stopped: true }),
      clock({}),
    ]);
    await renderClocks(api);

    const decision = within(region()!);
    expect(api.getRecordRoles).toHaveBeenCalledWith('incidents', 'INC-12');
    // One read of the clocks for the banner and the card.
    expect(api.getIncidentSla).toHaveBeenCalledTimes(1);
    expect(
      within(banner()!).getByText(
        /^Resolution target of SLA-2 in danger \(80% used\), breaches at /,
      ),
    ).toBeInTheDocument();
    expect(within(banner()!).queryByText(/Response target/)).toBeNull();

    await user.click(decision.getByRole('button', { name: 'Reassign' }));
    const dialog = within(screen.getByRole('dialog'));
    expect(dialog.getByText('Reassign INC-12')).toBeInTheDocument();
    await user.type(dialog.getByLabelText(/New specialist/), 'user:lukas');
    await user.type(dialog.getByLabelText(/Reason/), ' needs a DBA ');
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Reassign' })),
    );

    expect(api.decideEscalation).toHaveBeenCalledWith('INC-12', {
      version: 4,
      decision: 'reassign',
      assignee: 'user:default/lukas',
      reason: 'needs a DBA',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    // The record and what is read with it are read again.
    expect(api.getIncidentSla).toHaveBeenCalledTimes(2);
    expect(api.getRecordRoles).toHaveBeenCalledTimes(2);
  });

  it('asks for the reason (and a user to reassign to) before urging or reassigning', async () => {
    const user = userEvent.setup({ delay: null });
    const api = clocksApi([
      clock({ state: 'breached', elapsedPercent: 125, remainingMinutes: -120 }),
    ]);
    await renderClocks(api);
    expect(
      within(banner()!).getByText(/^Resolution target of SLA-2 breached at /),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reassign' }));
    let dialog = within(screen.getByRole('dialog'));
    await user.type(dialog.getByLabelText(/New specialist/), 'group:default/x');
    await user.click(dialog.getByRole('button', { name: 'Reassign' }));
    expect(
      dialog.getByText('must be a user entity ref (user:namespace/name)'),
    ).toBeInTheDocument();
    expect(dialog.getByText('Say why')).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Go back' }));

    await user.click(screen.getByRole('button', { name: 'Urge specialist' }));
    dialog = within(screen.getByRole('dialog'));
    expect(dialog.queryByLabelText(/New specialist/)).toBeNull();
    await user.click(dialog.getByRole('button', { name: 'Urge specialist' }));
    expect(dialog.getByText('Say why')).toBeInTheDocument();
    expect(api.decideEscalation).not.toHaveBeenCalled();

    await user.type(dialog.getByLabelText(/Reason/), 'the card network waits');
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Urge specialist' })),
    );
    expect(api.decideEscalation).toHaveBeenCalledWith('INC-12', {
      version: 4,
      decision: 'urge',
      reason: 'the card network waits',
    });
  });

  it('shows why the server refused and offers to reload on a conflict', async () => {
    const user = userEvent.setup({ delay: null });
    const api = clocksApi([clock({})]);
    api.decideEscalation.mockRejectedValue(
      await responseError(409, 'INC-12 was changed; read it again'),
    );
    await renderClocks(api);

    await user.click(screen.getByRole('button', { name: 'Urge specialist' }));
    const dialog = within(screen.getByRole('dialog'));
    await user.type(dialog.getByLabelText(/Reason/), 'hurry');
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Urge specialist' })),
    );
    expect(
      dialog.getByText('INC-12 was changed; read it again'),
    ).toBeInTheDocument();
    expect(api.getIncidentSla).toHaveBeenCalledTimes(1);

    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Reload' })),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.getIncidentSla).toHaveBeenCalledTimes(2);
  });

  it('tells anyone else who decides, and offers nothing', async () => {
    const api = clocksApi([clock({})], ['assignee']);
    await renderClocks(api);

    const decision = within(region()!);
    expect(decision.queryAllByRole('button')).toEqual([]);
    expect(
      decision.getByText(
        'Decided by the group coordinator (group:default/payments-dispatch)',
      ),
    ).toBeInTheDocument();
  });

  it('offers nothing when the roles cannot be read, says why and retries', async () => {
    const user = userEvent.setup({ delay: null });
    const api = clocksApi([clock({})]);
    api.getRecordRoles
      .mockRejectedValueOnce(new Error('The catalog is unavailable'))
      .mockResolvedValue(recordRoles('INC-12', ['group-coordinator']));
    await renderClocks(api);

    const decision = within(region()!);
    expect(
      decision.getByText('Could not read your roles; no decision is offered'),
    ).toBeInTheDocument();
    expect(decision.queryByRole('button', { name: 'Reassign' })).toBeNull();

    await settled(() =>
      user.click(decision.getByRole('button', { name: 'Retry' })),
    );
    expect(decision.getByRole('button', { name: 'Reassign' })).toBeEnabled();
    expect(decision.queryByText(/Could not read your roles/)).toBeNull();
  });

  it('asks for no decision while no target is in danger or the incident is not open', async () => {
    const calm = clocksApi([
      clock({ elapsedPercent: 74, state: 'ok' }),
      clock({ kind: 'response', state: 'breached', stopped: true }),
    ]);
    const { unmount } = await renderClocks(calm);
    expect(
      screen.getByRole('group', { name: 'SLA-2 Resolution' }),
    ).toBeInTheDocument();
    expect(region()).toBeNull();
    expect(banner()).toBeNull();
    expect(calm.getRecordRoles).not.toHaveBeenCalled();
    unmount();

    const resolved = clocksApi([clock({ state: 'breached' })]);
    await renderClocks(resolved, { ...ASSIGNED, state: 'resolved' });
    expect(screen.getByLabelText('State: breached')).toBeInTheDocument();
    expect(region()).toBeNull();
  });

  it('counts a target in danger by the configured threshold', async () => {
    const { unmount } = await renderClocks(
      clocksApi([clock({})]),
      ASSIGNED,
      0.9,
    );
    expect(region()).toBeNull();
    unmount();

    await renderClocks(
      clocksApi([clock({ elapsedPercent: 91 })]),
      ASSIGNED,
      0.9,
    );
    expect(region()).not.toBeNull();
  });

  it('is offered on the incident page, which reloads the incident after the decision', async () => {
    const user = userEvent.setup({ delay: null });
    const api = clocksApi([clock({})]);
    api.getRecord.mockResolvedValue(detail(ASSIGNED) as never);
    await renderItsm(api, '/incidents/INC-12');

    await user.click(screen.getByRole('button', { name: 'Urge specialist' }));
    await user.type(
      within(screen.getByRole('dialog')).getByLabelText(/Reason/),
      'hurry',
    );
    await settled(() =>
      user.click(
        within(screen.getByRole('dialog')).getByRole('button', {
          name: 'Urge specialist',
        }),
      ),
    );
    expect(api.decideEscalation).toHaveBeenCalledWith(
      'INC-12',
      expect.objectContaining({ decision: 'urge', version: 4 }),
    );
    expect(api.getRecord).toHaveBeenCalledTimes(2);
  });
});
