import { ReactNode } from 'react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook, RenderHookResult } from '@testing-library/react';
import { itsmApiRef } from '../api';
import { detail, INCIDENT, mockItsmApi } from '../__testUtils__/fixtures';
import { RecordRefreshProvider } from './RecordRefresh';
import {
  useRecord,
  useRecordActions,
  useRecordComments,
  useRecordHistory,
} from './records';

/** The hooks of one record page, as its cards use them. */
function useRecordPage() {
  return {
    record: useRecord('incidents', 'INC-12'),
    history: useRecordHistory('incidents', 'INC-12'),
    comments: useRecordComments('incidents', 'INC-12'),
    actions: useRecordActions('incidents', 'INC-12'),
  };
}

async function renderRecordPage(api = pageApi()) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[itsmApiRef, api]]}>
      <RecordRefreshProvider>{children}</RecordRefreshProvider>
    </TestApiProvider>
  );
  let rendered: RenderHookResult<ReturnType<typeof useRecordPage>, unknown>;
  await act(async () => {
    rendered = renderHook(useRecordPage, { wrapper });
  });
  return { api, result: rendered!.result };
}

function pageApi() {
  return mockItsmApi({
    getRecord: jest.fn().mockResolvedValue(detail(INCIDENT)),
    transition: jest.fn().mockResolvedValue(INCIDENT),
    addComment: jest.fn().mockResolvedValue({}),
    addLink: jest.fn().mockResolvedValue({ links: [] }),
  });
}

describe('record hooks', () => {
  it('read the record, its history and its comments once', async () => {
    const { api, result } = await renderRecordPage();

    expect(result.current.record.value?.key).toBe('INC-12');
    expect(result.current.history.value).toEqual({ items: [] });
    expect(result.current.comments.comments).toEqual([]);
    expect(api.getRecord).toHaveBeenCalledTimes(1);
    expect(api.getHistory).toHaveBeenCalledTimes(1);
    expect(api.listComments).toHaveBeenCalledTimes(1);
  });

  it('read the cards again after a comment, but not the record', async () => {
    const { api, result } = await renderRecordPage();

    await act(() => result.current.actions.addComment({ body: 'Looking' }));

    expect(api.addComment).toHaveBeenCalledWith('incidents', 'INC-12', {
      body: 'Looking',
    });
    expect(api.listComments).toHaveBeenCalledTimes(2);
    expect(api.getHistory).toHaveBeenCalledTimes(2);
    expect(api.getRecord).toHaveBeenCalledTimes(1);
  });

  it('read the record and the cards again after a transition or a link', async () => {
    const { api, result } = await renderRecordPage();

    await act(async () => {
      await result.current.actions.transition({ to: 'assigned', version: 3 });
    });
    expect(api.getRecord).toHaveBeenCalledTimes(2);
    expect(api.getHistory).toHaveBeenCalledTimes(2);

    await act(() => result.current.actions.addLink('PRB-3'));
    expect(api.addLink).toHaveBeenCalledWith('incidents', 'INC-12', {
      target: 'PRB-3',
    });
    expect(api.getRecord).toHaveBeenCalledTimes(3);
    expect(api.listComments).toHaveBeenCalledTimes(3);
  });

  it('do not refresh after a failed write', async () => {
    const api = pageApi();
    api.transition.mockRejectedValue(new Error('refused'));
    const { result } = await renderRecordPage(api);

    await act(async () => {
      await expect(
        result.current.actions.transition({ to: 'assigned', version: 3 }),
      ).rejects.toThrow('refused');
    });
    expect(api.getRecord).toHaveBeenCalledTimes(1);
  });
});
