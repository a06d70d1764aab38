// Property-based fuzzing of every REST route on the sandbox-backed app: malformed JSON and YAML,
// wrong types, huge bodies, unknown resources, names that are not DNS names, path traversal and
// selectors that do not parse. Every case must be a 4xx with `{error: {code, message}}` and no
// stack trace; nothing may change (every object's resourceVersion is compared before and after).
import { CSRF_HEADER, CSRF_HEADER_VALUE, YAML_CONTENT_TYPE } from '@fleet-dashboard/contracts';
import { parseSelector } from '@fleet-dashboard/fleet-model';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createCaseCounter, expectRefused, SECRET_VALUE, SEEDED, snapshotObjects, startFuzzTarget, WS, type FuzzTarget } from './fuzz.fixture';

const SEED = 20_261_128;
const runs = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

let f: FuzzTarget;
let before: Map<string, string>;
const cases = createCaseCounter();

beforeAll(async () => {
  f = await startFuzzTarget();
  before = await snapshotObjects(f.t);
}, 30_000);

afterAll(async () => {
  console.log(`REST fuzz cases run: ${cases.total()}\n${cases.report()}`);
  await f?.stop();
});

type Method = 'get' | 'post' | 'put' | 'delete';
interface Route {
  method: Method;
  /** Path with `:ws`, `:resource`, `:name`, `:action` placeholders. */
  path: string;
  /** Takes a JSON/YAML body (so a body that parses but has wrong types is refused). */
  body: boolean;
}

/** Every route of the API (the bulk route under its current and its planned name). */
const ROUTES: Route[] = [
  { method: 'post', path: '/api/workspaces/:ws/:resource', body: true },
  { method: 'put', path: '/api/workspaces/:ws/:resource/:name', body: true },
  { method: 'delete', path: '/api/workspaces/:ws/:resource/:name', body: false },
  { method: 'post', path: '/api/workspaces/:ws/:resource/:name/force-update', body: false },
  { method: 'post', path: '/api/workspaces/:ws/:resource/:name/pause', body: false },
  { method: 'post', path: '/api/workspaces/:ws/:resource/:name/unpause', body: false },
  { method: 'post', path: '/api/workspaces/:ws/gitrepos/:name/polling', body: true },
  { method: 'put', path: '/api/workspaces/:ws/clusters/:name/labels', body: true },
  { method: 'post', path: '/api/workspaces/:ws/clusters/:name/move', body: true },
  { method: 'post', path: '/api/workspaces/:ws/:resource/bulk/:action', body: true },
  { method: 'post', path: '/api/workspaces/:ws/:resource/_bulk/:action', body: true },
  { method: 'post', path: '/api/workspaces/:ws/clustergroups/preview', body: true },
  { method: 'post', path: '/api/workspaces/:ws/secrets', body: true },
  { method: 'get', path: '/api/workspaces/:ws/:resource', body: false },
  { method: 'get', path: '/api/workspaces/:ws/:resource/:name', body: false },
  { method: 'get', path: '/api/workspaces/:ws/secrets', body: false },
  { method: 'get', path: '/api/workspaces/:ws/diagnostics', body: false },
  { method: 'get', path: '/api/schemas/:resource', body: false },
];
const MUTATING = ROUTES.filter((r) => r.method !== 'get');
const BODY_ROUTES = ROUTES.filter((r) => r.body);
const NAMED = ROUTES.filter((r) => r.path.includes(':name'));

const DEFAULTS: Record<string, string> = { ws: WS, resource: 'gitrepos', name: SEEDED.gitrepo, action: 'force-update' };
/** Fills the placeholders; each value is put into the path as given (already encoded where wanted). */
function pathOf(route: Route, values: Partial<Record<string, string>> = {}): string {
  return route.path.replace(/:(ws|resource|name|action)/g, (_, key: string) => values[key] ?? DEFAULTS[key] ?? '');
}
const label = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;

interface Sent {
  contentType?: string;
  body?: string | object | unknown[];
  csrf?: boolean;
}

