// Readiness = the Kubernetes API answers; the answer is cached briefly so probes stay cheap.
import { UnavailableError } from '../../http/app-error';
import type { KubeClient } from '../../k8s/kube-client';

export interface HealthService {
  /** Resolves when ready, throws Unavailable otherwise. */
  checkReady(): Promise<void>;
}

export function createHealthService(options: { kube: Pick<KubeClient, 'version'>; cacheMs?: number; now?: () => number }): HealthService {
  const cacheMs = options.cacheMs ?? 2000;
  const now = options.now ?? Date.now;
  let last: { at: number; error: string | undefined } | undefined;
  return {
    async checkReady() {
      if (!last || now() - last.at > cacheMs) {
        try {
          await options.kube.version();
          last = { at: now(), error: undefined };
        } catch (error) {
          last = { at: now(), error: error instanceof Error ? error.message : String(error) };
        }
      }
      if (last.error !== undefined) throw new UnavailableError(`Kubernetes API not reachable: ${last.error}`);
    },
  };
}
