import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { KubeApiError } from '../../k8s/kube-errors';
import { RESOURCE_TYPES } from '../../k8s/resource-types';
import { createFieldPatcher, fieldPatch, isLostRace } from './field-patch.service';

const obj = (spec?: Record<string, unknown>): KubeObject => ({ metadata: { name: 'x', resourceVersion: '1' }, ...(spec ? { spec } : {}) });
const testFailed = () => new KubeApiError(422, { kind: 'Status', code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' });

describe('fieldPatch', () => {
  it('tests the current value, or null when absent, then sets the new one', () => {
    expect(fieldPatch(obj({ forceSyncGeneration: 3 }), ['spec', 'forceSyncGeneration'], 3, 4)).toEqual([
      { op: 'test', path: '/spec/forceSyncGeneration', value: 3 },
      { op: 'add', path: '/spec/forceSyncGeneration', value: 4 },
    ]);
    expect(fieldPatch(obj({}), ['spec', 'paused'], undefined, true)).toEqual([
      { op: 'test', path: '/spec/paused', value: null },
      { op: 'add', path: '/spec/paused', value: true },
    ]);
  });

  it('adds a missing parent whole and escapes pointer characters', () => {
    expect(fieldPatch(obj(), ['spec', 'redeployAgentGeneration'], undefined, 2)).toEqual([
      { op: 'test', path: '/spec', value: null },
      { op: 'add', path: '/spec', value: { redeployAgentGeneration: 2 } },
    ]);
    const labelled: KubeObject = { metadata: { name: 'x', labels: {} } };
    expect(fieldPatch(labelled, ['metadata', 'labels', 'a/b~c'], undefined, 'v')[1]?.path).toBe('/metadata/labels/a~1b~0c');
    expect(fieldPatch(obj({}), ['metadata', 'labels', 'k'], undefined, 'v')).toEqual([
      { op: 'test', path: '/metadata/labels', value: null },
      { op: 'add', path: '/metadata/labels', value: { k: 'v' } },
    ]);
  });
});

describe('createFieldPatcher', () => {
  it('retries a lost race from a fresh read', async () => {
    let stored = 1;
    let reads = 0;
    const patches: unknown[] = [];
    const patcher = createFieldPatcher({
      random: () => 0,
      kube: {
        get: async () => {
          reads++;
          return obj({ forceSyncGeneration: stored });
        },
        patch: async (_t, _n, _name, _type, patch) => {
          patches.push(patch);
          // Someone else increments between our first read and first patch.
          if (patches.length === 1) {
            stored = 7;
            throw testFailed();
          }
          stored = (patch as Array<{ value: number }>)[1]?.value ?? stored;
          return obj({ forceSyncGeneration: stored });
        },
      },
    });
    const result = await patcher.update({ type: RESOURCE_TYPES.gitRepo, namespace: 'ns', name: 'x', path: ['spec', 'forceSyncGeneration'], next: (c) => (c as number) + 1 });
    expect(result.value).toBe(8);
    expect(reads).toBe(2);
    expect(stored).toBe(8);
  });

  it('gives up after the bounded attempts with a Conflict, and does not retry validation errors', async () => {
    let calls = 0;
    const always = createFieldPatcher({
      attempts: 3,
      random: () => 0,
      kube: {
        get: async () => obj({}),
        patch: async () => {
          calls++;
          throw new KubeApiError(409, { message: 'conflict' });
        },
      },
    });
    await expect(always.update({ type: RESOURCE_TYPES.gitRepo, namespace: 'ns', name: 'x', path: ['spec', 'paused'], next: () => true })).rejects.toMatchObject({ code: 'Conflict', status: 409 });
    expect(calls).toBe(3);

    const invalid = new KubeApiError(422, { message: 'invalid', details: { causes: [{ field: 'spec.paused', message: 'must be boolean' }] } });
    expect(isLostRace(invalid)).toBe(false);
    expect(isLostRace(testFailed())).toBe(true);
    calls = 0;
    const rejecting = createFieldPatcher({
      kube: {
        get: async () => obj({}),
        patch: async () => {
          calls++;
          throw invalid;
        },
      },
    });
    await expect(rejecting.update({ type: RESOURCE_TYPES.gitRepo, namespace: 'ns', name: 'x', path: ['spec', 'paused'], next: () => true })).rejects.toMatchObject({ code: 'Invalid' });
    expect(calls).toBe(1);
  });

  it('tries at most 5 times by default, then 409 with a message naming the object and field', async () => {
    let calls = 0;
    const patcher = createFieldPatcher({
      random: () => 0,
      kube: {
        get: async () => obj({ forceSyncGeneration: 1 }),
        patch: async () => {
          calls++;
          throw testFailed();
        },
      },
    });
    const error = await patcher
      .update({ type: RESOURCE_TYPES.gitRepo, namespace: 'ns', name: 'busy', path: ['spec', 'forceSyncGeneration'], next: (c) => (c as number) + 1 })
      .catch((e: unknown) => e);
    expect(calls).toBe(5);
    expect(error).toMatchObject({ code: 'Conflict', status: 409, details: { reason: 'Contended' } });
    expect((error as Error).message).toBe('GitRepo "busy" kept changing while spec.forceSyncGeneration was being updated (5 attempts); try again');
  });
});
