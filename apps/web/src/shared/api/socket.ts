// ONE websocket per tab on /api/watch. Subscriptions outlive the connection: when it drops, the
// socket reconnects with jittered exponential backoff and subscribes everything again (the server
// answers each with a fresh snapshot, which the store diffs in place).
import { STATUS_FORBIDDEN, serverMessageSchema, type ServerMessage, type SubscribeMessage } from '@fleet-dashboard/contracts';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type SubscriptionRequest = Omit<SubscribeMessage, 'type' | 'id'>;

export type SubscriptionMessage = Exclude<ServerMessage, { type: 'pong' }>;

export interface WatchSocket {
  /** Subscribes; the handler gets every message for it (snapshot, changes, status, error). Returns unsubscribe. */
  subscribe(request: SubscriptionRequest, handler: (message: SubscriptionMessage) => void): () => void;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Drops the connection and stops reconnecting (signed out); subscriptions are kept. */
  suspend(): void;
  /** Connects again after suspend() (or a suspended start); no-op when not suspended. */
  resume(): void;
  /**
   * While waiting to reconnect, tries now instead of at the end of the backoff (the tab became
   * visible again, or the network came back); the backoff keeps growing if this try fails too.
   */
  retryNow(): void;
  /** Closes for good. */
  close(): void;
}

/** The subset of the browser WebSocket the socket uses (tests pass a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WatchSocketOptions {
  url: string;
  createWebSocket?: (url: string) => WebSocketLike;
  /** First retry delay ceiling (default 500 ms); doubles per failed attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** [0, 1) source for the jitter (default Math.random). */
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Start without connecting until resume() (default false). */
  isSuspended?: boolean;
  /**
   * Called when a connection closes without ever opening. Browsers hide the status of a refused
   * upgrade (a 401 looks like any failure), so the app checks the session and suspends if it is gone.
   */
  onRefused?: () => void;
  /**
   * Called when the server refuses a subscription or stops one for lack of access (a 401/403
   * `error`, or a `status` error saying forbidden): the session may have expired or been revoked
   * while the socket stayed open, so the app asks whether it is still signed in.
   */
  onAccessLost?: () => void;
}

const OPEN = 1;

function isAccessLoss(message: { type: string; state?: string; message?: string; error?: { code: string } }): boolean {
  if (message.type === 'error') return message.error?.code === 'Forbidden' || message.error?.code === 'Unauthorized';
  return message.type === 'status' && message.state === 'error' && message.message === STATUS_FORBIDDEN;
}

/** Equal jitter: a random delay in [ceiling/2, ceiling), ceiling = min(max, base * 2^attempt). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}

/** `ws(s)://host/api/watch` for the page's own origin. */
export function watchUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/watch`;
}

export function createWatchSocket(options: WatchSocketOptions): WatchSocket {
  const create = options.createWebSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const baseMs = options.baseDelayMs ?? 500;
  const maxMs = options.maxDelayMs ?? 15_000;
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));

  const subs = new Map<string, { request: SubscriptionRequest; handler: (m: SubscriptionMessage) => void }>();
  const listeners = new Set<(s: ConnectionState) => void>();
  let ws: WebSocketLike | undefined;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let timer: unknown;
  let nextId = 1;
  let isClosed = false;
  let isSuspended = options.isSuspended ?? false;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const l of listeners) l(next);
  }

  function sendRaw(message: unknown): void {
    if (ws && ws.readyState === OPEN) ws.send(JSON.stringify(message));
  }

  function sendSubscribe(id: string): void {
    const sub = subs.get(id);
    if (sub) sendRaw({ type: 'subscribe', id, ...sub.request });
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success || parsed.data.type === 'pong') return;
    const message = parsed.data;
    if (isAccessLoss(message)) options.onAccessLost?.();
    if (message.id === undefined) return;
    subs.get(message.id)?.handler(message);
  }

  function scheduleReconnect(): void {
    if (isClosed || isSuspended || timer !== undefined) return;
    setState('reconnecting');
    const delay = backoffDelay(attempt, baseMs, maxMs, random);
    attempt += 1;
    timer = setTimer(() => {
      timer = undefined;
      connect();
    }, delay);
  }

  function connect(): void {
    if (isClosed || isSuspended) return;
    let socket: WebSocketLike;
    try {
      socket = create(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    ws = socket;
    let hasOpened = false;
    socket.onopen = () => {
      if (ws !== socket) return;
      hasOpened = true;
      attempt = 0;
      setState('open');
      for (const id of subs.keys()) sendSubscribe(id);
    };
    socket.onmessage = (event) => {
      if (ws === socket) onMessage(event.data);
    };
    socket.onerror = () => {
      // onclose follows and reconnects.
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = undefined;
      scheduleReconnect();
      if (!hasOpened) options.onRefused?.();
    };
  }

  function dropConnection(): void {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    const socket = ws;
    ws = undefined;
    socket?.close();
  }

  if (isSuspended) state = 'closed';
  else connect();

  return {
    subscribe(request, handler) {
      const id = `s${nextId++}`;
      subs.set(id, { request, handler });
      sendSubscribe(id);
      return () => {
        if (!subs.delete(id)) return;
        sendRaw({ type: 'unsubscribe', id });
      };
    },
    state: () => state,
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    suspend() {
      if (isSuspended || isClosed) return;
      isSuspended = true;
      dropConnection();
      setState('closed');
    },
    resume() {
      if (!isSuspended || isClosed) return;
      isSuspended = false;
      attempt = 0;
      setState('connecting');
      connect();
    },
    retryNow() {
      if (timer === undefined || isClosed || isSuspended) return;
      clearTimer(timer);
      timer = undefined;
      connect();
    },
    close() {
      isClosed = true;
      dropConnection();
      setState('closed');
    },
  };
}