async function send(method: Method, path: string, sent: Sent = {}): Promise<request.Response> {
  let req = request(f.url)[method](path).timeout({ response: 10_000, deadline: 15_000 });
  if (sent.csrf !== false) req = req.set(CSRF_HEADER, CSRF_HEADER_VALUE);
  if (sent.contentType) req = req.set('Content-Type', sent.contentType);
  return sent.body === undefined ? req : req.send(sent.body as string | object);
}

const isJson = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};
/** Text that is not JSON (and not empty, which a body parser reads as no body). */
const malformedJson = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.json().map((j) => j.slice(0, Math.max(1, j.length - 1))), // truncated JSON
    fc.json().map((j) => `${j},`),
    fc.constantFrom('{', '{"a":', "{'a': 1}", '{"a": NaN}', '[1,2', '{"__proto__": }', 'nul', '\u0000{}', '{"a":1}}', '\uFEFF{"a": tru}'),
  )
  .filter((s) => s.trim() !== '' && !isJson(s));

const yamlFails = (s: string): boolean => {
  try {
    const docs = parseAllDocuments(s);
    return docs.length !== 1 || (docs[0]?.errors.length ?? 0) > 0;
  } catch {
    return true;
  }
};
/** YAML that does not parse as one document. */
const malformedYaml = fc
  .tuple(
    fc.string({ maxLength: 80 }),
    fc.constantFrom('key: [a,\n  b: c', '{a: 1', 'a: "unterminated', '\t- tab', 'a: b\n c: d\n- e', '- a\nb: c', 'a: 1\n---\nb: 2', ': : :', '? [', '*undefined', '[a, b]]'),
  )
  .map(([prefix, bad]) => `${prefix}\n${bad}`)
  .filter(yamlFails);

function assertUnchanged(): Promise<void> {
  return snapshotObjects(f.t).then((after) => {
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    expect(changed, 'objects changed by refused requests').toEqual([]);
  });
}

