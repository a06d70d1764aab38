// Token mode: who a request acts as. A login proves a Kubernetes bearer token with a
// SelfSubjectReview made with that token and seals it into the session cookie; afterwards each
// request opens the cookie, gets a client that acts with the user's token (writes: RBAC enforced
// by the API server) and the user's read access (SelfSubjectAccessReviews, cached briefly).
import type { KubeConfig } from '@kubernetes/client-node';
import { TooLargeError, UnauthorizedError } from '../../http/app-error';
import { createKubeClient, kubeConfigForToken, type KubeClient } from '../../k8s/kube-client';
import { isKubeApiError, toAppError } from '../../k8s/kube-errors';
import type { ConnectionOptions } from '../../k8s/kube-transport';
import { createAccessReviewer, selfAccessReview, tokenDigest, type AccessReviewer, type ReadAccess } from './access-review.service';
import { createLoginRateLimiter, type LoginRateLimiter } from './login-rate-limit.service';
import { createSessionCodec, readCookie, SESSION_COOKIE, sessionCookieHeader, type OpenResult, type Session, type SessionCodec } from './session-cookie.service';

/** Browsers keep cookies up to about 4 KiB (name, value and attributes). */
const MAX_COOKIE_VALUE = 3900;

export interface TokenAuth {
  /** Proves the token with a SelfSubjectReview; 401 when the API server does not accept it. */
  login(token: string, request?: { tls?: boolean }): Promise<{ session: Session; setCookie: string }>;
  /** `Set-Cookie` that removes the session. */
  logoutCookie(request?: { tls?: boolean }): string;
  /** Opens the session cookie of a `Cookie` header. */
  authenticate(cookieHeader: string | undefined): OpenResult | { ok: false; reason: 'missing' };
  /** A client acting with the user's token (kept in a small LRU keyed by the token's digest). */
  clientFor(token: string): KubeClient;
  accessFor(token: string): ReadAccess;
  /** The access check of a websocket: watch access, and only while the session has not expired. */
  watchAccess(session: Session): (ref: { type: { group: string; plural: string }; namespace: string }) => Promise<boolean>;
  readonly rateLimiter: LoginRateLimiter;
}

export interface TokenAuthOptions {
  /** The server's own kubeconfig: the cluster's address and CA are reused for users. */
  kubeConfig: KubeConfig;
  /** 32-byte cookie key. */
  cookieKey: Buffer;
  /** Always mark the cookie Secure (behind a TLS-terminating proxy); it is Secure anyway when the request came over TLS. */
  cookieSecure: boolean;
  /** Session lifetime. Default 8 h. */
  sessionTtlMs?: number;
  now?: () => number;
  /** Login attempts per client address and minute. Default 10. */
  loginAttemptsPerMinute?: number;
  /** How long an access answer is reused. Default 5000 ms. */
  accessTtlMs?: number;
  /** Clients built for user tokens (for injection in tests). Default: createKubeClient over kubeConfigForToken. */
  clientForToken?: (token: string) => KubeClient;
  /** Proxy and timeouts of the users' connections (the same as the server's own). */
  connection?: ConnectionOptions;
}

export function createTokenAuth(options: TokenAuthOptions): TokenAuth {
  const codec: SessionCodec = createSessionCodec({ key: options.cookieKey, ...(options.sessionTtlMs !== undefined ? { ttlMs: options.sessionTtlMs } : {}), ...(options.now ? { now: options.now } : {}) });
  const build = options.clientForToken ?? ((token: string) => createKubeClient({ ...options.connection, kubeConfig: kubeConfigForToken(options.kubeConfig, token) }));
  const clients = new Map<string, KubeClient>();
  const MAX_CLIENTS = 256;
  const clientFor = (token: string): KubeClient => {
    const key = tokenDigest(token);
    let client = clients.get(key);
    if (client) clients.delete(key);
    else client = build(token);
    clients.set(key, client);
    while (clients.size > MAX_CLIENTS) {
      const oldest = clients.keys().next().value;
      if (oldest === undefined) break;
      clients.delete(oldest);
    }
    return client;
  };
  const reviewer: AccessReviewer = createAccessReviewer({
    review: (token, query) => selfAccessReview(clientFor(token), query),
    ...(options.accessTtlMs !== undefined ? { ttlMs: options.accessTtlMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const rateLimiter = createLoginRateLimiter({ max: options.loginAttemptsPerMinute ?? 10, windowMs: 60_000, ...(options.now ? { now: options.now } : {}) });
  const secureFor = (request?: { tls?: boolean }): boolean => options.cookieSecure || request?.tls === true;

  return {
    rateLimiter,
    async login(token, request) {
      let who;
      try {
        who = await clientFor(token).whoAmI();
      } catch (error) {
        if (isKubeApiError(error, 401)) throw new UnauthorizedError('The Kubernetes API did not accept this token');
        throw toAppError(error);
      }
      if (who.username === '') throw new UnauthorizedError('The Kubernetes API did not name a user for this token');
      const { value, session } = codec.seal({ token, username: who.username, groups: who.groups });
      if (value.length > MAX_COOKIE_VALUE) throw new TooLargeError('The token and its groups are too large for a session cookie');
      return { session, setCookie: sessionCookieHeader(value, { secure: secureFor(request), maxAgeSeconds: codec.ttlMs / 1000 }) };
    },
    logoutCookie: (request) => sessionCookieHeader('', { secure: secureFor(request), maxAgeSeconds: 0 }),
    authenticate(cookieHeader) {
      const value = readCookie(cookieHeader, SESSION_COOKIE);
      if (value === undefined || value === '') return { ok: false, reason: 'missing' };
      return codec.open(value);
    },
    clientFor,
    accessFor: (token) => reviewer.forToken(token),
    watchAccess(session) {
      const access = reviewer.forToken(session.token);
      const now = options.now ?? Date.now;
      return (ref) => (now() >= session.expiresAt ? Promise.resolve(false) : access.can({ verb: 'watch', type: ref.type, namespace: ref.namespace }));
    },
  };
}
