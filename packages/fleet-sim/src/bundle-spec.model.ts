// What `fleet apply` writes for one path of a GitRepo (the Bundle), and what fleet-controller
// writes for one targeted cluster (the BundleDeployment spec). Names and labels come from
// fleet-model; content is the simulated repository's.

import { createHash } from 'node:crypto';
import {
  bundleDeploymentLabels,
  bundleLabels,
  bundleName,
  gitRepoTargets,
  type Bundle,
  type Cluster,
  type GitRepo,
} from '@fleet-dashboard/fleet-model';
import type { KubeObject } from './kube-object.model';
import { FLEET_API } from './estate.model';
import type { PathContent } from './repo-content.model';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function manifest(ref: PathContent['resources'][number], commit: string): Record<string, unknown> {
  const base = { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, labels: { app: ref.name } } };
  if (ref.kind === 'Deployment') {
    return {
      ...base,
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: ref.name } },
        template: {
          metadata: { labels: { app: ref.name } },
          spec: { containers: [{ name: ref.name, image: `ghcr.io/acme/${ref.name}:sha-${commit.slice(0, 7)}` }] },
        },
      },
    };
  }
  if (ref.kind === 'Service') return { ...base, spec: { selector: { app: ref.name }, ports: [{ port: 80, targetPort: 8080 }] } };
  if (ref.kind === 'ConfigMap') return { ...base, data: { revision: commit.slice(0, 12) } };
  return base;
}

/** The Bundle `fleet apply` creates for `path` of a GitRepo at `commit`. */
export function desiredBundle(gitRepo: GitRepo, path: string, commit: string, content: PathContent): KubeObject {
  const repoName = gitRepo.metadata?.name ?? '';
  const namespace = gitRepo.metadata?.namespace ?? '';
  const spec = gitRepo.spec ?? {};
  const targets = gitRepoTargets(gitRepo).map((t) => ({ ...t }));
  const restrictions = targets.map((t) => {
    const r: Record<string, unknown> = {};
    for (const k of ['name', 'clusterName', 'clusterSelector', 'clusterGroup', 'clusterGroupSelector'] as const) if (t[k] != null) r[k] = t[k];
    return r;
  });
  const dir = path === '' || path === '.' ? '' : `${path.replace(/\/+$/, '')}/`;
  const bundleSpec: Record<string, unknown> = {
    defaultNamespace: content.defaultNamespace,
    resources: content.resources.map((r) => ({
      name: `${dir}${r.kind.toLowerCase()}-${r.name}.yaml`,
      content: JSON.stringify(manifest(r, commit)),
    })),
    targets,
    targetRestrictions: restrictions,
  };
  if (content.helm) {
    bundleSpec.helm = { releaseName: content.helm.releaseName, chart: content.helm.chart, ...(content.helm.version ? { version: content.helm.version } : {}) };
  }
  if (content.kustomizeDir) bundleSpec.kustomize = { dir: content.kustomizeDir };
  if (spec.forceSyncGeneration) bundleSpec.forceSyncGeneration = spec.forceSyncGeneration;
  if (spec.paused) bundleSpec.paused = true;
  const correctDrift = (spec as Record<string, unknown>).correctDrift;
  if (correctDrift) bundleSpec.correctDrift = correctDrift;
  if (spec.targetNamespace) bundleSpec.namespace = spec.targetNamespace;
  if (spec.serviceAccount) bundleSpec.serviceAccount = spec.serviceAccount;
  return {
    apiVersion: FLEET_API,
    kind: 'Bundle',
    metadata: { name: bundleName(repoName, path), namespace, labels: bundleLabels(gitRepo, commit) },
    spec: bundleSpec,
  };
}

const OPTION_KEYS = ['defaultNamespace', 'namespace', 'helm', 'kustomize', 'forceSyncGeneration', 'correctDrift', 'serviceAccount', 'keepResources', 'deleteNamespace', 'ignore', 'diff', 'yaml'] as const;

/** BundleDeploymentOptions of a Bundle (the options part of its spec). */
export function deploymentOptions(bundle: Bundle): Record<string, unknown> {
  const spec = (bundle.spec ?? {}) as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const k of OPTION_KEYS) if (spec[k] != null) options[k] = spec[k];
  return options;
}

/** `s-<manifest digest>:<options digest>`, Fleet's deploymentID format. */
export function deploymentIdFor(bundle: Bundle, options: Record<string, unknown>): string {
  const resources = ((bundle.spec ?? {}) as Record<string, unknown>).resources ?? [];
  return `s-${sha256(JSON.stringify(resources)).slice(0, 61)}:${sha256(JSON.stringify(options))}`;
}

export interface BdSpecInput {
  bundle: Bundle;
  cluster: Cluster;
  clusterNamespace: string;
  existing: KubeObject | undefined;
}

/** The BundleDeployment fleet-controller wants for (bundle, cluster). Paused: new content is only staged. */
export function desiredBundleDeployment(input: BdSpecInput): { object: KubeObject; deploymentId: string; stagedDeploymentId: string } {
  const { bundle, cluster, clusterNamespace, existing } = input;
  const options = deploymentOptions(bundle);
  const staged = deploymentIdFor(bundle, options);
  const paused = Boolean(bundle.spec?.paused) || Boolean(cluster.spec?.paused);
  const existingSpec = (existing?.spec ?? {}) as { deploymentID?: string; options?: Record<string, unknown> };
  const spec: Record<string, unknown> = paused
    ? {
        deploymentID: existingSpec.deploymentID ?? '',
        options: existingSpec.options ?? {},
        stagedDeploymentID: staged,
        stagedOptions: options,
        paused: true,
      }
    : { deploymentID: staged, options, stagedDeploymentID: staged, stagedOptions: options, paused: false };
  const correctDrift = options.correctDrift;
  if (correctDrift) spec.correctDrift = correctDrift;
  if (spec.deploymentID === '') delete spec.deploymentID;
  return {
    object: {
      apiVersion: FLEET_API,
      kind: 'BundleDeployment',
      metadata: {
        name: bundle.metadata?.name ?? '',
        namespace: clusterNamespace,
        labels: bundleDeploymentLabels(bundle, cluster),
      },
      spec,
    },
    deploymentId: (spec.deploymentID as string | undefined) ?? '',
    stagedDeploymentId: staged,
  };
}
