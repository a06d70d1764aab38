import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PermissionsResponse } from '@fleet-dashboard/contracts';
import { useActionsStore } from './actions.store';

const answer = (workspace: string, patchAllowed: boolean): PermissionsResponse => {
  const ok = { allowed: true };
  const patch = patchAllowed ? ok : { allowed: false, reason: `Not allowed to patch clusters.fleet.cattle.io in namespace "${workspace}"` };
  const perms = { create: ok, update: ok, patch, delete: ok };
  return { workspace, resources: { gitrepos: perms, clusters: perms, clustergroups: perms, bundles: perms }, moveClusters: { allowed: false, reason: 'needs Rancher' } };
};

describe('actions store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps the last five notices; confirmations fade, errors stay until dismissed', () => {
    const store = useActionsStore();
    store.configure({ successMs: 1000 });
    const error = store.notify('error', 'failed');
    for (let i = 0; i < 3; i += 1) store.notify('success', `ok ${i}`);
    expect(store.notices.map((n) => n.message)).toEqual(['failed', 'ok 0', 'ok 1', 'ok 2']);
    vi.advanceTimersByTime(1000);
    expect(store.notices.map((n) => n.message)).toEqual(['failed']);
    for (let i = 0; i < 6; i += 1) store.notify('error', `e${i}`);
    expect(store.notices.map((n) => n.message)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    store.dismiss(error);
    store.dismiss(store.notices[0]!.id);
    expect(store.notices.map((n) => n.message)).toEqual(['e2', 'e3', 'e4', 'e5']);
  });

  it('remembers refusals and Force Updates in progress until cleared or expired', () => {
    const store = useActionsStore();
    store.configure({ markerMs: 5000 });
    store.forbid('ws/gitrepos/pause', 'cannot patch gitrepos');
    expect(store.forbidden.get('ws/gitrepos/pause')).toBe('cannot patch gitrepos');
    store.markUpdating('ws/gitrepos/a', { generation: 2, state: 'Ready', at: 0 });
    store.markUpdating('ws/gitrepos/b', { generation: 3, state: 'Ready', at: 0 });
    store.clearUpdating('ws/gitrepos/a');
    expect([...store.updating.keys()]).toEqual(['ws/gitrepos/b']);
    vi.advanceTimersByTime(5000);
    expect(store.updating.size).toBe(0);
  });

  it('does not let an old marker’s expiry remove a newer one for the same object', () => {
    const store = useActionsStore();
    store.configure({ markerMs: 5000 });
    store.markUpdating('k', { generation: 2, state: 'Ready', at: 0 });
    vi.advanceTimersByTime(3000);
    const newer = { generation: 3, state: 'Ready', at: 3000 };
    store.markUpdating('k', newer);
    vi.advanceTimersByTime(2000);
    expect(store.updating.get('k')).toEqual(newer);
  });

  it('fetches permissions once per workspace, again on a switch or when asked, and keeps them on failure', async () => {
    vi.useRealTimers();
    const store = useActionsStore();
    const asked: string[] = [];
    let patchAllowed = false;
    let failing = false;
    const api = {
      permissions: (ws: string) => {
        asked.push(ws);
        return failing ? Promise.reject(new Error('offline')) : Promise.resolve(answer(ws, patchAllowed));
      },
    };
    expect(store.deniedReason('a', 'clusters', 'patch')).toBeUndefined();
    await Promise.all([store.loadPermissions(api, 'a'), store.loadPermissions(api, 'a')]);
    await store.loadPermissions(api, 'a');
    expect(asked).toEqual(['a']);
    expect(store.deniedReason('a', 'clusters', 'patch')).toBe('Not allowed to patch clusters.fleet.cattle.io in namespace "a"');
    expect(store.deniedReason('a', 'clusters', 'delete')).toBeUndefined();
    expect(store.deniedReason('a', 'clusters', undefined)).toBeUndefined();
    expect(store.moveDeniedReason('a')).toBe('needs Rancher');
    expect(store.moveDeniedReason('unknown')).toBeUndefined();
    await store.loadPermissions(api, 'b');
    await store.loadPermissions(api, 'a');
    expect(asked).toEqual(['a', 'b', 'a']);
    patchAllowed = true;
    await store.loadPermissions(api, 'a', { refresh: true });
    expect(store.deniedReason('a', 'clusters', 'patch')).toBeUndefined();
    patchAllowed = false;
    failing = true;
    await store.loadPermissions(api, 'a', { refresh: true });
    expect(asked).toHaveLength(5);
    expect(store.deniedReason('a', 'clusters', 'patch')).toBeUndefined();
  });
});
