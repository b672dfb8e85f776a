import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { itsmApiRef } from './ItsmApi';
import { ItsmClient } from './ItsmClient';

/**
 * The factory of the ITSM client: an {@link ItsmClient} on the app's
 * discovery and fetch APIs. The legacy plugin lists it in `apis`; the new
 * frontend system provides it through an `ApiBlueprint` extension.
 *
 * `createApiFactory`, `discoveryApiRef` and `fetchApiRef` of
 * `@backstage/core-plugin-api` are those of `@backstage/frontend-plugin-api`
 * (re-exported), and `createApiRef` of core-plugin-api delegates to the
 * frontend one, so the same factory serves both systems.
 */
export const itsmApiFactory = createApiFactory({
  api: itsmApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new ItsmClient({ discoveryApi, fetchApi }),
});
