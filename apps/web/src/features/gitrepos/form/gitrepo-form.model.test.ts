import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyValueRow } from '../../../shared/forms/form-rows.model';
import { cloneBase } from '../../../shared/forms/clone-base.model';
import { decodeBase64, emptyGitRepoForm, encodeBase64, formFromGitRepo, gitRepoFromForm, newSecretName, targetRow } from './gitrepo-form.model';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUé\n-----END CERTIFICATE-----\n';

const full = {
  apiVersion: 'fleet.cattle.io/v1alpha1',
  kind: 'GitRepo',
  metadata: {
    name: 'guestbook',
    namespace: 'fleet-default',
    resourceVersion: '812',
    uid: 'u-1',
    labels: { team: 'web' },
    annotations: { 'field.cattle.io/description': 'The guestbook', 'example.com/keep': 'yes' },
  },
  spec: {
    repo: 'https://github.com/rancher/fleet-examples',
    branch: 'main',
    paths: ['simple', 'helm'],
    targets: [
      { name: 'one', clusterName: 'dev-1' },
      { clusterGroup: 'prod' },
      { clusterSelector: { matchLabels: { env: 'dev' }, matchExpressions: [{ key: 'region', operator: 'In', values: ['eu', 'us'] }] } },
      { name: 'adv', clusterGroup: 'prod', clusterSelector: { matchLabels: { tier: 'gold' } } },
    ],
    serviceAccount: 'deployer',
    targetNamespace: 'apps',
    clientSecretName: 'git-cred',
    helmSecretName: 'helm-cred',
    helmSecretNameForPaths: 'per-path',
    helmRepoURLRegex: '^https://charts\\.example\\.com/.*',
    caBundle: encodeBase64(PEM),
    pollingInterval: '1m',
    disablePolling: false,
    correctDrift: { enabled: true, force: true },
    keepResources: true,
    paused: true,
    webhookSecret: 'hook',
    forceSyncGeneration: 4,
  },
  status: { commit: 'abc' },
};

