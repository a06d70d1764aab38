// A loopback TCP proxy that injects faults between a client and a server: every byte can be held
// back by a delay, all traffic can be stalled (connections stay open, nothing flows: a hung
// server) and resumed, and every open connection can be cut at once (a dropped watch). It works
// below TLS, so a kubeconfig pointed at the proxy still verifies the real server's certificate
// (the proxy listens on 127.0.0.1, which the serving certificate names).
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface FaultProxyOptions {
  /** Where connections go: `https://127.0.0.1:6443`, `http://…`, or host and port. */
  target: string | { host: string; port: number };
  /** Listen address (default 127.0.0.1) and port (default: a free one). */
  host?: string;
  port?: number;
}

export interface FaultProxyStats {
  /** Connections accepted since the start. */
  accepted: number;
  /** Connections cut by dropConnections(). */
  dropped: number;
  /** Connections open now. */
  open: number;
  /** Bytes forwarded in both directions. */
  bytes: number;
}

export interface FaultProxy {
  /** The proxy's URL, with the target's scheme (`https://127.0.0.1:<port>`). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Holds every chunk (both directions) this long before forwarding it; 0 turns it off. Applies to new chunks. */
  delay(ms: number): void;
  /** Stops forwarding: connections (new ones too) stay open, bytes are buffered. */
  stall(): void;
  /** Forwards what was buffered and everything after. */
  resume(): void;
  /** Cuts every open connection (both sides, with a TCP reset); returns how many were cut. */
  dropConnections(): number;
  /** Refuses new connections (closes them at once) until allowed again; open ones are kept. */
  refuseConnections(refuse: boolean): void;
  stats(): FaultProxyStats;
  close(): Promise<void>;
}

interface Lane {
  to: Socket;
  queue: Array<{ chunk: Buffer; due: number }>;
  ended: boolean;
  timer: NodeJS.Timeout | undefined;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  lanes: Lane[];
}

function targetOf(target: FaultProxyOptions['target']): { host: string; port: number; scheme: string } {
  if (typeof target !== 'string') return { ...target, scheme: 'http' };
  const url = new URL(target);
  const scheme = url.protocol.replace(/:$/, '');
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, scheme };
}

export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = targetOf(options.target);
  const pairs = new Set<Pair>();
  let delayMs = 0;
  let stalled = false;
  let refusing = false;
  const counts = { accepted: 0, dropped: 0, bytes: 0 };

  const pump = (lane: Lane): void => {
    if (lane.timer) return;
    while (!stalled && lane.queue.length > 0) {
      const head = lane.queue[0];
      if (!head) break;
      const wait = head.due - Date.now();
      if (wait > 0) {
        lane.timer = setTimeout(() => {
          lane.timer = undefined;
          pump(lane);
        }, wait);
        return;
      }
      lane.queue.shift();
      counts.bytes += head.chunk.length;
      if (!lane.to.destroyed) lane.to.write(head.chunk);
    }
    if (!stalled && lane.queue.length === 0 && lane.ended && !lane.to.destroyed) lane.to.end();
  };

  const laneFrom = (from: Socket, to: Socket): Lane => {
    const lane: Lane = { to, queue: [], ended: false, timer: undefined };
    from.on('data', (chunk: Buffer) => {
      lane.queue.push({ chunk, due: Date.now() + delayMs });
      pump(lane);
    });
    from.on('end', () => {
      lane.ended = true;
      pump(lane);
    });
    return lane;
  };

  const destroyPair = (pair: Pair, reset: boolean): void => {
    if (!pairs.delete(pair)) return;
    for (const lane of pair.lanes) if (lane.timer) clearTimeout(lane.timer);
    for (const socket of [pair.client, pair.upstream]) {
      if (reset && typeof socket.resetAndDestroy === 'function' && !socket.destroyed && !socket.connecting) socket.resetAndDestroy();
      else socket.destroy();
    }
  };

  const server: Server = createServer((client) => {
    counts.accepted++;
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: target.host, port: target.port });
    const pair: Pair = { client, upstream, lanes: [] };
    pair.lanes.push(laneFrom(client, upstream), laneFrom(upstream, client));
    pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => destroyPair(pair, false));
      socket.on('close', () => destroyPair(pair, false));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy: no address');
  const host = options.host ?? '127.0.0.1';
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    url: `${target.scheme}://${hostInUrl}:${address.port}`,
    host,
    port: address.port,
    delay(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`fault proxy: bad delay ${ms}`);
      delayMs = ms;
    },
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const pair of pairs) for (const lane of pair.lanes) pump(lane);
    },
    dropConnections() {
      const open = [...pairs];
      for (const pair of open) destroyPair(pair, true);
      counts.dropped += open.length;
      return open.length;
    },
    refuseConnections(refuse) {
      refusing = refuse;
    },
    stats: () => ({ ...counts, open: pairs.size }),
    async close() {
      for (const pair of [...pairs]) destroyPair(pair, false);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
