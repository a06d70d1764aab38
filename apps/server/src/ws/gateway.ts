// The websocket gateway on /api/watch: Origin check, one SocketSession per socket, heartbeat
// pings (sockets that miss one are terminated), and termination of sockets that cannot keep up.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_PATHS, type ServerMessage } from '@fleet-dashboard/contracts';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CacheRef, WatchCache } from '../k8s/watch-cache';
import type { ServerMetrics } from '../observability/metrics';
import type { WorkspaceFeed } from '../features/workspaces/workspace-feed.service';
import { createMessageEncoder, type EncodedMessage } from './message-encoder';
import { createSocketSession } from './socket-session';

export interface GatewayOptions {
  server: Server;
  cache: Pick<WatchCache, 'subscribe'>;
  logger: Logger;
  metrics?: ServerMetrics;
  /** Allowed Origin values; empty = same origin only; '*' = any. */
  allowedOrigins: readonly string[];
  flushIntervalMs?: number;
  heartbeatMs?: number;
  /** A socket with more unsent bytes than this is dropped (the client reconnects). Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Hard frame limit enforced by ws (closes with 1009). Default 64 KiB. */
  maxPayloadBytes?: number;
  /**
   * Token mode: authenticates the upgrade request (its session cookie). Returns the access check
   * of the socket's user, or undefined to refuse the upgrade with 401.
   */
  authenticate?: (req: IncomingMessage) => ((ref: CacheRef) => Promise<boolean>) | undefined;
  /** How often running subscriptions re-check access (token mode). Default 5000 ms. */
  recheckMs?: number;
  /** The live workspace list for `subscribe {resource: 'workspaces'}`. */
  workspaces?: Pick<WorkspaceFeed, 'subscribe'>;
}

export interface Gateway {
  connections(): number;
  close(): Promise<void>;
}

/** Same-origin unless configured: a browser's Origin must name the host it connected to. */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true; // not a browser: no ambient credentials to abuse
  if (allowed.includes('*')) return true;
  if (allowed.length > 0) return allowed.includes(origin);
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function createGateway(options: GatewayOptions): Gateway {
  const { logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 64 * 1024 });
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const alive = new WeakMap<WebSocket, boolean>();
  const authorizers = new WeakMap<WebSocket, (ref: CacheRef) => Promise<boolean>>();
  // One per gateway: every socket of the server shares the serialized snapshots and rows.
  const encoder = createMessageEncoder();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== API_PATHS.watch) return;
    if (!isOriginAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)) {
      logger.warn({ origin: req.headers.origin }, 'websocket origin refused');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let authorize: ((ref: CacheRef) => Promise<boolean>) | undefined;
    if (options.authenticate) {
      authorize = options.authenticate(req);
      if (!authorize) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (authorize) authorizers.set(ws, authorize);
      wss.emit('connection', ws, req);
    });
  };
  options.server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    options.metrics?.wsConnections.inc();
    const writable = (): boolean => {
      if (ws.readyState !== ws.OPEN) return false;
      if (ws.bufferedAmount > maxBuffered) {
        logger.warn({ buffered: ws.bufferedAmount }, 'websocket client too slow, dropping it');
        ws.terminate();
        return false;
      }
      return true;
    };
    const send = (message: ServerMessage): void => {
      if (!writable()) return;
      ws.send(JSON.stringify(message));
      options.metrics?.wsMessagesSent.inc();
    };
    // The parts go out as the fragments of one text message, back to back; Buffers (a shared
    // snapshot) are written by reference, not copied per socket.
    const sendEncoded = (parts: EncodedMessage): void => {
      if (!writable()) return;
      parts.forEach((part, i) => ws.send(part, { binary: false, fin: i === parts.length - 1 }));
      options.metrics?.wsMessagesSent.inc();
    };
    const session = createSocketSession({
      cache: options.cache,
      send,
      sendEncoded,
      encoder,
      logger,
      ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
      ...(authorizers.has(ws) ? { authorize: authorizers.get(ws) } : {}),
      ...(options.recheckMs !== undefined ? { recheckMs: options.recheckMs } : {}),
      ...(options.workspaces ? { workspaces: options.workspaces } : {}),
      ...(options.metrics ? { onBatchSent: (ms: number) => options.metrics?.wsBatchWait.observe(ms / 1000) } : {}),
    });
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      session.handleMessage(isBinary ? buf : buf.toString('utf8'));
    });
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', (err) => logger.debug({ err }, 'websocket error'));
    ws.on('close', () => {
      session.close();
      options.metrics?.wsConnections.dec();
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    connections: () => wss.clients.size,
    close() {
      clearInterval(heartbeat);
      options.server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
