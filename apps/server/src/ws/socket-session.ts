// One browser socket's subscriptions: validates every client message, answers with a snapshot,
// then batches changes (coalesced per key) into one `changes` message per subscription and flush.
// Transport-free: it sends through a function, so it is tested without a socket.
import {
  clientMessageSchema,
  MAX_CLIENT_MESSAGE_BYTES,
  STATUS_FORBIDDEN,
  type ChangeEvent,
  type ErrorInfo,
  type ServerMessage,
  type SubscribeMessage,
  type WorkspaceRow,
} from '@fleet-dashboard/contracts';
import type { Logger } from 'pino';
import { AppError, BadRequestError, ForbiddenError, TooLargeError } from '../http/app-error';
import { qualifiedResource } from '../k8s/resource-types';
import type { CacheChange, CacheEntry, CacheRef, CacheStatus, CacheSubscription, WatchCache } from '../k8s/watch-cache';
import { sanitizeObject } from '../rows/list-row.mapper';
import { createMessageEncoder, itemJsonOf, type EncodedMessage, type MessageEncoder } from './message-encoder';
import { resolveTarget, type SubscriptionTarget } from './subscription-target';
import type { WorkspaceFeed, WorkspaceFeedSubscription } from '../features/workspaces/workspace-feed.service';
import { visibleWorkspaceRows } from '../features/workspaces/workspaces.service';

export interface SocketSessionOptions {
  cache: Pick<WatchCache, 'subscribe'>;
  send: (message: ServerMessage) => void;
  /**
   * Sends snapshots and change batches of cache subscriptions already serialized (the parts of one
   * message). Without it they go through `send` as objects.
   */
  sendEncoded?: (message: EncodedMessage) => void;
  /** Shares serialized snapshots and rows between the sessions of a server. Default: one per session. */
  encoder?: MessageEncoder;
  logger?: Logger;
  /**
   * Changes are batched over this window: a change on an idle session goes out on the next tick,
   * those that follow within the window after a batch wait for its end. Default 50 ms.
   */
  flushIntervalMs?: number;
  /** Subscriptions one socket may hold. Default 200. */
  maxSubscriptions?: number;
  /**
   * Token mode: whether the socket's user may watch a cache. Asked before a subscription starts
   * (refused with a Forbidden error) and again every `recheckMs` while it runs (stopped with
   * `status {state: 'error', message: 'forbidden'}` once the answer turns to no).
   */
  authorize?: (ref: CacheRef) => Promise<boolean>;
  /** Default 5000 ms. */
  recheckMs?: number;
  /** The live workspace list behind `subscribe {resource: 'workspaces'}`. */
  workspaces?: Pick<WorkspaceFeed, 'subscribe'>;
  /** Called for each change batch sent: milliseconds its oldest change waited in the session. */
  onBatchSent?: (waitedMs: number) => void;
}

export interface SocketSession {
  handleMessage(data: string | Buffer): void;
  /** Sends pending changes now. */
  flush(): void;
  subscriptionCount(): number;
  close(): void;
}

interface Active {
  id: string;
  target: SubscriptionTarget;
  sub: CacheSubscription;
  /** Keys the client holds; not tracked (empty) when the target selects the whole cache. */
  visible: Set<string>;
  /** key → the entry to upsert, or null to delete. */
  pending: Map<string, CacheEntry | null>;
  /** performance.now() when the first pending change arrived. */
  pendingSince: number;
  snapshotSent: boolean;
  closed: boolean;
}

/** A `workspaces` subscription: rows from the feed, filtered per user in token mode, diffed per socket. */
interface FeedActive {
  id: string;
  sub: WorkspaceFeedSubscription;
  /** What the client holds: key → row as JSON. */
  sent: Map<string, string>;
  snapshotSent: boolean;
  closed: boolean;
  refreshing: boolean;
  again: boolean;
}

function errorInfo(error: AppError): ErrorInfo {
  return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
}

