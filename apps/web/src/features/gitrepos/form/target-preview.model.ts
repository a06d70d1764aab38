// Which cluster preview queries the GitRepo form's targets need, and how their answers combine
// into "Matches N of M clusters". Every query is a selector the server evaluates on its Cluster
// cache; cluster names are matched against the full list. Pure; no Vue.
import type { ClusterGroupPreviewBody, ClusterGroupPreviewResponse } from '@fleet-dashboard/contracts';
import { isValidLabelValue, LABELS } from '@fleet-dashboard/fleet-model';
import { hasSelectorErrors, selectorOfRows, selectorRowErrors } from '../../../shared/forms/form-rows.model';
import type { GitRepoForm } from './gitrepo-form.model';

export interface PreviewQuery {
  key: string;
  body: ClusterGroupPreviewBody;
}

/** What the preview shows once the queries are answered. */
export interface PreviewOutcome {
  matching: string[];
  total: number;
  notes: string[];
}

export interface GroupInfo {
  name: string;
  /** String form; null when the group has no selector (no members). */
  selector: string | null;
}

export interface TargetPreviewPlan {
  queries: PreviewQuery[];
  /** Cluster names targeted by name (matched against every cluster's name). */
  clusterNames: string[];
  /** Queries whose matches count (the rest only give the total). */
  counted: string[];
  notes: string[];
}

/** Every cluster of the workspace: the total, and the names for targets by cluster name. */
export const ALL_QUERY: PreviewQuery = { key: 'all', body: { selector: {} } };
/** Fleet's targets for a GitRepo without any. */
export const DEFAULT_GROUP = 'default';

function groupQuery(name: string, groups: readonly GroupInfo[], plan: TargetPreviewPlan): void {
  const group = groups.find((g) => g.name === name);
  if (!group) plan.notes.push(`There is no cluster group “${name}” in this workspace.`);
  else if (group.selector === null) plan.notes.push(`The cluster group “${name}” has no selector, so it holds no cluster.`);
  else {
    const key = `group:${name}`;
    plan.queries.push({ key, body: { selectorText: group.selector } });
    plan.counted.push(key);
  }
}

export function targetPreviewPlan(form: Pick<GitRepoForm, 'targetMode' | 'targets'>, groups: readonly GroupInfo[]): TargetPreviewPlan {
  const plan: TargetPreviewPlan = { queries: [ALL_QUERY], clusterNames: [], counted: [], notes: [] };
  if (form.targetMode === 'all') {
    plan.counted.push(ALL_QUERY.key);
    return plan;
  }
  if (form.targetMode === 'none') {
    plan.notes.push(`Without targets, Fleet deploys to the cluster group “${DEFAULT_GROUP}” when it exists.`);
    if (groups.some((g) => g.name === DEFAULT_GROUP)) groupQuery(DEFAULT_GROUP, groups, plan);
    return plan;
  }
  for (const row of form.targets) {
    if (row.kind === 'cluster') {
      const name = row.clusterName.trim();
      if (!name) continue;
      plan.clusterNames.push(name);
      if (isValidLabelValue(name)) {
        const key = `display:${name}`;
        plan.queries.push({ key, body: { selector: { matchLabels: { [LABELS.clusterDisplayName]: name } } } });
        plan.counted.push(key);
      }
    } else if (row.kind === 'group') {
      if (row.clusterGroup.trim()) groupQuery(row.clusterGroup.trim(), groups, plan);
    } else if (row.kind === 'selector') {
      if (hasSelectorErrors(selectorRowErrors(row.selector))) continue;
      const selector = selectorOfRows(row.selector);
      const key = `selector:${JSON.stringify(selector)}`;
      plan.queries.push({ key, body: { selector } });
      plan.counted.push(key);
    } else {
      plan.notes.push('Advanced targets (several criteria in one target) are not counted here.');
    }
  }
  const seen = new Set<string>();
  plan.queries = plan.queries.filter((q) => !seen.has(q.key) && !!seen.add(q.key));
  return plan;
}

/** The union of the counted answers and the named clusters that exist. */
export function combinePreview(plan: TargetPreviewPlan, answers: ReadonlyMap<string, ClusterGroupPreviewResponse>): PreviewOutcome {
  const all = answers.get(ALL_QUERY.key);
  const names = new Set<string>();
  for (const key of plan.counted) for (const n of answers.get(key)?.matching ?? []) names.add(n);
  const existing = new Set(all?.matching ?? []);
  const notes = [...plan.notes];
  for (const n of plan.clusterNames) {
    if (existing.has(n)) names.add(n);
    else if (all && !answers.get(`display:${n}`)?.matching.length) notes.push(`There is no cluster “${n}” in this workspace.`);
  }
  return { matching: [...names].sort(), total: all?.total ?? 0, notes: [...new Set(notes)] };
}
