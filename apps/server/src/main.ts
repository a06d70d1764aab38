// Entry point: parse the configuration once, build the dependencies, start the server.
// The only place that touches process.env, argv, signals and the exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { createServer } from './app';
import { ConfigError, parseConfig, type Config } from './config';
import { startDemo, type Demo } from './demo/demo-mode';
import { parseCookieKey } from './features/auth/session-cookie.service';
import { createTokenAuth } from './features/auth/token-auth.service';
import { createKubeClient } from './k8s/kube-client';
import type { ConnectionOptions } from './k8s/kube-transport';
import { createWatchCache } from './k8s/watch-cache';
import { createLogger } from './observability/logger';
import { createServerMetrics } from './observability/metrics';
import { cacheRowOf } from './rows/list-row.mapper';

/** The web app built in this checkout (apps/web/dist), if it has been built. */
const BUILT_WEB_APP = fileURLToPath(new URL('../../web/dist', import.meta.url));

function webRootOf(config: Config): string | undefined {
  if (config.webRoot === 'none') return undefined;
  if (config.webRoot !== '') return config.webRoot;
  return existsSync(BUILT_WEB_APP) ? BUILT_WEB_APP : undefined;
}

async function run(config: Config): Promise<void> {
  const logger = createLogger({ level: config.logLevel });
  let demo: Demo | undefined;
  let kubeConfig: KubeConfig;
  if (config.mode === 'demo') {
    logger.info('demo mode: starting the in-memory API server and the Fleet simulator');
    demo = await startDemo({ logger: logger.child({ module: 'demo' }), seed: config.seed, speed: config.speed });
    kubeConfig = demo.kubeConfig;
  } else if (config.mode === 'kubeconfig') {
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(config.kubeconfig ?? '');
    if (config.context) kubeConfig.setCurrentContext(config.context);
  } else {
    // Token mode: the server's own identity (in-cluster service account, or a kubeconfig) feeds
    // the shared watch caches; users log in with their own tokens.
    kubeConfig = new KubeConfig();
    if (config.kubeconfig) {
      kubeConfig.loadFromFile(config.kubeconfig);
      if (config.context) kubeConfig.setCurrentContext(config.context);
    } else {
      kubeConfig.loadFromCluster();
    }
  }
  // Proxy and timeouts of every connection to the API server (the server's and the users'). The
  // demo's in-process API server is never reached through a proxy.
  const connection: ConnectionOptions = {
    ...(config.mode === 'demo' ? {} : { proxy: { httpsProxy: config.httpsProxy, httpProxy: config.httpProxy, noProxy: config.noProxy } }),
    requestTimeoutMs: Math.round(config.requestTimeout * 1000),
    watchIdleTimeoutMs: Math.round(config.watchIdleTimeout * 1000),
  };
  const auth =
    config.mode === 'token'
      ? createTokenAuth({
          kubeConfig,
          cookieKey: parseCookieKey(config.cookieKey ?? ''),
          cookieSecure: config.cookieSecure,
          sessionTtlMs: config.sessionHours * 3600_000,
          loginAttemptsPerMinute: config.loginAttempts,
          connection,
        })
      : undefined;

  const metrics = createServerMetrics({ defaultMetrics: true });
  const kube = createKubeClient({ ...connection, kubeConfig });
  const cache = createWatchCache({ client: kube, rowOf: cacheRowOf, metrics: metrics.cache, logger: logger.child({ module: 'cache' }) });
  const running = await createServer({
    mode: config.mode,
    kube,
    cache,
    logger,
    metrics,
    host: config.host,
    port: config.port,
    allowedOrigins: config.allowedOrigins,
    webRoot: webRootOf(config),
    ...(auth ? { auth } : {}),
    trustProxyHops: config.trustProxy,
    ...(config.metricsPort !== undefined ? { metricsPort: config.metricsPort } : {}),
  });
  logger.info({ url: running.url, mode: config.mode, api: demo?.apiUrl ?? kubeConfig.getCurrentCluster()?.server }, 'fleet dashboard server listening');
  console.log(`Fleet dashboard server: ${running.url} (mode ${config.mode})`);
  if (running.metricsUrl) logger.info({ url: `${running.metricsUrl}/metrics` }, 'metrics served on their own port');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.close();
    await cache.close();
    await demo?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

try {
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    console.log(parsed.text);
  } else {
    await run(parsed.config);
  }
} catch (error) {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
