// Request/response pairs observed on a real kube-apiserver v1.36, replayed against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox.server';
import { client, fleetCrds, gitRepo, GR } from './sandbox-test.fixture';

let sb: Sandbox;
let call: ReturnType<typeof client>;
const SECRETS = '/api/v1/namespaces/fleet-default/secrets';
const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeAll(async () => {
  sb = await startSandbox({ crds: await fleetCrds() });
  call = client(sb);
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'fleet-default' } });
});
afterAll(() => sb.stop());

describe('decoding and type meta', () => {
  it('a custom resource naming another kind is 422 on the field kind, named after that kind', async () => {
    const r = await call('POST', GR, { ...gitRepo('x'), kind: 'Bundle' });
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Bundle.fleet.cattle.io "x" is invalid: kind: Invalid value: "Bundle": must be GitRepo',
      reason: 'Invalid',
      details: {
        name: 'x',
        group: 'fleet.cattle.io',
        kind: 'Bundle',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "Bundle": must be GitRepo', field: 'kind' }],
      },
      code: 422,
    });
  });

  it('a custom resource PUT with another kind is 422 too', async () => {
    const created = await call('POST', GR, gitRepo('put-kind'));
    expect(created.status).toBe(201);
    const r = await call('PUT', `${GR}/put-kind`, { ...created.json, kind: 'Bundle' });
    expect(r.status).toBe(422);
    expect(r.json.message).toBe('Bundle.fleet.cattle.io "put-kind" is invalid: kind: Invalid value: "Bundle": must be GitRepo');
  });

  it('an apiVersion that does not match the URL is 400', async () => {
    const r = await call('POST', GR, { ...gitRepo('x'), apiVersion: 'fleet.cattle.io/v1' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the API version in the data (fleet.cattle.io/v1) does not match the expected API version (fleet.cattle.io/v1alpha1)',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('a truncated JSON body is 400 with the Go parser text and a summary of the body', async () => {
    const r = await call('POST', GR, '{"apiVersion": ');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'the object provided is unrecognized (must be of type GitRepo): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"apiVersion": )',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('a custom resource without kind or apiVersion, and a null body', async () => {
    const noKind = await call('POST', GR, { apiVersion: 'fleet.cattle.io/v1alpha1', metadata: { name: 'mk' }, spec: { repo: 'x' } });
    expect(noKind.status).toBe(400);
    expect(noKind.json.message).toBe(
      'the object provided is unrecognized (must be of type GitRepo): Object \'Kind\' is missing in \'{"apiVersion":"fleet.cattle.io/v1alpha1","metadata":{"name":"mk"},"spec":{"repo":"x"}}\' ({"apiVersion":"fleet.cattle.io ...)',
    );
    const noVersion = await call('POST', GR, { kind: 'GitRepo', metadata: { name: 'ma' }, spec: { repo: 'x' } });
    expect(noVersion.json.message).toBe('the API version in the data () does not match the expected API version (fleet.cattle.io/v1alpha1)');
    const nullCr = await call('POST', GR, 'null');
    expect(nullCr.json.message).toBe("the object provided is unrecognized (must be of type GitRepo): Object 'Kind' is missing in 'null' (6e756c6c)");
    const nullSecret = await call('POST', SECRETS, 'null');
    expect(nullSecret.status).toBe(422);
    expect(nullSecret.json.message).toBe('Secret "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('a custom resource PUT needs a resourceVersion; a secret PUT does not', async () => {
    expect((await call('POST', GR, gitRepo('put-rv'))).status).toBe(201);
    const r = await call('PUT', `${GR}/put-rv`, gitRepo('put-rv'));
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'gitrepos.fleet.cattle.io "put-rv" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
      reason: 'Invalid',
      details: {
        name: 'put-rv',
        group: 'fleet.cattle.io',
        kind: 'gitrepos',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be specified for an update', field: 'metadata.resourceVersion' }],
      },
      code: 422,
    });
    expect((await call('POST', SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'put-free' } })).status).toBe(201);
    expect((await call('PUT', `${SECRETS}/put-free`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'put-free', labels: { a: 'b' } } })).status).toBe(200);
  });

  it('other malformed bodies: Go texts, long bodies cut at 30 bytes, non-objects in hex', async () => {
    const bad = await call('POST', GR, '{"apiVersion": "fleet.cattle.io/v1alpha1", x}');
    expect(bad.json.message).toBe(
      'the object provided is unrecognized (must be of type GitRepo): couldn\'t get version/kind; json parse error: invalid character \'x\' looking for beginning of object key string ({"apiVersion": "fleet.cattle.i ...)',
    );
    const arr = await call('POST', `${SECRETS}`, '[1]');
    expect(arr.status).toBe(400);
    expect(arr.json.message).toBe(
      'the object provided is unrecognized (must be of type Secret): couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b315d)',
    );
    const empty = await call('POST', GR, '');
    expect(empty.json.message).toBe(
      "the object provided is unrecognized (must be of type GitRepo): couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)",
    );
  });
});

