import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SlaReport } from '../../api';
import {
  detail,
  mockItsmApi,
  renderItsm,
  SLA,
} from '../__testUtils__/fixtures';
import { isValidTerm, previousMonth } from './term';

jest.setTimeout(30_000);

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
  incidents: { registered: 3, clocks: 6, met: 5, compliancePercent: 83.333 },
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

describe('term helpers', () => {
  it('validates months and quarters', () => {
    expect(isValidTerm('2026-10')).toBe(true);
    expect(isValidTerm('2026-Q4')).toBe(true);
    expect(isValidTerm('2026-13')).toBe(false);
    expect(isValidTerm('2026-Q5')).toBe(false);
    expect(isValidTerm('oct')).toBe(false);
  });
  it('defaults to the previous month', () => {
    expect(previousMonth(new Date('2026-01-15T00:00:00Z'))).toBe('2025-12');
    expect(previousMonth(new Date('2026-11-30T23:00:00Z'))).toBe('2026-10');
  });
});

describe('SLA detail cards', () => {
  it('shows targets and the availability of each covered entity', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(SLA)),
    });
    await renderItsm(api, '/slas/SLA-2');
    const targets = within(
      await screen.findByRole('region', { name: 'Targets' }),
    );
    expect(targets.getByText('Availability: 99.9%')).toBeInTheDocument();
    expect(targets.getByText('Calendar: 24x7')).toBeInTheDocument();
    expect(targets.getByText('Term: Monthly')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getAvailability).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRef: 'component:default/payments-api',
          granularity: 'day',
        }),
      ),
    );
    const { from, to } = api.getAvailability.mock.calls[0][0];
    expect(Date.parse(to) - Date.parse(from)).toBe(30 * 86_400_000);
  });

  it('validates the term, shows the report and downloads the CSV', async () => {
    const user = userEvent.setup();
    const blob = new Blob(['target,expected\n']);
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(SLA)),
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

    await renderItsm(api, '/slas/SLA-2');
    const card = within(
      await screen.findByRole('region', { name: 'Term report' }),
    );
    const term = card.getByRole('textbox', { name: 'Term' });
    expect(term).toHaveValue(previousMonth());

    await user.clear(term);
    await user.type(term, '2026-13');
    await user.click(card.getByRole('button', { name: 'Show report' }));
    expect(
      card.getByText('Enter a month (YYYY-MM) or a quarter (YYYY-Qn)'),
    ).toBeInTheDocument();
    await user.click(card.getByRole('button', { name: 'Download CSV' }));
    expect(api.getSlaReport).not.toHaveBeenCalled();
    expect(api.downloadSlaReportCsv).not.toHaveBeenCalled();

    await user.clear(term);
    await user.type(term, '2026-Q4');
    await user.click(card.getByRole('button', { name: 'Show report' }));
    expect(api.getSlaReport).toHaveBeenCalledWith('SLA-2', '2026-Q4');
    const table = await card.findByRole('table', { name: 'Actual vs target' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('component:payments-api');
    expect(row).toHaveTextContent('99.5%');
    expect(row).toHaveTextContent('99.9%');
    expect(row).toHaveTextContent('Missed');
    const violations = card.getByRole('table', { name: 'Violations' });
    expect(
      within(violations)
        .getByRole('link', { name: 'INC-4' })
        .getAttribute('href'),
    ).toBe('/incidents/INC-4');

    await user.click(card.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() =>
      expect(api.downloadSlaReportCsv).toHaveBeenCalledWith('SLA-2', '2026-Q4'),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect(downloaded).toBe('SLA-2-2026-Q4.csv');
    click.mockRestore();
  });
});
