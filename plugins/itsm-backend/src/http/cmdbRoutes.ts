import { withTitle } from './answers';
import { entityRefsOf } from './entityRefs';
import { RouteDeps } from './routeDeps';

/** Impact analysis on the catalog. */
export function registerCmdbRoutes({ router, services, caller }: RouteDeps) {
  router.get('/impact', async (req, res) => {
    const entityRefs = entityRefsOf(req.query.entityRef) ?? [];
    const { credentials } = await caller(req);
    res.json(await services.impact.analyse(entityRefs, credentials));
  });
  router.get('/roles', async (req, res) => {
    const entityRef = req.query.entityRef.toLocaleLowerCase('en-US');
    const roles = await services.roles.entityRoles(
      entityRef,
      await caller(req),
    );
    res.json({ entityRef, roles: roles.map(withTitle) });
  });
}
