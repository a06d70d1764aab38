import { describe, expect, it } from 'vitest';
import { LABELS, bundleName, type Bundle, type Cluster, type GitRepo } from '@fleet-dashboard/fleet-model';
import { deploymentIdFor, deploymentOptions, desiredBundle, desiredBundleDeployment } from './bundle-spec.model';
import { pathContent } from './repo-content.model';

const gitRepo = (spec: Record<string, unknown> = {}): GitRepo =>
  ({ metadata: { name: 'apps', namespace: 'fleet-default', labels: { team: 'web' } }, spec: { repo: 'https://github.com/rancher/fleet-examples', ...spec } }) as GitRepo;
const cluster = (paused = false): Cluster =>
  ({ metadata: { name: 'prod-1', namespace: 'fleet-default' }, spec: { paused }, status: { namespace: 'cluster-fleet-default-prod-1-abc' } }) as Cluster;

describe('desiredBundle', () => {
  it('names, labels and targets the bundle as fleet apply does', () => {
    const b = desiredBundle(gitRepo({ targets: [{ name: 'prod', clusterGroup: 'production' }] }), 'multi-cluster/helm', 'c'.repeat(40), pathContent('multi-cluster/helm'));
    expect(b.metadata.name).toBe(bundleName('apps', 'multi-cluster/helm'));
    expect(b.metadata.labels).toEqual({ team: 'web', [LABELS.repoName]: 'apps', [LABELS.commit]: 'c'.repeat(40) });
    expect(b.spec?.targets).toEqual([{ name: 'prod', clusterGroup: 'production' }]);
    expect(b.spec?.targetRestrictions).toEqual([{ name: 'prod', clusterGroup: 'production' }]);
    expect(b.spec?.helm).toMatchObject({ releaseName: 'guestbook' });
    expect(b.spec?.defaultNamespace).toBe('fleet-mc-helm-example');
  });

  it('uses the default target without targets and carries paused / forceSyncGeneration', () => {
    const b = desiredBundle(gitRepo({ paused: true, forceSyncGeneration: 3 }), '', 'a'.repeat(40), pathContent(''));
    expect(b.metadata.name).toBe('apps');
    expect(b.spec?.targets).toEqual([{ name: 'default', clusterGroup: 'default' }]);
    expect(b.spec?.paused).toBe(true);
    expect(b.spec?.forceSyncGeneration).toBe(3);
  });

  it('changes the deploymentID with the commit or the options, not otherwise', () => {
    const one = desiredBundle(gitRepo(), 'simple', 'a'.repeat(40), pathContent('simple')) as unknown as Bundle;
    const same = desiredBundle(gitRepo(), 'simple', 'a'.repeat(40), pathContent('simple')) as unknown as Bundle;
    const next = desiredBundle(gitRepo(), 'simple', 'b'.repeat(40), pathContent('simple')) as unknown as Bundle;
    const forced = desiredBundle(gitRepo({ forceSyncGeneration: 2 }), 'simple', 'a'.repeat(40), pathContent('simple')) as unknown as Bundle;
    const id = (b: Bundle) => deploymentIdFor(b, deploymentOptions(b));
    expect(id(one)).toMatch(/^s-[0-9a-f]{61}:[0-9a-f]{64}$/);
    expect(id(same)).toBe(id(one));
    expect(id(next)).not.toBe(id(one));
    expect(id(forced).split(':')[0]).toBe(id(one).split(':')[0]);
    expect(id(forced)).not.toBe(id(one));
  });
});

describe('desiredBundleDeployment', () => {
  const bundle = desiredBundle(gitRepo(), 'simple', 'a'.repeat(40), pathContent('simple')) as unknown as Bundle;
  const ns = 'cluster-fleet-default-prod-1-abc';

  it('deploys the staged content right away when not paused', () => {
    const bd = desiredBundleDeployment({ bundle, cluster: cluster(), clusterNamespace: ns, existing: undefined });
    expect(bd.object.metadata).toMatchObject({ name: bundle.metadata?.name, namespace: ns });
    expect(bd.object.metadata.labels).toMatchObject({ [LABELS.cluster]: 'prod-1', [LABELS.clusterNamespace]: 'fleet-default', [LABELS.bundleNamespace]: 'fleet-default' });
    expect(bd.deploymentId).toBe(bd.stagedDeploymentId);
    expect(bd.object.spec?.paused).toBe(false);
  });

  it('only stages new content while the cluster (or bundle) is paused', () => {
    const running = desiredBundleDeployment({ bundle, cluster: cluster(), clusterNamespace: ns, existing: undefined }).object;
    const newer = desiredBundle(gitRepo(), 'simple', 'b'.repeat(40), pathContent('simple')) as unknown as Bundle;
    const paused = desiredBundleDeployment({ bundle: newer, cluster: cluster(true), clusterNamespace: ns, existing: running });
    expect(paused.deploymentId).toBe(running.spec?.deploymentID);
    expect(paused.stagedDeploymentId).not.toBe(paused.deploymentId);
    expect(paused.object.spec?.paused).toBe(true);
    const fresh = desiredBundleDeployment({ bundle: newer, cluster: cluster(true), clusterNamespace: ns, existing: undefined });
    expect(fresh.object.spec?.deploymentID).toBeUndefined();
  });
});
