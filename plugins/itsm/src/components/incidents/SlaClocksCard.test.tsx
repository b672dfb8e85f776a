import { screen, within } from '@testing-library/react';
import type { SlaClockView } from '../../api';
import {
  INCIDENT,
  mockItsmApi,
  renderCard,
} from '../../__testUtils__/fixtures';
import { SlaClocksCard } from './SlaClocksCard';

const clock = (overrides: Partial<SlaClockView>): SlaClockView => ({
  slaKey: 'SLA-2',
  slaTitle: 'Payments for retail',
  kind: 'response',
  calendar: '24x7',
  targetMinutes: 30,
  elapsedMinutes: 12,
  elapsedPercent: 40,
  remainingMinutes: 18,
  breachAt: '2026-11-24T10:30:00.000Z',
  state: 'ok',
  stopped: false,
  paused: false,
  thresholds: [],
  ...overrides,
});

describe('SlaClocksCard', () => {
  it('shows a bar and a state per SLA and clock', async () => {
    const api = mockItsmApi({
      getIncidentSla: jest.fn().mockResolvedValue({
        incidentKey: 'INC-12',
        priority: 'P2',
        clocks: [
          clock({ kind: 'response', state: 'met', elapsedPercent: 40 }),
          clock({
            kind: 'resolution',
            state: 'warning',
            targetMinutes: 480,
            elapsedMinutes: 400,
            elapsedPercent: 83.3,
            remainingMinutes: 80,
          }),
          clock({
            slaKey: 'SLA-3',
            kind: 'resolution',
            state: 'breached',
            targetMinutes: 240,
            elapsedMinutes: 300,
            elapsedPercent: 125,
            remainingMinutes: -60,
          }),
          clock({ slaKey: 'SLA-3', kind: 'response', state: 'paused' }),
        ],
      }),
    });
    await renderCard(<SlaClocksCard incident={INCIDENT} />, api);
    const card = within(screen.getByRole('region', { name: 'SLA clocks' }));
    const resolution = within(
      card.getByRole('group', { name: 'SLA-2 Resolution' }),
    );
    expect(card.getAllByRole('link', { name: 'SLA-3' })[0]).toHaveAttribute(
      'href',
      '/slas/SLA-3',
    );
    expect(api.getIncidentSla).toHaveBeenCalledWith('INC-12');
    expect(resolution.getByLabelText('State: warning')).toBeInTheDocument();
    expect(
      resolution.getByRole('progressbar', { name: 'SLA-2 Resolution elapsed' }),
    ).toHaveAttribute('aria-valuenow', '83');
    expect(resolution.getByText('83.3%')).toBeInTheDocument();
    expect(resolution.getByText(/Target 8 h/)).toHaveTextContent(
      'remaining 1 h 20 min',
    );
    expect(
      within(
        card.getByRole('group', { name: 'SLA-2 Response' }),
      ).getByLabelText('State: met'),
    ).toBeInTheDocument();
    const breached = within(
      card.getByRole('group', { name: 'SLA-3 Resolution' }),
    );
    expect(breached.getByLabelText('State: breached')).toBeInTheDocument();
    expect(breached.getByText(/breached at/)).toBeInTheDocument();
    expect(
      within(
        card.getByRole('group', { name: 'SLA-3 Response' }),
      ).getByLabelText('State: paused'),
    ).toBeInTheDocument();
  });

  it('says when no active SLA covers the incident', async () => {
    const api = mockItsmApi({
      getIncidentSla: jest.fn().mockResolvedValue({
        incidentKey: 'INC-12',
        priority: 'P2',
        clocks: [],
      }),
    });
    await renderCard(<SlaClocksCard incident={INCIDENT} />, api);
    expect(
      screen.getByText('No active SLA covers this incident'),
    ).toBeInTheDocument();
  });
});
