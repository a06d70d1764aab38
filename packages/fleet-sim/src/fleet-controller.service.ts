// fleet-controller (and the gitjob controller) of the simulator: GitRepo → git job → Bundles →
// BundleDeployments; cluster namespaces and agent deployment; status of every kind, derived by
// fleet-model. Work arrives as keys on the shared queue: `repo:`, `bsync:`, `bstatus:`,
// `cluster:`, `group:`.

import {
  ANNOTATIONS,
  LABELS,
  bundleName as fleetBundleName,
  clusterNamespace,
  deriveBundleStatus,
  deriveClusterGroupStatus,
  deriveClusterStatus,
  deriveGitRepoStatus,
  setCondition,
  targetClusters,
  type Bundle,
  type BundleDeployment,
  type Cluster,
  type ClusterGroup,
  type Condition,
  type GitRepo,
  type TargetedCluster,
} from '@fleet-dashboard/fleet-model';
import { desiredBundle, desiredBundleDeployment } from './bundle-spec.model';
import { commitFor, jobOutcome, jobReason, pollingIntervalMs, type GitRepoView, type JobInput } from './gitjob.model';
import { RESOURCES } from './kube-client.service';
import { objectKey, type KubeObject } from './kube-object.model';
import { randomFor } from './random.model';
import { pathContent, type PathContent } from './repo-content.model';
import type { Cancel } from './scheduler.service';
import { rfc3339, type SimContext } from './sim-context.model';

interface RepoState {
  remoteCommit: string;
  commitIndex: number;
  polls: number;
  nextPollAt: number;
  lastPollingTriggered?: string;
  job?: { input: JobInput; cancel: Cancel; done: boolean };
  failed?: { input: JobInput; message: string };
  succeeded?: JobInput;
}

export interface FleetController {
  reconcile(kind: string, key: string): Promise<void>;
  onGitRepo(change: 'added' | 'modified' | 'deleted', obj: KubeObject): void;
  onBundle(change: 'added' | 'modified' | 'deleted', obj: KubeObject, previous: KubeObject | undefined): void;
  onBundleDeployment(change: 'added' | 'modified' | 'deleted', obj: KubeObject, previous: KubeObject | undefined): void;
  onCluster(change: 'added' | 'modified' | 'deleted', obj: KubeObject, previous: KubeObject | undefined): void;
  onClusterGroup(change: 'added' | 'modified' | 'deleted', obj: KubeObject): void;
  /** Polls every GitRepo whose interval elapsed (called by a background ticker). */
  poll(): void;
  /** Content of a bundle, from its GitRepo's paths (the agent needs it to report resources). */
  contentOf(bundle: KubeObject | undefined, bundleName: string): PathContent;
  stop(): void;
}

const sameInput = (a: JobInput | undefined, b: JobInput): boolean =>
  a !== undefined && a.commit === b.commit && a.generation === b.generation && a.forceSyncGeneration === b.forceSyncGeneration;

