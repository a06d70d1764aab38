// GET /api/workspaces/:workspace/permissions: the write verbs the requester may use per resource.
import { workspaceNameSchema, type PermissionsResponse } from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../../http/parse-input';
import type { PermissionsService } from './permissions.service';

const paramsSchema = z.object({ workspace: workspaceNameSchema });

export function permissionsRoutes(options: { permissions: PermissionsService }): Router {
  const router = Router();
  router.get('/workspaces/:workspace/permissions', async (req, res) => {
    const { workspace } = parseInput(paramsSchema, req.params, 'path');
    const body: PermissionsResponse = await options.permissions.forWorkspace(workspace);
    res.json(body);
  });
  return router;
}
