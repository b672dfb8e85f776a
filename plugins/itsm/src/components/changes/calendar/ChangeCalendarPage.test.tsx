import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { ChangeCalendarResponse } from '../../../api';
import {
  mockItsmApi,
  renderItsm,
  settled,
} from '../../../__testUtils__/fixtures';

const CALENDAR: ChangeCalendarResponse = {
  changes: [
    {
      key: 'CHG-1',
      title: 'Upgrade ledger-db',
      state: 'scheduled',
      changeType: 'normal',
      plannedStart: '2026-12-02T10:00:00.000Z',
      plannedEnd: '2026-12-03T02:00:00.000Z',
      entityRefs: ['resource:default/ledger-db'],
      conflicts: ['CHG-2'],
      freezeWindows: [],
    },
    {
      key: 'CHG-2',
      title: 'Patch ledger-service',
      state: 'approval',
      changeType: 'normal',
      plannedStart: '2026-12-02T11:00:00.000Z',
      plannedEnd: '2026-12-02T12:00:00.000Z',
      entityRefs: ['component:default/ledger-service'],
      conflicts: ['CHG-1'],
      freezeWindows: [],
    },
    {
      key: 'CHG-3',
      title: 'Rotate certificates',
      state: 'scheduled',
      changeType: 'normal',
      plannedStart: '2026-12-24T08:00:00.000Z',
      plannedEnd: '2026-12-24T09:00:00.000Z',
      entityRefs: ['component:default/checkout-web'],
      conflicts: [],
      freezeWindows: ['Year-end freeze'],
    },
  ],
  freezeWindows: [
    {
      id: 'fw-1',
      title: 'Year-end freeze',
      reason: 'Peak sales',
      start: '2026-12-22T00:00:00.000Z',
      end: '2026-12-26T00:00:00.000Z',
      scope: { kind: 'all' },
      createdBy: 'config',
      createdAt: '2026-11-01T00:00:00.000Z',
    },
  ],
  maintenanceWindows: [
    {
      changeKey: 'CHG-1',
      start: '2026-12-02T10:00:00.000Z',
      end: '2026-12-03T02:00:00.000Z',
      entityRefs: ['resource:default/ledger-db'],
    },
  ],
};

const day = (iso: string) => within(screen.getByRole('group', { name: iso }));

