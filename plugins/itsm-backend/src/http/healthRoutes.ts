import { RouteDeps } from './routeDeps';

/** `GET /health` (unauthenticated, see plugin.ts). */
export function registerHealthRoutes({ router, health }: RouteDeps) {
  router.get('/health', async (_req, res) => {
    const report = await health.report();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
}
