import { describe, expect, it } from 'vitest';
import { ACTION_VERB, actionItemsFor, bulkActionVerb, confirmationFor, isUpdating, nextForceGeneration, observedGenerationOf, type ActionTarget } from './object-actions.model';

const labels = (t: ActionTarget) => actionItemsFor(t).map((i) => i.label);
const base = { workspace: 'fleet-default', name: 'x' };

describe('actionItemsFor', () => {
  it('offers per kind only what applies, with the toggles following the object', () => {
    const edit = ['Edit Config', 'Edit YAML', 'Clone'];
    expect(labels({ ...base, resource: 'gitrepos', paused: false, pollingEnabled: true })).toEqual(['Force Update', 'Pause', 'Disable Polling', ...edit, 'Download YAML', 'Delete']);
    expect(labels({ ...base, resource: 'gitrepos', paused: true, pollingEnabled: false })).toEqual(['Force Update', 'Unpause', 'Enable Polling', ...edit, 'Download YAML', 'Delete']);
    expect(labels({ ...base, resource: 'gitrepos' })).toEqual(['Force Update', 'Pause', ...edit, 'Download YAML', 'Delete']);
    expect(labels({ ...base, resource: 'clusters', paused: true })).toEqual(['Force Update', 'Unpause', 'Edit Labels', 'Move to workspace', 'Edit YAML', 'Delete']);
    expect(labels({ ...base, resource: 'bundles' })).toEqual(['Force Update', 'Edit YAML', 'Download YAML']);
    expect(labels({ ...base, resource: 'clustergroups' })).toEqual([...edit, 'Download YAML', 'Delete']);
  });

  it('opens the form, the YAML page and a prefilled clone form through named routes', () => {
    const routes = (t: ActionTarget) => Object.fromEntries(actionItemsFor(t).flatMap((i) => (i.route ? [[i.id, i.route]] : [])));
    expect(routes({ resource: 'gitrepos', workspace: 'ws', name: 'app' })).toEqual({
      'edit-config': { name: 'gitrepo-edit', params: { workspace: 'ws', name: 'app' } },
      'edit-yaml': { name: 'gitrepo-yaml', params: { workspace: 'ws', name: 'app' } },
      clone: { name: 'gitrepo-create', params: { workspace: 'ws' }, query: { from: 'app' } },
    });
    expect(routes({ resource: 'clustergroups', workspace: 'ws', name: 'g' }).clone).toEqual({ name: 'clustergroup-create', params: { workspace: 'ws' }, query: { from: 'g' } });
    expect(routes({ resource: 'clusters', workspace: 'ws', name: 'c' })).toEqual({ 'edit-yaml': { name: 'cluster-yaml', params: { workspace: 'ws', name: 'c' } } });
    expect(routes({ resource: 'bundles', workspace: 'ws', name: 'b' })).toEqual({ 'edit-yaml': { name: 'bundle-yaml', params: { workspace: 'ws', name: 'b' } } });
    expect(confirmationFor('clone', 'gitrepos', ['app'])).toBeNull();
  });

  it('points Download YAML at the object as YAML', () => {
    const yaml = actionItemsFor({ resource: 'clustergroups', workspace: 'ws 1', name: 'g' }).find((i) => i.id === 'download-yaml');
    expect(yaml).toEqual({ id: 'download-yaml', label: 'Download YAML', href: '/api/workspaces/ws%201/clustergroups/g?format=yaml', download: 'g.yaml' });
  });
});

describe('confirmationFor', () => {
  it('explains Force Update per kind and names the objects', () => {
    expect(confirmationFor('force-update', 'gitrepos', ['a'])).toEqual({
      title: 'Force Update Git Repo “a”?',
      message: 'The repository is cloned again and every bundle of it is redeployed, even without a new commit.',
      confirmLabel: 'Force Update',
    });
    expect(confirmationFor('force-update', 'clusters', ['c'])?.message).toMatch(/Fleet agent on this cluster is redeployed/);
    expect(confirmationFor('force-update', 'bundles', ['b'])?.message).toMatch(/Every deployment of this bundle is redeployed/);
    expect(confirmationFor('delete', 'clusters', ['c1', 'c2'])?.title).toBe('Delete 2 Clusters?');
    expect(confirmationFor('pause', 'clusters', ['c'])).toBeNull();
  });
});

describe('isUpdating', () => {
  const marker = { generation: 3, state: 'Ready', at: 1000 };
  it('follows the observed generation when there is one, else the state, within the age limit', () => {
    expect(isUpdating(undefined, { state: 'Ready' }, 1000)).toBe(false);
    expect(isUpdating(marker, { state: 'Ready', observedGeneration: 2 }, 2000)).toBe(true);
    expect(isUpdating(marker, { state: 'Ready', observedGeneration: 3 }, 2000)).toBe(false);
    expect(isUpdating(marker, { state: 'Ready' }, 2000)).toBe(true);
    expect(isUpdating(marker, { state: 'NotReady' }, 2000)).toBe(false);
    expect(isUpdating(marker, { state: 'Ready' }, 1000 + 120_001)).toBe(false);
  });

  it('maps each action to the verb the server needs for it', () => {
    const patched = ['force-update', 'pause', 'unpause', 'enable-polling', 'disable-polling', 'edit-labels'] as const;
    for (const id of patched) expect(ACTION_VERB[id]).toBe('patch');
    expect(ACTION_VERB.delete).toBe('delete');
    expect(ACTION_VERB['edit-config']).toBe('update');
    expect(ACTION_VERB['edit-yaml']).toBe('update');
    expect(ACTION_VERB.clone).toBe('create');
    // Download reads; Move patches Rancher's management Cluster: neither is judged by the Fleet verbs.
    expect(ACTION_VERB['download-yaml']).toBeUndefined();
    expect(ACTION_VERB.move).toBeUndefined();
    expect((['force-update', 'pause', 'unpause', 'delete'] as const).map(bulkActionVerb)).toEqual(['patch', 'patch', 'patch', 'delete']);
  });

  it('reads the observed Force Update generation of list rows, so the marker ends when it catches up', () => {
    expect(observedGenerationOf('gitrepos', { updateGeneration: 3 })).toBe(3);
    expect(observedGenerationOf('clusters', { agentDeployedGeneration: 2 })).toBe(2);
    expect(observedGenerationOf('clusters', { agentDeployedGeneration: null })).toBeUndefined();
    expect(observedGenerationOf('bundles', { updateGeneration: 3 })).toBeUndefined();
    expect([0, 1, 2, 5].map(nextForceGeneration)).toEqual([2, 2, 3, 6]);
    // GitUpdating came and went before the answer: the state is back to what it was, yet the
    // generation caught up, so the marker ends.
    const marker = { generation: 4, state: 'Ready', at: 0 };
    expect(isUpdating(marker, { state: 'Ready', observedGeneration: 3 }, 1000)).toBe(true);
    expect(isUpdating(marker, { state: 'Ready', observedGeneration: 4 }, 1000)).toBe(false);
    // Without a known requested generation the state decides.
    const unknown = { generation: 0, state: 'Ready', at: 0 };
    expect(isUpdating(unknown, { state: 'Ready', observedGeneration: 3 }, 1000)).toBe(true);
    expect(isUpdating(unknown, { state: 'GitUpdating', observedGeneration: 3 }, 1000)).toBe(false);
  });
});
