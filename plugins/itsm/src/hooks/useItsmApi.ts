import { DependencyList } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { ItsmApi, itsmApiRef } from '../api';

/** What every data hook answers: react-use's async state with `retry`. */
export type ItsmData<T> = AsyncStateRetry<T>;

/**
 * Reads through the ITSM client of the app (`itsmApiRef`): `read` runs when
 * the component mounts and again whenever `deps` change or `retry` is
 * called. The base of the plugin's data hooks.
 */
export function useItsmApi<T>(
  read: (api: ItsmApi) => Promise<T>,
  deps: DependencyList = [],
): ItsmData<T> {
  const api = useApi(itsmApiRef);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsyncRetry(() => read(api), [api, ...deps]);
}
