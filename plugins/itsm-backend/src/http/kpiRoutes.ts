import { entityRefsOf } from './entityRefs';
import { RouteDeps } from './routeDeps';

/** The process figures (KPIs), computed by the database. */
export function registerKpiRoutes({ router, services, caller }: RouteDeps) {
  router.get('/kpis', async (req, res) => {
    const { entityRef, from, to } = req.query;
    const { credentials } = await caller(req);
    res.json(
      await services.kpis.figures(
        { entityRefs: entityRefsOf(entityRef), from, to },
        credentials,
      ),
    );
  });
}
