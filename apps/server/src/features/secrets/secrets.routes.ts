// GET/POST /api/workspaces/:workspace/secrets: names and types only.
import { createSecretBodySchema, workspaceNameSchema, type SecretsResponse } from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../../http/parse-input';
import type { SecretsService } from './secrets.service';

const paramsSchema = z.object({ workspace: workspaceNameSchema });

export function secretsRoutes(options: { secrets: SecretsService }): Router {
  const router = Router();
  router.get('/workspaces/:workspace/secrets', async (req, res) => {
    const { workspace } = parseInput(paramsSchema, req.params, 'path');
    const body: SecretsResponse = { items: await options.secrets.list(workspace) };
    res.json(body);
  });
  router.post('/workspaces/:workspace/secrets', async (req, res) => {
    const { workspace } = parseInput(paramsSchema, req.params, 'path');
    const input = parseInput(createSecretBodySchema, req.body, 'body');
    res.status(201).json(await options.secrets.create(workspace, input));
  });
  return router;
}
