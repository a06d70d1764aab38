// POST /api/workspaces/:workspace/{gitrepos,bundles,clusters}/:name/<action>, the cluster labels
// and move, and bulk actions (`…/:resource/_bulk/:action`).
import {
  BULK_ACTIONS,
  BULK_SEGMENT,
  bulkBodySchema,
  bulkParamsSchema,
  clusterLabelsBodySchema,
  moveClusterBodySchema,
  objectParamsSchema,
  pollingBodySchema,
  type BulkAction,
  type ForceUpdateResponse,
  type PauseResponse,
  type PollingResponse,
} from '@fleet-dashboard/contracts';
import { Router } from 'express';
import { BadRequestError } from '../../http/app-error';
import { parseInput } from '../../http/parse-input';
import type { ActionsService, ForceUpdatable, Pausable } from './actions.service';
import type { ClusterMoveService } from './cluster-move.service';

export function actionsRoutes(options: { actions: ActionsService; move: ClusterMoveService }): Router {
  const router = Router();
  const { actions } = options;

  // `_bulk` is not a valid object name, so this never shadows an object's own actions.
  router.post(`/workspaces/:workspace/:resource/${BULK_SEGMENT}/:action`, async (req, res) => {
    const { workspace, resource, action } = parseInput(bulkParamsSchema, req.params, 'path');
    const allowed: readonly BulkAction[] = BULK_ACTIONS[resource];
    if (!allowed.includes(action)) throw new BadRequestError(`${action} is not a bulk action of ${resource} (${allowed.join(', ')})`);
    const { names } = parseInput(bulkBodySchema, req.body, 'body');
    res.json(await actions.bulk(workspace, resource, action, names));
  });

  for (const resource of ['gitrepos', 'bundles', 'clusters'] as const satisfies readonly ForceUpdatable[]) {
    router.post(`/workspaces/:workspace/${resource}/:name/force-update`, async (req, res) => {
      const { workspace, name } = parseInput(objectParamsSchema, req.params, 'path');
      const body: ForceUpdateResponse = { generation: await actions.forceUpdate(workspace, resource, name) };
      res.json(body);
    });
  }

  for (const resource of ['gitrepos', 'clusters'] as const satisfies readonly Pausable[]) {
    for (const action of ['pause', 'unpause'] as const) {
      router.post(`/workspaces/:workspace/${resource}/:name/${action}`, async (req, res) => {
        const { workspace, name } = parseInput(objectParamsSchema, req.params, 'path');
        const body: PauseResponse = { paused: await actions.setPaused(workspace, resource, name, action === 'pause') };
        res.json(body);
      });
    }
  }

  router.post('/workspaces/:workspace/gitrepos/:name/polling', async (req, res) => {
    const { workspace, name } = parseInput(objectParamsSchema, req.params, 'path');
    const { enabled } = parseInput(pollingBodySchema, req.body, 'body');
    const body: PollingResponse = { pollingEnabled: await actions.setPolling(workspace, name, enabled) };
    res.json(body);
  });

  router.put('/workspaces/:workspace/clusters/:name/labels', async (req, res) => {
    const { workspace, name } = parseInput(objectParamsSchema, req.params, 'path');
    const { labels, resourceVersion } = parseInput(clusterLabelsBodySchema, req.body, 'body');
    res.json(await actions.setClusterLabels(workspace, name, labels, resourceVersion));
  });

  router.post('/workspaces/:workspace/clusters/:name/move', async (req, res) => {
    const { workspace, name } = parseInput(objectParamsSchema, req.params, 'path');
    const { workspace: target } = parseInput(moveClusterBodySchema, req.body, 'body');
    res.json(await options.move.move(workspace, name, target));
  });
  return router;
}
