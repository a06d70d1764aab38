// Liveness and readiness.
import { Router } from 'express';
import type { HealthService } from './health.service';

export function healthRoutes(options: { health: HealthService }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    await options.health.checkReady();
    res.json({ status: 'ready' });
  });
  return router;
}
