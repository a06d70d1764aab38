// POST/PUT/DELETE /api/workspaces/:workspace/:resource[/:name], JSON or YAML bodies.
import { dryRunQuerySchema, writeObjectParamsSchema, writeParamsSchema, type DeleteResponse } from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { parseInput } from '../../http/parse-input';
import { sendBody } from '../../http/yaml-body.middleware';
import type { WritesService } from './writes.service';

export function writesRoutes(options: { writes: WritesService }): Router {
  const router = Router();
  router.post('/workspaces/:workspace/:resource', async (req, res) => {
    const { workspace, resource } = parseInput(writeParamsSchema, req.params, 'path');
    const { dryRun } = parseInput(dryRunQuerySchema, req.query, 'query');
    const created = await options.writes.create(workspace, resource, req.body, { dryRun: dryRun === 'true' });
    sendBody(req, res, dryRun === 'true' ? 200 : 201, created);
  });
  router.put('/workspaces/:workspace/:resource/:name', async (req, res) => {
    const { workspace, resource, name } = parseInput(writeObjectParamsSchema, req.params, 'path');
    const { dryRun } = parseInput(dryRunQuerySchema, req.query, 'query');
    sendBody(req, res, 200, await options.writes.replace(workspace, resource, name, req.body, { dryRun: dryRun === 'true' }));
  });
  router.delete('/workspaces/:workspace/:resource/:name', async (req, res) => {
    const { workspace, resource, name } = parseInput(writeObjectParamsSchema, req.params, 'path');
    await options.writes.remove(workspace, resource, name);
    const body: DeleteResponse = { name, deleted: true };
    res.json(body);
  });
  return router;
}
