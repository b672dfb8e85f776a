import type { Sla } from '@backstage-itsm/plugin-itsm-common';
import { screen, within } from '@testing-library/react';
import { mockItsmApi, renderCard, SLA } from '../../__testUtils__/fixtures';
import { formatDateTime } from '../common/format';
import { SlaVersionsCard } from './SlaVersionsCard';

const versionsRegion = () =>
  within(screen.getByRole('region', { name: 'Versions' }));

const rowsOf = () =>
  within(versionsRegion().getByRole('table', { name: 'Earlier versions' }))
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );

const FIRST_CHANGE = '2026-10-01T00:00:00.000Z';
const SECOND_CHANGE = '2026-11-15T08:00:00.000Z';

// SLA-2 was agreed, then changed twice while active: version 3 is in force.
const VERSIONED: Sla = {
  ...SLA,
  state: 'active',
  version: 7,
  slaVersion: 3,
  versionValidFrom: SECOND_CHANGE,
  escalateDegraded: true,
  versions: [
    {
      version: 1,
      validFrom: null,
      validTo: FIRST_CHANGE,
      customerGroup: SLA.customerGroup,
      serviceOwnerGroup: SLA.serviceOwnerGroup,
      targets: {
        availabilityPercent: 99.5,
        responseMinutes: { P1: 30, P2: 60, P3: 240, P4: 480 },
        resolutionMinutes: { P1: 480, P2: 960, P3: 2880, P4: 5760 },
        maxOutages: 3,
      },
      calendar: 'business-hours',
      term: 'quarterly',
      escalateDegraded: false,
      entityRefs: SLA.entityRefs,
    },
    {
      version: 2,
      validFrom: FIRST_CHANGE,
      validTo: SECOND_CHANGE,
      customerGroup: SLA.customerGroup,
      serviceOwnerGroup: SLA.serviceOwnerGroup,
      targets: SLA.targets,
      calendar: '24x7',
      term: 'monthly',
      escalateDegraded: true,
      entityRefs: SLA.entityRefs,
    },
  ],
};

describe('SlaVersionsCard', () => {
  it('lists each earlier version with its period and what it agreed', async () => {
    await renderCard(<SlaVersionsCard sla={VERSIONED} />, mockItsmApi());

    expect(
      versionsRegion().getByText(
        `Version 3 in force since ${formatDateTime(SECOND_CHANGE)}.`,
      ),
    ).toBeInTheDocument();
    expect(rowsOf()).toEqual([
      [
        '1',
        `From the agreement to ${formatDateTime(FIRST_CHANGE)}`,
        '99.5% availability; response P1 30 min, P2 1 h, P3 4 h, P4 8 h; resolution P1 8 h, P2 16 h, P3 2 d, P4 4 d; at most 3 outages per term',
        'business-hours',
        'Quarterly',
      ],
      [
        '2',
        `From ${formatDateTime(FIRST_CHANGE)} to ${formatDateTime(
          SECOND_CHANGE,
        )}`,
        '99.9% availability; response P1 15 min, P2 30 min, P3 4 h, P4 8 h; resolution P1 4 h, P2 8 h, P3 2 d, P4 4 d; degraded outages escalate',
        '24x7',
        'Monthly',
      ],
    ]);
    expect(versionsRegion().queryByText(/No earlier version/)).toBeNull();
  });

  it('says so when the SLA holds the terms it was agreed with', async () => {
    await renderCard(<SlaVersionsCard sla={SLA} />, mockItsmApi());

    expect(
      versionsRegion().getByText(
        'Version 1: the terms the SLA was agreed with.',
      ),
    ).toBeInTheDocument();
    expect(
      versionsRegion().getByText(
        'No earlier version: the terms have not changed since the SLA was agreed.',
      ),
    ).toBeInTheDocument();
    expect(versionsRegion().queryByRole('table')).toBeNull();
  });

  it('reads the earlier targets of an SLA versioned before every term was', async () => {
    const legacy: Sla = {
      ...SLA,
      state: 'active',
      targetsValidFrom: SECOND_CHANGE,
      targetHistory: [
        {
          targets: { ...SLA.targets, availabilityPercent: 99 },
          validFrom: '2026-09-01T00:00:00.000Z',
          validTo: SECOND_CHANGE,
        },
      ],
    };
    await renderCard(<SlaVersionsCard sla={legacy} />, mockItsmApi());

    expect(
      versionsRegion().getByText(
        `Version 2 in force since ${formatDateTime(SECOND_CHANGE)}.`,
      ),
    ).toBeInTheDocument();
    const [row] = rowsOf();
    expect(row[0]).toBe('1');
    expect(row[1]).toBe(
      `From the agreement to ${formatDateTime(SECOND_CHANGE)}`,
    );
    expect(row[2]).toMatch(/^99% availability; /);
  });
});
