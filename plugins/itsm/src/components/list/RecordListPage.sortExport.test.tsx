import { coreApis } from '@backstage/frontend-plugin-api';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  incident,
  mockItsmApi,
  renderItsm,
  settled,
} from '../../__testUtils__/fixtures';

const location = () => screen.getByTestId('location').textContent;

const header = (name: string) =>
  screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });

function pagedApi() {
  const listRecords = jest.fn(async (_type: string, query: any) => ({
    items: [incident({ key: query.cursor ? 'INC-2' : 'INC-3' })],
    nextCursor: query.cursor ? undefined : 'c1',
    totalCount: 2,
  }));
  return { api: mockItsmApi({ listRecords: listRecords as any }), listRecords };
}

describe('RecordListPage order and export', () => {
  it('sorts the whole list on the server from the column headers', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, listRecords } = pagedApi();
    await renderItsm(api, '/incidents?state=new');

    // Newest first by default: the key column is active, descending.
    expect(header('Key')).toHaveAttribute('aria-sort', 'descending');
    expect(header('Priority')).not.toHaveAttribute('aria-sort');
    expect(document.body.textContent).not.toMatch(/this page only/);

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Priority' })),
    );
    expect(location()).toBe('/incidents?state=new&sort=priority');
    expect(listRecords).toHaveBeenLastCalledWith('incidents', {
      state: ['new'],
      sort: 'priority',
      limit: 50,
    });
    expect(header('Priority')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Key')).not.toHaveAttribute('aria-sort');

    // Page 2, then the other direction: back to the first page.
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Next page' })),
    );
    expect(location()).toBe(
      '/incidents?state=new&sort=priority&cursor=c1&offset=1',
    );
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Priority' })),
    );
    expect(location()).toBe('/incidents?state=new&sort=-priority');
    expect(header('Priority')).toHaveAttribute('aria-sort', 'descending');

    // The updated column starts with the latest.
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Updated' })),
    );
    expect(location()).toBe('/incidents?state=new&sort=-updatedAt');
  });

  it('keeps sort, page and size in the URL through back and forward', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, listRecords } = pagedApi();
    const { apis } = await renderItsm(api, '/incidents?sort=title');

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Next page' })),
    );
    expect(location()).toBe('/incidents?sort=title&cursor=c1&offset=1');

    // Another page size: the first page.
    await settled(() =>
      user.click(screen.getByRole('button', { name: /Rows per page/ })),
    );
    await settled(() => user.click(screen.getByRole('option', { name: '25' })));
    expect(location()).toBe('/incidents?sort=title&size=25');
    expect(listRecords).toHaveBeenLastCalledWith('incidents', {
      sort: 'title',
      limit: 25,
    });

    const history = apis.get(coreApis.appHistory)!;
    await settled(() => history.navigate(-1));
    expect(location()).toBe('/incidents?sort=title&cursor=c1&offset=1');
    expect(listRecords).toHaveBeenLastCalledWith('incidents', {
      sort: 'title',
      limit: 50,
      cursor: 'c1',
    });
    expect(screen.getByRole('link', { name: 'INC-2' })).toBeInTheDocument();
    expect(screen.getByText('2–2 of 2')).toBeInTheDocument();
    // The history entry remembers the page before it.
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeEnabled();

    await settled(() => history.navigate(1));
    expect(location()).toBe('/incidents?sort=title&size=25');
  });

  it('ignores a sort or size the list does not know', async () => {
    const { api, listRecords } = pagedApi();
    await renderItsm(api, '/incidents?sort=size&size=7&offset=40');
    expect(listRecords).toHaveBeenLastCalledWith('incidents', { limit: 50 });
    expect(screen.getByText('1–1 of 2')).toBeInTheDocument();
  });

  it('exports the list with its filters and sort as a CSV file', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = pagedApi();
    let finish: (blob: Blob) => void = () => {};
    api.downloadRecordsCsv = jest.fn(
      () => new Promise<Blob>(resolve => (finish = resolve)),
    ) as any;
    const created = jest.fn(() => 'blob:csv');
    URL.createObjectURL = created as any;
    URL.revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderItsm(
      api,
      '/incidents?priority=P1&sort=-priority&cursor=c1&offset=1',
    );

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Export CSV' })),
    );
    expect(api.downloadRecordsCsv).toHaveBeenCalledWith('incidents', {
      priority: ['P1'],
      sort: '-priority',
    });
    expect(screen.getByRole('button', { name: /Exporting/ })).toBeDisabled();

    await settled(async () => finish(new Blob(['"key"\r\n'])));
    expect(created).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
    click.mockRestore();
  });

  it('shows why an export failed', async () => {
    const user = userEvent.setup({ delay: null });
    const { api } = pagedApi();
    api.downloadRecordsCsv = jest
      .fn()
      .mockRejectedValue(new Error('The ITSM backend is down'));
    await renderItsm(api, '/incidents');
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Export CSV' })),
    );
    expect(
      screen.getByText(/Could not export the incidents/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  });
});
