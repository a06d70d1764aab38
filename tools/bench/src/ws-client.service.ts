// A websocket client of the dashboard (/api/watch) the way the web app talks to it: subscribe,
// take the snapshot, then batched changes. Measures bytes and arrival times.
import WebSocket from 'ws';

export interface Snapshot {
  id: string;
  rows: number;
  bytes: number;
  /** performance.now() when the snapshot arrived. */
  at: number;
}

export interface WatchClient {
  subscribe(id: string, resource: string, workspace: string, selector?: string): Promise<Snapshot>;
  /** Calls `onText` with every raw message (before parsing) and its arrival time. */
  onMessage(listener: (text: string, at: number) => void): void;
  close(): void;
}

/** `timeoutMs` bounds the opening; a snapshot may take up to ten times as long (a cold cache lists everything). */
export async function connectWatch(baseUrl: string, timeoutMs = 30_000): Promise<WatchClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/watch`, { headers: { origin: baseUrl }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('websocket open timed out')), timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const listeners: ((text: string, at: number) => void)[] = [];
  const waiting = new Map<string, (s: Snapshot) => void>();
  socket.on('message', (data: WebSocket.RawData) => {
    const at = performance.now();
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const text = buf.toString('utf8');
    if (waiting.size > 0 && text.startsWith('{"type":"snapshot"')) {
      const msg = JSON.parse(text) as { id: string; items: unknown[] };
      waiting.get(msg.id)?.({ id: msg.id, rows: msg.items.length, bytes: buf.length, at });
      waiting.delete(msg.id);
    }
    for (const l of listeners) l(text, at);
  });
  return {
    subscribe(id, resource, workspace, selector) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no snapshot for ${resource} within ${timeoutMs * 10} ms`)), timeoutMs * 10);
        waiting.set(id, (s) => {
          clearTimeout(timer);
          resolve(s);
        });
        socket.send(JSON.stringify({ type: 'subscribe', id, resource, workspace, ...(selector ? { selector } : {}) }));
      });
    },
    onMessage: (l) => listeners.push(l),
    close: () => socket.terminate(),
  };
}