// Generous per-test limit: the runs take seconds alone, longer on a shared, loaded machine.
describe('REST fuzz (sandbox)', { timeout: 120_000 }, () => {
  it('malformed JSON bodies on every mutating route: 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATING), malformedJson, async (route, body) => {
        cases.count('malformed JSON');
        const res = await send(route.method, pathOf(route), { contentType: 'application/json', body });
        expectRefused(res, `${label(route)} with ${JSON.stringify(body)}`);
        expect(res.status).toBe(400);
      }),
      runs(500),
    );
  });

  it('malformed YAML bodies on every mutating route: 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATING), malformedYaml, fc.constantFrom(YAML_CONTENT_TYPE, 'application/x-yaml', 'text/yaml'), async (route, body, type) => {
        cases.count('malformed YAML');
        const res = await send(route.method, pathOf(route), { contentType: type, body });
        expectRefused(res, `${label(route)} with YAML ${JSON.stringify(body)}`);
        expect(res.status).toBe(400);
      }),
      runs(400),
    );
  });

  // A "billion laughs" body: yaml's toJS refuses to expand it with a ReferenceError, which must
  // become a 400 (it was a 500 Internal until parseYamlBody caught it).
  it('a YAML alias bomb is refused with a 4xx, not expanded', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'metadata: {name: bomb}'].join('\n');
    for (const route of BODY_ROUTES) {
      cases.count('YAML alias bomb');
      const started = Date.now();
      const res = await send(route.method, pathOf(route), { contentType: YAML_CONTENT_TYPE, body: bomb });
      expectRefused(res, `${label(route)} with a YAML alias bomb`);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('bodies of the wrong type on every route that takes one: 4xx', async () => {
    const notAnObject = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 4 }));
    const wrongScalar = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
    const notString = wrongScalar.filter((v) => typeof v !== 'string');
    const notBool = fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.array(fc.boolean(), { maxLength: 2 }));
    const notStringArray = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 3 }), fc.constant([]));
    const bodyFor: Record<string, fc.Arbitrary<unknown>> = {
      '/api/workspaces/:ws/:resource': fc.oneof(
        notAnObject,
        notString.map((name) => ({ metadata: { name }, spec: { repo: 'https://example.com/x.git' } })),
        wrongScalar.map((metadata) => ({ metadata, spec: { repo: 'https://example.com/x.git' } })),
        notString.map((repo) => ({ metadata: { name: 'fuzz-new' }, spec: { repo } })),
        fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.boolean()).map((spec) => ({ metadata: { name: 'fuzz-new' }, spec })),
        fc.string({ minLength: 1, maxLength: 10 }).map((kind) => ({ kind: `X${kind}`, metadata: { name: 'fuzz-new' }, spec: { repo: 'https://example.com/x.git' } })),
        fc.constant({ metadata: { name: 'fuzz-new', namespace: 'fleet-local' }, spec: { repo: 'https://example.com/x.git' } }),
        fc.constant({ metadata: { name: 'fuzz-new' }, spec: { repo: 'https://example.com/x.git', paths: 'not-a-list' } }),
      ),
      '/api/workspaces/:ws/:resource/:name': fc.oneof(
        notAnObject,
        fc.constant({ metadata: { name: SEEDED.gitrepo }, spec: { repo: 'https://example.com/x.git' } }), // no resourceVersion
        notString.map((resourceVersion) => ({ metadata: { name: SEEDED.gitrepo, resourceVersion }, spec: { repo: 'https://example.com/x.git' } })),
        fc.constant({ metadata: { name: 'other-name', resourceVersion: '1' }, spec: { repo: 'https://example.com/x.git' } }),
      ),
      '/api/workspaces/:ws/gitrepos/:name/polling': fc.oneof(notAnObject, notBool.map((enabled) => ({ enabled })), fc.constant({})),
      '/api/workspaces/:ws/clusters/:name/labels': fc.oneof(
        notAnObject,
        fc.constant({ labels: { env: 'prod' } }),
        wrongScalar.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((labels) => ({ labels, resourceVersion: '1' })),
        fc.dictionary(fc.string({ maxLength: 8 }), notString, { minKeys: 1, maxKeys: 2 }).map((labels) => ({ labels, resourceVersion: '1' })),
        fc.constant({ labels: { 'bad key!': 'v' }, resourceVersion: '1' }),
        fc.constant({ labels: { env: 'x'.repeat(64) }, resourceVersion: '1' }),
      ),
      '/api/workspaces/:ws/clusters/:name/move': fc.oneof(notAnObject, notString.map((workspace) => ({ workspace })), fc.constant({}), fc.constant({ workspace: 'Not_A_Namespace' })),
      '/api/workspaces/:ws/:resource/bulk/:action': fc.oneof(notAnObject, notStringArray.map((names) => ({ names })), fc.constant({})),
      '/api/workspaces/:ws/:resource/_bulk/:action': fc.oneof(notAnObject, notStringArray.map((names) => ({ names })), fc.constant({})),
      '/api/workspaces/:ws/clustergroups/preview': fc.oneof(
        notAnObject,
        fc.constant({}),
        notString.map((selectorText) => ({ selectorText })),
        fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.array(fc.integer(), { maxLength: 2 })).map((matchLabels) => ({ selector: { matchLabels } })),
        fc.constant({ selector: { matchExpressions: [{ key: 'env', operator: 'Sometimes', values: ['a'] }] } }),
      ),
      '/api/workspaces/:ws/secrets': fc.oneof(
        notAnObject,
        fc.constant({}),
        notString.map((name) => ({ name, type: 'basic', username: 'u', password: 'p' })),
        fc.string({ maxLength: 10 }).filter((t) => !['ssh', 'basic', 'helm'].includes(t)).map((type) => ({ name: 'fuzz-secret', type, username: 'u', password: 'p' })),
        fc.constant({ name: 'fuzz-secret', type: 'ssh' }),
        notString.map((password) => ({ name: 'fuzz-secret', type: 'basic', username: 'u', password })),
      ),
    };
    const cases_ = fc.constantFrom(...BODY_ROUTES).chain((route) => fc.tuple(fc.constant(route), bodyFor[route.path] ?? notAnObject, fc.boolean()));
    await fc.assert(
      fc.asyncProperty(cases_, async ([route, body, asYaml]) => {
        cases.count('wrong types');
        const res = asYaml
          ? await send(route.method, pathOf(route), { contentType: YAML_CONTENT_TYPE, body: JSON.stringify(body) }) // JSON is YAML
          : await send(route.method, pathOf(route), { contentType: 'application/json', body: JSON.stringify(body) });
        expectRefused(res, `${label(route)} with ${JSON.stringify(body)}`);
      }),
      runs(800),
    );
  });

  it('huge bodies (JSON and YAML, 1–3 MiB) on every mutating route: 413 TooLarge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATING), fc.integer({ min: 1_050_000, max: 3_000_000 }), fc.boolean(), async (route, size, asYaml) => {
        cases.count('huge body');
        const filler = 'x'.repeat(size);
        const body = asYaml ? `metadata:\n  name: huge\nspec:\n  repo: ${filler}\n` : JSON.stringify({ metadata: { name: 'huge' }, spec: { repo: filler } });
        const res = await send(route.method, pathOf(route), { contentType: asYaml ? YAML_CONTENT_TYPE : 'application/json', body });
        expectRefused(res, `${label(route)} with ${size} bytes`);
        expect(res.status).toBe(413);
        expect(res.body.error.code).toBe('TooLarge');
      }),
      runs(24),
    );
  });

  it('unknown resources on every route: 4xx', async () => {
    const known = new Set(['gitrepos', 'clusters', 'clustergroups', 'bundles', 'bundledeployments', 'events', 'secrets', 'diagnostics', 'workspaces']);
    const resource = fc
      .oneof(fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/), fc.constantFrom('pods', 'secrets.v1', 'gitrepo', 'namespaces', 'customresourcedefinitions', 'clusterroles', 'fleetworkspaces', '%00', 'bundles.fleet.cattle.io'))
      // Express matches fixed path segments case-insensitively (`GitRepos/x/pause` is the pause
      // route of gitrepos), so case variants of known names are not unknown resources.
      .filter((r) => !known.has(r.toLowerCase()));
    const routes = ROUTES.filter((r) => r.path.includes(':resource'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), resource, async (route, r) => {
        cases.count('unknown resource');
        const body = route.body ? { metadata: { name: 'fuzz-new' }, spec: {}, names: ['x'] } : undefined;
        const res = await send(route.method, pathOf(route, { resource: encodeURIComponent(r) }), body ? { body } : {});
        expectRefused(res, `${label(route)} on resource ${r}`);
      }),
      runs(400),
    );
  });

  it('names and workspaces that are not DNS names: 4xx', async () => {
    const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    const badName = fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
        fc.stringMatching(/^[A-Z_][A-Za-z0-9_]{0,10}$/),
        fc.constant('a'.repeat(254)),
        fc.constantFrom('-leading', 'trailing-', 'UPPER', 'under_score', 'dot..dot', '.', '..', 'a b', '<script>', '%', '\u0000', 'ünï'),
      )
      .filter((s) => !(DNS_SUBDOMAIN.test(s) && s.length <= 253));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMED), badName, fc.boolean(), async (route, name, inWorkspace) => {
        cases.count('non-DNS name');
        const values = inWorkspace ? { ws: encodeURIComponent(name) } : { name: encodeURIComponent(name) };
        const body = route.body ? { metadata: { name }, spec: { repo: 'https://example.com/x.git' } } : undefined;
        const res = await send(route.method, pathOf(route, values), body ? { body } : {});
        expectRefused(res, `${label(route)} with ${inWorkspace ? 'workspace' : 'name'} ${JSON.stringify(name)}`);
      }),
      runs(800),
    );
  });

  it('path traversal in names and workspaces: 4xx, never another object', async () => {
    const targets = ['secrets', `namespaces%2F${WS}%2Fsecrets%2F${SEEDED.secret}`, `..%2F..%2F..%2Fapi%2Fv1%2Fnamespaces%2F${WS}%2Fsecrets%2F${SEEDED.secret}`, 'api%2Fv1%2Fsecrets', 'clusters%2Fc1'];
    const dots = fc.constantFrom('..%2F', '..%2f', '%2E%2E%2F', '%2e%2e/', '..%5C', '%252E%252E%252F', '..%252F', '....%2F%2F', '..%3B%2F', '%2E%2E', '..', '.%2E%2F', '%C0%AE%C0%AE%2F');
    const traversal = fc.tuple(fc.array(dots, { minLength: 1, maxLength: 5 }), fc.constantFrom(...targets)).map(([ups, target]) => `${ups.join('')}${target}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMED), traversal, fc.constantFrom('name', 'ws'), async (route, raw, where) => {
        cases.count('path traversal');
        const body = route.body ? { metadata: { name: 'x' }, spec: {} } : undefined;
        const res = await send(route.method, pathOf(route, { [where]: raw }), body ? { body } : {});
        expectRefused(res, `${label(route)} with ${where} ${raw}`);
      }),
      runs(600),
    );
  });

  it('label selectors that do not parse (list query and ClusterGroup preview): 4xx', async () => {
    const badSelector = fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.constantFrom('in (', ' notin ', '!=', '==', '=(', ',,', '!', ' in (a,', '=a=b', '!!a', 'in a')).map(([k, op]) => `${k}${op}`),
        fc.constantFrom('(', ',', '=', 'a in', 'a in ()', 'a notin (b', 'a=b,', '!a=b', 'a!b', 'a b', 'a=b c'),
      )
      .filter((s) => !parseSelector(s).ok);
    const resources = ['gitrepos', 'clusters', 'clustergroups', 'bundles', 'bundledeployments'];
    await fc.assert(
      fc.asyncProperty(badSelector, fc.constantFrom(...resources), fc.boolean(), async (selector, resource, viaPreview) => {
        cases.count('bad selector');
        const res = viaPreview
          ? await send('post', `/api/workspaces/${WS}/clustergroups/preview`, { body: { selectorText: selector } })
          : await send('get', `/api/workspaces/${WS}/${resource}?selector=${encodeURIComponent(selector)}`);
        expectRefused(res, `${viaPreview ? 'preview' : `GET ${resource}`} with selector ${JSON.stringify(selector)}`);
      }),
      runs(600),
    );
  });

  it('mutations without the CSRF header: 403, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATING), fc.jsonValue(), async (route, body) => {
        cases.count('missing CSRF header');
        const res = await send(route.method, pathOf(route), { csrf: false, contentType: 'application/json', body: JSON.stringify(body) });
        expectRefused(res, `${label(route)} without the CSRF header`);
        expect(res.status).toBe(403);
      }),
      runs(200),
    );
  });

  it('no route hands out the Secret: single-object reads of secrets are refused, the list has names only', async () => {
    for (const path of [`/api/workspaces/${WS}/secrets/${SEEDED.secret}`, `/api/workspaces/${WS}/secrets/${SEEDED.secret}?format=yaml`, `/api/workspaces/${WS}/secrets/${SEEDED.secret}/force-update`]) {
      cases.count('secret reads');
      const res = await send(path.endsWith('force-update') ? 'post' : 'get', path);
      expectRefused(res, path);
    }
    cases.count('secret reads');
    const list = await send('get', `/api/workspaces/${WS}/secrets`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([{ name: SEEDED.secret, type: 'kubernetes.io/basic-auth' }]);
    expect(list.text).not.toContain(SECRET_VALUE);
  });

  it('nothing changed, and the server still answers', async () => {
    await assertUnchanged();
    const health = await request(f.url).get('/api/healthz');
    expect(health.status).toBe(200);
    const list = await request(f.url).get(`/api/workspaces/${WS}/gitrepos`).expect(200);
    expect(list.body.items.map((r: { name: string }) => r.name)).toEqual([SEEDED.gitrepo]);
  });
});
