// A direct client-node watch on the API server (the baseline the dashboard is compared with):
// every event's object and this process's arrival time. When the API server ends the watch, it
// is resumed from the last resourceVersion seen.
import { KubeConfig, Watch } from '@kubernetes/client-node';

export interface DirectWatch {
  onEvent(listener: (type: string, obj: Record<string, unknown>, at: number) => void): void;
  stop(): void;
}

export async function startDirectWatch(options: { kubeconfigPath: string; path: string }): Promise<DirectWatch> {
  const kc = new KubeConfig();
  kc.loadFromFile(options.kubeconfigPath);
  const listeners: ((type: string, obj: Record<string, unknown>, at: number) => void)[] = [];
  const watch = new Watch(kc);
  let resourceVersion = '0';
  let stopped = false;
  let controller: AbortController | undefined;
  const begin = async (): Promise<void> => {
    controller = await watch.watch(
      options.path,
      { allowWatchBookmarks: true, resourceVersion },
      (type: string, obj: Record<string, unknown>) => {
        const at = performance.now();
        const rv = (obj.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
        if (rv) resourceVersion = rv;
        if (type === 'BOOKMARK') return;
        for (const l of listeners) l(type, obj, at);
      },
      () => {
        if (!stopped) setTimeout(() => void begin().catch(() => undefined), 100);
      },
    );
  };
  await begin();
  return {
    onEvent: (l) => listeners.push(l),
    stop: () => {
      stopped = true;
      controller?.abort();
    },
  };
}
