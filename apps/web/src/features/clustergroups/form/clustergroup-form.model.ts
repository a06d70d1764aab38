// The Cluster Group form (name and label selector) and its mapping to and from the object.
// Pure; the object the form started from is the base, so fields the form does not show stay.
import type { KubeObjectBody } from '@fleet-dashboard/contracts';
import { selectorToString, type LabelSelector } from '@fleet-dashboard/fleet-model';
import { hasSelectorErrors, isEmptySelectorRows, selectorOfRows, selectorRowErrors, selectorRowsOf, type SelectorRowErrors, type SelectorRows } from '../../../shared/forms/form-rows.model';

export interface ClusterGroupForm {
  name: string;
  selector: SelectorRows;
  /** False for a group without `spec.selector` (it holds no cluster) until rows are added. */
  hasSelector: boolean;
}

export interface ClusterGroupFormErrors {
  fields: { 'metadata.name'?: string; 'spec.selector'?: string };
  selector: SelectorRowErrors;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function formFromClusterGroup(object: KubeObjectBody | Obj | undefined): ClusterGroupForm {
  const metadata = isObj(object?.metadata) ? object.metadata : {};
  const spec = isObj(object?.spec) ? object.spec : undefined;
  const selector = spec && isObj(spec.selector) ? (spec.selector as LabelSelector) : undefined;
  return { name: typeof metadata.name === 'string' ? metadata.name : '', selector: selectorRowsOf(selector), hasSelector: !spec || !!selector };
}

/** The selector the form describes; null when the group keeps having none. */
export function formSelector(form: ClusterGroupForm): ReturnType<typeof selectorOfRows> | null {
  return !form.hasSelector && isEmptySelectorRows(form.selector) ? null : selectorOfRows(form.selector);
}

export function clusterGroupFromForm(form: ClusterGroupForm, options: { workspace: string; base?: KubeObjectBody | Obj | undefined }): KubeObjectBody {
  const base: Obj = options.base ? structuredClone(options.base as Obj) : {};
  const metadata: Obj = isObj(base.metadata) ? base.metadata : {};
  const spec: Obj = isObj(base.spec) ? base.spec : {};
  metadata.name = form.name.trim();
  metadata.namespace = options.workspace;
  const selector = formSelector(form);
  const previous = isObj(spec.selector) ? (spec.selector as LabelSelector) : undefined;
  // An unchanged selector stays exactly as written (key order, empty lists).
  const isUnchanged = previous && selector && JSON.stringify(selectorOfRows(selectorRowsOf(previous))) === JSON.stringify(selector);
  if (selector && !isUnchanged) spec.selector = selector;
  return { ...base, apiVersion: typeof base.apiVersion === 'string' ? base.apiVersion : 'fleet.cattle.io/v1alpha1', kind: 'ClusterGroup', metadata, spec };
}

export function validateClusterGroupForm(form: ClusterGroupForm): ClusterGroupFormErrors {
  const fields: ClusterGroupFormErrors['fields'] = {};
  const name = form.name.trim();
  if (!name) fields['metadata.name'] = 'Name is required.';
  else if (name.length > 63 || !DNS_LABEL.test(name)) fields['metadata.name'] = 'Name may hold up to 63 lowercase letters, digits and "-", starting and ending with a letter or digit.';
  const selector = selectorRowErrors(form.selector);
  if (hasSelectorErrors(selector)) fields['spec.selector'] = 'Fix the selector rows marked below.';
  return { fields, selector };
}

/** The selector in Kubernetes' string form, for messages ('' = every cluster). */
export function selectorSummary(form: ClusterGroupForm): string {
  const selector = formSelector(form);
  if (!selector) return 'no selector (no cluster)';
  return selectorToString(selector) || 'every cluster';
}

/** Field of a server error path (`spec.selector.matchLabels` → `spec.selector`). */
export function clusterGroupFieldOf(path: string): keyof ClusterGroupFormErrors['fields'] | undefined {
  if (path === 'metadata.name' || path.startsWith('metadata.name')) return 'metadata.name';
  if (path.startsWith('spec.selector')) return 'spec.selector';
  return undefined;
}
