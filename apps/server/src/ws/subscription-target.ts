// What a websocket subscription watches: the cache to read and which of its objects belong in it.
import { WORKSPACED_RESOURCES, workspaceNameSchema, type SubscribeMessage, type WorkspacedResourceName } from '@fleet-dashboard/contracts';
import { matchesSelector, parseSelector, type KubeObject } from '@fleet-dashboard/fleet-model';
import { BadRequestError, InvalidError } from '../http/app-error';
import { WORKSPACED } from '../k8s/resource-types';
import type { CacheRef } from '../k8s/watch-cache';

export interface SubscriptionTarget {
  ref: CacheRef;
  /** Whether an object of the cache belongs to the subscription. */
  matches(object: KubeObject): boolean;
  /** Detail subscriptions get full objects, list subscriptions rows. */
  detail: boolean;
  /** Equal for targets that select the same objects of the same cache in the same form. */
  key: string;
  /** Every object of the cache matches (no name, selector or involved filter on a namespace cache). */
  selectsAll: boolean;
}

export interface TargetQuery {
  resource: string;
  workspace: string;
  name?: string | undefined;
  selector?: string | undefined;
  /** Events only: those whose involvedObject has this kind and/or name. */
  involved?: { kind?: string | undefined; name?: string | undefined } | undefined;
}

/** An Event's involvedObject (core/v1), or `regarding` (events.k8s.io/v1). */
function involvedOf(o: KubeObject): { kind?: unknown; name?: unknown } {
  return ((o as Record<string, unknown>).involvedObject ?? (o as Record<string, unknown>).regarding ?? {}) as { kind?: unknown; name?: unknown };
}

function isWorkspaced(resource: string): resource is WorkspacedResourceName {
  return (WORKSPACED_RESOURCES as readonly string[]).includes(resource);
}

/** Resolves a subscription (or REST query) to a cache and a filter; throws AppError on bad input. */
export function resolveTarget(query: TargetQuery | SubscribeMessage): SubscriptionTarget {
  if (!isWorkspaced(query.resource)) throw new BadRequestError(`"${query.resource}" cannot be watched here; use GET /api/workspaces`);
  const ws = workspaceNameSchema.safeParse(query.workspace);
  if (!ws.success) throw new BadRequestError(`invalid workspace "${query.workspace}": ${ws.error.issues[0]?.message ?? 'invalid'}`);
  const workspace = ws.data;
  const { type, scope } = WORKSPACED[query.resource];
  let selectorMatch: (o: KubeObject) => boolean = () => true;
  if (query.selector !== undefined && query.selector.trim() !== '') {
    const parsed = parseSelector(query.selector);
    if (!parsed.ok) {
      throw new InvalidError(`invalid selector: ${parsed.error.message}`, { causes: [{ field: 'selector', message: parsed.error.message }] });
    }
    const selector = parsed.selector;
    selectorMatch = (o) => matchesSelector(o.metadata?.labels ?? {}, selector);
  }
  const name = query.name;
  const involved = query.involved;
  if (involved && query.resource !== 'events') throw new BadRequestError('"involved" applies to events only');
  const involvedMatch = (o: KubeObject): boolean => {
    if (!involved) return true;
    const of = involvedOf(o);
    return (involved.kind === undefined || of.kind === involved.kind) && (involved.name === undefined || of.name === involved.name);
  };
  const nameMatch = (o: KubeObject): boolean => name === undefined || o.metadata?.name === name;
  const key = JSON.stringify([
    type.group,
    type.version,
    type.plural,
    workspace,
    name ?? null,
    query.selector?.trim() || null,
    involved ? [involved.kind ?? null, involved.name ?? null] : null,
  ]);
  if (scope.kind === 'namespace') {
    // Events of one object come from the namespace-wide events cache, filtered here: one
    // upstream watch per workspace however many objects are looked at.
    const selectsAll = name === undefined && !involved && (query.selector === undefined || query.selector.trim() === '');
    return { ref: { type, namespace: workspace }, detail: name !== undefined, key, selectsAll, matches: (o) => nameMatch(o) && selectorMatch(o) && involvedMatch(o) };
  }
  const label = scope.label;
  return {
    ref: { type, namespace: '' },
    detail: name !== undefined,
    key,
    selectsAll: false,
    matches: (o) => o.metadata?.labels?.[label] === workspace && nameMatch(o) && selectorMatch(o),
  };
}
