// Read access of one user, asked of the API server with SelfSubjectAccessReviews made with the
// user's own token, and remembered for a few seconds in a bounded LRU.
//
// Why SelfSubjectAccessReview rather than SubjectAccessReview: the review is made with the
// user's credentials, so the API server evaluates exactly the identity the token stands for
// (groups and extra fields from its authenticator included) and the server's service account
// needs no RBAC on subjectaccessreviews (which would let it ask about anybody).
import { createHash } from 'node:crypto';
import { ForbiddenError, UnauthorizedError } from '../../http/app-error';
import type { KubeClient } from '../../k8s/kube-client';
import { isKubeApiError, toAppError } from '../../k8s/kube-errors';
import { qualifiedResource, type ResourceType } from '../../k8s/resource-types';

/** Verbs asked about: reads, and the writes the permissions route reports. */
export type ReadVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface AccessQuery {
  verb: ReadVerb;
  type: Pick<ResourceType, 'group' | 'plural'>;
  /** undefined or '': cluster-wide / all namespaces. */
  namespace?: string | undefined;
}

/** What a service asks before it serves something from the server's own caches. */
export interface ReadAccess {
  can(query: AccessQuery): Promise<boolean>;
  /** Throws Forbidden naming verb and resource when not allowed. */
  require(query: AccessQuery): Promise<void>;
}

export function forbiddenFor(query: AccessQuery): InstanceType<typeof ForbiddenError> {
  const resource = qualifiedResource({ group: query.type.group, plural: query.type.plural } as ResourceType);
  const where = query.namespace ? ` in namespace "${query.namespace}"` : '';
  return new ForbiddenError(`Not allowed to ${query.verb} ${resource}${where}`, {
    verb: query.verb,
    resource,
    ...(query.namespace ? { namespace: query.namespace } : {}),
  });
}

/** demo and kubeconfig modes: the one local user may read whatever the server's identity reads. */
export const ALLOW_ALL: ReadAccess = {
  can: () => Promise.resolve(true),
  require: () => Promise.resolve(),
};

function readAccessOf(can: (query: AccessQuery) => Promise<boolean>): ReadAccess {
  return {
    can,
    async require(query) {
      if (!(await can(query))) throw forbiddenFor(query);
    },
  };
}

/** One SelfSubjectAccessReview with the given client's identity. */
export async function selfAccessReview(kube: Pick<KubeClient, 'request'>, query: AccessQuery): Promise<boolean> {
  const review = await kube.request<{ status?: { allowed?: boolean } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          verb: query.verb,
          group: query.type.group,
          resource: query.type.plural,
          ...(query.namespace ? { namespace: query.namespace } : {}),
        },
      },
    },
    context: { verb: 'create', resource: 'selfsubjectaccessreviews.authorization.k8s.io' },
  });
  return review?.status?.allowed === true;
}

export interface AccessReviewerOptions {
  /** Asks the API server with the user's token. */
  review(token: string, query: AccessQuery): Promise<boolean>;
  /** How long an answer is reused. Default 5000 ms. */
  ttlMs?: number;
  /** Answers kept at most (least recently used dropped first). Default 5000. */
  maxEntries?: number;
  now?: () => number;
}

export interface AccessReviewer {
  forToken(token: string): ReadAccess;
  /** Cached answers (for tests and metrics). */
  size(): number;
}

interface Cached {
  allowed: Promise<boolean>;
  at: number;
}

/** Only a digest of the token is kept as a key; the token itself stays with the caller. */
export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function createAccessReviewer(options: AccessReviewerOptions): AccessReviewer {
  const ttl = options.ttlMs ?? 5000;
  const max = Math.max(1, options.maxEntries ?? 5000);
  const now = options.now ?? Date.now;
  const cache = new Map<string, Cached>();

  const ask = (token: string, digest: string, query: AccessQuery): Promise<boolean> => {
    const key = `${digest}\u0000${query.verb}\u0000${query.type.group}\u0000${query.type.plural}\u0000${query.namespace ?? ''}`;
    const hit = cache.get(key);
    const t = now();
    if (hit && t - hit.at < ttl) {
      cache.delete(key); // refresh recency
      cache.set(key, hit);
      return hit.allowed;
    }
    if (hit) cache.delete(key);
    const allowed = options.review(token, query).catch((error: unknown) => {
      cache.delete(key); // failures are not remembered
      if (isKubeApiError(error, 401)) throw new UnauthorizedError('The session token is no longer accepted; log in again');
      throw toAppError(error);
    });
    cache.set(key, { allowed, at: t });
    while (cache.size > max) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return allowed;
  };

  return {
    forToken(token) {
      const digest = tokenDigest(token);
      return readAccessOf((query) => ask(token, digest, query));
    },
    size: () => cache.size,
  };
}
