// A scripted WebSocket for tests: records what the client sends, lets the test open, close and
// push messages.
import type { WebSocketLike } from './socket';

export interface FakeWebSocket extends WebSocketLike {
  url: string;
  sent: unknown[];
  open(): void;
  drop(): void;
  push(message: unknown): void;
}

export function createFakeWebSocketFactory() {
  const sockets: FakeWebSocket[] = [];
  const factory = (url: string): WebSocketLike => {
    const ws: FakeWebSocket = {
      url,
      readyState: 0,
      sent: [],
      onopen: null,
      onclose: null,
      onerror: null,
      onmessage: null,
      send(data: string) {
        this.sent.push(JSON.parse(data));
      },
      close() {
        (this as { readyState: number }).readyState = 3;
      },
      open() {
        (this as { readyState: number }).readyState = 1;
        this.onopen?.({});
      },
      drop() {
        (this as { readyState: number }).readyState = 3;
        this.onclose?.({});
      },
      push(message: unknown) {
        this.onmessage?.({ data: JSON.stringify(message) });
      },
    };
    sockets.push(ws);
    return ws;
  };
  return { sockets, factory, latest: () => sockets[sockets.length - 1]! };
}
