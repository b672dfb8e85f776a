import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHANGE,
  detail,
  incident,
  INCIDENT,
  mockItsmApi,
  renderItsm,
  responseError,
  SLA,
} from '../__testUtils__/fixtures';

const actions = () => within(screen.getByRole('group', { name: 'Actions' }));

// Full pages with material-ui tables and dialogs: slow on a busy CI machine.
jest.setTimeout(30_000);

describe('RecordDetailPage', () => {
  it('shows the fields with entity links and human keys, never raw ids', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(
        detail(INCIDENT, [
          {
            key: 'PRB-3',
            type: 'problems',
            title: 'Timeouts',
            state: 'known_error',
          },
        ]),
      ),
      getHistory: jest.fn().mockResolvedValue({
        items: [
          {
            at: '2026-11-24T10:00:00Z',
            actor: 'user:default/jane',
            action: 'created',
            field: null,
            from: null,
            to: { state: 'new', title: 'Checkout fails' },
          },
          {
            at: '2026-11-24T10:05:00Z',
            actor: 'user:default/jane',
            action: 'updated',
            field: 'impact',
            from: 'medium',
            to: 'high',
          },
        ],
      }),
      listComments: jest.fn().mockResolvedValue({
        items: [
          {
            id: 1,
            author: 'user:default/sam',
            body: 'Looking at **the logs**',
            createdAt: '2026-11-24T10:10:00Z',
          },
        ],
        totalCount: 1,
      }),
    });
    await renderItsm(api, '/incidents/INC-12');

    expect(
      await screen.findByRole('heading', {
        name: 'INC-12: Checkout fails',
        level: 1,
      }),
    ).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledWith('incidents', 'INC-12');
    expect(screen.getByLabelText('State: New')).toBeInTheDocument();
    expect(
      screen
        .getByRole('link', { name: 'component:payments-api' })
        .getAttribute('href'),
    ).toBe('/catalog/default/component/payments-api');
    expect(
      screen
        .getByRole('link', { name: 'group:payments-team' })
        .getAttribute('href'),
    ).toBe('/catalog/default/group/payments-team');
    expect(
      screen.getByRole('link', { name: 'PRB-3' }).getAttribute('href'),
    ).toBe('/problems/PRB-3');
    expect(
      await screen.findByText('Updated: impact medium → high'),
    ).toBeInTheDocument();
    expect(screen.getByText('Created in state New')).toBeInTheDocument();
    // Markdown is rendered (bold), not shown raw.
    expect(await screen.findByText('the logs')).toBeInTheDocument();
    expect(screen.getByText('the logs').tagName).toBe('STRONG');
    expect(document.body.textContent).not.toContain(INCIDENT.id);
  });

  it('shows only the allowed actions of the state', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });

    const labels = actions()
      .getAllByRole('button')
      .map(b => b.textContent);
    expect(labels).toEqual(['Assign', 'Resolve', 'Cancel', 'Edit']);
    expect(
      actions().queryByRole('button', { name: 'Close' }),
    ).not.toBeInTheDocument();
  });

  it('shows no actions and no edit for a closed record', async () => {
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail(incident({ state: 'closed' }))),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });
    expect(actions().queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText(/can no longer be changed/)).toBeInTheDocument();
  });

  it('asks for the reason and posts the transition with the version', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      transition: jest
        .fn()
        .mockResolvedValue(incident({ state: 'cancelled', version: 4 })),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });

    await user.click(actions().getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Cancel: INC-12',
    });
    // No reason: blocked.
    await user.click(
      within(dialog).getByRole('button', { name: 'Cancel INC-12' }),
    );
    expect(
      await within(dialog).findByText('Reason is required'),
    ).toBeInTheDocument();
    expect(api.transition).not.toHaveBeenCalled();

    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Duplicate of INC-11',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Cancel INC-12' }),
    );

    await waitFor(() =>
      expect(api.transition).toHaveBeenCalledWith('incidents', 'INC-12', {
        to: 'cancelled',
        version: 3,
        reason: 'Duplicate of INC-11',
      }),
    );
    await waitFor(() => expect(api.getRecord).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('asks for the resolution code when resolving', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      transition: jest
        .fn()
        .mockResolvedValue(incident({ state: 'resolved', version: 4 })),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });

    await user.click(actions().getByRole('button', { name: 'Resolve' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Resolve: INC-12',
    });
    await user.click(
      within(dialog).getByRole('button', { name: 'Resolve INC-12' }),
    );
    expect(
      await within(dialog).findByText('Resolution code is required'),
    ).toBeInTheDocument();

    await user.click(
      within(dialog).getByRole('button', { name: /Resolution code/ }),
    );
    await user.click(await screen.findByRole('option', { name: 'Workaround' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Resolution notes' }),
      'Restarted the pods',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Resolve INC-12' }),
    );

    await waitFor(() =>
      expect(api.transition).toHaveBeenCalledWith('incidents', 'INC-12', {
        to: 'resolved',
        version: 3,
        resolutionCode: 'workaround',
        resolutionNotes: 'Restarted the pods',
      }),
    );
  });

  it('posts transitions without inputs at once', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail(incident({ state: 'resolved' }))),
      transition: jest.fn().mockResolvedValue(incident({ state: 'closed' })),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });
    expect(
      actions()
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Close', 'Reopen', 'Edit']);

    await user.click(actions().getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(api.transition).toHaveBeenCalledWith('incidents', 'INC-12', {
        to: 'closed',
        version: 3,
      }),
    );
  });

  it('shows the server message of a 409 and offers to reload', async () => {
    const user = userEvent.setup();
    const message =
      'INC-12 was changed by someone else (version 4 is current, you sent 3); reload and try again';
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValueOnce(detail(incident({ state: 'resolved' })))
        .mockResolvedValue(
          detail(
            incident({
              state: 'resolved',
              version: 4,
              title: 'Checkout fails again',
            }),
          ),
        ),
      transition: jest
        .fn()
        .mockRejectedValue(await responseError(409, message)),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });

    await user.click(actions().getByRole('button', { name: 'Close' }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reload' }));

    expect(
      await screen.findByRole('heading', {
        name: 'INC-12: Checkout fails again',
        level: 1,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(message)).not.toBeInTheDocument();
  });

  it('shows a 409 inside the dialog with a Reload button', async () => {
    const user = userEvent.setup();
    const message =
      'Cannot resolve INC-12: the fix disrupts the service; link a change first';
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      transition: jest
        .fn()
        .mockRejectedValue(await responseError(409, message)),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });

    await user.click(actions().getByRole('button', { name: 'Resolve' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: /Resolution code/ }),
    );
    await user.click(await screen.findByRole('option', { name: 'Fixed' }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Resolve INC-12' }),
    );

    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(api.getRecord).toHaveBeenCalledTimes(2));
  });

  it('adds a link by key', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      addLink: jest.fn().mockResolvedValue({ links: [] }),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByRole('heading', {
      name: 'INC-12: Checkout fails',
      level: 1,
    });

    await user.click(screen.getByRole('button', { name: 'Add link' }));
    const dialog = await screen.findByRole('dialog', { name: /Link INC-12/ });
    await user.type(
      within(dialog).getByRole('textbox', { name: /Record key/ }),
      'prb-3',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Add link' }));

    await waitFor(() =>
      expect(api.addLink).toHaveBeenCalledWith('incidents', 'INC-12', {
        target: 'PRB-3',
      }),
    );
  });

  it('adds a comment and refuses an empty one', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
      addComment: jest.fn().mockResolvedValue({
        id: 2,
        author: 'user:default/jane',
        body: 'x',
        createdAt: '2026-11-24T11:00:00Z',
      }),
    });
    await renderItsm(api, '/incidents/INC-12');
    await screen.findByText('No comments yet.');

    await user.click(screen.getByRole('button', { name: 'Add comment' }));
    expect(await screen.findByText('Comment is required')).toBeInTheDocument();
    expect(api.addComment).not.toHaveBeenCalled();

    await user.type(
      screen.getByRole('textbox', { name: 'Comment (Markdown)' }),
      'Fixed in *v2*',
    );
    await user.click(screen.getByRole('button', { name: 'Add comment' }));
    await waitFor(() =>
      expect(api.addComment).toHaveBeenCalledWith('incidents', 'INC-12', {
        body: 'Fixed in *v2*',
      }),
    );
    await waitFor(() => expect(api.listComments).toHaveBeenCalledTimes(2));
  });

  it('shows the approvals of a change and approves with a reason', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail({ ...CHANGE, approvals: [] })),
      getApprovals: jest.fn().mockResolvedValue({
        required: CHANGE.requiredApprovers,
        approvals: [],
        pending: ['group:default/payments-team'],
      }),
      decideApproval: jest
        .fn()
        .mockResolvedValue({ ...CHANGE, state: 'scheduled' }),
    });
    await renderItsm(api, '/changes/CHG-7');

    const table = await screen.findByRole('table', {
      name: 'Required approvals',
    });
    expect(
      within(table).getByText(
        'service owner of component:default/payments-api',
      ),
    ).toBeInTheDocument();
    expect(within(table).getByText('Pending')).toBeInTheDocument();
    expect(
      actions()
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual([
      'Schedule',
      'Send back to planning',
      'Reject',
      'Cancel',
      'Edit',
    ]);

    await user.click(
      within(screen.getByRole('region', { name: 'Approvals' })).getByRole(
        'button',
        { name: 'Approve' },
      ),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Approve CHG-7' });
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Low risk',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(api.decideApproval).toHaveBeenCalledWith('CHG-7', {
        decision: 'approve',
        reason: 'Low risk',
      }),
    );
  });

  it('needs a reason to reject an approval', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockResolvedValue(detail({ ...CHANGE, approvals: [] })),
      getApprovals: jest.fn().mockResolvedValue({
        required: CHANGE.requiredApprovers,
        approvals: [],
        pending: ['group:default/payments-team'],
      }),
      decideApproval: jest
        .fn()
        .mockResolvedValue({ ...CHANGE, state: 'planning' }),
    });
    await renderItsm(api, '/changes/CHG-7');
    await screen.findByRole('table', { name: 'Required approvals' });

    await user.click(
      within(screen.getByRole('region', { name: 'Approvals' })).getByRole(
        'button',
        { name: 'Reject' },
      ),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Reject CHG-7' });
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(
      await within(dialog).findByText('a rejection needs a reason'),
    ).toBeInTheDocument();
    expect(api.decideApproval).not.toHaveBeenCalled();

    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Risk analysis misses the cart',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() =>
      expect(api.decideApproval).toHaveBeenCalledWith('CHG-7', {
        decision: 'reject',
        reason: 'Risk analysis misses the cart',
        rejection: 'planning',
      }),
    );
  });

  it('signs an SLA as customer', async () => {
    const user = userEvent.setup();
    const api = mockItsmApi({
      getRecord: jest.fn().mockResolvedValue(detail(SLA)),
      sign: jest.fn().mockResolvedValue(SLA),
    });
    await renderItsm(api, '/slas/SLA-2');

    expect(
      await screen.findByRole('button', { name: 'Sign as customer' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Sign as service owner' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'olivia' }).getAttribute('href'),
    ).toBe('/catalog/default/user/olivia');

    await user.click(screen.getByRole('button', { name: 'Sign as customer' }));
    await waitFor(() =>
      expect(api.sign).toHaveBeenCalledWith('SLA-2', { role: 'customer' }),
    );
  });

  it('says when the record does not exist', async () => {
    const api = mockItsmApi({
      getRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(404, 'No incident INC-99', 'NotFoundError'),
        ),
    });
    await renderItsm(api, '/incidents/INC-99');
    expect(await screen.findByText('No incident INC-99')).toBeInTheDocument();
    expect(
      screen
        .getByRole('link', { name: 'Back to incidents' })
        .getAttribute('href'),
    ).toBe('/incidents');
  });

  it('shows other errors in an error panel', async () => {
    const api = mockItsmApi({
      getRecord: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    await renderItsm(api, '/incidents/INC-12');
    expect(
      await screen.findByText(/Could not load INC-12/),
    ).toBeInTheDocument();
  });
});
