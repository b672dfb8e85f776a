import { ReactNode } from 'react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook } from '@testing-library/react';
import { itsmApiRef } from '../api';
import { mockItsmApi, recordRoles } from '../__testUtils__/fixtures';
import { RecordRefreshProvider, useRecordRefresh } from './RecordRefresh';
import { useEntityRoles, useRecordRoles } from './roles';

async function renderWithApi<T>(hook: () => T, api = mockItsmApi()) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[itsmApiRef, api]]}>
      <RecordRefreshProvider>{children}</RecordRefreshProvider>
    </TestApiProvider>
  );
  let result: { current: T } | undefined;
  await act(async () => {
    result = renderHook(hook, { wrapper }).result;
  });
  return { api, result: result! };
}

describe('role hooks', () => {
  it('read the roles of an entity', async () => {
    const { api, result } = await renderWithApi(() =>
      useEntityRoles('component:default/cart'),
    );
    expect(api.getEntityRoles).toHaveBeenCalledWith('component:default/cart');
    expect(result.current.value?.entityRef).toBe('component:default/cart');
  });

  it('read the roles on a record again with the record, not after a comment', async () => {
    const api = mockItsmApi({
      getRecordRoles: jest
        .fn()
        .mockResolvedValueOnce(recordRoles('CHG-7', ['requester']))
        .mockResolvedValue(recordRoles('CHG-7', ['change-manager'])),
    });
    const { result } = await renderWithApi(
      () => ({
        roles: useRecordRoles('changes', 'CHG-7'),
        refresh: useRecordRefresh(),
      }),
      api,
    );
    expect(api.getRecordRoles).toHaveBeenCalledWith('changes', 'CHG-7');
    expect(result.current.roles.value?.callerRoles).toEqual(['requester']);

    await act(async () => result.current.refresh.refresh());
    expect(api.getRecordRoles).toHaveBeenCalledTimes(1);

    await act(async () => result.current.refresh.refreshRecord());
    expect(api.getRecordRoles).toHaveBeenCalledTimes(2);
    expect(result.current.roles.value?.callerRoles).toEqual(['change-manager']);
  });
});
