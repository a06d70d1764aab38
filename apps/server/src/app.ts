// Composition: createApp wires middleware, feature routers and the error middleware onto an
// Express app; createServer adds the HTTP server and the websocket gateway. No module-level state.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PATHS, type AuthMode } from '@fleet-dashboard/contracts';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { tokenDigest, type ReadAccess } from './features/auth/access-review.service';
import { loginRoutes, sessionGate, sessionOf, tokenMeRoutes } from './features/auth/auth.routes';
import type { TokenAuth } from './features/auth/token-auth.service';
import { createHealthService } from './features/health/health.service';
import { healthRoutes } from './features/health/health.routes';
import { createMeService } from './features/me/me.service';
import { meRoutes } from './features/me/me.routes';
import { createPermissionsService } from './features/permissions/permissions.service';
import { permissionsRoutes } from './features/permissions/permissions.routes';
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
import { createSchemasService, type SchemasService } from './features/schemas/schemas.service';
import { schemasRoutes } from './features/schemas/schemas.routes';
import { createSecretsService } from './features/secrets/secrets.service';
import { secretsRoutes } from './features/secrets/secrets.routes';
import { createWritesService } from './features/writes/writes.service';
import { writesRoutes } from './features/writes/writes.routes';
import { createWorkspaceFeed } from './features/workspaces/workspace-feed.service';
import { createWorkspacesService } from './features/workspaces/workspaces.service';
import { workspacesRoutes } from './features/workspaces/workspaces.routes';
import { csrfMiddleware } from './http/csrf.middleware';
import { errorMiddleware, notFoundHandler } from './http/error.middleware';
import { securityHeadersMiddleware } from './http/security-headers.middleware';
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
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed. Default 0 (none). */
  trustProxyHops?: number;
  /** Token mode: login, session cookie, acting as the user. Required when `mode` is 'token'. */
  auth?: TokenAuth;
  /**
   * Whether `/metrics` is answered by this app. Default: yes in demo and kubeconfig modes, no in
   * token mode (the dashboard port faces users; metrics go to a separate port there).
   */
  serveMetrics?: boolean;
}

/** `GET /metrics`: the Prometheus text of the server's registry. */
export function metricsHandler(metrics: ServerMetrics): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    metrics.registry.metrics().then((text) => res.send(text), next);
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** Token mode: feature routers kept for this many recent users. */
const USER_ROUTERS = 200;

interface FeatureContext {
  /** Acts for the requester: the server's identity, or in token mode the user's own token. */
  kube: KubeClient;
  /** Token mode: the server's own identity (secret names, see secrets.service.ts) and the user's read access. */
  server?: KubeClient;
  access?: ReadAccess;
  cache: WatchCache;
  schemas: SchemasService;
}

/** The workspace features, acting for one requester. */
function featureRoutes(ctx: FeatureContext): Router {
  const api = express.Router();
  const access = ctx.access ? { access: ctx.access } : {};
  // Specific workspace routes first: /secrets, /diagnostics and /clustergroups/preview would
  // otherwise be taken for resource names.
  api.use(workspacesRoutes({ workspaces: createWorkspacesService({ cache: ctx.cache, kube: ctx.kube, ...access }) }));
  const patcher = createFieldPatcher({ kube: ctx.kube });
  const secrets = createSecretsService({ kube: ctx.kube, ...(ctx.server && ctx.access ? { names: { lister: ctx.server, access: ctx.access } } : {}) });
  api.use(secretsRoutes({ secrets }));
  api.use(
    diagnosticsRoutes({
      diagnostics: createDiagnosticsService({ cache: ctx.cache, ...access, secretNames: async (ws) => (await secrets.list(ws)).map((s) => s.name) }),
    }),
  );
  api.use(schemasRoutes({ schemas: ctx.schemas }));
  api.use(permissionsRoutes({ permissions: createPermissionsService({ kube: ctx.kube, ...access }) }));
  api.use(clusterGroupPreviewRoutes({ preview: createClusterGroupPreviewService({ cache: ctx.cache, ...access }) }));
  api.use(actionsRoutes({ actions: createActionsService({ kube: ctx.kube, patcher }), move: createClusterMoveService({ kube: ctx.kube, patcher }) }));
  api.use(writesRoutes({ writes: createWritesService({ kube: ctx.kube }) }));
  api.use(resourcesRoutes({ resources: createResourcesService({ cache: ctx.cache, kube: ctx.kube, ...access }) }));
  return api;
}

