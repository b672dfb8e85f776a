import { RouteDeps } from './routeDeps';

/**
 * The plan of a release (docs/release-management.md): reading needs read
 * permission on the release; adding a change is for its release
 * coordinator (ReleasePlanService).
 */
export function registerReleasePlanRoutes({
  router,
  services,
  caller,
}: RouteDeps) {
  router.get('/releases/:key/plan', async (req, res) => {
    const who = await caller(req);
    res.json(await services.releasePlans.plan(req.params.key, who));
  });
  router.post('/releases/:key/plan', async (req, res) => {
    const who = await caller(req);
    res
      .status(201)
      .json(
        await services.releasePlans.addChange(req.params.key, req.body, who),
      );
  });
}
