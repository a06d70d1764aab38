import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELM_VERSION, helmCacheDir, helmLdflags } from './helm-build.service';

describe('helm build', () => {
  it('stamps the release and the Kubernetes version helm assumes without a cluster, as helm\'s Makefile does', () => {
    const flags = helmLdflags('v3.22.0', 'v0.37.0');
    expect(flags).toContain('-X helm.sh/helm/v3/internal/version.version=v3.22.0');
    for (const pkg of ['pkg/lint/rules', 'pkg/chartutil']) {
      expect(flags).toContain(`-X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1`);
      expect(flags).toContain(`-X helm.sh/helm/v3/${pkg}.k8sVersionMinor=37`);
    }
    expect(() => helmLdflags('v3.22.0', 'v1.2.3')).toThrow(/client-go/);
  });

  it('caches by version under <cache>/tools', () => {
    expect(helmCacheDir({ cacheDir: '/c' })).toBe(join('/c', 'tools', `helm-${HELM_VERSION}`));
    expect(helmCacheDir({ cacheDir: '/c', version: 'v3.1.0' })).toBe(join('/c', 'tools', 'helm-v3.1.0'));
  });
});
