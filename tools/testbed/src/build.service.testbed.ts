import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTestbedBinaries, versionLdflags } from './build.service';

const COLD_BUILD_TIMEOUT = 40 * 60_000;

describe('versionLdflags', () => {
  it('stamps the release into both version packages, as upstream does', () => {
    const flags = versionLdflags('v1.36.3', '2026-07-22T18:07:38Z');
    for (const pkg of ['k8s.io/client-go/pkg/version', 'k8s.io/component-base/version']) {
      expect(flags).toContain(`-X ${pkg}.gitVersion=v1.36.3`);
      expect(flags).toContain(`-X ${pkg}.gitMajor=1`);
      expect(flags).toContain(`-X ${pkg}.gitMinor=36`);
      expect(flags).toContain(`-X ${pkg}.buildDate=2026-07-22T18:07:38Z`);
    }
    expect(() => versionLdflags('1.36', 'x')).toThrow();
  });
});

describe('ensureTestbedBinaries', () => {
  it(
    'builds once when two callers start at the same time on an empty cache, then answers from the cache',
    async () => {
      // Fill the shared cache first, so the Go build cache is warm for the empty one below.
      const shared = await ensureTestbedBinaries();
      expect(execFileSync(shared.kubeApiserver, ['--version'], { encoding: 'utf8' }).trim()).toBe('Kubernetes v1.36.3');
      expect(execFileSync(shared.etcd, ['--version'], { encoding: 'utf8' })).toContain('etcd Version: 3.6.8');

      const cacheDir = mkdtempSync(join(tmpdir(), 'fleet-testbed-cache-'));
      try {
        const builds: string[] = [];
        const log = (line: string) => {
          if (line.startsWith('building kube-apiserver')) builds.push(line);
        };
        const [a, b] = await Promise.all([ensureTestbedBinaries({ cacheDir, log }), ensureTestbedBinaries({ cacheDir, log })]);
        expect(builds).toHaveLength(1);
        expect(a).toEqual(b);
        expect(a.kubeApiserver.startsWith(cacheDir)).toBe(true);
        const versionDir = join(cacheDir, 'testbed', 'v1.36.3');
        // No temp folder left behind, one complete bin folder.
        expect(readdirSync(versionDir).filter((f) => f.startsWith('bin'))).toEqual(['bin']);
        expect(readdirSync(join(versionDir, 'bin')).sort()).toEqual(['kube-apiserver', 'manifest.json', 'testbed-etcd']);
        const started = Date.now();
        await ensureTestbedBinaries({ cacheDir });
        expect(Date.now() - started).toBeLessThan(1000);
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    },
    COLD_BUILD_TIMEOUT,
  );
});
