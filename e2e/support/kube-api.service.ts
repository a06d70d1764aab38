// Changes made "behind the dashboard's back": straight to the kube-apiserver with a testbed
// user's kubeconfig, the way another operator or a GitOps tool would.
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

const GROUP = 'fleet.cattle.io';
const VERSION = 'v1alpha1';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface KubeApi {
  createGitRepo(workspace: string, name: string, spec: Record<string, unknown>): Promise<void>;
  deleteGitRepo(workspace: string, name: string): Promise<void>;
  /** Merge-patches labels (a null value removes the label). */
  labelCluster(workspace: string, name: string, labels: Record<string, string | null>): Promise<void>;
}

export function createKubeApi(options: { kubeconfig: string }): KubeApi {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(options.kubeconfig);
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  return {
    async createGitRepo(workspace, name, spec) {
      await api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: workspace,
        plural: 'gitrepos',
        body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'GitRepo', metadata: { name, namespace: workspace }, spec },
      });
    },
    async deleteGitRepo(workspace, name) {
      try {
        await api.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: workspace, plural: 'gitrepos', name });
      } catch (error) {
        if ((error as { code?: unknown }).code !== 404) throw error;
      }
    },
    async labelCluster(workspace, name, labels) {
      await api.patchNamespacedCustomObject(
        { group: GROUP, version: VERSION, namespace: workspace, plural: 'clusters', name, body: { metadata: { labels } } },
        MERGE_PATCH,
      );
    },
  };
}
