import type { ClusterGroupPreviewBody } from '@fleet-dashboard/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { clusterLabelSignature } from './cluster-signature.model';
import { useSelectorPreview, type PreviewRequest } from './use-selector-preview';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  const calls: Array<{ body: ClusterGroupPreviewBody; signal: AbortSignal | undefined }> = [];
  const api = {
    previewSelector: vi.fn(async (_ws: string, body: ClusterGroupPreviewBody, signal?: AbortSignal) => {
      calls.push({ body, signal });
      return { matching: 'selectorText' in body ? [body.selectorText] : [], total: 3 };
    }),
  };
  const queries = ref<PreviewRequest[]>([{ key: 'a', body: { selectorText: 'env=dev' } }]);
  const refresh = ref('x');
  const scope = effectScope();
  const preview = scope.run(() => useSelectorPreview({ api, workspace: 'ws', queries, refresh }))!;
  return { api, calls, queries, refresh, scope, preview };
}

describe('useSelectorPreview', () => {
  it('asks once ~300 ms after the last change, with every query', async () => {
    const { calls, queries, preview, scope } = setup();
    expect(preview.isLoading.value).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    queries.value = [{ key: 'b', body: { selectorText: 'env=prod' } }, { key: 'all', body: { selector: {} } }];
    await nextTick();
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.body)).toEqual([{ selectorText: 'env=prod' }, { selector: {} }]);
    expect(preview.answers.value.get('b')).toEqual({ matching: ['env=prod'], total: 3 });
    expect(preview.isLoading.value).toBe(false);
    scope.stop();
  });

  it('asks again when the refresh value changes, and reports failures', async () => {
    const { api, calls, refresh, preview, scope } = setup();
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toHaveLength(1);
    api.previewSelector.mockRejectedValueOnce(new Error('boom'));
    refresh.value = 'y';
    await nextTick();
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toHaveLength(1);
    expect(api.previewSelector).toHaveBeenCalledTimes(2);
    expect(preview.error.value).toBe('Error: boom');
    expect(preview.answers.value.get('a')).toEqual({ matching: ['env=dev'], total: 3 });
    scope.stop();
  });

  it('stops asking when its scope ends', async () => {
    const { api, scope } = setup();
    scope.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.previewSelector).not.toHaveBeenCalled();
  });
});

describe('clusterLabelSignature', () => {
  it('changes with names and labels only, not with order', () => {
    const a = clusterLabelSignature([{ name: 'x', labels: { env: 'dev', a: '1' } }, { name: 'y', labels: {} }]);
    expect(clusterLabelSignature([{ name: 'y', labels: {} }, { name: 'x', labels: { a: '1', env: 'dev' } }])).toBe(a);
    expect(clusterLabelSignature([{ name: 'x', labels: { env: 'prod', a: '1' } }, { name: 'y', labels: {} }])).not.toBe(a);
  });
});
