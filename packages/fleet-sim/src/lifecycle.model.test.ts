import { describe, expect, it } from 'vitest';
import { bundleDeploymentState, type BundleDeployment } from '@fleet-dashboard/fleet-model';
import { DEFAULT_AGENT_TIMINGS, appliedStatus, driftedStatus, nextAgentStep, notReadyStatus, readyStatus, repairedStatus, type AgentContext, type BdView } from './lifecycle.model';
import { pathContent } from './repo-content.model';

const ctx = (errAppliedRate = 0, isSlowCluster = false): AgentContext => ({
  seed: 1,
  errAppliedRate,
  isSlowCluster,
  correctDrift: false,
  timings: DEFAULT_AGENT_TIMINGS,
});
const NOW = '2026-01-01T00:00:00Z';
const helm = pathContent('single-cluster/helm');
const bd = (status?: BdView['status'], deploymentID = 's-abc:def'): BdView => ({
  metadata: { name: 'guestbook-helm', namespace: 'cluster-fleet-default-a-123' },
  spec: { deploymentID, stagedDeploymentID: deploymentID },
  ...(status ? { status } : {}),
});
const state = (view: BdView): string => bundleDeploymentState(view as unknown as BundleDeployment);

describe('BundleDeployment lifecycle', () => {
  it('goes WaitApplied → NotReady → Ready', () => {
    const fresh = bd();
    expect(state(fresh)).toBe('WaitApplied');
    const step = nextAgentStep(fresh, ctx());
    expect(step.kind).toBe('apply');
    const applied = { ...fresh, status: appliedStatus(fresh, helm, ctx(), NOW) };
    expect(applied.status.appliedDeploymentID).toBe('s-abc:def');
    expect(state(applied)).toBe('NotReady');
    expect(applied.status.resources?.length).toBe(helm.resources.length);
    expect(nextAgentStep(applied, ctx()).kind).toBe('become-ready');
    const ready = { ...applied, status: readyStatus(applied, helm, NOW) };
    expect(state(ready)).toBe('Ready');
    expect(ready.status.nonReadyStatus).toBeUndefined();
    expect(nextAgentStep(ready, ctx())).toEqual({ kind: 'idle' });
    const types = (ready.status.conditions ?? []).map((c) => `${c.type}=${c.status}`);
    expect(types).toEqual(expect.arrayContaining(['Deployed=True', 'Installed=True', 'Monitored=True', 'Ready=True']));
  });

  it('fails with the Helm error and stays ErrApplied for that deploymentID', () => {
    const fresh = bd();
    const failed = { ...fresh, status: appliedStatus(fresh, helm, ctx(1), NOW) };
    expect(state(failed)).toBe('ErrApplied');
    const deployed = failed.status.conditions?.find((c) => c.type === 'Deployed');
    expect(deployed).toMatchObject({ status: 'False', reason: 'Error', message: 'found in Chart.yaml, but missing in charts/ directory: redis' });
    expect(nextAgentStep(failed, ctx(1))).toEqual({ kind: 'idle' });
    // a new deploymentID is tried again
    const redeploy = { ...failed, spec: { deploymentID: 's-new:1', stagedDeploymentID: 's-new:1' } };
    expect(nextAgentStep(redeploy, ctx(0)).kind).toBe('apply');
  });

  it('drift gives Modified with modifiedStatus, repaired gives Ready', () => {
    const applied = bd();
    const ready = { ...applied, status: readyStatus({ ...applied, status: appliedStatus(applied, helm, ctx(), NOW) }, helm, NOW) };
    const drifted = { ...ready, status: driftedStatus(ready, helm, 1, 1) };
    expect(state(drifted)).toBe('Modified');
    expect(drifted.status.modifiedStatus?.length).toBe(1);
    expect(nextAgentStep(drifted, ctx()).kind).toBe('repair-drift');
    const repaired = { ...drifted, status: repairedStatus(drifted, helm) };
    expect(state(repaired)).toBe('Ready');
  });

  it('a workload going unready gives NotReady and recovers', () => {
    const applied = bd();
    const ready = { ...applied, status: readyStatus({ ...applied, status: appliedStatus(applied, helm, ctx(), NOW) }, helm, NOW) };
    const broken = { ...ready, status: notReadyStatus(ready, helm, 1, 1, NOW) };
    expect(state(broken)).toBe('NotReady');
    expect(broken.status.nonReadyStatus?.[0]?.kind).toBe('Deployment');
    expect(nextAgentStep(broken, ctx()).kind).toBe('become-ready');
  });

  it('slow clusters take slowFactor times longer, deterministically', () => {
    const fresh = bd();
    const fast = nextAgentStep(fresh, ctx(0, false));
    const slow = nextAgentStep(fresh, ctx(0, true));
    expect(fast.kind).toBe('apply');
    if (fast.kind !== 'apply' || slow.kind !== 'apply') throw new Error('expected apply');
    expect(slow.delayMs).toBe(fast.delayMs * DEFAULT_AGENT_TIMINGS.slowFactor);
    expect(nextAgentStep(fresh, ctx())).toEqual(fast);
  });

  it('does nothing without a deploymentID (a new paused BD)', () => {
    expect(nextAgentStep({ metadata: { name: 'x' }, spec: {} }, ctx())).toEqual({ kind: 'idle' });
  });
});
