import { describe, expect, it } from 'vitest';
import { etcdVersionOf, generateGoMod, parseGoMod, readUpstreamGoMod, stagingModules, stagingVersionFor } from './go-mod.service';
import { KUBERNETES_VERSION } from './testbed.config';

describe('generateGoMod on the real k8s.io/kubernetes go.mod', async () => {
  const upstreamText = await readUpstreamGoMod(KUBERNETES_VERSION);
  const upstream = parseGoMod(upstreamText);
  const generated = generateGoMod({
    upstreamGoMod: upstreamText,
    kubernetesVersion: KUBERNETES_VERSION,
    modulePath: 'example/testbed',
    extraRequires: { 'go.etcd.io/etcd/server/v3': etcdVersionOf(upstreamText) },
    tools: ['k8s.io/kubernetes/cmd/kube-apiserver'],
  });
  const ours = parseGoMod(generated.text);

  it('replaces every staging module that upstream requires at v0.0.0 by its published v0 release', () => {
    const staging = upstream.requires.filter((r) => r.version === 'v0.0.0').map((r) => r.path);
    expect(staging.length).toBeGreaterThanOrEqual(28);
    expect(ours.replaces.map((r) => r.from).sort()).toEqual([...staging].sort());
    expect(generated.stagingReplaces.size).toBe(31);
    for (const replace of ours.replaces) {
      expect(replace.to).toBe(replace.from);
      expect(replace.toVersion).toBe('v0.36.3');
    }
  });

  it('leaves out staging modules upstream replaces but does not require', () => {
    const replacedOnly = upstream.replaces.filter((r) => !upstream.requires.some((q) => q.path === r.from)).map((r) => r.from);
    expect(replacedOnly).toContain('k8s.io/sample-controller');
    for (const path of replacedOnly) expect(generated.stagingReplaces.has(path)).toBe(false);
    expect(ours.replaces.filter((r) => r.to.startsWith('.'))).toEqual([]);
  });

  it("copies upstream's go and godebug lines and requires kubernetes and etcd", () => {
    expect(ours.go).toBe(upstream.go);
    expect(ours.godebug).toEqual(upstream.godebug);
    expect(ours.godebug.length).toBeGreaterThan(0);
    expect(ours.module).toBe('example/testbed');
    expect(ours.requires).toEqual([
      { path: 'k8s.io/kubernetes', version: KUBERNETES_VERSION, indirect: false },
      { path: 'go.etcd.io/etcd/server/v3', version: 'v3.6.8', indirect: false },
    ]);
    expect(generated.text).toMatch(/^tool \(\n\tk8s\.io\/kubernetes\/cmd\/kube-apiserver\n\)$/m);
  });
});

describe('go.mod parsing', () => {
  it('reads blocks, single-line directives and indirect markers', () => {
    const parsed = parseGoMod(
      [
        'module k8s.io/kubernetes',
        'go 1.26.0',
        'godebug default=go1.26',
        'require example.com/a v1.0.0 // indirect',
        'require (',
        '\tk8s.io/api v0.0.0',
        '\texample.com/b v1.2.3 // indirect; keep',
        ')',
        'replace k8s.io/api => ./staging/src/k8s.io/api',
        'replace example.com/b v1.2.3 => example.com/c v2.0.0',
      ].join('\n'),
    );
    expect(parsed.requires).toEqual([
      { path: 'example.com/a', version: 'v1.0.0', indirect: true },
      { path: 'k8s.io/api', version: 'v0.0.0', indirect: false },
      { path: 'example.com/b', version: 'v1.2.3', indirect: true },
    ]);
    expect(parsed.replaces[1]).toEqual({ from: 'example.com/b', fromVersion: 'v1.2.3', to: 'example.com/c', toVersion: 'v2.0.0' });
    expect(stagingModules(parsed)).toEqual(['k8s.io/api']);
  });

  it('rejects a v0.0.0 requirement that nothing replaces, and odd versions', () => {
    const text = 'module k8s.io/kubernetes\ngo 1.26.0\nrequire k8s.io/lost v0.0.0\n';
    expect(() => generateGoMod({ upstreamGoMod: text, kubernetesVersion: 'v1.36.3', modulePath: 'x' })).toThrow(/k8s.io\/lost/);
    expect(() => stagingVersionFor('v2.0.0')).toThrow();
    expect(stagingVersionFor('v1.36.3')).toBe('v0.36.3');
  });
});