function ns(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

/** Only `status.agent.lastSeen` moved (an agent check-in): nothing to reconcile. */
function isHeartbeatOnly(previous: KubeObject, next: KubeObject): boolean {
  if (previous.metadata.generation !== next.metadata.generation || labelsChanged(previous, next)) return false;
  const strip = (o: KubeObject): { status: Record<string, unknown>; lastSeen: unknown } => {
    const status = { ...((o.status ?? {}) as Record<string, unknown>) };
    const agent = { ...((status.agent ?? {}) as Record<string, unknown>) };
    const lastSeen = agent.lastSeen;
    delete agent.lastSeen;
    status.agent = agent;
    return { status, lastSeen };
  };
  const a = strip(previous);
  const b = strip(next);
  return Boolean(a.lastSeen) && Boolean(b.lastSeen) && JSON.stringify(a.status) === JSON.stringify(b.status);
}

function labelsChanged(a: KubeObject | undefined, b: KubeObject): boolean {
  return JSON.stringify(a?.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {});
}

export function createFleetController(ctx: SimContext): FleetController {
  const { informers, indexes, writer, queue } = ctx;
  const repos = new Map<string, RepoState>();
  interface Target {
    deploymentId: string;
    stagedDeploymentId: string;
  }
  /** Per bundle, the clusters it targets (by cluster key) and the IDs written for them. */
  const targeted = new Map<string, Map<string, Target>>();
  /** Clusters changed since the last incremental re-targeting, per workspace. */
  const dirtyClusters = new Map<string, Set<string>>();
  const restarting = new Map<string, Cancel>();
  const knownNamespaces = new Set<string>();
  const deletedClusters = new Map<string, KubeObject>();
  /**
   * Status recomputation is coalesced per object: aggregate objects (repos, clusters) see many
   * BundleDeployment changes, so they wait longer, and everything waits longer while writes
   * are backed up, so a scale run does not flood the API server with intermediate summaries.
   */
  const STATUS_WEIGHT: Record<string, number> = { bstatus: 1, repo: 2, cluster: 4 };
  const soon = (key: string): void => {
    const kind = key.slice(0, key.indexOf(':'));
    const backlog = ctx.limiter.pending() > 512 ? 4 : 1;
    queue.add(key, ctx.coalesceMs * (STATUS_WEIGHT[kind] ?? 1) * backlog);
  };

  const asGitRepo = (o: KubeObject): GitRepo => o as unknown as GitRepo;
  const asBundle = (o: KubeObject): Bundle => o as unknown as Bundle;
  const asCluster = (o: KubeObject): Cluster => o as unknown as Cluster;
  const asBd = (o: KubeObject): BundleDeployment => o as unknown as BundleDeployment;

  const values = (keys: Iterable<string>, informer: { get(key: string): KubeObject | undefined }): KubeObject[] => {
    const out: KubeObject[] = [];
    for (const key of keys) {
      const obj = informer.get(key);
      if (obj) out.push(obj);
    }
    return out;
  };

  const repoState = (key: string, repo: KubeObject): RepoState => {
    let state = repos.get(key);
    if (!state) {
      const status = (repo.status ?? {}) as GitRepoView['status'] & Record<string, unknown>;
      state = {
        remoteCommit: status?.commit || commitFor(ctx.seed, key, 0),
        commitIndex: 0,
        polls: 0,
        nextPollAt: ctx.scheduler.now() + ctx.realMs(pollingIntervalMs(repo as GitRepoView)),
      };
      // Restarted on an existing estate: the last successful job is what the status says.
      if (status?.commit && status.gitJobStatus === 'Current' && status.observedGeneration != null) {
        state.succeeded = {
          repoKey: key,
          commit: status.commit,
          generation: status.observedGeneration,
          forceSyncGeneration: status.updateGeneration ?? 0,
        };
      }
      repos.set(key, state);
    }
    return state;
  };

  const repoPaths = (repo: KubeObject): string[] => {
    const paths = ((repo.spec ?? {}) as { paths?: string[] }).paths ?? [];
    return paths.length > 0 ? paths : [''];
  };

  const contentOf = (bundle: KubeObject | undefined, bundleName: string): PathContent => {
    const repoName = bundle?.metadata.labels?.[LABELS.repoName];
    const repo = repoName && bundle?.metadata.namespace ? informers.gitRepos.get(`${bundle.metadata.namespace}/${repoName}`) : undefined;
    if (repo) {
      for (const path of repoPaths(repo)) {
        if (fleetBundleName(repo.metadata.name, path) === bundleName) return pathContent(path);
      }
    }
    return pathContent(bundleName);
  };


  // ------------------------------------------------------------------ GitRepo

  const startJob = (key: string, state: RepoState, input: JobInput): void => {
    state.job?.cancel();
    const delay = ctx.realMs(randomFor(ctx.seed, 'job-duration', key, input.commit, input.generation, input.forceSyncGeneration).between(ctx.timings.gitJob.min, ctx.timings.gitJob.max));
    const job = { input, done: false, cancel: (() => undefined) as Cancel };
    job.cancel = ctx.scheduler.schedule(() => {
      job.done = true;
      queue.add(`repo:${key}`);
    }, delay);
    state.job = job;
    state.failed = undefined;
  };

  const reconcileGitRepo = async (key: string): Promise<void> => {
    const repo = informers.gitRepos.get(key);
    if (!repo) {
      const state = repos.get(key);
      state?.job?.cancel();
      repos.delete(key);
      for (const bundleKey of [...indexes.bundlesByRepo.get(key)]) {
        const bundle = informers.bundles.get(bundleKey);
        if (bundle) await writer.remove(RESOURCES.bundle, bundle.metadata.name, bundle.metadata.namespace, informers.bundles);
      }
      return;
    }
    if (repo.metadata.deletionTimestamp) return;
    const state = repoState(key, repo);
    const spec = (repo.spec ?? {}) as GitRepoView['spec'] & Record<string, unknown>;
    const input: JobInput = {
      repoKey: key,
      commit: state.remoteCommit,
      generation: repo.metadata.generation ?? 0,
      forceSyncGeneration: spec?.forceSyncGeneration ?? 0,
    };

    // A finished job: write the bundles, then record the outcome.
    if (state.job?.done) {
      const finished = state.job.input;
      state.job = undefined;
      const outcome = jobOutcome(ctx.seed, repo as GitRepoView, finished, ctx.rates.gitJobFailure);
      if (outcome.failed) {
        state.failed = { input: finished, message: outcome.message };
        ctx.log(`gitrepo ${key}: job failed`);
        await recordEvent(repo, 'Warning', 'FailedToSync', outcome.message);
      } else {
        await applyBundles(repo, finished.commit);
        state.succeeded = finished;
        await recordEvent(repo, 'Normal', 'Synced', `deployed commit ${finished.commit.slice(0, 7)}`);
      }
    }

    const status = (repo.status ?? {}) as GitRepoView['status'] & Record<string, unknown>;
    const effective: GitRepoView = {
      metadata: repo.metadata,
      spec,
      status: state.succeeded
        ? { ...status, commit: state.succeeded.commit, observedGeneration: state.succeeded.generation, updateGeneration: state.succeeded.forceSyncGeneration }
        : status,
    };
    const reason = jobReason(effective, state.remoteCommit);
    if (reason && !sameInput(state.failed?.input, input) && !sameInput(state.job?.input, input)) {
      startJob(key, state, input);
    }
    await writeGitRepoStatus(key, state);
  };

  /** The gitjob's outcome as a core/v1 Event about the GitRepo, so its Events tab lives in the demo too (best effort). */
  const recordEvent = (repo: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> =>
    ctx.client
      .event({
        namespace: repo.metadata.namespace ?? '',
        involved: { ...repo, apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo' },
        reason,
        message,
        type,
        time: ctx.timestamp(),
      })
      .catch((error: unknown) => ctx.log(`event for gitrepo ${repo.metadata.name ?? ''}: ${String(error)}`));

  const applyBundles = async (repo: KubeObject, commit: string): Promise<void> => {
    const gitRepo = asGitRepo(repo);
    const wanted = new Set<string>();
    for (const path of repoPaths(repo)) {
      const bundle = desiredBundle(gitRepo, path, commit, pathContent(path));
      wanted.add(objectKey(bundle));
      await writer.ensure(RESOURCES.bundle, bundle, informers.bundles, { spec: true });
    }
    for (const bundleKey of [...indexes.bundlesByRepo.get(objectKey(repo))]) {
      if (wanted.has(bundleKey)) continue;
      const stale = informers.bundles.get(bundleKey);
      if (stale) await writer.remove(RESOURCES.bundle, stale.metadata.name, stale.metadata.namespace, informers.bundles);
    }
  };

  const writeGitRepoStatus = async (key: string, state: RepoState): Promise<void> => {
    await writer.writeStatus(RESOURCES.gitRepo, informers.gitRepos, key, (current) => {
      const status = { ...((current.status ?? {}) as Record<string, unknown>) };
      const spec = (current.spec ?? {}) as GitRepoView['spec'] & Record<string, unknown>;
      const now = ctx.timestamp();
      const running = state.job !== undefined;
      const failed = !running && state.failed !== undefined;
      status.gitJobStatus = running ? 'InProgress' : failed ? 'Failed' : state.succeeded ? 'Current' : 'InProgress';
      if (state.succeeded) {
        status.commit = state.succeeded.commit;
        status.observedGeneration = state.succeeded.generation;
        status.updateGeneration = state.succeeded.forceSyncGeneration;
      }
      if (state.lastPollingTriggered) status.lastPollingTriggered = state.lastPollingTriggered;
      if (state.remoteCommit && (state.commitIndex > 0 || status.pollingCommit)) status.pollingCommit = state.remoteCommit;
      const view = { ...current, status } as unknown as GitRepo;
      const bundles = values(indexes.bundlesByRepo.get(key), informers.bundles).map(asBundle);
      const bds = values(indexes.bdsByRepo.get(key), informers.bundleDeployments).map(asBd);
      const derived = deriveGitRepoStatus(view, bundles, bds, { now });
      let conditions: Condition[] = derived.conditions;
      const set = (c: Condition): void => {
        conditions = setCondition(conditions, c, now);
      };
      set({ type: 'Accepted', status: 'True' });
      set({ type: 'GitPolling', status: spec?.disablePolling ? 'False' : 'True' });
      set({ type: 'Reconciling', status: running ? 'True' : 'False' });
      set(failed && state.failed ? { type: 'Stalled', status: 'True', message: state.failed.message } : { type: 'Stalled', status: 'False' });
      if (failed && state.failed) set({ type: 'Ready', status: 'False', message: state.failed.message });
      return {
        ...status,
        summary: derived.summary,
        display: derived.display,
        readyClusters: derived.readyClusters,
        desiredReadyClusters: derived.desiredReadyClusters,
        resourceCounts: derived.resourceCounts,
        perClusterResourceCounts: derived.perClusterResourceCounts,
        resources: derived.resources,
        conditions,
      };
    });
  };

  // ------------------------------------------------------------------ Bundle

  /**
   * Targeting decisions per workspace, per targeting spec, per cluster. Many bundles share a
   * spec (every path of a repo, repos with the same targets), so each (spec, cluster) pair is
   * evaluated by fleet-model's targetClusters once until a cluster's labels or a group change.
   */
  const targetCache = new Map<string, { epoch: number; bySpec: Map<string, Map<string, boolean>> }>();
  const epochs = new Map<string, number>();
  const bumpTargeting = (workspace: string): void => {
    epochs.set(workspace, (epochs.get(workspace) ?? 0) + 1);
  };
  const deployedClusters = (bundle: Bundle, workspace: string, candidates: KubeObject[]): Cluster[] => {
    const spec = bundle.spec ?? {};
    const specKey = JSON.stringify([spec.targets ?? null, spec.targetRestrictions ?? null, spec.targetCustomizationMode ?? null]);
    const epoch = epochs.get(workspace) ?? 0;
    let wsCache = targetCache.get(workspace);
    if (!wsCache || wsCache.epoch !== epoch) {
      wsCache = { epoch, bySpec: new Map() };
      targetCache.set(workspace, wsCache);
    }
    let decisions = wsCache.bySpec.get(specKey);
    if (!decisions) {
      decisions = new Map();
      wsCache.bySpec.set(specKey, decisions);
    }
    const missing = candidates.filter((c) => !decisions.has(objectKey(c)));
    if (missing.length > 0) {
      const groups = values(indexes.groupsByNamespace.get(workspace), informers.clusterGroups) as unknown as ClusterGroup[];
      const results = targetClusters(spec, missing.map(asCluster), groups);
      results.forEach((m, i) => {
        const c = missing[i];
        if (c) decisions.set(objectKey(c), m.deploy);
      });
    }
    return candidates.filter((c) => decisions.get(objectKey(c)) === true).map(asCluster);
  };

  /**
   * Creates/updates/deletes the bundle's BundleDeployments. `only` limits the work to some
   * clusters (a cluster changed); without it every cluster of the workspace is evaluated.
   */
  const syncBundle = async (key: string, only?: ReadonlySet<string>): Promise<void> => {
    const bundleObj = informers.bundles.get(key);
    if (!bundleObj) {
      targeted.delete(key);
      for (const bdKey of [...indexes.bdsByBundle.get(key)]) {
        const bd = informers.bundleDeployments.get(bdKey);
        if (bd) await writer.remove(RESOURCES.bundleDeployment, bd.metadata.name, bd.metadata.namespace, informers.bundleDeployments);
      }
      return;
    }
    if (bundleObj.metadata.deletionTimestamp) return;
    const previous = targeted.get(key);
    if (only && !previous) return syncBundle(key);
    const bundle = asBundle(bundleObj);
    const workspace = bundleObj.metadata.namespace ?? '';
    const clusterKeys = only ?? indexes.clustersByNamespace.get(workspace);
    const matches = deployedClusters(bundle, workspace, values(clusterKeys, informers.clusters));
    const targets = new Map<string, Target>(only && previous ? [...previous].filter(([k]) => !only.has(k)) : []);
    const wanted = new Set<string>();
    const writes: Array<Promise<unknown>> = [];
    for (const cluster of matches) {
      const clusterKey = `${cluster.metadata?.namespace ?? ''}/${cluster.metadata?.name ?? ''}`;
      const bdNamespace = cluster.status?.namespace;
      if (!bdNamespace) {
        targets.set(clusterKey, { deploymentId: '', stagedDeploymentId: '' });
        continue;
      }
      const bdKey = `${bdNamespace}/${bundleObj.metadata.name}`;
      const existing = informers.bundleDeployments.get(bdKey);
      const desired = desiredBundleDeployment({ bundle, cluster, clusterNamespace: bdNamespace, existing });
      wanted.add(bdKey);
      targets.set(clusterKey, { deploymentId: desired.deploymentId, stagedDeploymentId: desired.stagedDeploymentId });
      writes.push(writer.ensure(RESOURCES.bundleDeployment, desired.object, informers.bundleDeployments, { spec: true }));
    }
    targeted.set(key, targets);
    for (const bdKey of indexes.bdsByBundle.get(key)) {
      if (wanted.has(bdKey)) continue;
      const bd = informers.bundleDeployments.get(bdKey);
      if (!bd) continue;
      const labels = bd.metadata.labels ?? {};
      const clusterKey = `${labels[LABELS.clusterNamespace] ?? ''}/${labels[LABELS.cluster] ?? ''}`;
      if (only && !only.has(clusterKey)) continue;
      writes.push(writer.remove(RESOURCES.bundleDeployment, bd.metadata.name, bd.metadata.namespace, informers.bundleDeployments));
    }
    await Promise.all(writes);
    soon(`bstatus:${key}`);
  };

  /** Re-targets the changed clusters of a workspace against each of its bundles. */
  const syncDirtyClusters = async (workspace: string): Promise<void> => {
    const dirty = dirtyClusters.get(workspace);
    dirtyClusters.delete(workspace);
    if (!dirty || dirty.size === 0) return;
    for (const bundleKey of [...indexes.bundlesByNamespace.get(workspace)]) await syncBundle(bundleKey, dirty);
  };

  const writeBundleStatus = async (key: string): Promise<void> => {
    const bundleObj = informers.bundles.get(key);
    if (!bundleObj) return;
    const targets = targeted.get(key);
    if (!targets) {
      queue.add(`bsync:${key}`);
      return;
    }
    await writer.writeStatus(RESOURCES.bundle, informers.bundles, key, (current) => {
      const bds = values(indexes.bdsByBundle.get(key), informers.bundleDeployments).map(asBd);
      const targetedClusters: TargetedCluster[] = [];
      for (const [clusterKey, t] of targets) {
        const cluster = informers.clusters.get(clusterKey);
        if (!cluster) continue;
        targetedClusters.push({
          cluster: asCluster(cluster),
          ...(t.deploymentId ? { deploymentId: t.deploymentId } : {}),
          ...(t.stagedDeploymentId ? { stagedDeploymentId: t.stagedDeploymentId } : {}),
        });
      }
      const content = contentOf(current, current.metadata.name);
      const derived = deriveBundleStatus(asBundle(current), bds, targetedClusters, {
        now: ctx.timestamp(),
        resourceKey: content.resources.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name })),
      });
      return {
        ...((current.status ?? {}) as Record<string, unknown>),
        ...derived,
        observedGeneration: current.metadata.generation ?? 0,
        maxUnavailable: targetedClusters.length,
        maxUnavailablePartitions: 0,
        unavailablePartitions: 0,
      };
    });
  };

  // ------------------------------------------------------------------ Cluster

  const ensureNamespace = async (name: string, labels: Record<string, string>, annotations: Record<string, string>): Promise<void> => {
    if (knownNamespaces.has(name)) return;
    await writer.ensure(RESOURCES.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } });
    knownNamespaces.add(name);
  };

  const reconcileCluster = async (key: string): Promise<void> => {
    const cluster = informers.clusters.get(key);
    if (!cluster) {
      restarting.get(key)?.();
      restarting.delete(key);
      return;
    }
    if (cluster.metadata.deletionTimestamp) return;
    const workspace = cluster.metadata.namespace ?? '';
    const name = cluster.metadata.name;
    const bdNamespace = clusterNamespace(workspace, name);
    await ensureNamespace(
      bdNamespace,
      { [LABELS.managed]: 'true' },
      { [ANNOTATIONS.clusterNamespace]: workspace, [ANNOTATIONS.cluster]: name },
    );
    const spec = (cluster.spec ?? {}) as { redeployAgentGeneration?: number; kubeConfigSecret?: string; agentNamespace?: string };
    const status = (cluster.status ?? {}) as { agentDeployedGeneration?: number; agent?: { lastSeen?: string } };

    // Agent (re)deployment: manager-initiated clusters (with a kubeconfig secret) get their agent
    // redeployed when redeployAgentGeneration changes; the agent re-registers after a while.
    const wantsDeploy = spec.kubeConfigSecret && spec.redeployAgentGeneration != null && spec.redeployAgentGeneration !== status.agentDeployedGeneration;
    const wantsCheckIn = !spec.kubeConfigSecret && !status.agent?.lastSeen;
    if ((wantsDeploy || wantsCheckIn) && !restarting.has(key)) {
      const generation = spec.redeployAgentGeneration;
      if (wantsDeploy && status.agent?.lastSeen) {
        await writer.writeStatus(RESOURCES.cluster, informers.clusters, key, (current) => {
          const s = (current.status ?? {}) as Record<string, unknown>;
          const agent = { ...((s.agent ?? {}) as Record<string, unknown>) };
          delete agent.lastSeen;
          return { ...s, agent };
        });
      }
      const delay = ctx.realMs(randomFor(ctx.seed, 'agent-restart', key, generation ?? 0).between(ctx.timings.agentRestart.min, ctx.timings.agentRestart.max));
      restarting.set(
        key,
        ctx.scheduler.schedule(() => {
          void writer
            .writeStatus(RESOURCES.cluster, informers.clusters, key, (current) => {
              const s = (current.status ?? {}) as Record<string, unknown>;
              const agent = { ...((s.agent ?? {}) as Record<string, unknown>), lastSeen: ctx.timestamp() };
              return { ...s, agent, ...(wantsDeploy ? { agentDeployedGeneration: generation } : {}) };
            })
            .catch((error: unknown) => ctx.log(`cluster ${key}: ${String(error)}`))
            .finally(() => {
              restarting.delete(key);
              queue.add(`cluster:${key}`);
            });
        }, delay),
      );
    }
    await writeClusterStatus(key, bdNamespace);
  };

  const writeClusterStatus = async (key: string, bdNamespace: string): Promise<void> => {
    await writer.writeStatus(RESOURCES.cluster, informers.clusters, key, (current) => {
      const s = (current.status ?? {}) as Record<string, unknown>;
      const spec = (current.spec ?? {}) as { agentNamespace?: string };
      const now = ctx.timestamp();
      const bds = values(indexes.bdsByNamespace.get(bdNamespace), informers.bundleDeployments).map(asBd);
      const workspace = current.metadata.namespace ?? '';
      const repoKeys = new Set<string>();
      for (const bd of bds) {
        const l = bd.metadata?.labels ?? {};
        const repoName = l[LABELS.repoName];
        if (repoName) repoKeys.add(`${l[LABELS.bundleNamespace] ?? workspace}/${repoName}`);
      }
      const gitRepos = values(repoKeys, informers.gitRepos).map(asGitRepo);
      const derived = deriveClusterStatus(asCluster(current), bds, { now, gitRepos });
      let conditions = derived.conditions;
      for (const type of ['Processed', 'Imported', 'Reconciled']) conditions = setCondition(conditions, { type, status: 'True' }, now);
      const agent = { ...((s.agent ?? {}) as Record<string, unknown>), namespace: spec.agentNamespace ?? 'cattle-fleet-system' };
      return { ...s, ...derived, conditions, namespace: bdNamespace, agent };
    });
  };

  const writeGroupStatus = async (key: string): Promise<void> => {
    await writer.writeStatus(RESOURCES.clusterGroup, informers.clusterGroups, key, (current) => {
      const clusters = values(indexes.clustersByNamespace.get(current.metadata.namespace ?? ''), informers.clusters).map(asCluster);
      const derived = deriveClusterGroupStatus(current as unknown as ClusterGroup, clusters, { now: ctx.timestamp() });
      return { ...((current.status ?? {}) as Record<string, unknown>), ...derived };
    });
  };

  const cleanupCluster = async (cluster: KubeObject): Promise<void> => {
    const bdNamespace = ((cluster.status ?? {}) as { namespace?: string }).namespace ?? clusterNamespace(cluster.metadata.namespace ?? '', cluster.metadata.name);
    for (const bdKey of [...indexes.bdsByNamespace.get(bdNamespace)]) {
      const bd = informers.bundleDeployments.get(bdKey);
      if (bd) await writer.remove(RESOURCES.bundleDeployment, bd.metadata.name, bd.metadata.namespace, informers.bundleDeployments);
    }
    knownNamespaces.delete(bdNamespace);
    await writer.remove(RESOURCES.namespace, bdNamespace, undefined);
  };

  // Cluster and group changes re-target every bundle of the workspace: batch them generously.
  const resyncBundlesIn = (workspace: string): void => {
    for (const bundleKey of indexes.bundlesByNamespace.get(workspace)) queue.add(`bsync:${bundleKey}`, Math.max(ctx.coalesceMs, 200));
  };
  const retarget = (workspace: string, clusterKey: string): void => {
    let set = dirtyClusters.get(workspace);
    if (!set) {
      set = new Set();
      dirtyClusters.set(workspace, set);
    }
    set.add(clusterKey);
    queue.add(`bclusters:${workspace}`, Math.max(ctx.coalesceMs, 200));
  };
  const groupsIn = (workspace: string): void => {
    for (const groupKey of indexes.groupsByNamespace.get(workspace)) queue.add(`group:${groupKey}`, Math.max(ctx.coalesceMs * 10, 250));
  };

  return {
    async reconcile(kind, key) {
      switch (kind) {
        case 'repo':
          return reconcileGitRepo(key);
        case 'bsync':
          return syncBundle(key);
        case 'bclusters':
          return syncDirtyClusters(key);
        case 'bstatus':
          return writeBundleStatus(key);
        case 'cluster':
          return reconcileCluster(key);
        case 'group':
          return writeGroupStatus(key);
        case 'cluster-cleanup': {
          const gone = deletedClusters.get(key);
          deletedClusters.delete(key);
          if (gone) await cleanupCluster(gone);
          return;
        }
        default:
          return;
      }
    },
    onGitRepo(_change, obj) {
      queue.add(`repo:${objectKey(obj)}`);
    },
    onBundle(change, obj, previous) {
      const key = objectKey(obj);
      const specChanged = change !== 'modified' || previous?.metadata.generation !== obj.metadata.generation || labelsChanged(previous, obj);
      if (specChanged) queue.add(`bsync:${key}`);
      const repoName = obj.metadata.labels?.[LABELS.repoName];
      if (repoName) soon(`repo:${ns(key)}/${repoName}`);
    },
    onBundleDeployment(_change, obj, previous) {
      const labels = obj.metadata.labels ?? previous?.metadata.labels ?? {};
      const bundleKey = `${labels[LABELS.bundleNamespace] ?? ''}/${labels[LABELS.bundleName] ?? ''}`;
      soon(`bstatus:${bundleKey}`);
      if (labels[LABELS.repoName]) soon(`repo:${labels[LABELS.bundleNamespace] ?? ''}/${labels[LABELS.repoName]}`);
      for (const clusterKey of indexes.clustersByBdNamespace.get(obj.metadata.namespace ?? '')) soon(`cluster:${clusterKey}`);
    },
    onCluster(change, obj, previous) {
      const key = objectKey(obj);
      const workspace = obj.metadata.namespace ?? '';
      if (change === 'deleted') {
        bumpTargeting(workspace);
        deletedClusters.set(key, obj);
        queue.add(`cluster-cleanup:${key}`);
        queue.add(`cluster:${key}`);
        retarget(workspace, key);
        groupsIn(workspace);
        return;
      }
      if (change === 'modified' && previous && isHeartbeatOnly(previous, obj)) return;
      const s = (obj.status ?? {}) as { namespace?: string; summary?: unknown; display?: unknown };
      const p = (previous?.status ?? {}) as { namespace?: string; summary?: unknown; display?: unknown };
      const targetingChanged =
        change === 'added' ||
        labelsChanged(previous, obj) ||
        s.namespace !== p.namespace ||
        JSON.stringify((obj.spec ?? {}).paused ?? false) !== JSON.stringify((previous?.spec ?? {}).paused ?? false);
      if (change === 'added' || labelsChanged(previous, obj)) bumpTargeting(workspace);
      if (targetingChanged) {
        retarget(workspace, key);
        groupsIn(workspace);
      } else if (JSON.stringify(s.summary) !== JSON.stringify(p.summary) || JSON.stringify(s.display) !== JSON.stringify(p.display)) {
        groupsIn(workspace);
      }
      const specChanged = change === 'added' || previous?.metadata.generation !== obj.metadata.generation;
      if (specChanged) queue.add(`cluster:${key}`);
      else soon(`cluster:${key}`);
    },
    onClusterGroup(_change, obj) {
      bumpTargeting(obj.metadata.namespace ?? '');
      queue.add(`group:${objectKey(obj)}`);
      resyncBundlesIn(obj.metadata.namespace ?? '');
    },
    poll() {
      const now = ctx.scheduler.now();
      for (const repo of informers.gitRepos.values()) {
        const key = objectKey(repo);
        const state = repoState(key, repo);
        if (now < state.nextPollAt) continue;
        state.nextPollAt = now + ctx.realMs(pollingIntervalMs(repo as GitRepoView));
        if (((repo.spec ?? {}) as { disablePolling?: boolean }).disablePolling) continue;
        state.polls++;
        if (randomFor(ctx.seed, 'poll', key, state.polls).chance(ctx.rates.newCommit)) {
          state.commitIndex++;
          state.remoteCommit = commitFor(ctx.seed, key, state.commitIndex);
          state.lastPollingTriggered = rfc3339(now);
          queue.add(`repo:${key}`);
        }
      }
    },
    contentOf,
    stop() {
      for (const state of repos.values()) state.job?.cancel();
      for (const cancel of restarting.values()) cancel();
      restarting.clear();
    },
  };
}