describe('secret validation', () => {
  const secret = (name: string, type: string, data: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, ...((extra.metadata as object) ?? {}) },
    type,
    data,
    ...extra,
  });

  it('ssh-auth needs a non-empty ssh-privatekey', async () => {
    const r = await call('POST', SECRETS, secret('bad-ssh', 'kubernetes.io/ssh-auth'));
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Secret "bad-ssh" is invalid: data[ssh-privatekey]: Required value',
      reason: 'Invalid',
      details: { name: 'bad-ssh', kind: 'Secret', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'data[ssh-privatekey]' }] },
      code: 422,
    });
    expect((await call('POST', SECRETS, secret('empty-ssh', 'kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }))).status).toBe(422);
    expect((await call('POST', SECRETS, secret('good-ssh', 'kubernetes.io/ssh-auth', { 'ssh-privatekey': b64('key') }))).status).toBe(201);
  });

  it('basic-auth needs username or password (either may be empty)', async () => {
    const r = await call('POST', SECRETS, secret('bad-basic', 'kubernetes.io/basic-auth'));
    expect(r.status).toBe(422);
    expect(r.json.message).toBe('Secret "bad-basic" is invalid: [data[username]: Required value, data[password]: Required value]');
    expect((r.json.details as any).causes.map((c: any) => c.field)).toEqual(['data[username]', 'data[password]']);
    expect((await call('POST', SECRETS, secret('user-only', 'kubernetes.io/basic-auth', { username: '' }))).status).toBe(201);
    expect((await call('POST', SECRETS, { ...secret('pw-string', 'kubernetes.io/basic-auth'), stringData: { password: 'p' } })).status).toBe(201);
  });

  it('tls needs tls.crt and tls.key', async () => {
    const r = await call('POST', SECRETS, secret('bad-tls', 'kubernetes.io/tls', { 'tls.crt': b64('c') }));
    expect(r.status).toBe(422);
    expect(r.json.message).toBe('Secret "bad-tls" is invalid: data[tls.key]: Required value');
  });

  it('dockerconfigjson needs a JSON object in .dockerconfigjson', async () => {
    const missing = await call('POST', SECRETS, secret('dcj-missing', 'kubernetes.io/dockerconfigjson'));
    expect(missing.json.message).toBe('Secret "dcj-missing" is invalid: data[.dockerconfigjson]: Required value');
    const broken = await call('POST', SECRETS, secret('dcj-broken', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths":') }));
    expect(broken.status).toBe(422);
    expect(broken.json.message).toBe('Secret "dcj-broken" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input');
    const list = await call('POST', SECRETS, secret('dcj-list', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('[]') }));
    expect(list.json.message).toBe(
      'Secret "dcj-list" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect((await call('POST', SECRETS, secret('dcj-ok', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths":{}}') }))).status).toBe(201);
  });

  it('service-account-token needs the service account name annotation', async () => {
    const r = await call('POST', SECRETS, secret('sat', 'kubernetes.io/service-account-token'));
    expect(r.json.message).toBe('Secret "sat" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value');
  });

  it('data keys are config keys and the total is at most 1 MiB', async () => {
    const keys = await call('POST', SECRETS, secret('keys', 'Opaque', { 'bad key': b64('x'), '..dots': b64('y') }));
    expect(keys.status).toBe(422);
    expect((keys.json.details as any).causes.map((c: any) => `${c.field}: ${c.message}`)).toEqual([
      "data[..dots]: Invalid value: \"..dots\": must not start with '..'",
      `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
    const big = await call('POST', SECRETS, secret('big', 'Opaque', { a: Buffer.alloc(700 * 1024).toString('base64'), b: Buffer.alloc(400 * 1024).toString('base64') }));
    expect(big.status).toBe(422);
    expect(big.json.message).toBe('Secret "big" is invalid: data: Too long: may not be more than 1048576 bytes');
  });

  it('type is immutable, and so is the data of an immutable secret', async () => {
    expect((await call('POST', SECRETS, secret('imm', 'Opaque', { a: b64('1') }, { immutable: true }))).status).toBe(201);
    const retype = await call('PATCH', `${SECRETS}/imm`, { type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c'), 'tls.key': b64('k') } }, { contentType: 'application/merge-patch+json' });
    expect(retype.status).toBe(422);
    expect((retype.json.details as any).causes.map((c: any) => c.field)).toEqual(['type', 'data']);
    const unfreeze = await call('PATCH', `${SECRETS}/imm`, { immutable: false }, { contentType: 'application/merge-patch+json' });
    expect(unfreeze.json.message).toBe('Secret "imm" is invalid: immutable: Forbidden: field is immutable when `immutable` is set');
    const labels = await call('PATCH', `${SECRETS}/imm`, { metadata: { labels: { a: 'b' } } }, { contentType: 'application/merge-patch+json' });
    expect(labels.status).toBe(200);
  });
});

describe('JSON patch on the server', () => {
  it('replace of an absent key sets it; remove of an absent key is 422', async () => {
    expect((await call('POST', GR, gitRepo('jp'))).status).toBe(201);
    const set = await call('PATCH', `${GR}/jp`, [{ op: 'replace', path: '/spec/paused', value: true }], { contentType: 'application/json-patch+json' });
    expect(set.status).toBe(200);
    expect((set.json.spec as any).paused).toBe(true);
    const remove = await call('PATCH', `${GR}/jp`, [{ op: 'remove', path: '/spec/branch' }], { contentType: 'application/json-patch+json' });
    expect(remove.status).toBe(422);
    // kube-apiserver keeps the patch library's text to itself
    expect(remove.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
  });

  it('a malformed patch is 400 with the Go parser text', async () => {
    const r = await call('PATCH', `${GR}/jp`, '[{"op": "add",', { contentType: 'application/json-patch+json' });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('error decoding patch: unexpected end of JSON input');
    const field = await call('PATCH', `${GR}/jp`, [{ op: 'replace', path: 5, value: 1 }], { contentType: 'application/json-patch+json' });
    expect(field.status).toBe(400);
    expect(field.json.message).toBe('error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string');
  });

  it('more than 10000 operations is 413', async () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'GitRepo' }));
    const r = await call('PATCH', `${GR}/jp`, ops, { contentType: 'application/json-patch+json' });
    expect(r.status).toBe(413);
    expect(r.json.message).toBe('Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
  });
});

describe('x-kubernetes-validations (CEL)', () => {
  it('rejects a polling interval in days with the rule message', async () => {
    const r = await call('POST', GR, gitRepo('pi', { repo: 'https://github.com/rancher/fleet-examples', pollingInterval: '1d' }));
    expect(r.status).toBe(422);
    const message =
      'must be a valid Go duration using units ns, us, µs, ms, s, m, h (e.g. 15s, 5m, 2h, 1h30m); units like d (days) or w (weeks) are not supported';
    expect(r.json.message).toBe(`GitRepo.fleet.cattle.io "pi" is invalid: spec.pollingInterval: Invalid value: "1d": ${message}`);
    expect((r.json.details as any).causes).toEqual([{ reason: 'FieldValueInvalid', message: `Invalid value: "1d": ${message}`, field: 'spec.pollingInterval' }]);
  });

  it('accepts Go durations and "0", on create and on update', async () => {
    for (const [i, ok] of ['15s', '1h30m', '0', '2.5m', '250ms'].entries()) {
      const r = await call('POST', GR, gitRepo(`pi-ok-${i}`, { repo: 'https://x/y', pollingInterval: ok }));
      expect(r.status, `${ok}: ${r.text}`).toBe(201);
    }
    const upd = await call('PATCH', `${GR}/pi-ok-0`, { spec: { pollingInterval: '3w' } }, { contentType: 'application/merge-patch+json' });
    expect(upd.status).toBe(422);
    expect(sb.unsupportedCelRules()).toEqual([]);
  });

  it('reports a duration that cannot be converted as an evaluation error', async () => {
    const r = await call('POST', GR, gitRepo('of', { repo: 'https://x/y', pollingInterval: '2562048h' }));
    expect(r.status).toBe(422);
    expect(r.json.message).toBe(
      'GitRepo.fleet.cattle.io "of" is invalid: spec.pollingInterval: Invalid value: "string": type conversion error from \'string\' to \'google.protobuf.Duration\' evaluating rule: must be a valid Go duration using units ns, us, µs, ms, s, m, h (e.g. 15s, 5m, 2h, 1h30m); units like d (days) or w (weeks) are not supported',
    );
  });

  it('does not evaluate rules when a schema error blocks them, and says so', async () => {
    const r = await call('POST', GR, { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'norepo' }, spec: { pollingInterval: '1d' } });
    expect(r.status).toBe(422);
    expect(r.json.message).toBe(
      'GitRepo.fleet.cattle.io "norepo" is invalid: [spec.repo: Required value, <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });
});
