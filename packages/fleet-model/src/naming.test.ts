import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { md5Hex, sha256Hex } from './digest';
import {
  LABELS,
  bundleDeploymentLabels,
  bundleLabels,
  bundleName,
  cleanPath,
  clusterNamespace,
  helmReleaseName,
  keyHash,
  limitName,
  safeConcatName,
} from './naming';

const here = dirname(fileURLToPath(import.meta.url));
const examples = resolve(here, '../../../../shared/fleet/examples');

const str50 = '1234567890'.repeat(5);
const str53 = `${str50}123`;
const str63 = `${str50}1234567890123`;

describe('digests', () => {
  it('match known test vectors', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('a'.repeat(1000)).length).toBe(64);
  });
});

describe('names.Limit (Fleet name_test.go vectors)', () => {
  it.each([
    ['1234567', 5, '12345'],
    ['1234567', 6, '123456'],
    ['1234567', 7, '1234567'],
    ['1234567', 8, '1234567'],
    ['12345678', 8, '12345678'],
    ['12345678', 7, '1-25d55'],
    ['123456789', 8, '12-25f9e'],
    ['1-3456789', 8, '1-9b657'],
  ])('Limit(%s, %i) = %s', (arg, n, result) => {
    expect(limitName(arg, n)).toBe(result);
  });
});

describe('HelmReleaseName / bundle names (Fleet name_test.go vectors)', () => {
  it.each([
    [str53, str53],
    [`${str53}a`, '12345678901234567890123456789012345678901234567-fdba4'],
    [`${str63}a`, '12345678901234567890123456789012345678901234567-eb12d'],
    ['long-name-test-shortpath-with@char', 'long-name-test-shortpath-with-char-031bab5e'],
    ['long-name-test-shortpath-with+char', 'long-name-test-shortpath-with-char-21c88393'],
    ['long-name-test-0.App_ ', 'long-name-test-0-app-5bf6b3fb'],
    ['long-name-test--App_-_12.factor', 'long-name-test-app-12-factor-0efbac37'],
    ['bundle.name.example.com', 'bundle-name-example-com-645ef821'],
    [`${str53.slice(0, 46)}-1234567`, '1234567890123456789012345678901234567890123456-d0bce'],
  ])('HelmReleaseName(%j) = %s', (arg, result) => {
    expect(helmReleaseName(arg)).toBe(result);
  });

  it('bundleName joins and cleans the path like filepath.Join, then / becomes -', () => {
    expect(bundleName('simple', 'dir/sub')).toBe('simple-dir-sub');
    expect(bundleName('simple', './dir/sub/')).toBe('simple-dir-sub');
    expect(bundleName('simple', '')).toBe('simple');
    expect(bundleName('simple', '.')).toBe('simple');
    expect(bundleName('repo', 'apps', 'fleet-prod.yaml')).toBe('repo-apps-fleet-prod');
    expect(cleanPath('a//b/../c/.')).toBe('a/c');
  });

  it('upper case or invalid characters add an 8-hex suffix (collision avoidance)', () => {
    expect(bundleName('Repo', 'Apps')).toMatch(/^repo-apps-[0-9a-f]{8}$/);
    expect(bundleName('repo', 'my_app')).toMatch(/^repo-my-app-[0-9a-f]{8}$/);
  });

  it('falls back to 24 hex characters when nothing valid remains', () => {
    expect(helmReleaseName('')).toBe(md5Hex('').slice(0, 24));
    // invalid characters alone still leave the appended hash, which is valid
    expect(helmReleaseName('___')).toBe(md5Hex('___').slice(0, 8));
  });

  it('property: always ≤ 53 characters, DNS-label charset, deterministic', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ maxLength: 120 }), (repo, path) => {
        const name = bundleName(repo, path);
        expect(name.length).toBeLessThanOrEqual(53);
        expect(name.length).toBeGreaterThan(0);
        expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        expect(bundleName(repo, path)).toBe(name);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cluster namespaces (SafeConcatName + KeyHash)', () => {
  it('fleet-local/local gives the namespace seen in Fleet integration tests', () => {
    expect(clusterNamespace('fleet-local', 'local')).toBe('cluster-fleet-local-local-1a3d67d0a899');
    const bd = parse(readFileSync(resolve(examples, 'bundledeployment.fleet-integrationtest.yaml'), 'utf8')) as {
      metadata: { namespace: string };
    };
    expect(clusterNamespace('fleet-local', 'local')).toBe(bd.metadata.namespace);
  });

  it('a name of 64+ characters is cut to 63 ending in a short sha256 suffix', () => {
    const ns = clusterNamespace('fleet-default', 'a-very-long-downstream-cluster-name-for-testing');
    const full = `cluster-fleet-default-a-very-long-downstream-cluster-name-for-testing-${keyHash('fleet-default::a-very-long-downstream-cluster-name-for-testing')}`;
    expect(full.length).toBeGreaterThanOrEqual(64);
    expect(ns.length).toBe(63);
    expect(ns).toBe(`${full.slice(0, 57)}-${sha256Hex(full).slice(0, 5)}`);
  });

  it('SafeConcatName uses 56 + 6 hex when the 57th character is not alphanumeric', () => {
    const parts = ['x'.repeat(56), 'yyyyyyyyyy'];
    const full = parts.join('-');
    expect(safeConcatName(...parts)).toBe(`${full.slice(0, 56)}-${sha256Hex(full).slice(0, 6)}`);
    expect(safeConcatName('short', 'name')).toBe('short-name');
  });

  it('KeyHash only hashes the first 100 characters', () => {
    expect(keyHash('a'.repeat(100))).toBe(keyHash('a'.repeat(150)));
  });

  it('property: cluster namespaces are ≤ 63 characters and start with cluster-', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    fc.assert(
      fc.property(label, label, (ws, name) => {
        const ns = clusterNamespace(ws, name);
        expect(ns.length).toBeLessThanOrEqual(63);
        expect(ns.startsWith('cluster-')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('labels', () => {
  it('bundle labels = GitRepo labels + repo-name + commit', () => {
    const labels = bundleLabels({ metadata: { name: 'simple', labels: { team: 'a' } } }, 'abc123');
    expect(labels).toEqual({ team: 'a', [LABELS.repoName]: 'simple', [LABELS.commit]: 'abc123' });
  });

  it('BD labels (subtlety "BD labels"): *cattle.io* dropped but fleet.cattle.io kept, + bundle/cluster labels', () => {
    const bundle = {
      metadata: {
        name: 'testbundle-simple-chart',
        namespace: 'fleet-local',
        labels: {
          [LABELS.commit]: 'e40edabfeada51874ac9caf5770655b720177380',
          'management.cattle.io/owner': 'x',
          'kubectl.kubernetes.io/last-applied': 'y',
          team: 'a',
        },
      },
    };
    const cluster = { metadata: { name: 'local', namespace: 'fleet-local' } };
    const expected = parse(readFileSync(resolve(examples, 'bundledeployment.fleet-integrationtest.yaml'), 'utf8')) as {
      metadata: { labels: Record<string, string> };
    };
    expect(bundleDeploymentLabels(bundle, cluster)).toEqual({ ...expected.metadata.labels, team: 'a' });
  });
});
