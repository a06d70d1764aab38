// Names and labels as Fleet derives them.
// Algorithms follow rancher/fleet internal/names (name.go: Limit, Hex, HelmReleaseName;
// safeconcat.go: SafeConcatName; keyhash.go: KeyHash), internal/cmd/cli/apply (bundle ID =
// HelmReleaseName(filepath.Join(gitrepo, path))), the agentmanagement cluster controller
// (clusterNamespace) and internal/cmd/controller/target (BundleDeploymentLabels).
// Go slices strings by byte; Kubernetes names are ASCII, so JS string indices are used.
import { md5Hex, sha256Hex } from './digest';

/** Label and annotation keys Fleet and Rancher put on objects. */
export const LABELS = {
  repoName: 'fleet.cattle.io/repo-name',
  commit: 'fleet.cattle.io/commit',
  bundleName: 'fleet.cattle.io/bundle-name',
  bundleNamespace: 'fleet.cattle.io/bundle-namespace',
  cluster: 'fleet.cattle.io/cluster',
  clusterNamespace: 'fleet.cattle.io/cluster-namespace',
  managed: 'fleet.cattle.io/managed',
  helmOpName: 'fleet.cattle.io/fleet-helm-name',
  createdByUserId: 'fleet.cattle.io/created-by-user-id',
  agent: 'fleet.cattle.io/agent',
  nonManagedAgent: 'fleet.cattle.io/non-managed-agent',
  clusterDisplayName: 'management.cattle.io/cluster-display-name',
  clusterName: 'management.cattle.io/cluster-name',
} as const;

/** Annotations on a cluster namespace (`cluster-<ws>-<name>-<hash>`). */
export const ANNOTATIONS = {
  clusterNamespace: 'fleet.cattle.io/cluster-namespace',
  cluster: 'fleet.cattle.io/cluster',
  managed: 'fleet.cattle.io/managed',
} as const;

/** Helm's limit for release names, which Fleet applies to bundle names. */
export const MAX_HELM_RELEASE_NAME_LEN = 53;

const DISALLOWED = /[^a-zA-Z0-9-]+/g;
const DISALLOWED_TEST = /[^a-zA-Z0-9-]/;
const HELM_RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** First `length` hex characters of md5(s) (Fleet `names.Hex`). */
export function hexDigest(s: string, length: number): string {
  return md5Hex(s).slice(0, length);
}

/**
 * Fleet `names.Limit`: strings longer than `count` are cut and end in `-<5 hex of md5>`;
 * when the cut already ends in `-`, no second dash is added (result is count-1 long).
 * A `count` too small for the hash just truncates.
 */
export function limitName(s: string, count: number): string {
  if (s.length <= count) return s;
  const hexLen = 5;
  let separator = '-';
  if (count <= hexLen + separator.length) return s.slice(0, count);
  const keep = count - hexLen - separator.length;
  if (s[keep - 1] === separator) separator = '';
  return `${s.slice(0, keep)}${separator}${hexDigest(s, hexLen)}`;
}

/**
 * Fleet `names.HelmReleaseName`: `/`→`-`; if the text had upper case or characters other
 * than `[a-zA-Z0-9-]`, `-<8 hex of md5>` is appended first (avoiding collisions), then it is
 * lower-cased, disallowed runs become `-`, dashes are squeezed and trimmed, and the result is
 * limited to 53 characters. If nothing valid remains: 24 hex of md5 of the input.
 */
export function helmReleaseName(input: string): string {
  let str = input.replaceAll('/', '-');
  const needHex = str !== str.toLowerCase() || DISALLOWED_TEST.test(str);
  if (needHex) str = `${str}-${hexDigest(str, 8)}`;
  str = str
    .toLowerCase()
    .replace(DISALLOWED, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '')
    .replace(/-+$/, '');
  if (HELM_RELEASE_NAME.test(str) && DNS_LABEL.test(str)) return limitName(str, MAX_HELM_RELEASE_NAME_LEN);
  return hexDigest(input, 24);
}

/**
 * Fleet `names.SafeConcatName`: join with `-`; 64+ characters are cut to 57 + `-` + 5 hex of
 * sha256 (or 56 + `-` + 6 hex when the 57th character is not `[a-z0-9]`), 63 in total.
 */
