import express from 'express';
import Router from 'express-promise-router';
import { HealthService } from './services/HealthService';

/**
 * The HTTP surface of the plugin. It only translates between HTTP and the
 * services; the rules live in the services.
 */
export async function createRouter(options: {
  health: HealthService;
}): Promise<express.Router> {
  const { health } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', async (_req, res) => {
    const report = await health.report();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  return router;
}
