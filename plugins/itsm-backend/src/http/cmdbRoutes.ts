import { InputError } from '@backstage/errors';
import { listParams } from './queryParams';
import { RouteDeps } from './routeDeps';

/** Impact analysis on the catalog. */
export function registerCmdbRoutes({ router, services, caller }: RouteDeps) {
  router.get('/impact', async (req, res) => {
    const { entityRefs } = listParams(req.query, ['entityRef']);
    if (!entityRefs?.length)
      throw new InputError('entityRef: at least one is required');
    const { credentials } = await caller(req);
    res.json(await services.impact.analyse(entityRefs, credentials));
  });
}
