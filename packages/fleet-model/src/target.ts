// Which clusters a Bundle deploys to, exactly as fleet-controller decides
// (rancher/fleet internal/cmd/controller/target/matcher/{bundlematch,clustermatcher}.go and
// target/builder.go). Subtleties (SEMANTICS.md): 1 clusterName also matches the display-name
// label; 2 the first len(targets)-len(targetRestrictions) targets are fleet.yaml
// customizations and never select; 3 restriction and target must match through the same
// group; 4 a missing selector is no criterion, `{}` matches all, a group without selector has
// no members.
import { LABELS } from './naming';
import { matchesSelector } from './selector';
import type { BundleTarget, BundleTargetRestriction, Cluster, ClusterGroup, GitRepo, GitTarget, LabelSelector } from './types';

/** Targets Fleet uses for a GitRepo without `spec.targets`. */
export const DEFAULT_TARGETS: readonly GitTarget[] = Object.freeze([Object.freeze({ name: 'default', clusterGroup: 'default' })]);

type Selection = Pick<GitTarget, 'clusterName' | 'clusterGroup' | 'clusterGroupSelector' | 'clusterSelector'>;

interface GroupView {
  name: string;
  labels: Record<string, string>;
}

/** The groups (same namespace, selector set and matching) a cluster belongs to. */
export function clusterGroupsForCluster(cluster: Cluster, clusterGroups: readonly ClusterGroup[]): ClusterGroup[] {
  const ns = cluster.metadata?.namespace;
  return clusterGroups.filter((g) => {
    if (ns != null && g.metadata?.namespace != null && g.metadata.namespace !== ns) return false;
    return matchesSelector(cluster.metadata?.labels ?? {}, g.spec?.selector);
  });
}

function present(selector: LabelSelector | null | undefined): selector is LabelSelector {
  return selector != null;
}

/** Fleet `ClusterMatcher.Match` for one (cluster, group) pair; `group` null = the cluster is in no group. */
function criteriaMatch(sel: Selection, cluster: Cluster, group: GroupView | null): boolean {
  let criteria = 0;
  const labels = cluster.metadata?.labels ?? {};
  if (sel.clusterName) {
    criteria++;
    const displayName = labels[LABELS.clusterDisplayName];
    if (sel.clusterName !== cluster.metadata?.name && sel.clusterName !== displayName) return false;
  }
  if (sel.clusterGroup) {
    criteria++;
    if (sel.clusterGroup !== (group?.name ?? '')) return false;
  }
  if (present(sel.clusterGroupSelector)) {
    criteria++;
    if (!matchesSelector(group?.labels ?? {}, sel.clusterGroupSelector)) return false;
  }
  if (present(sel.clusterSelector)) {
    criteria++;
    if (!matchesSelector(labels, sel.clusterSelector)) return false;
  }
  return criteria > 0;
}

function groupViews(cluster: Cluster, clusterGroups: readonly ClusterGroup[]): Array<GroupView | null> {
  const groups = clusterGroupsForCluster(cluster, clusterGroups).map((g) => ({
    name: g.metadata?.name ?? '',
    labels: g.metadata?.labels ?? {},
  }));
  return groups.length === 0 ? [null] : groups;
}

/**
 * Whether one target selects the cluster: the fields set are ANDed and evaluated through one
 * and the same group of the cluster; a target with no field set matches nothing.
 * `clusterGroups` may be all groups of the workspace; membership is computed here.
 */
export function matchTarget(target: GitTarget | BundleTarget | BundleTargetRestriction, cluster: Cluster, clusterGroups: readonly ClusterGroup[]): boolean {
  return groupViews(cluster, clusterGroups).some((g) => criteriaMatch(target, cluster, g));
}

export interface TargetingSpec {
  targets?: readonly BundleTarget[] | null;
  targetRestrictions?: readonly BundleTargetRestriction[] | null;
  /** v0.16: `FirstMatch` (default) or `AllMatches`. */
  targetCustomizationMode?: string | null;
}

export interface ClusterTargeting {
  cluster: Cluster;
  /** First GitRepo target (not a customization) matching within the restrictions, or null. */
  target: BundleTarget | null;
  /** fleet.yaml customizations applied to this cluster (first match, or all in AllMatches mode). */
  customizations: BundleTarget[];
  /** True when the target or an applied customization sets `doNotDeploy`. */
  doNotDeploy: boolean;
  /** A BundleDeployment is created: target found and not doNotDeploy. */
  deploy: boolean;
}

/**
 * Per cluster (input order), the target fleet-controller picks for a Bundle. With
 * restrictions, the first len(targets)-len(restrictions) targets are customizations: they
 * never select clusters (subtlety 2); a target counts only if some restriction matches the
 * cluster through the same group (subtlety 3).
 */
