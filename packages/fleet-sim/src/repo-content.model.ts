// What the simulated git repositories contain. There is no git server: each (repo, path) maps to
// a plausible bundle layout (plain manifests, Helm chart, kustomize, Helm + kustomize), modelled on
// the public rancher/fleet-examples repository, and each commit changes the rendered content.

export type ContentKind = 'manifests' | 'helm' | 'kustomize' | 'helm-kustomize';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface PathContent {
  kind: ContentKind;
  /** fleet.yaml `defaultNamespace`. */
  defaultNamespace: string;
  resources: ResourceRef[];
  helm?: { chart: string; releaseName: string; version?: string; dependencies: string[] };
  kustomizeDir?: string;
}

const GUESTBOOK: ReadonlyArray<[string, string]> = [
  ['Deployment', 'frontend'],
  ['Service', 'frontend'],
  ['Deployment', 'redis-master'],
  ['Service', 'redis-master'],
  ['Deployment', 'redis-slave'],
  ['Service', 'redis-slave'],
];

function refs(namespace: string, items: ReadonlyArray<[string, string]>): ResourceRef[] {
  return items.map(([kind, name]) => ({
    apiVersion: kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' ? 'apps/v1' : 'v1',
    kind,
    namespace,
    name,
  }));
}

/** Layouts of rancher/fleet-examples paths (namespaces as in their fleet.yaml files). */
const KNOWN: Record<string, () => PathContent> = {
  simple: () => ({ kind: 'manifests', defaultNamespace: 'default', resources: refs('default', GUESTBOOK) }),
  'single-cluster/manifests': () => ({
    kind: 'manifests',
    defaultNamespace: 'fleet-manifest-example',
    resources: refs('fleet-manifest-example', GUESTBOOK),
  }),
  'single-cluster/helm': () => ({
    kind: 'helm',
    defaultNamespace: 'fleet-helm-example',
    resources: refs('fleet-helm-example', GUESTBOOK),
    helm: { chart: './', releaseName: 'guestbook', dependencies: ['redis'] },
  }),
  'single-cluster/kustomize': () => ({
    kind: 'kustomize',
    defaultNamespace: 'fleet-kustomize-example',
    resources: refs('fleet-kustomize-example', GUESTBOOK),
    kustomizeDir: 'overlays/dev',
  }),
  'multi-cluster/manifests': () => ({
    kind: 'manifests',
    defaultNamespace: 'fleet-mc-manifest-example',
    resources: refs('fleet-mc-manifest-example', GUESTBOOK),
  }),
  'multi-cluster/helm': () => ({
    kind: 'helm',
    defaultNamespace: 'fleet-mc-helm-example',
    resources: refs('fleet-mc-helm-example', GUESTBOOK),
    helm: { chart: './', releaseName: 'guestbook', dependencies: ['redis'] },
  }),
  'multi-cluster/helm-external': () => ({
    kind: 'helm',
    defaultNamespace: 'fleet-mc-helm-external-example',
    resources: refs('fleet-mc-helm-external-example', GUESTBOOK),
    helm: {
      chart: 'https://github.com/rancher/fleet-examples/releases/download/example/guestbook-0.0.0.tgz',
      releaseName: 'guestbook',
      dependencies: ['redis'],
    },
  }),
  'multi-cluster/kustomize': () => ({
    kind: 'kustomize',
    defaultNamespace: 'fleet-mc-kustomize-example',
    resources: refs('fleet-mc-kustomize-example', GUESTBOOK),
    kustomizeDir: 'overlays/production',
  }),
  'multi-cluster/helm-kustomize': () => ({
    kind: 'helm-kustomize',
    defaultNamespace: 'fleet-mc-helm-kustomize-example',
    resources: refs('fleet-mc-helm-kustomize-example', GUESTBOOK),
    helm: { chart: './', releaseName: 'guestbook', dependencies: ['redis'] },
    kustomizeDir: 'overlays/production',
  }),
};

function generic(path: string): PathContent {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  const app = (segments[segments.length - 1] ?? 'app').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const namespace = app;
  const lower = path.toLowerCase();
  const isHelm = /helm|chart|prometheus|grafana|monitoring|ingress|cert-manager/.test(lower);
  const isKustomize = /kustomize|overlay/.test(lower);
  const resources = refs(namespace, [
    ['ServiceAccount', app],
    ['ConfigMap', `${app}-config`],
    ['Deployment', app],
    ['Service', app],
  ]);
  if (isHelm && isKustomize) {
    return { kind: 'helm-kustomize', defaultNamespace: namespace, resources, helm: { chart: './', releaseName: app, dependencies: ['common'] }, kustomizeDir: 'overlays/production' };
  }
  if (isHelm) {
    return { kind: 'helm', defaultNamespace: namespace, resources, helm: { chart: './', releaseName: app, dependencies: ['common'] } };
  }
  if (isKustomize) return { kind: 'kustomize', defaultNamespace: namespace, resources, kustomizeDir: 'overlays/production' };
  return { kind: 'manifests', defaultNamespace: namespace, resources };
}

/** The content a path of a repository renders to. Known rancher/fleet-examples paths keep their real layout. */
export function pathContent(path: string): PathContent {
  const normalized = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const known = KNOWN[normalized];
  return known ? known() : generic(normalized);
}

/** The error the agent reports when this content fails to deploy. */
export function deployError(content: PathContent): string {
  const dependency = content.helm?.dependencies[0];
  if (dependency) return `found in Chart.yaml, but missing in charts/ directory: ${dependency}`;
  const first = content.resources.find((r) => r.kind === 'Deployment') ?? content.resources[0];
  const name = first?.name ?? 'app';
  return `unable to build kubernetes objects from release manifest: resource mapping not found for name: "${name}" namespace: "${content.defaultNamespace}" from "": no matches for kind "Deployment" in version "apps/v1beta1"`;
}