export function safeConcatName(...parts: string[]): string {
  const full = parts.join('-');
  if (full.length < 64) return full;
  const digest = sha256Hex(full);
  const c = full[56] ?? '';
  if (/^[a-z0-9]$/.test(c)) return `${full.slice(0, 57)}-${digest.slice(0, 5)}`;
  return `${full.slice(0, 56)}-${digest.slice(0, 6)}`;
}

/** Fleet `names.KeyHash`: 12 hex of sha256 of the first 100 characters. */
export function keyHash(s: string): string {
  return sha256Hex(s.length > 100 ? s.slice(0, 100) : s).slice(0, 12);
}

/** Go `path.Clean` for forward-slash paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go `filepath.Join` on Unix: non-empty elements joined with `/`, then cleaned. */
export function joinPath(...elems: string[]): string {
  const nonEmpty = elems.filter((e) => e !== '');
  return nonEmpty.length === 0 ? '' : cleanPath(nonEmpty.join('/'));
}

/**
 * Bundle name `fleet apply` gives the bundle for `path` of a GitRepo:
 * HelmReleaseName(filepath.Join(gitRepoName, path[, bundleFile without extension])).
 * `path` is relative to the repository root (`''` or `.` for the root).
 */
export function bundleName(gitRepoName: string, path: string, bundleFile?: string): string {
  let id = joinPath(gitRepoName, path);
  if (bundleFile) id = joinPath(id, bundleFile.replace(/\.[^./]*$/, ''));
  return helmReleaseName(id);
}

/**
 * Namespace fleet-controller creates for a Cluster (`Cluster.status.namespace`), where its
 * BundleDeployments live: SafeConcatName("cluster", ws, name, KeyHash("<ws>::<name>")).
 */
export function clusterNamespace(workspace: string, clusterName: string): string {
  return safeConcatName('cluster', workspace, clusterName, keyHash(`${workspace}::${clusterName}`));
}

/** Cluster ID used as key in GitRepo status maps: `<clusterNamespace>/<clusterName>`. */
export function clusterId(clusterNs: string, clusterName: string): string {
  return `${clusterNs}/${clusterName}`;
}

/** wrangler `yaml.CleanAnnotationsForExport`: drops `kubectl.kubernetes.io/*` and `*cattle.io*` keys. */
export function cleanLabelsForExport(labels: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('kubectl.kubernetes.io') || k.includes('cattle.io')) continue;
    out[k] = v;
  }
  return out;
}

interface Named {
  metadata?: { name?: string | null; namespace?: string | null; labels?: Record<string, string> | null } | null;
}

/** Labels `fleet apply` puts on a Bundle: the GitRepo's labels + repo-name + commit. */
export function bundleLabels(gitRepo: Named, commit: string): Record<string, string> {
  return {
    ...(gitRepo.metadata?.labels ?? {}),
    [LABELS.repoName]: gitRepo.metadata?.name ?? '',
    [LABELS.commit]: commit,
  };
}

/**
 * Labels fleet-controller puts on a BundleDeployment: the bundle's labels without
 * `kubectl.kubernetes.io/*` and `*cattle.io*` keys, but every `fleet.cattle.io/*` key kept;
 * then bundle-name, bundle-namespace, managed=true, cluster-namespace, cluster.
 * `cluster-namespace` is the Cluster's own namespace (the workspace), not its BD namespace.
 */
export function bundleDeploymentLabels(bundle: Named, cluster: Named): Record<string, string> {
  const source = bundle.metadata?.labels ?? {};
  const labels = cleanLabelsForExport(source);
  for (const [k, v] of Object.entries(source)) {
    if (k.startsWith('fleet.cattle.io/')) labels[k] = v;
  }
  labels[LABELS.bundleName] = bundle.metadata?.name ?? '';
  labels[LABELS.bundleNamespace] = bundle.metadata?.namespace ?? '';
  labels[LABELS.managed] = 'true';
  labels[LABELS.clusterNamespace] = cluster.metadata?.namespace ?? '';
  labels[LABELS.cluster] = cluster.metadata?.name ?? '';
  return labels;
}
