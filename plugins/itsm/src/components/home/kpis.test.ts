import {
  changeOutcomes,
  emergencyRatio,
  listSearch,
  meanTimeToResolve,
} from './kpis';

describe('ITSM home figures', () => {
  it('averages report-to-resolution time over resolved incidents only', () => {
    expect(
      meanTimeToResolve([
        {
          state: 'resolved',
          createdAt: '2026-11-24T10:00:00Z',
          stateChangedAt: '2026-11-24T11:00:00Z',
        },
        {
          state: 'resolved',
          createdAt: '2026-11-24T10:00:00Z',
          stateChangedAt: '2026-11-24T13:00:00Z',
        },
        // A closed incident's last state change is the close: not counted.
        {
          state: 'closed',
          createdAt: '2026-11-01T10:00:00Z',
          stateChangedAt: '2026-11-24T13:00:00Z',
        },
      ]),
    ).toBe(2 * 3600 * 1000);
    expect(meanTimeToResolve([])).toBeUndefined();
  });

  it('computes the change success rate over closed changes', () => {
    expect(
      changeOutcomes([
        { state: 'closed', outcome: 'successful' },
        { state: 'closed', outcome: 'successful' },
        { state: 'closed', outcome: 'failed' },
        { state: 'closed', outcome: 'backed_out' },
        { state: 'implementing', outcome: null },
      ]),
    ).toEqual({
      closed: 4,
      successful: 2,
      failed: 1,
      backedOut: 1,
      withoutOutcome: 0,
      successRate: 0.5,
    });
    expect(changeOutcomes([]).successRate).toBeUndefined();
  });

  it('computes the emergency change ratio', () => {
    expect(
      emergencyRatio([
        { changeType: 'emergency' },
        { changeType: 'normal' },
        { changeType: 'standard' },
        { changeType: 'normal' },
      ]),
    ).toEqual({ emergency: 1, ratio: 0.25 });
  });

  it('builds list links with repeated parameters', () => {
    expect(listSearch({ state: ['new', 'assigned'], priority: ['P1'] })).toBe(
      'state=new&state=assigned&priority=P1',
    );
  });
});