describe('formFromGitRepo / gitRepoFromForm', () => {
  it('reads every field the form shows', () => {
    const form = formFromGitRepo(full);
    expect(form).toMatchObject({
      name: 'guestbook',
      description: 'The guestbook',
      repo: 'https://github.com/rancher/fleet-examples',
      refKind: 'branch',
      branch: 'main',
      targetMode: 'custom',
      gitCredential: 'existing',
      gitSecretName: 'git-cred',
      helmCredential: 'existing',
      tls: 'ca',
      caBundle: PEM,
      pollingEnabled: true,
      pollingInterval: '1m',
      correctDrift: true,
      keepResources: true,
    });
    expect(form.paths.map((p) => p.value)).toEqual(['simple', 'helm']);
    expect(form.targets.map((t) => t.kind)).toEqual(['cluster', 'group', 'selector', 'advanced']);
    expect(form.labels.map((l) => [l.key, l.value])).toEqual([['team', 'web']]);
  });

  it('gives the object back unchanged, with the fields the form does not know', () => {
    expect(gitRepoFromForm(formFromGitRepo(full), { workspace: 'fleet-default', base: full })).toEqual(full);
  });

  it('writes edits over the base and keeps the rest', () => {
    const form = formFromGitRepo(full);
    form.description = '';
    form.refKind = 'revision';
    form.revision = 'v1.2.0';
    form.targetMode = 'all';
    form.tls = 'insecure';
    form.pollingEnabled = false;
    form.correctDrift = false;
    form.gitCredential = 'none';
    const out = gitRepoFromForm(form, { workspace: 'fleet-default', base: full }) as typeof full & { spec: Record<string, unknown> };
    expect(out.metadata.annotations).toEqual({ 'example.com/keep': 'yes' });
    expect(out.spec.branch).toBeUndefined();
    expect(out.spec.revision).toBe('v1.2.0');
    expect(out.spec.targets).toEqual([{ clusterSelector: {} }]);
    expect(out.spec.caBundle).toBeUndefined();
    expect(out.spec.insecureSkipTLSVerify).toBe(true);
    expect(out.spec.disablePolling).toBe(true);
    expect(out.spec.correctDrift).toEqual({ force: true });
    expect(out.spec.clientSecretName).toBeUndefined();
    expect(out.spec.helmSecretNameForPaths).toBe('per-path');
    expect(out.metadata.resourceVersion).toBe('812');
  });

  it('builds a new GitRepo from a fresh form: all clusters, new credentials by name', () => {
    const form = emptyGitRepoForm();
    Object.assign(form, { name: 'web', repo: 'git@github.com:acme/web.git', gitCredential: 'ssh', helmCredential: 'basic' });
    form.labels.push(keyValueRow('', ''));
    expect(gitRepoFromForm(form, { workspace: 'ws', newGitSecretName: 'web-git-auth-x', newHelmSecretName: 'web-helm-auth-x' })).toEqual({
      apiVersion: 'fleet.cattle.io/v1alpha1',
      kind: 'GitRepo',
      metadata: { name: 'web', namespace: 'ws' },
      spec: { repo: 'git@github.com:acme/web.git', targets: [{ clusterSelector: {} }], clientSecretName: 'web-git-auth-x', helmSecretName: 'web-helm-auth-x' },
    });
  });

  it('maps target rows to targets, keeping each target’s other fields', () => {
    const form = formFromGitRepo(full);
    const [first] = form.targets;
    if (first) first.clusterName = 'dev-2';
    form.targets.push(targetRow('group'));
    const last = form.targets[form.targets.length - 1];
    if (last) last.clusterGroup = 'edge';
    const spec = gitRepoFromForm(form, { workspace: 'fleet-default', base: full }).spec as { targets: unknown[] };
    expect(spec.targets[0]).toEqual({ name: 'one', clusterName: 'dev-2' });
    expect(spec.targets[3]).toEqual(full.spec.targets[3]);
    expect(spec.targets[4]).toEqual({ clusterGroup: 'edge' });
  });

  it('uses No clusters for an object without targets and keeps an empty list as written', () => {
    const none = { metadata: { name: 'a' }, spec: { repo: 'https://x/y', targets: [] } };
    const form = formFromGitRepo(none);
    expect(form.targetMode).toBe('none');
    expect(gitRepoFromForm(form, { workspace: 'w', base: none }).spec).toEqual({ repo: 'https://x/y', targets: [] });
  });

  it('round-trips generated GitRepos', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);
    const labelValue = fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,10}[a-z0-9])?$/);
    const selector = fc.record(
      {
        matchLabels: fc.dictionary(name, labelValue, { minKeys: 1, maxKeys: 3 }),
        matchExpressions: fc.array(
          fc.oneof(
            fc.record({ key: name, operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 3 }) }),
            fc.record({ key: name, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
          ),
          { minLength: 1, maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    );
    const target = fc.oneof(
      fc.record({ name, clusterName: name }, { requiredKeys: ['clusterName'] }),
      fc.record({ name, clusterGroup: name }, { requiredKeys: ['clusterGroup'] }),
      fc.record({ clusterSelector: selector, extra: fc.integer() }, { requiredKeys: ['clusterSelector'] }),
      fc.record({ clusterGroupSelector: selector, clusterName: name }),
    );
    const gitRepo = fc.record({
      metadata: fc.record(
        { name, labels: fc.dictionary(name, labelValue, { maxKeys: 3 }), annotations: fc.dictionary(fc.constantFrom('field.cattle.io/description', 'x/y'), fc.string({ minLength: 1 })) },
        { requiredKeys: ['name'] },
      ),
      spec: fc.record(
        {
          repo: fc.constantFrom('https://github.com/a/b', 'git@github.com:a/b.git'),
          branch: name,
          paths: fc.array(name, { minLength: 1, maxLength: 3 }),
          targets: fc.array(target, { maxLength: 4 }),
          serviceAccount: name,
          clientSecretName: name,
          helmSecretName: name,
          insecureSkipTLSVerify: fc.boolean(),
          disablePolling: fc.boolean(),
          pollingInterval: fc.constantFrom('15s', '1m', '1h30m'),
          correctDrift: fc.record({ enabled: fc.boolean(), force: fc.boolean() }, { requiredKeys: [] }),
          keepResources: fc.boolean(),
          unknownField: fc.jsonValue(),
        },
        { requiredKeys: ['repo'] },
      ),
    });
    fc.assert(
      fc.property(gitRepo, (object) => {
        const back = gitRepoFromForm(formFromGitRepo(object), { workspace: 'w', base: object });
        const expected = { ...object, apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { ...object.metadata, namespace: 'w' } };
        expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(expected)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('cloneBase', () => {
  it('renames, drops status and server metadata, keeps the spec', () => {
    const clone = cloneBase(full) as typeof full;
    expect(clone.metadata).toEqual({ name: 'guestbook-copy', namespace: 'fleet-default', labels: { team: 'web' }, annotations: full.metadata.annotations });
    expect((cloneBase({ metadata: { name: 'a', labels: { 'fleet.cattle.io/created-by-user-id': 'u-1', x: 'y' } } }) as typeof full).metadata.labels).toEqual({ x: 'y' });
    expect('status' in clone).toBe(false);
    expect(clone.spec).toEqual(full.spec);
    expect(formFromGitRepo(clone).name).toBe('guestbook-copy');
  });
});

describe('helpers', () => {
  it('base64 round-trips UTF-8 and refuses what is not base64', () => {
    expect(decodeBase64(encodeBase64(PEM))).toBe(PEM);
    expect(decodeBase64('%%%')).toBeUndefined();
  });
  it('names new secrets after the GitRepo', () => {
    expect(newSecretName('web', 'git', 'a1b2c')).toBe('web-git-auth-a1b2c');
  });
});
