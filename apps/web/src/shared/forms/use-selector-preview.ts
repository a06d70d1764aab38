// Live "Matches N of M clusters": runs the preview queries ~300 ms after the last change,
// aborting answers that are no longer wanted, and keeps the last good answers while typing.
import type { ClusterGroupPreviewBody, ClusterGroupPreviewResponse } from '@fleet-dashboard/contracts';
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { isApiError } from '../api/http';
import type { FormApi } from './form-api';

export interface PreviewRequest {
  key: string;
  body: ClusterGroupPreviewBody;
}

export interface SelectorPreviewOptions {
  api: Pick<FormApi, 'previewSelector'>;
  workspace: MaybeRefOrGetter<string>;
  queries: MaybeRefOrGetter<readonly PreviewRequest[]>;
  /** Asks again (debounced) whenever this value changes (compared with ===), e.g. a signature of the clusters' names and labels. */
  refresh?: MaybeRefOrGetter<unknown>;
  debounceMs?: number;
}

export function useSelectorPreview(options: SelectorPreviewOptions) {
  const answers = shallowRef<ReadonlyMap<string, ClusterGroupPreviewResponse>>(new Map());
  const isLoading = shallowRef(false);
  const error = shallowRef('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  async function run(workspace: string, queries: readonly PreviewRequest[]): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    try {
      const results = await Promise.all(queries.map(async (q) => [q.key, await options.api.previewSelector(workspace, q.body, current.signal)] as const));
      if (current.signal.aborted) return;
      answers.value = new Map(results);
      error.value = '';
    } catch (e) {
      if (current.signal.aborted) return;
      error.value = isApiError(e) ? e.message : String(e);
    } finally {
      if (controller === current) isLoading.value = false;
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    // A refresh keeps the current answers on screen; only a changed question shows "updating".
    isLoading.value = true;
    const workspace = toValue(options.workspace);
    const queries = toValue(options.queries);
    timer = setTimeout(() => void run(workspace, queries), options.debounceMs ?? 300);
  }
  watch(() => JSON.stringify([toValue(options.workspace), toValue(options.queries)]), schedule, { immediate: true });
  if (options.refresh !== undefined) watch(() => toValue(options.refresh), schedule);
  onScopeDispose(() => {
    clearTimeout(timer);
    controller?.abort();
  });

  return { answers, isLoading, error };
}
