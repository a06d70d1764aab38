import { Router } from 'express';
import type { MeService } from './me.service';

export function meRoutes(options: { me: MeService }): Router {
  const router = Router();
  router.get('/me', async (_req, res) => {
    res.json(await options.me.me());
  });
  return router;
}
