// Waiting for a cache subscription to be usable from a request: ready, failed, or too slow.
import { UnavailableError } from '../http/app-error';
import { KubeApiError, toAppError } from './kube-errors';
import type { CacheRef, CacheStatus, CacheSubscription, WatchCache } from './watch-cache';

/**
 * Subscribes, waits until the first list is loaded and hands the subscription to `use`; then
 * unsubscribes (the cache lingers, so the next request is served from memory). A cache that
 * fails before it is ready, or takes longer than `timeoutMs`, becomes an AppError.
 */
export async function withCache<T>(cache: Pick<WatchCache, 'subscribe'>, ref: CacheRef, use: (sub: CacheSubscription) => T, timeoutMs = 10_000): Promise<T> {
  let fail: ((status: CacheStatus) => void) | undefined;
  const sub = cache.subscribe(ref, { onStatus: (s) => s.state === 'error' && fail?.(s) });
  try {
    if (!sub.isReady()) {
      const current = sub.status();
      let timer: NodeJS.Timeout | undefined;
      const failed = new Promise<never>((_resolve, reject) => {
        fail = (s) =>
          reject(
            s.code !== undefined
              ? toAppError(new KubeApiError(s.code, { message: s.message ?? '' }, { verb: 'list', resource: ref.type.plural, ...(ref.namespace ? { namespace: ref.namespace } : {}) }))
              : new UnavailableError(`Kubernetes API not available: ${s.message ?? 'unknown error'}`),
          );
        timer = setTimeout(() => reject(new UnavailableError(`Timed out loading ${ref.type.plural}`)), timeoutMs);
      });
      if (current.state === 'error') fail?.(current);
      try {
        await Promise.race([sub.ready, failed]);
      } finally {
        if (timer) clearTimeout(timer);
      }
    }
    return use(sub);
  } finally {
    sub.unsubscribe();
  }
}
