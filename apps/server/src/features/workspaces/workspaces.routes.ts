import { Router } from 'express';
import type { WorkspacesService } from './workspaces.service';

export function workspacesRoutes(options: { workspaces: WorkspacesService }): Router {
  const router = Router();
  router.get('/workspaces', async (_req, res) => {
    res.json({ items: await options.workspaces.list() });
  });
  return router;
}