export function createSocketSession(options: SocketSessionOptions): SocketSession {
  const subs = new Map<string, Active>();
  const feeds = new Map<string, FeedActive>();
  const flushMs = options.flushIntervalMs ?? 50;
  const maxSubs = options.maxSubscriptions ?? 200;
  const { send } = options;
  /** Cancels the scheduled flush; set while one is scheduled. */
  let cancelScheduled: (() => void) | undefined;
  /** When the last change batch went out (Date.now()); -Infinity before the first. */
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  let closed = false;
  const { sendEncoded } = options;
  const encoder = options.encoder ?? (sendEncoded ? createMessageEncoder() : undefined);
  /** Subscriptions waiting for their access check: id → ticket (a newer subscribe wins). */
  const authorizing = new Map<string, number>();
  let tickets = 0;
  let recheckTimer: NodeJS.Timeout | undefined;
  let rechecking = false;

  const payloadOf = (a: Active, entry: CacheEntry): ChangeEvent =>
    !a.target.detail && entry.row
      ? { type: 'upsert', key: entry.key, row: entry.row as unknown as Record<string, unknown> }
      : { type: 'upsert', key: entry.key, object: sanitizeObject(entry.object) as Record<string, unknown> };

  const sendError = (error: AppError, id?: string): void => send({ type: 'error', ...(id !== undefined ? { id } : {}), error: errorInfo(error) });

  function flushOne(a: Active): void {
    if (a.pending.size === 0 || a.closed) return;
    options.onBatchSent?.(performance.now() - a.pendingSince);
    const revision = a.sub.revision();
    if (sendEncoded && encoder) {
      const events = encoder.changeEvents(a.target.key, revision, a.target.detail, a.pending);
      a.pending.clear();
      sendEncoded([`{"type":"changes","id":${JSON.stringify(a.id)},"revision":${JSON.stringify(revision)},"events":`, events, '}']);
      return;
    }
    const events: ChangeEvent[] = [];
    for (const [key, entry] of a.pending) events.push(entry ? payloadOf(a, entry) : { type: 'delete', key });
    a.pending.clear();
    send({ type: 'changes', id: a.id, events, revision });
  }

  function cancelTimer(): void {
    cancelScheduled?.();
    cancelScheduled = undefined;
  }

  function flush(): void {
    cancelTimer();
    let sent = false;
    for (const a of subs.values()) {
      if (a.pending.size > 0 && !a.closed) sent = true;
      flushOne(a);
    }
    if (sent) lastFlushAt = Date.now();
  }

  /** Leading edge: an idle session flushes on the next tick; later changes wait out the window. */
  function schedule(): void {
    if (cancelScheduled || closed) return;
    const wait = lastFlushAt + flushMs - Date.now();
    if (wait <= 0) {
      const immediate = setImmediate(flush);
      immediate.unref();
      cancelScheduled = () => clearImmediate(immediate);
    } else {
      const timeout = setTimeout(flush, wait);
      timeout.unref();
      cancelScheduled = () => clearTimeout(timeout);
    }
  }

  function sendSnapshot(a: Active): void {
    if (a.closed || a.snapshotSent) return;
    if (sendEncoded && encoder) {
      a.visible.clear();
      if (!a.target.selectsAll) for (const entry of a.sub.entries()) if (a.target.matches(entry.object)) a.visible.add(entry.key);
      const revision = a.sub.revision();
      const items = encoder.snapshotItems(a.target.key, revision, function* () {
        for (const entry of a.sub.entries()) if (a.target.matches(entry.object)) yield itemJsonOf(entry, a.target.detail);
      });
      a.snapshotSent = true;
      a.pending.clear();
      sendEncoded([`{"type":"snapshot","id":${JSON.stringify(a.id)},"revision":${JSON.stringify(revision)},"items":`, items, '}']);
      return;
    }
    const items: Record<string, unknown>[] = [];
    a.visible.clear();
    for (const entry of a.sub.entries()) {
      if (!a.target.matches(entry.object)) continue;
      if (!a.target.selectsAll) a.visible.add(entry.key);
      const p = payloadOf(a, entry);
      items.push('row' in p ? p.row : 'object' in p ? p.object : {});
    }
    a.snapshotSent = true;
    a.pending.clear();
    send({ type: 'snapshot', id: a.id, items, revision: a.sub.revision() });
  }

  function onChanges(a: Active, changes: readonly CacheChange[]): void {
    if (!a.snapshotSent || a.closed) return;
    if (a.pending.size === 0) a.pendingSince = performance.now();
    for (const change of changes) {
      const key = change.entry.key;
      // A target of the whole cache holds every key it was sent: only deletes leave it.
      const all = a.target.selectsAll;
      const was = all || a.visible.has(key);
      if (change.type === 'upsert' && (all || a.target.matches(change.entry.object))) {
        if (!all) a.visible.add(key);
        a.pending.delete(key); // keep the event order of the latest change
        a.pending.set(key, change.entry);
      } else if (was) {
        a.visible.delete(key);
        a.pending.delete(key);
        a.pending.set(key, null);
      }
    }
    if (a.pending.size > 0) schedule();
  }

  function onStatus(a: Active, status: CacheStatus): void {
    if (a.closed) return;
    flushOne(a);
    send({ type: 'status', id: a.id, state: status.state, ...(status.message ? { message: status.message } : {}) });
  }

  function unsubscribe(id: string): boolean {
    authorizing.delete(id);
    const f = feeds.get(id);
    if (f) {
      f.closed = true;
      f.sub.unsubscribe();
      feeds.delete(id);
      return true;
    }
    const a = subs.get(id);
    if (!a) return false;
    flushOne(a);
    a.closed = true;
    a.sub.unsubscribe();
    subs.delete(id);
    return true;
  }

  const forbidden = (ref: CacheRef): AppError => {
    const resource = qualifiedResource(ref.type);
    return new ForbiddenError(`Not allowed to watch ${resource}${ref.namespace ? ` in namespace "${ref.namespace}"` : ''}`, {
      verb: 'watch',
      resource,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
    });
  };

  /** Stops subscriptions whose user lost access (or whose session ended). */
  async function recheck(): Promise<void> {
    const authorize = options.authorize;
    if (!authorize || rechecking || closed) return;
    rechecking = true;
    try {
      await Promise.all([
        ...[...feeds.values()].map((f) => refreshFeed(f)),
        ...[...subs.values()].map(async (a) => {
          let allowed: boolean;
          try {
            allowed = await authorize(a.target.ref);
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== 'Unauthorized') return; // transient: keep it
            allowed = false;
          }
          if (allowed || a.closed || subs.get(a.id) !== a) return;
          a.pending.clear();
          a.closed = true;
          a.sub.unsubscribe();
          subs.delete(a.id);
          send({ type: 'status', id: a.id, state: 'error', message: STATUS_FORBIDDEN });
        }),
      ]);
    } finally {
      rechecking = false;
    }
  }

  if (options.authorize) {
    recheckTimer = setInterval(() => void recheck(), options.recheckMs ?? 5000);
    recheckTimer.unref();
  }

  /** Rows the socket's user may see (all without an access check). */
  async function visibleRows(f: FeedActive): Promise<readonly WorkspaceRow[]> {
    const rows = f.sub.rows();
    const authorize = options.authorize;
    if (!authorize) return rows;
    return visibleWorkspaceRows(rows, f.sub.fleetWorkspaceNames(), (type, namespace) => authorize({ type, namespace: namespace ?? '' }));
  }

  /** Sends the snapshot, or what changed since the last message; one refresh at a time per subscription. */
  async function refreshFeed(f: FeedActive): Promise<void> {
    if (f.closed || !f.sub.isReady()) return;
    if (f.refreshing) {
      f.again = true;
      return;
    }
    f.refreshing = true;
    try {
      do {
        f.again = false;
        let rows: readonly WorkspaceRow[];
        try {
          rows = await visibleRows(f);
        } catch (error) {
          if (error instanceof AppError && error.code === 'Unauthorized' && !f.closed) {
            unsubscribe(f.id);
            send({ type: 'status', id: f.id, state: 'error', message: STATUS_FORBIDDEN });
          } else options.logger?.warn({ err: error }, 'workspace access check failed');
          return;
        }
        if (f.closed) return;
        const revision = f.sub.revision();
        const next = new Map(rows.map((r) => [r.key, JSON.stringify(r)]));
        if (!f.snapshotSent) {
          f.snapshotSent = true;
          f.sent = next;
          send({ type: 'snapshot', id: f.id, items: rows.map((r) => ({ ...r })), revision });
          continue;
        }
        const events: ChangeEvent[] = [];
        for (const r of rows) if (f.sent.get(r.key) !== next.get(r.key)) events.push({ type: 'upsert', key: r.key, row: { ...r } });
        for (const key of f.sent.keys()) if (!next.has(key)) events.push({ type: 'delete', key });
        f.sent = next;
        if (events.length > 0) send({ type: 'changes', id: f.id, events, revision });
      } while (f.again && !f.closed);
    } finally {
      f.refreshing = false;
    }
  }

  function subscribeWorkspaces(msg: SubscribeMessage): void {
    const feed = options.workspaces;
    if (!feed) throw new BadRequestError('"workspaces" cannot be watched here; use GET /api/workspaces');
    unsubscribe(msg.id);
    if (subs.size + feeds.size + authorizing.size >= maxSubs) throw new BadRequestError(`at most ${maxSubs} subscriptions per connection`);
    const f = { id: msg.id, sent: new Map(), snapshotSent: false, closed: false, refreshing: false, again: false } as Omit<FeedActive, 'sub'> as FeedActive;
    f.sub = feed.subscribe({
      onRows: () => void refreshFeed(f),
      onStatus: (status) => {
        if (!f.closed) send({ type: 'status', id: f.id, state: status.state, ...(status.message ? { message: status.message } : {}) });
      },
    });
    feeds.set(msg.id, f);
    if (f.sub.isReady()) void refreshFeed(f);
    else {
      const st = f.sub.status();
      send({ type: 'status', id: f.id, state: st.state, ...(st.message ? { message: st.message } : {}) });
      void f.sub.ready.then(() => refreshFeed(f));
    }
  }

  function subscribe(msg: SubscribeMessage): void {
    if (msg.resource === 'workspaces') {
      subscribeWorkspaces(msg);
      return;
    }
    const target = resolveTarget(msg);
    unsubscribe(msg.id);
    if (subs.size + feeds.size + authorizing.size >= maxSubs) throw new BadRequestError(`at most ${maxSubs} subscriptions per connection`);
    const authorize = options.authorize;
    if (!authorize) {
      start(msg, target);
      return;
    }
    const ticket = ++tickets;
    authorizing.set(msg.id, ticket);
    const current = (): boolean => !closed && authorizing.get(msg.id) === ticket;
    authorize(target.ref).then(
      (allowed) => {
        if (!current()) return;
        authorizing.delete(msg.id);
        if (allowed) start(msg, target);
        else sendError(forbidden(target.ref), msg.id);
      },
      (error: unknown) => {
        if (!current()) return;
        authorizing.delete(msg.id);
        if (error instanceof AppError) sendError(error, msg.id);
        else {
          options.logger?.error({ err: error }, 'websocket access check failed');
          sendError(new AppError('Internal', 'internal error'), msg.id);
        }
      },
    );
  }

  function start(msg: SubscribeMessage, target: SubscriptionTarget): void {
    const a = {
      id: msg.id,
      target,
      visible: new Set<string>(),
      pending: new Map<string, CacheEntry | null>(),
      pendingSince: 0,
      snapshotSent: false,
      closed: false,
    } as Omit<Active, 'sub'> as Active;
    a.sub = options.cache.subscribe(target.ref, { onChanges: (c) => onChanges(a, c), onStatus: (s) => onStatus(a, s) });
    subs.set(msg.id, a);
    if (a.sub.isReady()) {
      sendSnapshot(a);
      const st = a.sub.status();
      if (st.state !== 'live') onStatus(a, st);
    } else {
      onStatus(a, a.sub.status());
      void a.sub.ready.then(() => sendSnapshot(a));
    }
  }

  return {
    handleMessage(data) {
      if (closed) return;
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      if (size > MAX_CLIENT_MESSAGE_BYTES) {
        sendError(new TooLargeError(`message larger than ${MAX_CLIENT_MESSAGE_BYTES} bytes`));
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        sendError(new BadRequestError('message is not JSON'));
        return;
      }
      const id = typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string' ? (json as { id: string }).id : undefined;
      const parsed = clientMessageSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        sendError(new BadRequestError(`invalid message: ${where}${issue?.message ?? 'invalid'}`), id);
        return;
      }
      const msg = parsed.data;
      try {
        if (msg.type === 'ping') send({ type: 'pong' });
        else if (msg.type === 'unsubscribe') unsubscribe(msg.id);
        else subscribe(msg);
      } catch (error) {
        if (error instanceof AppError) sendError(error, id);
        else {
          options.logger?.error({ err: error }, 'websocket message failed');
          sendError(new AppError('Internal', 'internal error'), id);
        }
      }
    },
    flush,
    subscriptionCount: () => subs.size + feeds.size,
    close() {
      if (closed) return;
      closed = true;
      cancelTimer();
      if (recheckTimer) clearInterval(recheckTimer);
      authorizing.clear();
      for (const f of feeds.values()) {
        f.closed = true;
        f.sub.unsubscribe();
      }
      feeds.clear();
      for (const id of [...subs.keys()]) {
        const a = subs.get(id);
        if (a) {
          a.closed = true;
          a.sub.unsubscribe();
        }
        subs.delete(id);
      }
    },
  };
}
