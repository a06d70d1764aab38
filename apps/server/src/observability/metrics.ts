// Prometheus instruments of the server, registered on a registry the caller owns (no globals).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WatchCacheMetrics } from '../k8s/watch-cache';

export interface ServerMetrics {
  registry: Registry;
  cache: WatchCacheMetrics;
  wsConnections: Gauge;
  wsMessagesSent: Counter;
  /** Per change batch written to a socket: how long its oldest change waited in the server. */
  wsBatchWait: Histogram;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

export function createServerMetrics(options: { registry?: Registry; defaultMetrics?: boolean } = {}): ServerMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const labelNames = ['resource', 'namespace'] as const;
  const upstream = new Gauge({ name: 'fleet_dashboard_upstream_watches', help: 'Upstream list+watch loops running', labelNames, registers: [registry] });
  const relists = new Counter({ name: 'fleet_dashboard_relists_total', help: 'Lists after the first one (410 Expired, errors)', labelNames: [...labelNames, 'reason'], registers: [registry] });
  const events = new Counter({ name: 'fleet_dashboard_watch_events_total', help: 'Watch events received from the API server', labelNames, registers: [registry] });
  const subscribers = new Gauge({ name: 'fleet_dashboard_cache_subscribers', help: 'Subscribers of each watch cache', labelNames, registers: [registry] });
  const errors = new Counter({ name: 'fleet_dashboard_watch_errors_total', help: 'Failed lists and watches', labelNames, registers: [registry] });
  return {
    registry,
    cache: {
      watchStarted: (r, ns) => upstream.inc({ resource: r, namespace: ns }),
      watchStopped: (r, ns) => upstream.dec({ resource: r, namespace: ns }),
      relisted: (r, ns, reason) => relists.inc({ resource: r, namespace: ns, reason }),
      eventsReceived: (r, ns, n) => events.inc({ resource: r, namespace: ns }, n),
      subscribersChanged: (r, ns, n) => subscribers.set({ resource: r, namespace: ns }, n),
      watchFailed: (r, ns) => errors.inc({ resource: r, namespace: ns }),
    },
    wsConnections: new Gauge({ name: 'fleet_dashboard_ws_connections', help: 'Open websocket connections', registers: [registry] }),
    wsMessagesSent: new Counter({ name: 'fleet_dashboard_ws_messages_sent_total', help: 'Websocket messages sent', registers: [registry] }),
    wsBatchWait: new Histogram({
      name: 'fleet_dashboard_ws_batch_wait_seconds',
      help: 'Per websocket change batch: time from the watch event of its oldest change to the socket write (batching window included)',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.06, 0.075, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'fleet_dashboard_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
