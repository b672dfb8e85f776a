import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SlaReport } from '../../api';
import {
  mockItsmApi,
  renderCard,
  settled,
  SLA,
} from '../../__testUtils__/fixtures';
import { SlaReportCard } from './SlaReportCard';

const REPORT: SlaReport = {
  sla: {
    key: 'SLA-2',
    title: 'Payments for retail',
    customerGroup: 'group:default/retail',
    serviceOwnerGroup: 'group:default/payments-team',
    calendar: '24x7',
  },
  term: {
    label: '2026-Q4',
    from: '2026-10-01T00:00:00.000Z',
    to: '2027-01-01T00:00:00.000Z',
  },
  targets: SLA.targets,
  entities: [
    {
      entityRef: 'component:default/payments-api',
      availability: 99.5,
      target: 99.9,
      met: false,
      downtimeMinutes: 90,
      outages: 2,
      mttrMinutes: 45,
      incidents: ['INC-4', 'INC-5'],
    },
  ],
  outages: { actual: 2, max: null },
  incidents: {
    registered: 3,
    clocks: 6,
    met: 4,
    breached: 1,
    running: 1,
    compliancePercent: 80,
  },
  violations: [
    {
      target: 'availability',
      entityRef: 'component:default/payments-api',
      expected: 99.9,
      actual: 99.5,
      incidents: ['INC-4', 'INC-5'],
    },
  ],
};

describe('SlaReportCard', () => {
  it('validates the term, shows the report and downloads the CSV', async () => {
    const user = userEvent.setup({ delay: null });
    const blob = new Blob(['target,expected\n']);
    const api = mockItsmApi({
      getSlaReport: jest.fn().mockResolvedValue(REPORT),
      downloadSlaReportCsv: jest.fn().mockResolvedValue(blob),
    });
    const createObjectURL = jest.fn(() => 'blob:report');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    let downloaded: string | undefined;
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloaded = this.download;
      });

    await renderCard(
      <SlaReportCard sla={SLA} now={new Date('2026-11-15T08:00:00Z')} />,
      api,
    );
    const card = within(screen.getByRole('region', { name: 'Term report' }));
    const term = card.getByRole('textbox', { name: 'Term' });
    expect(term).toHaveValue('2026-10');

    await settled(() => user.clear(term));
    await settled(() => user.type(term, '2026-13'));
    await settled(() =>
      user.click(card.getByRole('button', { name: 'Show report' })),
    );
    expect(
      card.getByText('Enter a month (YYYY-MM) or a quarter (YYYY-Qn)'),
    ).toBeInTheDocument();
    await settled(() =>
      user.click(card.getByRole('button', { name: 'Download CSV' })),
    );
    expect(api.getSlaReport).not.toHaveBeenCalled();
    expect(api.downloadSlaReportCsv).not.toHaveBeenCalled();

    await settled(() => user.clear(term));
    await settled(() => user.type(term, '2026-q4'));
    await settled(() =>
      user.click(card.getByRole('button', { name: 'Show report' })),
    );
    expect(api.getSlaReport).toHaveBeenCalledWith('SLA-2', '2026-Q4');
    const table = card.getByRole('table', { name: 'Actual vs target' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('component:payments-api');
    expect(row).toHaveTextContent('99.5%');
    expect(row).toHaveTextContent('99.9%');
    expect(row).toHaveTextContent('Missed');
    // A running clock is counted neither as met nor as breached.
    expect(
      card.getByText(
        'Incidents registered: 3; clocks met: 4 of 5 decided (80%); still running: 1',
      ),
    ).toBeInTheDocument();
    const violations = card.getByRole('table', { name: 'Violations' });
    expect(
      within(violations)
        .getByRole('link', { name: 'INC-4' })
        .getAttribute('href'),
    ).toBe('/incidents/INC-4');

    await settled(() =>
      user.click(card.getByRole('button', { name: 'Download CSV' })),
    );
    expect(api.downloadSlaReportCsv).toHaveBeenCalledWith('SLA-2', '2026-Q4');
    expect(click).toHaveBeenCalled();
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect(downloaded).toBe('SLA-2-2026-Q4.csv');
    click.mockRestore();
  });
});
