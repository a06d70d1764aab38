import { describe, expect, it } from 'vitest';
import { expressionRow, keyValueRow } from '../../../shared/forms/form-rows.model';
import { emptyGitRepoForm, targetRow, type GitRepoForm } from './gitrepo-form.model';
import { fieldKeyForPath, goDurationSeconds, pollingWarning, repoUrlKind, validateGitRepoForm } from './gitrepo-form.validation';

const valid = (): GitRepoForm => Object.assign(emptyGitRepoForm(), { name: 'web', repo: 'https://github.com/acme/web' });

describe('validateGitRepoForm', () => {
  it('accepts a minimal form', () => {
    expect(validateGitRepoForm(valid()).fields).toEqual({});
  });

  it('checks the name as a DNS label and the repository URL forms', () => {
    const form = Object.assign(valid(), { name: 'Web_1', repo: 'github.com/acme/web' });
    expect(Object.keys(validateGitRepoForm(form).fields)).toEqual(['metadata.name', 'spec.repo']);
    expect(repoUrlKind('https://github.com/a/b')).toBe('http');
    expect(repoUrlKind('http://git.local:3000/a/b.git')).toBe('http');
    expect(repoUrlKind('ssh://git@github.com/a/b.git')).toBe('ssh');
    expect(repoUrlKind('git@github.com:a/b.git')).toBe('ssh');
    expect(repoUrlKind('ftp://x/y')).toBeUndefined();
    expect(repoUrlKind('https://')).toBeUndefined();
  });

  it('matches credentials to the URL kind and requires what a new credential needs', () => {
    const ssh = Object.assign(valid(), { gitCredential: 'ssh' as const });
    expect(validateGitRepoForm(ssh).fields).toEqual({
      'spec.repo': 'An SSH key needs an ssh:// or git@host:path URL.',
      'credentials.privateKey': expect.stringMatching(/^Paste a private key/),
    });
    const basic = Object.assign(valid(), { repo: 'git@h:a/b', gitCredential: 'basic' as const, helmCredential: 'existing' as const, helmRepoURLRegex: '(' });
    expect(Object.keys(validateGitRepoForm(basic).fields).sort()).toEqual(['credentials.password', 'credentials.username', 'spec.helmRepoURLRegex', 'spec.helmSecretName', 'spec.repo']);
    const ca = Object.assign(valid(), { tls: 'ca' as const, caBundle: 'nope' });
    expect(Object.keys(validateGitRepoForm(ca).fields)).toEqual(['spec.caBundle']);
  });

  it('checks revision, paths, labels, targets and the polling interval', () => {
    const form = Object.assign(valid(), {
      refKind: 'revision' as const,
      paths: [{ id: 1, value: 'a' }, { id: 2, value: 'a' }],
      labels: [keyValueRow('bad key', 'x')],
      targetMode: 'custom' as const,
      targets: [targetRow('cluster'), targetRow('selector')],
      pollingInterval: '10 minutes',
      targetNamespace: 'Apps',
    });
    form.targets[1]?.selector.expressions.push(expressionRow('env', 'In', ''));
    const errors = validateGitRepoForm(form);
    expect(Object.keys(errors.fields).sort()).toEqual(['metadata.labels', 'spec.paths', 'spec.pollingInterval', 'spec.revision', 'spec.targetNamespace', 'spec.targets']);
    expect(errors.targets.get(form.targets[0]!.id)).toEqual({ field: 'Choose a cluster.' });
    expect(errors.targets.get(form.targets[1]!.id)?.selector?.expressions.size).toBe(1);
    expect(validateGitRepoForm(Object.assign(valid(), { targetMode: 'custom' as const, targets: [] })).fields['spec.targets']).toMatch(/Add a target/);
  });
});

describe('polling', () => {
  it('reads Go durations and warns under 15 s without refusing', () => {
    expect(goDurationSeconds('1m30s')).toBe(90);
    expect(goDurationSeconds('500ms')).toBe(0.5);
    expect(goDurationSeconds('15')).toBeUndefined();
    const form = Object.assign(valid(), { pollingInterval: '5s' });
    expect(pollingWarning(form)).toMatch(/at most every 15 s/);
    expect(validateGitRepoForm(form).fields).toEqual({});
    expect(pollingWarning(Object.assign(valid(), { pollingInterval: '15s' }))).toBeNull();
    expect(pollingWarning(Object.assign(valid(), { pollingInterval: '5s', pollingEnabled: false }))).toBeNull();
  });
});

describe('fieldKeyForPath', () => {
  it('maps server paths to the nearest form field', () => {
    expect(fieldKeyForPath('spec.repo')).toBe('spec.repo');
    expect(fieldKeyForPath('spec.targets[0].clusterSelector.matchLabels')).toBe('spec.targets');
    expect(fieldKeyForPath('spec.correctDrift.enabled')).toBe('spec.correctDrift');
    expect(fieldKeyForPath('metadata.labels[bad key]')).toBe('metadata.labels');
    expect(fieldKeyForPath('spec.unknown')).toBeUndefined();
  });
});
