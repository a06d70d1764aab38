// Changes made "behind the dashboard's back": straight to the kube-apiserver with a testbed
// user's kubeconfig, the way another operator or a GitOps tool would.
import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

const GROUP = 'fleet.cattle.io';
const VERSION = 'v1alpha1';
const MANAGEMENT_GROUP = 'management.cattle.io';
const MANAGEMENT_VERSION = 'v3';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The Fleet kinds the dashboard shows, by plural. */
export type FleetResource = 'gitrepos' | 'clusters' | 'clustergroups' | 'bundles';

const KIND_OF: Record<FleetResource, string> = { gitrepos: 'GitRepo', clusters: 'Cluster', clustergroups: 'ClusterGroup', bundles: 'Bundle' };

/** The parts of a Kubernetes object the specs read. */
export interface KubeObject {
  metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const isNotFound = (error: unknown): boolean => (error as { code?: unknown }).code === 404;

export interface KubeApi {
  createGitRepo(workspace: string, name: string, spec: Record<string, unknown>): Promise<void>;
  deleteGitRepo(workspace: string, name: string): Promise<void>;
  /** Merge-patches labels (a null value removes the label). */
  labelCluster(workspace: string, name: string, labels: Record<string, string | null>): Promise<void>;
  /** The object, or undefined when it does not exist. */
  getObject(resource: FleetResource, workspace: string, name: string): Promise<KubeObject | undefined>;
  /** Names of the objects in a workspace, optionally narrowed by a label selector. */
  listNames(resource: FleetResource, workspace: string, labelSelector?: string): Promise<string[]>;
  createObject(resource: FleetResource, workspace: string, object: { metadata: Omit<KubeObject['metadata'], 'namespace'>; spec?: Record<string, unknown> }): Promise<void>;
  /** Deletes the object (a missing one is fine) and waits until it is gone (finalizers run), at most 30 s. */
  deleteObject(resource: FleetResource, workspace: string, name: string): Promise<void>;
  /** Merge-patches `status` through the status subresource (what a controller does). */
  patchStatus(resource: FleetResource, workspace: string, name: string, status: Record<string, unknown>): Promise<void>;
  /**
   * Rancher's management cluster (`management.cattle.io/v3` Cluster) behind a Fleet Cluster, found
   * by the display name the Fleet Cluster is named after.
   */
  findManagementCluster(displayName: string): Promise<KubeObject | undefined>;
  /** Sets `spec.fleetWorkspaceName` of a management cluster, as Rancher's "Change workspace" does. */
  setFleetWorkspace(managementCluster: string, workspace: string): Promise<void>;
  /** Records a Warning Event about a Fleet object (what a controller reports); returns the Event's name. */
  createEvent(workspace: string, event: { involved: { resource: FleetResource; name: string }; reason: string; message: string }): Promise<string>;
  deleteEvent(workspace: string, name: string): Promise<void>;
}

export function createKubeApi(options: { kubeconfig: string }): KubeApi {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(options.kubeconfig);
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const core = kubeConfig.makeApiClient(CoreV1Api);
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
    async getObject(resource, workspace, name) {
      try {
        return (await api.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: workspace, plural: resource, name })) as KubeObject;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async listNames(resource, workspace, labelSelector) {
      const list = (await api.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: workspace, plural: resource, ...(labelSelector ? { labelSelector } : {}) })) as {
        items: KubeObject[];
      };
      return list.items.map((item) => item.metadata.name).sort();
    },
    async createObject(resource, workspace, object) {
      await api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: workspace,
        plural: resource,
        body: { apiVersion: `${GROUP}/${VERSION}`, kind: KIND_OF[resource], ...object, metadata: { ...object.metadata, namespace: workspace } },
      });
    },
    async deleteObject(resource, workspace, name) {
      try {
        await api.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: workspace, plural: resource, name });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      const deadline = Date.now() + 30_000;
      while (await this.getObject(resource, workspace, name)) {
        if (Date.now() > deadline) throw new Error(`${resource} ${workspace}/${name} still exists 30 s after its deletion`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async patchStatus(resource, workspace, name, status) {
      await api.patchNamespacedCustomObjectStatus({ group: GROUP, version: VERSION, namespace: workspace, plural: resource, name, body: { status } }, MERGE_PATCH);
    },
    async findManagementCluster(displayName) {
      const list = (await api.listClusterCustomObject({ group: MANAGEMENT_GROUP, version: MANAGEMENT_VERSION, plural: 'clusters' })) as { items: KubeObject[] };
      return list.items.find((item) => item.spec?.displayName === displayName);
    },
    async setFleetWorkspace(managementCluster, workspace) {
      await api.patchClusterCustomObject(
        { group: MANAGEMENT_GROUP, version: MANAGEMENT_VERSION, plural: 'clusters', name: managementCluster, body: { spec: { fleetWorkspaceName: workspace } } },
        MERGE_PATCH,
      );
    },
    async createEvent(workspace, event) {
      const involved = await this.getObject(event.involved.resource, workspace, event.involved.name);
      const now = new Date();
      const created = await core.createNamespacedEvent({
        namespace: workspace,
        body: {
          metadata: { generateName: `${event.involved.name}.`, namespace: workspace },
          involvedObject: {
            apiVersion: `${GROUP}/${VERSION}`,
            kind: KIND_OF[event.involved.resource],
            name: event.involved.name,
            namespace: workspace,
            ...(involved?.metadata.uid ? { uid: involved.metadata.uid } : {}),
          },
          reason: event.reason,
          message: event.message,
          type: 'Warning',
          count: 1,
          firstTimestamp: now,
          lastTimestamp: now,
          source: { component: 'e2e' },
        },
      });
      return created.metadata?.name ?? '';
    },
    async deleteEvent(workspace, name) {
      try {
        await core.deleteNamespacedEvent({ namespace: workspace, name });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
