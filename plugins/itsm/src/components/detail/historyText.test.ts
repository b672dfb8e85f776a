import { ItsmHistoryEntry } from '@backstage-itsm/plugin-itsm-common';
import { describeEntry, fieldLabel } from './historyText';

const entry = (e: Partial<ItsmHistoryEntry>): ItsmHistoryEntry => ({
  at: '2026-11-24T10:00:00Z',
  actor: 'user:default/jane',
  action: 'updated',
  field: null,
  from: null,
  to: null,
  ...e,
});

describe('the history in words', () => {
  it('names fields by their form labels, never by their API names', () => {
    expect(fieldLabel('incidents', 'assignedGroup')).toBe('Assignment group');
    expect(fieldLabel('incidents', 'outage')).toBe('Outage');
    expect(fieldLabel('incidents', 'reopenCount')).toBe('Times reopened');
    expect(fieldLabel('changes', 'someNewField')).toBe('Some new field');
    const text = describeEntry(
      'incidents',
      entry({
        field: 'assignedGroup',
        from: 'group:default/payments-team',
        to: 'group:default/storefront-team',
      }),
    );
    expect(text).toBe(
      'Assignment group changed from payments-team to storefront-team',
    );
    expect(text).not.toMatch(/assignedGroup|group:default/);
  });

  it('says transitions, reasons and cleared values in words', () => {
    expect(
      describeEntry(
        'incidents',
        entry({
          action: 'resolve',
          field: 'state',
          from: 'in_progress',
          to: 'resolved',
        }),
      ),
    ).toBe('Resolve: In progress → Resolved');
    expect(
      describeEntry(
        'changes',
        entry({ action: 'send_back', field: 'reason', to: 'No test plan' }),
      ),
    ).toBe('Send back, because “No test plan”');
    expect(
      describeEntry(
        'incidents',
        entry({
          action: 'reopen',
          field: 'resolutionCode',
          from: 'fixed',
          to: null,
        }),
      ),
    ).toBe('Reopen: resolution code cleared (was fixed)');
    expect(
      describeEntry(
        'incidents',
        entry({ field: 'assignee', to: 'user:default/bob' }),
      ),
    ).toBe('Assignee set to bob');
  });

  it('says approvals, signatures and SLA clocks in words', () => {
    expect(
      describeEntry(
        'changes',
        entry({
          action: 'approved',
          field: 'approval',
          from: 'group:default/storefront-team',
          to: 'Looks safe',
        }),
      ),
    ).toBe('Approved for storefront-team: “Looks safe”');
    expect(
      describeEntry(
        'slas',
        entry({
          action: 'signed',
          field: 'serviceOwner',
          to: 'user:default/x',
        }),
      ),
    ).toBe('Signed for the service owner');
    expect(
      describeEntry(
        'incidents',
        entry({ action: 'sla-warning', field: 'SLA-1.response', to: 0.75 }),
      ),
    ).toBe('SLA-1: response clock at 75% of its target');
    expect(
      describeEntry(
        'incidents',
        entry({ action: 'sla-breached', field: 'SLA-1.resolution', to: 1 }),
      ),
    ).toBe('SLA-1: resolution target breached');
  });

  it('says who must approve a change and why', () => {
    const round = entry({
      action: 'request_approval',
      field: 'requiredApprovers',
      from: null,
      to: [
        {
          approverRef: 'group:default/payments-team',
          reason: 'service owner of component:default/payments-api',
        },
        {
          approverRef: 'group:default/storefront-team',
          reason: 'customer of SLA-3 covering component:shop/checkout-web',
          quorum: 2,
        },
      ],
    });
    expect(describeEntry('changes', round)).toBe(
      'Approval required from payments-team as service owner of payments-api; from storefront-team (2 approvals) as customer of SLA-3 covering shop/checkout-web',
    );
    expect(
      describeEntry('changes', {
        ...round,
        from: round.to,
        to: [{ approverRef: 'group:default/cab' }],
      }),
    ).toBe('Approval now required from cab');
    expect(describeEntry('changes', { ...round, from: round.to, to: [] })).toBe(
      'No approval required any more',
    );
  });

  it('writes an outage as a period, not as its fields', () => {
    const text = describeEntry(
      'incidents',
      entry({
        action: 'resolve',
        field: 'outage',
        from: { kind: 'down', start: '2026-11-24T09:00:00Z', end: null },
        to: {
          kind: 'down',
          start: '2026-11-24T09:00:00Z',
          end: '2026-11-24T09:30:00Z',
        },
      }),
    );
    expect(text).toMatch(
      /^Resolve: outage changed from Down from .+ \(ongoing\) to Down from .+ to .+$/,
    );
    expect(text).not.toMatch(/kind|start:|end:/);
  });

  it('says a comment or an internal note was written, never what it says', () => {
    expect(
      describeEntry('incidents', entry({ action: 'commented', to: 7 })),
    ).toBe('Commented');
    expect(
      describeEntry(
        'incidents',
        entry({ action: 'commented', field: 'internal', to: 8 }),
      ),
    ).toBe('Added an internal note');
    expect(
      describeEntry(
        'incidents',
        entry({
          action: 'registered-on-behalf',
          field: 'requester',
          from: 'user:default/sam',
          to: 'user:default/carol',
        }),
      ),
    ).toBe('Registered on behalf of carol');
  });
});
