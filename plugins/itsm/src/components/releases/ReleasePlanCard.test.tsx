import { mockApis } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReleasePlan } from '../../api';
import {
  entityRoles,
  mockItsmApi,
  renderCard,
  resolvedRole,
  settled,
} from '../../__testUtils__/fixtures';
import { ReleasePlanCard } from './ReleasePlanCard';

jest.setTimeout(60_000);

const SERVICE = 'system:default/payments';

const PLAN: ReleasePlan = {
  releaseKey: 'REL-4',
  releaseState: 'coordinating',
  start: '2026-12-01T09:00:00.000Z',
  end: '2026-12-04T09:00:00.000Z',
  targetDate: '2026-12-10T00:00:00.000Z',
  onSchedule: true,
  partialFailure: false,
  changes: [
    {
      key: 'CHG-10',
      title: 'Ledger schema',
      state: 'planning',
      outcome: null,
      coordinator: 'user:default/lukas',
      purpose: 'deliver',
      durationDays: 2,
      dependsOn: [],
      start: '2026-12-01T09:00:00.000Z',
      end: '2026-12-03T09:00:00.000Z',
      critical: true,
    },
    {
      key: 'CHG-11',
      title: 'Switch the API',
      state: 'draft',
      outcome: null,
      coordinator: 'user:default/amara',
      purpose: 'deliver',
      durationDays: 1,
      dependsOn: ['CHG-10'],
      start: '2026-12-03T09:00:00.000Z',
      end: '2026-12-04T09:00:00.000Z',
      critical: true,
    },
  ],
};

describe('ReleasePlanCard', () => {
  it('draws the changes on a timeline with their order, and lets the coordinator add one', async () => {
    const api = mockItsmApi({
      getReleasePlan: jest.fn().mockResolvedValue(PLAN),
      addReleasePlanChange: jest.fn().mockResolvedValue(PLAN),
    });
    const olivia = mockApis.identity({
      userEntityRef: 'user:default/olivia',
      ownershipEntityRefs: [
        'user:default/olivia',
        'group:default/payments-team',
      ],
    });
    await renderCard(
      <ReleasePlanCard releaseKey="REL-4" serviceRef={SERVICE} />,
      api,
      [olivia],
    );
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[1]).toHaveTextContent(
      'deliver · user:default/amara · 1 d · draft · after CHG-10 · critical path',
    );
    expect(screen.getByText(/on schedule/)).toBeInTheDocument();

    // The fixtures' owner group holds the release coordinator role; Olivia
    // is a member of it.
    await settled(() =>
      userEvent.click(
        screen.getByRole('button', { name: 'Add change to plan' }),
      ),
    );
    await userEvent.type(screen.getByLabelText(/^Title/), 'Move the traffic');
    await userEvent.type(
      screen.getByLabelText(/^Change coordinator/),
      'user:default/sofia',
    );
    await userEvent.type(screen.getByLabelText(/^After/), 'CHG-11');
    await settled(() =>
      userEvent.click(screen.getByRole('button', { name: 'Add change' })),
    );
    expect(api.addReleasePlanChange).toHaveBeenCalledWith('REL-4', {
      title: 'Move the traffic',
      coordinator: 'user:default/sofia',
      durationDays: 1,
      dependsOn: ['CHG-11'],
      purpose: 'deliver',
    });
  });

  it('says who plans when the caller is not the release coordinator', async () => {
    const api = mockItsmApi({
      getReleasePlan: jest.fn().mockResolvedValue({ ...PLAN, changes: [] }),
      getEntityRoles: jest.fn(async (ref: string) =>
        entityRoles(
          [
            resolvedRole(
              'release-coordinator',
              ['user:default/tomasz'],
              'domain',
            ),
          ],
          ref,
        ),
      ),
    });
    await renderCard(
      <ReleasePlanCard releaseKey="REL-4" serviceRef={SERVICE} />,
      api,
    );
    expect(screen.getByText(/No change planned yet/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add change to plan' }),
    ).toBeNull();
    expect(
      screen.getByText(
        'The release coordinator (user:default/tomasz) plans the changes.',
      ),
    ).toBeInTheDocument();
  });
});