export function targetClusters(
  spec: TargetingSpec,
  clusters: readonly Cluster[],
  clusterGroups: readonly ClusterGroup[],
): ClusterTargeting[] {
  const targets = spec.targets ?? [];
  const restrictions = spec.targetRestrictions ?? [];
  const numCustomizations = restrictions.length === 0 ? 0 : Math.max(0, targets.length - restrictions.length);
  const allMatches = spec.targetCustomizationMode === 'AllMatches';

  return clusters.map((cluster) => {
    const groups = groupViews(cluster, clusterGroups);
    const allowed = (g: GroupView | null): boolean =>
      restrictions.length === 0 || restrictions.some((r) => criteriaMatch(r, cluster, g));
    let target: BundleTarget | null = null;
    for (let i = numCustomizations; i < targets.length && target === null; i++) {
      const t = targets[i];
      if (t && groups.some((g) => allowed(g) && criteriaMatch(t, cluster, g))) target = t;
    }
    const customizations: BundleTarget[] = [];
    let doNotDeploy = Boolean(target?.doNotDeploy);
    if (target) {
      for (let i = 0; i < numCustomizations; i++) {
        const c = targets[i];
        if (!c || !groups.some((g) => criteriaMatch(c, cluster, g))) continue;
        customizations.push(c);
        if (!allMatches) break;
      }
      if (customizations.some((c) => c.doNotDeploy)) doNotDeploy = true;
    }
    return { cluster, target, customizations, doNotDeploy, deploy: target !== null && !doNotDeploy };
  });
}

/** A GitRepo's effective targets (`spec.targets`, or DEFAULT_TARGETS when none). */
export function gitRepoTargets(gitRepo: GitRepo): readonly GitTarget[] {
  const targets = gitRepo.spec?.targets ?? [];
  return targets.length > 0 ? targets : DEFAULT_TARGETS;
}

export type TargetMode = 'all' | 'none' | 'clusters' | 'groups' | 'advanced';

export interface TargetInfo {
  mode: TargetMode;
  /** Cluster names for `clusters` mode. */
  clusters: string[];
  /** Group names for `groups` mode. */
  groups: string[];
}

function selectionKeys(t: GitTarget): string[] {
  return (['clusterName', 'clusterGroup', 'clusterGroupSelector', 'clusterSelector'] as const).filter((k) => t[k] != null && t[k] !== '');
}

function singleClusterFromSelector(sel: LabelSelector): string | null {
  const labels = Object.entries(sel.matchLabels ?? {});
  const exprs = sel.matchExpressions ?? [];
  if (labels.length === 1 && exprs.length === 0 && labels[0]?.[0] === LABELS.clusterName) return labels[0][1];
  const e = exprs[0];
  if (labels.length === 0 && exprs.length === 1 && e?.key === LABELS.clusterName && e.operator === 'In' && e.values?.length === 1) {
    return e.values[0] ?? null;
  }
  return null;
}

/**
 * The Target column, as Rancher's GitRepo list shows it (rancher/dashboard
 * `fleet.cattle.io.gitrepo.js` targetInfo, generalized to several targets): `none` without
 * targets (Fleet then uses DEFAULT_TARGETS), `all` for a target with only `clusterSelector: {}`,
 * `clusters` when every target names one cluster (clusterName, or a selector on
 * `management.cattle.io/cluster-name In [x]`), `groups` when every target names only a group,
 * else `advanced`.
 */
export function gitRepoTargetInfo(gitRepo: GitRepo): TargetInfo {
  const targets = gitRepo.spec?.targets ?? [];
  if (targets.length === 0) return { mode: 'none', clusters: [], groups: [] };
  const clusters: string[] = [];
  const groups: string[] = [];
  let all = false;
  let other = false;
  for (const t of targets) {
    const keys = selectionKeys(t);
    if (keys.length !== 1) {
      other = true;
      continue;
    }
    if (keys[0] === 'clusterName' && t.clusterName) clusters.push(t.clusterName);
    else if (keys[0] === 'clusterGroup' && t.clusterGroup) groups.push(t.clusterGroup);
    else if (keys[0] === 'clusterSelector' && t.clusterSelector) {
      const sel = t.clusterSelector;
      if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) all = true;
      else {
        const name = singleClusterFromSelector(sel);
        if (name) clusters.push(name);
        else other = true;
      }
    } else other = true;
  }
  if (all && targets.length === 1) return { mode: 'all', clusters: [], groups: [] };
  if (!all && !other && groups.length === 0) return { mode: 'clusters', clusters, groups: [] };
  if (!all && !other && clusters.length === 0) return { mode: 'groups', clusters: [], groups };
  return { mode: 'advanced', clusters: [], groups: [] };
}

/** Just the mode of `gitRepoTargetInfo`. */
export function gitRepoTargetMode(gitRepo: GitRepo): TargetMode {
  return gitRepoTargetInfo(gitRepo).mode;
}
