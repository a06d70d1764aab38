// GET /api/workspaces/:workspace/diagnostics
import { workspaceNameSchema } from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../../http/parse-input';
import type { DiagnosticsService } from './diagnostics.service';

const paramsSchema = z.object({ workspace: workspaceNameSchema });

export function diagnosticsRoutes(options: { diagnostics: DiagnosticsService }): Router {
  const router = Router();
  router.get('/workspaces/:workspace/diagnostics', async (req, res) => {
    const { workspace } = parseInput(paramsSchema, req.params, 'path');
    res.json(await options.diagnostics.diagnose(workspace));
  });
  return router;
}
