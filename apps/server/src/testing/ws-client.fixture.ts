// Test setup: a websocket client of /api/watch that records every server message.
import { serverMessageSchema, type ServerMessage } from '@fleet-dashboard/contracts';
import WebSocket from 'ws';
import { waitFor } from './sandbox.fixture';

export type Received = ServerMessage & { at: number };

export interface WatchClient {
  ws: WebSocket;
  messages: Received[];
  opened: Promise<void>;
  send(message: unknown): void;
  /** The first message (after `from`) of subscription `id` of the given type. */
  next<T extends ServerMessage['type']>(id: string | undefined, type: T, timeoutMs?: number, from?: number): Promise<Extract<Received, { type: T }>>;
  close(): void;
}

export function connectWatch(serverUrl: string, options: { cookie?: string } = {}): WatchClient {
  const host = new URL(serverUrl).host;
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/api/watch`, {
    headers: { origin: `http://${host}`, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
  const messages: Received[] = [];
  ws.on('message', (data) => messages.push({ ...serverMessageSchema.parse(JSON.parse(data.toString())), at: Date.now() }));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    messages,
    opened,
    send: (m) => ws.send(JSON.stringify(m)),
    next: (id, type, timeoutMs = 5000, from = 0) =>
      waitFor(
        () => messages.slice(from).find((m): m is Extract<Received, { type: typeof type }> => m.type === type && (id === undefined || ('id' in m && m.id === id))),
        timeoutMs,
        `${type} of ${id ?? 'any subscription'}`,
      ),
    close: () => ws.close(),
  };
}
