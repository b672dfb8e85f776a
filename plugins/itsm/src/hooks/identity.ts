import {
  BackstageUserIdentity,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { ItsmData } from './useItsmApi';

/**
 * Who the caller is: their user entity and ownership claims (the user and
 * the groups they are a member of), as the backend reads them from their
 * token. Where no record or entity names a role (a change's approvers are
 * groups), the claims say whom the caller represents.
 */
export function useCallerIdentity(): ItsmData<BackstageUserIdentity> {
  const identityApi = useApi(identityApiRef);
  return useAsyncRetry(() => identityApi.getBackstageIdentity(), [identityApi]);
}
