import { createWorkspaceBodySchema, type CreateWorkspaceResponse } from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { parseInput } from '../../http/parse-input';
import type { WorkspacesService } from './workspaces.service';

export function workspacesRoutes(options: { workspaces: WorkspacesService }): Router {
  const router = Router();
  router.get('/workspaces', async (_req, res) => {
    res.json({ items: await options.workspaces.list() });
  });
  router.post('/workspaces', async (req, res) => {
    const { name } = parseInput(createWorkspaceBodySchema, req.body, 'body');
    const body: CreateWorkspaceResponse = await options.workspaces.create(name);
    res.status(201).json(body);
  });
  return router;
}
