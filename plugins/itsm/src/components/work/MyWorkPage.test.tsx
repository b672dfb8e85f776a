import { mockApis } from '@backstage/frontend-test-utils';
import type { ChangeAssessment } from '@backstage-itsm/plugin-itsm-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WorkQuery } from '../../api';
import {
  CHANGE,
  detail,
  failing,
  INCIDENT,
  mockItsmApi,
  page,
  pending,
  renderItsm,
  settled,
  SLA,
} from '../../__testUtils__/fixtures';

// "My work": one tab per section of GET /work (`?section=`), a page at a
// time; the approvals inbox shows each change's assessment and its
// Approve / Reject, and reads the section again after a decision.

const OLIVIA = 'user:default/olivia';
const olivia = mockApis.identity({
  userEntityRef: OLIVIA,
  ownershipEntityRefs: [OLIVIA, 'group:default/payments-team'],
});

const ASSESSMENT = {
  computedAt: '2026-11-21T10:00:00.000Z',
  impact: {
    direct: ['component:default/payments-api'],
    affected: [],
    owners: [],
    slas: [],
    truncated: false,
  },
  serviceHoursImpact: false,
  customerAffecting: false,
  conflicts: [],
  freezeWindows: [],
  incidentHistory: [],
  risk: {
    level: 'medium',
    score: 3,
    factors: [
      { factor: 'blastRadius', points: 1, detail: 'Touches the ledger pool' },
    ],
  },
  approvers: [],
} as unknown as ChangeAssessment;

const tab = (name: RegExp) => screen.getByRole('tab', { name });

describe('MyWorkPage', () => {
  it('lists the records assigned to the caller, a page at a time', async () => {
    const user = userEvent.setup({ delay: null });
    const getMyWork = jest.fn(async (q: WorkQuery) =>
      q.cursor
        ? page([{ ...INCIDENT, key: 'INC-3', title: 'Older one' }], 26)
        : { ...page([INCIDENT], 26), nextCursor: 'next-1' },
    );
    await renderItsm(mockItsmApi({ getMyWork }), '/my-work');

    expect(tab(/Assigned to me/)).toHaveAttribute('aria-selected', 'true');
    expect(getMyWork).toHaveBeenCalledWith({
      section: 'assigned',
      limit: 25,
      cursor: undefined,
    });
    expect(screen.getByText(INCIDENT.title)).toBeInTheDocument();
    expect(screen.getByText('1–1 of 26')).toBeInTheDocument();
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Next page' })),
    );
    expect(getMyWork).toHaveBeenLastCalledWith({
      section: 'assigned',
      limit: 25,
      cursor: 'next-1',
    });
    expect(screen.getByText('Older one')).toBeInTheDocument();
    expect(screen.getByText('2–2 of 26')).toBeInTheDocument();
  });

  it('switches sections by tab, in the URL, with an empty state', async () => {
    const user = userEvent.setup({ delay: null });
    const getMyWork = jest.fn(async (q: WorkQuery) =>
      q.section === 'signatures' ? page([SLA]) : page([]),
    );
    await renderItsm(mockItsmApi({ getMyWork }), '/my-work');
    expect(screen.getByText('Nothing open is assigned to you')).toBeVisible();

    await settled(() => user.click(tab(/My groups/)));
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/my-work?section=groups',
    );
    expect(
      screen.getByText('The queues of your groups are empty'),
    ).toBeVisible();

    await settled(() => user.click(tab(/Awaiting my signature/)));
    expect(getMyWork).toHaveBeenLastCalledWith({
      section: 'signatures',
      limit: 25,
      cursor: undefined,
    });
    expect(screen.getByText(SLA.title)).toBeInTheDocument();
  });

  it('shows the loading state, then an error with a retry', async () => {
    const user = userEvent.setup({ delay: null });
    await renderItsm(
      mockItsmApi({ getMyWork: jest.fn(pending()) }),
      '/my-work?section=groups',
    );
    expect(
      await screen.findByRole('progressbar', { name: /Loading My groups/ }),
    ).toBeInTheDocument();

    const getMyWork = jest
      .fn()
      .mockImplementationOnce(failing('queue offline'))
      .mockResolvedValue(page([INCIDENT]));
    await renderItsm(mockItsmApi({ getMyWork }), '/my-work?section=groups');
    expect(screen.getAllByText(/queue offline/).length).toBeGreaterThan(0);
    await settled(() =>
      user.click(screen.getAllByRole('button', { name: 'Try again' })[0]),
    );
    expect(screen.getByText(INCIDENT.title)).toBeInTheDocument();
  });

  it('shows each change awaiting approval with its assessment, and approves it in place', async () => {
    const user = userEvent.setup({ delay: null });
    let decided = false;
    const api = mockItsmApi({
      getMyWork: jest.fn(async () => page(decided ? [] : [CHANGE])),
      getRecord: jest
        .fn()
        .mockResolvedValue(
          detail({ ...CHANGE, approvals: [], assessment: ASSESSMENT }),
        ),
      getApprovals: jest.fn().mockResolvedValue({
        required: CHANGE.requiredApprovers,
        approvals: [],
        pending: ['group:default/payments-team'],
      }),
      decideApproval: jest.fn(async () => {
        decided = true;
        return { ...CHANGE, state: 'scheduled' };
      }),
    });
    await renderItsm(api, '/my-work?section=approvals', [olivia]);

    const item = within(
      screen.getByRole('region', { name: `CHG-7 ${CHANGE.title}` }),
    );
    expect(api.getRecord).toHaveBeenCalledWith('changes', 'CHG-7');
    expect(item.getByRole('region', { name: 'Assessment' })).toHaveTextContent(
      'Touches the ledger pool',
    );
    await settled(() =>
      user.click(item.getByRole('button', { name: 'Approve' })),
    );
    const dialog = within(screen.getByRole('dialog'));
    await settled(() =>
      user.click(dialog.getByRole('button', { name: 'Approve' })),
    );
    expect(api.decideApproval).toHaveBeenCalledWith('CHG-7', {
      decision: 'approve',
    });
    // The section is read again: the change has left it.
    expect(api.getMyWork).toHaveBeenCalledTimes(2);
    expect(screen.getByText('No change awaits your approval')).toBeVisible();
  });

  it('is linked from the ITSM home', async () => {
    await renderItsm(mockItsmApi(), '/');
    expect(
      screen.getByRole('button', { name: 'My work' }).getAttribute('href'),
    ).toBe('/my-work');
  });
});
