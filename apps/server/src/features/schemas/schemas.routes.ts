// GET /api/schemas/:resource → the kind's OpenAPI v3 schema (the YAML editor validates with it).
import { schemaParamsSchema } from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { parseInput } from '../../http/parse-input';
import { WORKSPACED } from '../../k8s/resource-types';
import type { SchemasService } from './schemas.service';

export function schemasRoutes(options: { schemas: SchemasService }): Router {
  const router = Router();
  router.get('/schemas/:resource', async (req, res) => {
    const { resource } = parseInput(schemaParamsSchema, req.params, 'path');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.json(await options.schemas.schemaOf(WORKSPACED[resource].type));
  });
  return router;
}
