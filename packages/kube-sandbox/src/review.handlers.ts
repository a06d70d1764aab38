// authentication.k8s.io and authorization.k8s.io reviews for the sandbox's single admin user.
import { badRequest, invalid, type FieldError } from './api-status.errors';

export interface SandboxUser {
  username: string;
  groups: string[];
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parse(body: Buffer | undefined): Obj {
  try {
    const v: unknown = JSON.parse(body?.toString('utf8') ?? '');
    if (isObject(v)) return v;
  } catch {
    // fall through
  }
  throw badRequest("couldn't get version/kind; json parse error: unexpected end of JSON input");
}

function echoMeta(obj: Obj): Obj {
  const m = isObject(obj.metadata) ? { ...obj.metadata } : {};
  m.creationTimestamp = null;
  return m;
}

function isAllowed(user: SandboxUser, username: string, groups: string[]): boolean {
  return username === user.username || groups.includes('system:masters');
}

/** Answers a review POST; returns undefined when `plural` is not a review resource. */
export function handleReview(
  group: string,
  plural: string,
  namespace: string,
  body: Buffer | undefined,
  user: SandboxUser,
  token: string,
): unknown {
  const req = parse(body);
  const spec = isObject(req.spec) ? req.spec : {};
  if (group === 'authentication.k8s.io' && plural === 'selfsubjectreviews') {
    return {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: echoMeta(req),
      status: { userInfo: { username: user.username, groups: user.groups } },
    };
  }
  if (group === 'authentication.k8s.io' && plural === 'tokenreviews') {
    const ok = spec.token === token;
    return {
      kind: 'TokenReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: echoMeta(req),
      spec,
      status: ok ? { authenticated: true, user: { username: user.username, groups: user.groups }, audiences: [] } : { user: {} },
    };
  }
  if (group !== 'authorization.k8s.io') return undefined;
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  const kindOf: Record<string, string> = {
    selfsubjectaccessreviews: 'SelfSubjectAccessReview',
    subjectaccessreviews: 'SubjectAccessReview',
    localsubjectaccessreviews: 'LocalSubjectAccessReview',
    selfsubjectrulesreviews: 'SelfSubjectRulesReview',
  };
  const kind = kindOf[plural];
  if (kind === undefined) return undefined;
  if (plural === 'selfsubjectrulesreviews') {
    return {
      kind,
      apiVersion: 'authorization.k8s.io/v1',
      metadata: echoMeta(req),
      spec,
      status: {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      },
    };
  }
  const errs: FieldError[] = [];
  if ((ra === undefined || ra === null) === (nra === undefined || nra === null)) {
    errs.push({
      type: 'FieldValueInvalid',
      field: 'spec.resourceAttributes',
      value: 'null',
      detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    });
  }
  let username = user.username;
  let groups = user.groups;
  if (plural !== 'selfsubjectaccessreviews') {
    username = typeof spec.user === 'string' ? spec.user : '';
    groups = Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === 'string') : [];
    if (username === '' && groups.length === 0) {
      errs.push({ type: 'FieldValueInvalid', field: 'spec.user', value: '', detail: 'at least one of user or group must be specified' });
    }
    if (plural === 'localsubjectaccessreviews' && isObject(ra) && ra.namespace !== namespace) {
      errs.push({
        type: 'FieldValueInvalid',
        field: 'spec.resourceAttributes.namespace',
        value: ra.namespace ?? '',
        detail: 'must match metadata.namespace',
      });
    }
  }
  if (errs.length > 0) throw invalid({ group: 'authorization.k8s.io', kind }, '', errs);
  const allowed = isAllowed(user, username, groups);
  return {
    kind,
    apiVersion: 'authorization.k8s.io/v1',
    metadata: echoMeta(req),
    spec,
    status: allowed ? { allowed: true } : { allowed: false },
  };
}