export function createApp(deps: AppDeps): Express {
  if (deps.mode === 'token' && !deps.auth) throw new Error('token mode needs the auth options');
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxyHops && deps.trustProxyHops > 0 ? deps.trustProxyHops : false);

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
  app.use(securityHeadersMiddleware());
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  if (deps.serveMetrics ?? deps.mode !== 'token') app.get(API_PATHS.metrics, metricsHandler(deps.metrics));

  const api = express.Router();
  api.use(csrfMiddleware());
  api.use(express.json({ limit: deps.bodyLimit ?? '1mb' }));
  api.use(yamlBodyMiddleware({ limit: deps.bodyLimit ?? '1mb' }));
  api.use(healthRoutes({ health: createHealthService({ kube: deps.kube }) }));
  // CRD schemas are the same for everyone: read with the server's identity, cached once.
  const schemas = createSchemasService({ kube: deps.kube });
  if (deps.auth) {
    const auth = deps.auth;
    api.use(loginRoutes({ auth }));
    api.use(sessionGate({ auth }));
    api.use(tokenMeRoutes());
    // One feature router per user (kept for the most recent users), acting with the user's token.
    const routers = new Map<string, Router>();
    api.use((req, res, next) => {
      const { token } = sessionOf(res);
      const key = tokenDigest(token);
      let router = routers.get(key);
      if (router) routers.delete(key);
      else router = featureRoutes({ kube: auth.clientFor(token), server: deps.kube, access: auth.accessFor(token), cache: deps.cache, schemas });
      routers.set(key, router);
      while (routers.size > USER_ROUTERS) {
        const oldest = routers.keys().next().value;
        if (oldest === undefined) break;
        routers.delete(oldest);
      }
      router(req, res, next);
    });
  } else {
    api.use(meRoutes({ me: createMeService({ kube: deps.kube, mode: deps.mode }) }));
    api.use(featureRoutes({ kube: deps.kube, cache: deps.cache, schemas }));
  }
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
  /** Token mode: how often websocket subscriptions re-check access. Default 5000 ms. */
  recheckMs?: number;
  /** Serve `/metrics` on this port of `host` instead of the main port (0 = any free port). */
  metricsPort?: number;
}

export interface RunningServer {
  server: Server;
  gateway: Gateway;
  /** http://host:port */
  url: string;
  /** http://host:port of the metrics server, when `metricsPort` was given. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/** Starts the HTTP server with the app and the websocket gateway. */
/** A second, metrics-only HTTP server: `/metrics` and 404 for everything else. */
function createMetricsApp(metrics: ServerMetrics, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeadersMiddleware());
  app.get(API_PATHS.metrics, metricsHandler(metrics));
  app.use(notFoundHandler());
  app.use(errorMiddleware({ logger }));
  return app;
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      resolve(`http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`);
    });
  });
}

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const separateMetrics = options.metricsPort !== undefined;
  const app = createApp({ ...options, serveMetrics: separateMetrics ? false : (options.serveMetrics ?? options.mode !== 'token') });
  const auth = options.auth;
  const server = createHttpServer(app);
  const gateway = createGateway({
    server,
    cache: options.cache,
    logger: options.logger.child({ module: 'ws' }),
    metrics: options.metrics,
    allowedOrigins: options.allowedOrigins,
    workspaces: createWorkspaceFeed({ cache: options.cache, kube: options.kube, logger: options.logger.child({ module: 'workspaces' }) }),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
    ...(options.recheckMs !== undefined ? { recheckMs: options.recheckMs } : {}),
    ...(auth
      ? {
          authenticate: (req: IncomingMessage) => {
            const opened = auth.authenticate(req.headers.cookie);
            return opened.ok ? auth.watchAccess(opened.session) : undefined;
          },
        }
      : {}),
  });
  const url = await listen(server, options.port, options.host);
  let metricsServer: Server | undefined;
  let metricsUrl: string | undefined;
  if (options.metricsPort !== undefined) {
    metricsServer = createHttpServer(createMetricsApp(options.metrics, options.logger));
    try {
      metricsUrl = await listen(metricsServer, options.metricsPort, options.host);
    } catch (error) {
      await gateway.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
  }
  return {
    server,
    gateway,
    url,
    ...(metricsUrl !== undefined ? { metricsUrl } : {}),
    async close() {
      await gateway.close();
      if (metricsServer) {
        const ms = metricsServer;
        ms.closeAllConnections();
        await new Promise<void>((resolve) => ms.close(() => resolve()));
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
