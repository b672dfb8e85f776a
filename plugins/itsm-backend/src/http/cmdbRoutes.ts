import { entityRefsOf } from './entityRefs';
import { RouteDeps } from './routeDeps';

/** Impact analysis on the catalog. */
export function registerCmdbRoutes({ router, services, caller }: RouteDeps) {
  router.get('/impact', async (req, res) => {
    const entityRefs = entityRefsOf(req.query.entityRef) ?? [];
    const { credentials } = await caller(req);
    res.json(await services.impact.analyse(entityRefs, credentials));
  });
}
