// POST /api/workspaces/:workspace/clustergroups/preview {selector | selectorText} → {matching, total}
import { clusterGroupPreviewBodySchema, workspaceNameSchema } from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../../http/parse-input';
import type { ClusterGroupPreviewService } from './cluster-group-preview.service';

const paramsSchema = z.object({ workspace: workspaceNameSchema });

export function clusterGroupPreviewRoutes(options: { preview: ClusterGroupPreviewService }): Router {
  const router = Router();
  router.post('/workspaces/:workspace/clustergroups/preview', async (req, res) => {
    const { workspace } = parseInput(paramsSchema, req.params, 'path');
    const body = parseInput(clusterGroupPreviewBodySchema, req.body, 'body');
    res.json(await options.preview.preview(workspace, body));
  });
  return router;
}
