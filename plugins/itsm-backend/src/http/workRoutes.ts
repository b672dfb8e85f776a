import { asRecordPage } from './answers';
import { RouteDeps } from './routeDeps';

/** "My work": the signed-in caller's work, a section a page at a time. */
export function registerWorkRoutes({ router, services, caller }: RouteDeps) {
  router.get('/work', async (req, res) => {
    const { section, limit, cursor } = req.query;
    const page = await services.work.list(
      section,
      { limit, cursor },
      await caller(req),
    );
    res.json(asRecordPage(page));
  });
}