describe('ChangeCalendarPage', () => {
  it('shows the changes in the days their window covers, for a month', async () => {
    const api = mockItsmApi({
      getChangeCalendar: jest.fn().mockResolvedValue(CALENDAR),
    });
    await renderItsm(api, '/calendar?view=month&date=2026-12-01');

    expect(
      screen.getByRole('heading', { name: 'Change calendar', level: 1 }),
    ).toBeInTheDocument();
    expect(api.getChangeCalendar).toHaveBeenCalledWith({
      from: '2026-12-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
    expect(
      screen.getByRole('heading', { name: 'December 2026', level: 2 }),
    ).toBeInTheDocument();

    const link = day('2026-12-02').getByRole('link', {
      name: 'CHG-1 Upgrade ledger-db',
    });
    expect(link.getAttribute('href')).toBe('/changes/CHG-1');
    // The window runs past midnight: shown on the next day too.
    expect(
      day('2026-12-03').getByRole('link', { name: /^CHG-1/ }),
    ).toBeInTheDocument();
    expect(
      day('2026-12-04').queryByRole('link', { name: /^CHG-1/ }),
    ).not.toBeInTheDocument();
    expect(
      day('2026-12-02').getByRole('link', {
        name: 'CHG-2 Patch ledger-service',
      }),
    ).toBeInTheDocument();
    expect(
      day('2026-12-03').queryByRole('link', { name: /^CHG-2/ }),
    ).not.toBeInTheDocument();
    expect(
      day('2026-12-24').getByRole('link', {
        name: 'CHG-3 Rotate certificates',
      }),
    ).toBeInTheDocument();
    // 31 days of December.
    expect(
      screen.getByRole('group', { name: '2026-12-31' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: '2027-01-01' }),
    ).not.toBeInTheDocument();
  });

  it('highlights conflicts and marks freeze and maintenance windows', async () => {
    const api = mockItsmApi({
      getChangeCalendar: jest.fn().mockResolvedValue(CALENDAR),
    });
    await renderItsm(api, '/calendar?date=2026-12-15');

    const link = day('2026-12-02').getByRole('link', {
      name: 'CHG-1 Upgrade ledger-db',
    });
    const entry = link.closest('[data-conflict]') as HTMLElement;
    expect(entry).not.toBeNull();
    expect(within(entry).getByText('Conflict')).toBeInTheDocument();
    expect(within(entry).getByText('Approved')).toBeInTheDocument();

    const certificates = day('2026-12-24')
      .getByRole('link', { name: /^CHG-3/ })
      .closest('div') as HTMLElement;
    expect(certificates.getAttribute('data-conflict')).toBeNull();
    expect(
      within(certificates).queryByText('Conflict'),
    ).not.toBeInTheDocument();
    expect(within(certificates).getByText('In freeze')).toBeInTheDocument();
    expect(certificates.getAttribute('title')).toContain(
      'In freeze window Year-end freeze',
    );

    for (const d of ['2026-12-22', '2026-12-23', '2026-12-24', '2026-12-25']) {
      expect(
        day(d).getByText('Freeze of everything: Year-end freeze'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('group', { name: d }).getAttribute('data-freeze'),
      ).toBe('true');
    }
    expect(
      day('2026-12-26').queryByText(/Year-end freeze/),
    ).not.toBeInTheDocument();
  });

  it('names a scoped freeze and shades its days only when filtered to what it covers', async () => {
    const scoped: ChangeCalendarResponse = {
      ...CALENDAR,
      freezeWindows: [
        {
          ...CALENDAR.freezeWindows[0],
          id: 'fw-2',
          title: 'Payments freeze',
          scope: { kind: 'system', entityRef: 'system:default/payments' },
        },
      ],
    };
    const api = mockItsmApi({
      getChangeCalendar: jest.fn().mockResolvedValue(scoped),
    });
    const { unmount } = await renderItsm(api, '/calendar?date=2026-12-15');
    expect(
      day('2026-12-23').getByText('Freeze of system payments: Payments freeze'),
    ).toBeInTheDocument();
    // Most changes that day are not frozen by it: no shading.
    expect(
      screen
        .getByRole('group', { name: '2026-12-23' })
        .getAttribute('data-freeze'),
    ).toBeNull();
    unmount();

    // Filtered to an entity, the server sends only the freezes covering it.
    await renderItsm(
      api,
      '/calendar?date=2026-12-15&entityRef=component:default/payments-api',
    );
    expect(
      screen
        .getByRole('group', { name: '2026-12-23' })
        .getAttribute('data-freeze'),
    ).toBe('true');
  });

  it('places each change at its hours on the week grid', async () => {
    const api = mockItsmApi({
      getChangeCalendar: jest.fn().mockResolvedValue(CALENDAR),
    });
    await renderItsm(api, '/calendar?view=week&date=2026-12-02');
    // CHG-2 runs 11:00-12:00 UTC: 11 hours down the grid, one hour tall.
    const block = day('2026-12-02')
      .getByRole('link', { name: /^CHG-2/ })
      .closest('[data-conflict]') as HTMLElement;
    expect(block.style.top).toBe(`${11 * 28}px`);
    expect(block.style.height).toBe('28px');
    // CHG-1 overlaps it (10:00 to 02:00 the next day): side by side.
    const overlapping = day('2026-12-02')
      .getByRole('link', { name: /^CHG-1/ })
      .closest('[data-conflict]') as HTMLElement;
    expect([overlapping.style.width, block.style.width]).toEqual([
      '50%',
      '50%',
    ]);
    expect(overlapping.style.left).not.toBe(block.style.left);
    // And it continues on the next day from midnight.
    const continued = day('2026-12-03')
      .getByRole('link', { name: /^CHG-1/ })
      .closest('[data-conflict]') as HTMLElement;
    expect(continued.style.top).toBe('0px');
    expect(continued.style.height).toBe(`${2 * 28}px`);
  });

  it('takes a plain entity name when one catalog entity has it, and says when not', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getChangeCalendar: jest.fn().mockResolvedValue(CALENDAR),
    });
    const catalog = catalogApiMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'checkout-web', namespace: 'default' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'ledger', namespace: 'default' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'ledger', namespace: 'default' },
        },
      ],
    });
    await renderItsm(api, '/calendar?view=month&date=2026-12-02', [
      [catalogApiRef, catalog],
    ]);
    const field = screen.getByRole('textbox', { name: 'Entity' });
    await settled(() => user.type(field, 'checkout-web{Enter}'));
    expect(api.getChangeCalendar).toHaveBeenLastCalledWith(
      expect.objectContaining({ entityRef: 'component:default/checkout-web' }),
    );
    expect(field).toHaveValue('component:default/checkout-web');

    await settled(() => user.clear(field));
    await settled(() => user.type(field, 'ledger{Enter}'));
    expect(
      screen.getByText(
        '"ledger" names 2 entities: component:default/ledger, resource:default/ledger; enter one of them',
      ),
    ).toBeInTheDocument();
    await settled(() => user.clear(field));
    await settled(() => user.type(field, 'nothing-here{Enter}'));
    expect(
      screen.getByText('No catalog entity is named "nothing-here"'),
    ).toBeInTheDocument();
    // The filter stayed where it was.
    expect(api.getChangeCalendar).toHaveBeenLastCalledWith(
      expect.objectContaining({ entityRef: 'component:default/checkout-web' }),
    );
  });

  it('switches to a week and navigates, asking for the visible range', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getChangeCalendar: jest.fn().mockResolvedValue(CALENDAR),
    });
    await renderItsm(api, '/calendar?view=month&date=2026-12-02');
    expect(
      day('2026-12-02').getByRole('link', { name: /^CHG-1/ }),
    ).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Week' })),
    );
    expect(api.getChangeCalendar).toHaveBeenLastCalledWith({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
    });
    expect(screen.getByTestId('location').textContent).toBe(
      '/calendar?view=week&date=2026-12-02',
    );
    expect(screen.getByRole('button', { name: 'Week' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getAllByRole('group', { name: /^\d{4}-/ })).toHaveLength(7);
    expect(
      day('2026-12-02').getByRole('link', { name: /^CHG-2/ }),
    ).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Next' })),
    );
    expect(api.getChangeCalendar).toHaveBeenLastCalledWith({
      from: '2026-12-07T00:00:00.000Z',
      to: '2026-12-14T00:00:00.000Z',
    });

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Month' })),
    );
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Previous' })),
    );
    expect(api.getChangeCalendar).toHaveBeenLastCalledWith({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(screen.getByTestId('location').textContent).toBe(
      '/calendar?view=month&date=2026-11-01',
    );
  });

  it('honours and keeps the entity filter in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getChangeCalendar: jest.fn().mockResolvedValue(CALENDAR),
    });
    await renderItsm(
      api,
      '/calendar?view=week&date=2026-12-02&entityRef=resource:default/ledger-db',
    );
    expect(api.getChangeCalendar).toHaveBeenCalledWith({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
      entityRef: 'resource:default/ledger-db',
    });
    const field = screen.getByRole('textbox', { name: 'Entity' });
    expect(field).toHaveValue('resource:default/ledger-db');

    await settled(() => user.clear(field));
    await settled(() =>
      user.type(field, 'component:default/checkout-web{Enter}'),
    );
    expect(api.getChangeCalendar).toHaveBeenLastCalledWith({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
      entityRef: 'component:default/checkout-web',
    });
    expect(screen.getByTestId('location').textContent).toBe(
      '/calendar?view=week&date=2026-12-02&entityRef=component%3Adefault%2Fcheckout-web',
    );
  });

  it('says when there are no changes, and when loading fails', async () => {
    const api = mockItsmApi({
      getChangeCalendar: jest
        .fn()
        .mockResolvedValueOnce({
          changes: [],
          freezeWindows: [],
          maintenanceWindows: [],
        })
        .mockRejectedValue(new Error('backend down')),
    });
    const user = userEvent.setup({ delay: null });
    await renderItsm(api, '/calendar?date=2026-12-02');
    expect(
      screen.getByText('No changes planned in this period'),
    ).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Next' })),
    );
    expect(
      screen.getByText(/Could not load the change calendar/),
    ).toBeInTheDocument();
  });

  it('is linked from the home and the changes list', async () => {
    const api = mockItsmApi();
    const { unmount } = await renderItsm(api, '/changes');
    expect(
      screen
        .getByRole('link', { name: 'Change calendar' })
        .getAttribute('href'),
    ).toBe('/calendar');
    unmount();
    await renderItsm(api, '/');
    expect(
      screen
        .getByRole('link', { name: 'Change calendar' })
        .getAttribute('href'),
    ).toBe('/calendar');
  });
});
