import { listSearch, periodText } from './kpis';

describe('ITSM home figures', () => {
  it('builds list links with repeated parameters', () => {
    expect(listSearch({ state: ['new', 'assigned'], priority: ['P1'] })).toBe(
      'state=new&state=assigned&priority=P1',
    );
  });

  it('names the period of the figures', () => {
    const now = Date.now();
    expect(
      periodText({
        from: new Date(now - 90 * 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
      }),
    ).toBe('the last 90 days');
    expect(
      periodText({
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-11-01T00:00:00.000Z',
      }),
    ).toBe('2026-10-01 to 2026-10-31');
  });
});
