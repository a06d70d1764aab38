// Composition: createApp wires middleware, feature routers and the error middleware onto an
// Express app; createServer adds the HTTP server and the websocket gateway. No module-level state.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PATHS, type AuthMode } from '@fleet-dashboard/contracts';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createHealthService } from './features/health/health.service';
import { healthRoutes } from './features/health/health.routes';
import { createMeService } from './features/me/me.service';
import { meRoutes } from './features/me/me.routes';
import { createResourcesService } from './features/resources/resources.service';
import { resourcesRoutes } from './features/resources/resources.routes';
import { createActionsService } from './features/actions/actions.service';
import { actionsRoutes } from './features/actions/actions.routes';
import { createClusterMoveService } from './features/actions/cluster-move.service';
import { createFieldPatcher } from './features/actions/field-patch.service';
import { clusterGroupPreviewRoutes } from './features/clustergroups/cluster-group-preview.routes';
import { createClusterGroupPreviewService } from './features/clustergroups/cluster-group-preview.service';
import { createDiagnosticsService } from './features/diagnostics/diagnostics.service';
import { diagnosticsRoutes } from './features/diagnostics/diagnostics.routes';
import { createSchemasService } from './features/schemas/schemas.service';
import { schemasRoutes } from './features/schemas/schemas.routes';
import { createSecretsService } from './features/secrets/secrets.service';
import { secretsRoutes } from './features/secrets/secrets.routes';
import { createWritesService } from './features/writes/writes.service';
import { writesRoutes } from './features/writes/writes.routes';
import { createWorkspacesService } from './features/workspaces/workspaces.service';
import { workspacesRoutes } from './features/workspaces/workspaces.routes';
import { csrfMiddleware } from './http/csrf.middleware';
import { errorMiddleware, notFoundHandler } from './http/error.middleware';
import { spaRoutes } from './http/spa.middleware';
import { yamlBodyMiddleware } from './http/yaml-body.middleware';
import type { KubeClient } from './k8s/kube-client';
import type { WatchCache } from './k8s/watch-cache';
import type { ServerMetrics } from './observability/metrics';
import { createGateway, type Gateway } from './ws/gateway';

export interface AppDeps {
  mode: AuthMode;
  kube: KubeClient;
  cache: WatchCache;
  logger: Logger;
  metrics: ServerMetrics;
  /** JSON body limit. Default '1mb'. */
  bodyLimit?: string;
  /** The built web app to serve at `/`; none when absent (API only). */
  webRoot?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === API_PATHS.healthz || req.url === API_PATHS.readyz || req.url === API_PATHS.metrics },
    }),
  );
  app.use((req, res, next) => {
    const end = deps.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other'), status: String(res.statusCode) }));
    next();
  });
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.get(API_PATHS.metrics, async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  const api = express.Router();
  api.use(csrfMiddleware());
  api.use(express.json({ limit: deps.bodyLimit ?? '1mb' }));
  api.use(yamlBodyMiddleware({ limit: deps.bodyLimit ?? '1mb' }));
  api.use(healthRoutes({ health: createHealthService({ kube: deps.kube }) }));
  api.use(meRoutes({ me: createMeService({ kube: deps.kube, mode: deps.mode }) }));
  api.use(workspacesRoutes({ workspaces: createWorkspacesService({ cache: deps.cache }) }));
  // Specific workspace routes first: /secrets, /diagnostics and /clustergroups/preview would
  // otherwise be taken for resource names.
  const patcher = createFieldPatcher({ kube: deps.kube });
  const secrets = createSecretsService({ kube: deps.kube });
  api.use(secretsRoutes({ secrets }));
  api.use(
    diagnosticsRoutes({
      diagnostics: createDiagnosticsService({ cache: deps.cache, secretNames: async (ws) => (await secrets.list(ws)).map((s) => s.name) }),
    }),
  );
  api.use(schemasRoutes({ schemas: createSchemasService({ kube: deps.kube }) }));
  api.use(clusterGroupPreviewRoutes({ preview: createClusterGroupPreviewService({ cache: deps.cache }) }));
  api.use(actionsRoutes({ actions: createActionsService({ kube: deps.kube, patcher }), move: createClusterMoveService({ kube: deps.kube, patcher }) }));
  api.use(writesRoutes({ writes: createWritesService({ kube: deps.kube }) }));
  api.use(resourcesRoutes({ resources: createResourcesService({ cache: deps.cache, kube: deps.kube }) }));
  api.use(notFoundHandler());
  app.use('/api', api);
  if (deps.webRoot) app.use(spaRoutes({ webRoot: deps.webRoot }));
  app.use(notFoundHandler());
  app.use(errorMiddleware({ logger: deps.logger }));
  return app;
}

export interface ServerOptions extends AppDeps {
  host: string;
  port: number;
  allowedOrigins: readonly string[];
  heartbeatMs?: number;
  flushIntervalMs?: number;
}

export interface RunningServer {
  server: Server;
  gateway: Gateway;
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server with the app and the websocket gateway. */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const app = createApp(options);
  const server = createHttpServer(app);
  const gateway = createGateway({
    server,
    cache: options.cache,
    logger: options.logger.child({ module: 'ws' }),
    metrics: options.metrics,
    allowedOrigins: options.allowedOrigins,
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    gateway,
    url: `http://${host}:${addr.port}`,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
