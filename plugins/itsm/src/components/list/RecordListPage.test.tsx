import { coreApis } from '@backstage/frontend-plugin-api';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  incident,
  mockItsmApi,
  renderItsm,
  settled,
} from '../../__testUtils__/fixtures';

const location = () => screen.getByTestId('location').textContent;

// Full pages with material-ui tables and dialogs: slow on a busy CI machine.

describe('RecordListPage', () => {
  it('lists records with links to their pages and the total count', async () => {
    const api = mockItsmApi({
      listRecords: jest.fn().mockResolvedValue({
        items: [
          incident(),
          incident({
            id: '11111111-2222-4333-8444-555555555555',
            key: 'INC-13',
            title: 'Cart is empty',
            state: 'in_progress',
            priority: 'P1',
            entityRefs: ['component:default/cart', 'system:default/shop'],
          }),
        ],
        totalCount: 2,
      }),
    });
    await renderItsm(api, '/incidents');

    expect(
      screen.getByRole('heading', { name: 'Incidents', level: 1 }),
    ).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'INC-13' });
    expect(link.getAttribute('href')).toBe('/incidents/INC-13');
    expect(screen.getByText('Cart is empty')).toBeInTheDocument();
    expect(screen.getByLabelText('State: In progress')).toBeInTheDocument();
    expect(screen.getByLabelText('Priority P1')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'component:cart' }).getAttribute('href'),
    ).toBe('/catalog/default/component/cart');
    // A narrow column breaks the ref after its kind, not inside the name.
    expect(
      screen.getByRole('link', { name: 'component:cart' }).querySelector('wbr'),
    ).not.toBeNull();
    expect(screen.getByText('2 incidents')).toBeInTheDocument();
    expect(screen.getByText('1–2 of 2')).toBeInTheDocument();
    // LinkButton: a link that looks like (and is announced as) a button.
    expect(
      screen.getByRole('button', { name: 'Create' }).getAttribute('href'),
    ).toBe('/incidents/new');
    // Never a raw id.
    expect(document.body.textContent).not.toMatch(/7f0d8a59|11111111-2222/);
    expect(api.listRecords).toHaveBeenCalledWith('incidents', { limit: 50 });
  });

  it('shows a total the server counted only up to its bound as "n+"', async () => {
    const api = mockItsmApi({
      listRecords: jest.fn().mockResolvedValue({
        items: [incident()],
        nextCursor: 'next',
        totalCount: 10000,
        totalCountIsLowerBound: true,
      }),
    });
    await renderItsm(api, '/incidents');
    expect(screen.getByText('10,000+ incidents')).toBeInTheDocument();
    expect(screen.getByText('1–1 of 10,000+')).toBeInTheDocument();
  });

  it('keeps the label of a filter select above its "Any", not over it', async () => {
    await renderItsm(mockItsmApi(), '/incidents');
    for (const id of ['incidents-state-filter', 'incidents-priority-filter']) {
      expect(document.getElementById(`${id}-label`)).toHaveAttribute(
        'data-shrink',
        'true',
      );
      expect(document.getElementById(id)).toHaveTextContent('Any');
    }
  });

  it('shows an empty state with a create action', async () => {
    await renderItsm(mockItsmApi(), '/problems');

    expect(screen.getByText('No problems yet')).toBeInTheDocument();
    expect(
      screen
        .getByRole('button', { name: 'Create the first problem' })
        .getAttribute('href'),
    ).toBe('/problems/new');
  });

  it('shows the server error', async () => {
    const api = mockItsmApi({
      listRecords: jest
        .fn()
        .mockRejectedValue(new Error('The ITSM backend is down')),
    });
    await renderItsm(api, '/changes');

    expect(screen.getByText(/Could not load the changes/)).toBeInTheDocument();
    expect(
      screen.getAllByText(/The ITSM backend is down/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });

  it('reads the filters from the URL and sends them to the API', async () => {
    const api = mockItsmApi();
    await renderItsm(
      api,
      '/incidents?state=new&state=assigned&priority=P1&entityRef=component:default/payments-api&assignedGroup=group:default/payments-team&q=timeout',
    );

    expect(
      screen.getByText('No incidents match these filters'),
    ).toBeInTheDocument();
    expect(api.listRecords).toHaveBeenLastCalledWith('incidents', {
      state: ['new', 'assigned'],
      priority: ['P1'],
      entityRef: ['component:default/payments-api'],
      assignedGroup: ['group:default/payments-team'],
      q: 'timeout',
      limit: 50,
    });
    expect(screen.getByLabelText('Catalog entity')).toHaveValue(
      'component:default/payments-api',
    );
    expect(screen.getByLabelText('Text')).toHaveValue('timeout');
  });

  it('puts chosen filters into the URL and the API call', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi();
    await renderItsm(api, '/incidents');
    expect(screen.getByText('No incidents yet')).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: /^State/ })),
    );
    await settled(() =>
      user.click(screen.getByRole('option', { name: 'Pending' })),
    );
    await settled(() => user.keyboard('{Escape}'));

    expect(location()).toBe('/incidents?state=pending');
    expect(api.listRecords).toHaveBeenLastCalledWith('incidents', {
      state: ['pending'],
      limit: 50,
    });
    expect(
      screen.getByText('No incidents match these filters'),
    ).toBeInTheDocument();

    await settled(() =>
      user.type(
        screen.getByLabelText('Catalog entity'),
        'Component:payments-api',
      ),
    );
    await settled(() => user.type(screen.getByLabelText('Text'), 'slow'));
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Apply' })),
    );

    expect(location()).toBe(
      '/incidents?state=pending&entityRef=component%3Adefault%2Fpayments-api&q=slow',
    );
    expect(api.listRecords).toHaveBeenLastCalledWith('incidents', {
      state: ['pending'],
      entityRef: ['component:default/payments-api'],
      q: 'slow',
      limit: 50,
    });
    expect(
      screen.getByText('No incidents match these filters'),
    ).toBeInTheDocument();
  });

  it('follows back and forward through filter changes', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi();
    const { apis } = await renderItsm(api, '/incidents');
    expect(screen.getByText('No incidents yet')).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: /^Priority/ })),
    );
    await settled(() => user.click(screen.getByRole('option', { name: 'P1' })));
    await settled(() => user.keyboard('{Escape}'));
    expect(location()).toBe('/incidents?priority=P1');
    expect(
      screen.getByText('No incidents match these filters'),
    ).toBeInTheDocument();

    const history = apis.get(coreApis.appHistory)!;
    await settled(() => history.navigate(-1));
    expect(location()).toBe('/incidents');
    expect(api.listRecords).toHaveBeenLastCalledWith('incidents', {
      limit: 50,
    });
    expect(screen.getByText('No incidents yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Priority/ })).toHaveTextContent(
      'Any',
    );

    await settled(() => history.navigate(1));
    expect(location()).toBe('/incidents?priority=P1');
    expect(api.listRecords).toHaveBeenLastCalledWith('incidents', {
      priority: ['P1'],
      limit: 50,
    });
    expect(
      screen.getByText('No incidents match these filters'),
    ).toBeInTheDocument();
  });

  it('refuses an entity filter that is no entity ref', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi();
    await renderItsm(api, '/incidents');
    expect(screen.getByText('No incidents yet')).toBeInTheDocument();

    await settled(() =>
      user.type(screen.getByLabelText('Catalog entity'), 'payments'),
    );
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Apply' })),
    );

    expect(
      screen.getByText(/"payments" is not an entity ref/),
    ).toBeInTheDocument();
    expect(location()).toBe('/incidents');
  });

  it('pages with the server cursor, in the URL, and goes back with the cursor stack', async () => {
    const user = userEvent.setup({ delay: null });
    const listRecords = jest.fn(
      async (_type: string, query: { cursor?: string }) => {
        if (!query.cursor) {
          return {
            items: [incident({ key: 'INC-3' })],
            nextCursor: 'c1',
            totalCount: 3,
          };
        }
        if (query.cursor === 'c1') {
          return {
            items: [incident({ key: 'INC-2' })],
            nextCursor: 'c2',
            totalCount: 3,
          };
        }
        return { items: [incident({ key: 'INC-1' })], totalCount: 3 };
      },
    );
    const api = mockItsmApi({ listRecords: listRecords as any });
    await renderItsm(api, '/incidents?state=new');

    expect(screen.getByRole('link', { name: 'INC-3' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Next page' })),
    );
    expect(screen.getByRole('link', { name: 'INC-2' })).toBeInTheDocument();
    expect(listRecords).toHaveBeenLastCalledWith('incidents', {
      state: ['new'],
      limit: 50,
      cursor: 'c1',
    });
    expect(location()).toBe('/incidents?state=new&cursor=c1&offset=1');
    expect(screen.getByText('2–2 of 3')).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Next page' })),
    );
    expect(location()).toBe('/incidents?state=new&cursor=c2&offset=2');
    expect(screen.getByRole('link', { name: 'INC-1' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    expect(
      within(screen.getByRole('navigation', { name: 'Pages' })).getByText(
        '3–3 of 3',
      ),
    ).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Previous page' })),
    );
    expect(screen.getByRole('link', { name: 'INC-2' })).toBeInTheDocument();
    expect(listRecords).toHaveBeenLastCalledWith('incidents', {
      state: ['new'],
      limit: 50,
      cursor: 'c1',
    });
    expect(location()).toBe('/incidents?state=new&cursor=c1&offset=1');
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Previous page' })),
    );
    expect(location()).toBe('/incidents?state=new');
    expect(screen.getByRole('link', { name: 'INC-3' })).toBeInTheDocument();
  });

  it('opens a later page from its URL, with a way to the first', async () => {
    const user = userEvent.setup({ delay: null });
    const listRecords = jest.fn(async (_type: string, query: any) => ({
      items: [incident({ key: query.cursor ? 'INC-2' : 'INC-3' })],
      nextCursor: query.cursor ? undefined : 'c1',
      totalCount: 26,
    }));
    const api = mockItsmApi({ listRecords: listRecords as any });
    await renderItsm(api, '/incidents?sort=title&size=25&cursor=c1&offset=25');

    expect(listRecords).toHaveBeenLastCalledWith('incidents', {
      sort: 'title',
      limit: 25,
      cursor: 'c1',
    });
    expect(screen.getByText('26–26 of 26')).toBeInTheDocument();
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'First page' })),
    );
    expect(location()).toBe('/incidents?sort=title&size=25');
    expect(screen.getByRole('link', { name: 'INC-3' })).toBeInTheDocument();
  });
});
