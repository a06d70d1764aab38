// GET /api/workspaces/:workspace/:resource[/:name]: rows from the cache, or one full object.
import { eventListQuerySchema, resourceGetParamsSchema, resourceListParamsSchema, resourceListQuerySchema } from '@fleet-dashboard/contracts';
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { BadRequestError } from '../../http/app-error';
import { sendBody } from '../../http/yaml-body.middleware';
import type { ResourcesService } from './resources.service';

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BadRequestError(`invalid ${what}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`);
  }
  return result.data;
}

export function resourcesRoutes(options: { resources: ResourcesService }): Router {
  const router = Router();
  router.get('/workspaces/:workspace/:resource', async (req: Request, res) => {
    const params = parse(resourceListParamsSchema, req.params, 'path');
    if (params.resource === 'events') {
      const query = parse(eventListQuerySchema, req.query, 'query');
      const involved = query.kind !== undefined || query.name !== undefined ? { kind: query.kind, name: query.name } : undefined;
      res.json(await options.resources.list(params.workspace, params.resource, query.selector, involved));
      return;
    }
    const query = parse(resourceListQuerySchema, req.query, 'query');
    res.json(await options.resources.list(params.workspace, params.resource, query.selector));
  });
  router.get('/workspaces/:workspace/:resource/:name', async (req: Request, res) => {
    const params = parse(resourceGetParamsSchema, req.params, 'path');
    sendBody(req, res, 200, await options.resources.get(params.workspace, params.resource, params.name));
  });
  return router;
}
