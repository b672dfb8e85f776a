import { screen, within } from '@testing-library/react';
import type { ChangeAssessment } from '../../api';
import { mockItsmApi, renderCard } from '../../__testUtils__/fixtures';
import { AssessmentCard } from './AssessmentCard';

const ASSESSMENT: ChangeAssessment = {
  computedAt: '2026-11-21T10:00:00.000Z',
  impact: {
    direct: ['resource:default/ledger-db'],
    affected: [
      {
        entityRef: 'component:default/ledger-service',
        depth: 1,
        path: [
          'resource:default/ledger-db',
          'component:default/ledger-service',
        ],
        dependent: true,
      },
      {
        entityRef: 'component:default/checkout-web',
        depth: 2,
        path: [
          'resource:default/ledger-db',
          'component:default/ledger-service',
          'component:default/checkout-web',
        ],
        dependent: true,
      },
    ],
    owners: [
      {
        ownerRef: 'group:default/storefront',
        entityRefs: ['component:default/checkout-web'],
      },
    ],
    slas: [],
    truncated: false,
  },
  serviceHoursImpact: true,
  customerAffecting: false,
  conflicts: [
    {
      changeKey: 'CHG-9',
      title: 'Patch ledger-service',
      state: 'scheduled',
      plannedStart: '2026-12-02T11:00:00.000Z',
      plannedEnd: '2026-12-02T12:00:00.000Z',
      entityRefs: ['component:default/ledger-service'],
    },
  ],
  freezeWindows: [
    {
      id: 'fw-1',
      title: 'Year-end freeze',
      start: '2026-12-01T00:00:00.000Z',
      end: '2026-12-05T00:00:00.000Z',
      scope: { kind: 'all' },
    },
  ],
  incidentHistory: [],
  risk: {
    level: 'high',
    score: 7,
    factors: [
      {
        factor: 'blastRadius',
        points: 1,
        detail: '2 entities affected through the catalog',
      },
      {
        factor: 'conflicts',
        points: 1,
        detail: '1 overlapping change',
      },
    ],
  },
  approvers: [
    { approverRef: 'group:default/payments-team', reason: 'service owner' },
    { approverRef: 'group:default/storefront', reason: 'affected customer' },
    { approverRef: 'group:default/change-board', reason: 'freeze exception' },
  ],
};

const assessmentRegion = () =>
  within(screen.getByRole('region', { name: 'Assessment' }));

describe('AssessmentCard', () => {
  it('shows risk, factors, affected entities, approvers and conflicts', async () => {
    await renderCard(
      <AssessmentCard
        plannedStart="2026-12-02T10:00:00.000Z"
        assessment={ASSESSMENT}
        approvals={[
          {
            approverRef: 'group:default/payments-team',
            decision: 'approve',
            reason: null,
            decidedBy: 'user:default/olivia',
            decidedAt: '2026-11-22T10:00:00.000Z',
            superseded: false,
          },
          {
            approverRef: 'group:default/storefront',
            decision: 'reject',
            reason: 'Not now',
            decidedBy: 'user:default/sam',
            decidedAt: '2026-11-22T11:00:00.000Z',
            superseded: false,
          },
          {
            approverRef: 'group:default/change-board',
            decision: 'approve',
            reason: null,
            decidedBy: 'user:default/max',
            decidedAt: '2026-11-20T11:00:00.000Z',
            superseded: true,
          },
        ]}
      />,
      mockItsmApi(),
    );
    const card = assessmentRegion();

    expect(card.getByText('Risk: High')).toBeInTheDocument();
    expect(card.getByText('Score 7')).toBeInTheDocument();
    const factors = card.getByRole('table', { name: 'Risk factors' });
    expect(within(factors).getByText('Blast radius')).toBeInTheDocument();
    expect(
      within(factors).getByText('2 entities affected through the catalog'),
    ).toBeInTheDocument();

    const tree = card.getByRole('tree', { name: 'Affected entities' });
    const depth2 = within(tree).getByRole('treeitem', { name: /^Depth 2/ });
    // Named by what it shows, which starts with the entity.
    const checkout = within(depth2).getByRole('treeitem', {
      name: /^component:checkout-web depth 2/,
    });
    expect(
      within(checkout)
        .getByRole('link', { name: 'component:checkout-web' })
        .getAttribute('href'),
    ).toBe('/catalog/default/component/checkout-web');
    expect(checkout).toHaveTextContent('depth 2');
    expect(checkout).toHaveTextContent(
      'Path: resource:ledger-db → component:ledger-service → component:checkout-web',
    );
    expect(checkout).toHaveTextContent('Owners: group:storefront');
    // The whole path also as a tooltip, however narrow the card.
    expect(
      within(checkout).getByTitle(
        'resource:ledger-db → component:ledger-service → component:checkout-web',
      ),
    ).toBeInTheDocument();

    const approvers = card.getByRole('table', { name: 'Approvers' });
    const rows = within(approvers).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'group:payments-teamservice ownerApproved',
      'group:storefrontaffected customerRejected',
      'group:change-boardfreeze exceptionPending',
    ]);

    expect(card.getByRole('link', { name: 'CHG-9' }).getAttribute('href')).toBe(
      '/changes/CHG-9',
    );
    expect(card.getByText('Year-end freeze')).toBeInTheDocument();
    expect(card.getByText('Service-hours impact: yes')).toBeInTheDocument();
    expect(card.getByText('Customers affected: no')).toBeInTheDocument();
    expect(
      card.getByRole('link', { name: 'Open in calendar' }).getAttribute('href'),
    ).toBe('/calendar?date=2026-12-02');
  });

  it('says when there are no conflicts or freeze windows', async () => {
    await renderCard(
      <AssessmentCard
        assessment={{ ...ASSESSMENT, conflicts: [], freezeWindows: [] }}
        approvals={[]}
      />,
      mockItsmApi(),
    );
    const card = assessmentRegion();
    expect(card.getByText('No conflicts')).toBeInTheDocument();
    expect(card.getByText('No freeze windows')).toBeInTheDocument();
  });

  it('has an empty state for a change without assessment', async () => {
    await renderCard(<AssessmentCard approvals={[]} />, mockItsmApi());
    const card = assessmentRegion();
    expect(
      card.getByText(/This change has no assessment yet/),
    ).toBeInTheDocument();
    expect(card.queryByText(/^Risk:/)).not.toBeInTheDocument();
    expect(
      card.getByRole('link', { name: 'Open in calendar' }).getAttribute('href'),
    ).toBe('/calendar');
  });
});
