// Who the server acts as (demo and kubeconfig modes: the configured identity).
import type { AuthMode, MeResponse } from '@fleet-dashboard/contracts';
import type { KubeClient } from '../../k8s/kube-client';
import { toAppError } from '../../k8s/kube-errors';

export interface MeService {
  me(): Promise<MeResponse>;
}

export function createMeService(options: { kube: Pick<KubeClient, 'whoAmI'>; mode: AuthMode }): MeService {
  return {
    async me() {
      try {
        const who = await options.kube.whoAmI();
        return { mode: options.mode, username: who.username, groups: who.groups };
      } catch (error) {
        throw toAppError(error);
      }
    },
  };
}
