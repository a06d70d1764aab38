export { createApp, createServer, type AppDeps, type RunningServer, type ServerOptions } from './app';
export { parseConfig, helpText, ConfigError, OPTIONS, type Config, type ParseResult } from './config';
export { createKubeClient, type KubeClient } from './k8s/kube-client';
export { createWatchCache, type WatchCache, type CacheRef, type CacheSubscription } from './k8s/watch-cache';
export { watchResource, type WatchItem } from './k8s/watch-resource';
export { createServerMetrics, type ServerMetrics } from './observability/metrics';
export { createLogger } from './observability/logger';
export { listRowOf, sanitizeObject } from './rows/list-row.mapper';
export { startDemo, type Demo } from './demo/demo-mode';
