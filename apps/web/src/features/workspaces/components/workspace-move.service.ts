// Moving several clusters to a workspace with the single-cluster move route, a few at a time;
// every cluster gets a result (the server's message when it was refused).
import { isApiError } from '../../../shared/api/http';
import type { ApiClient } from '../../../shared/api/api-client';

export interface MoveResult {
  name: string;
  ok: boolean;
  message?: string;
}

export async function moveClusters(
  api: Pick<ApiClient, 'moveCluster'>,
  options: { from: string; to: string; names: readonly string[]; concurrency?: number },
): Promise<MoveResult[]> {
  const results: MoveResult[] = new Array<MoveResult>(options.names.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < options.names.length) {
      const index = next++;
      const name = options.names[index] ?? '';
      try {
        await api.moveCluster(options.from, name, options.to);
        results[index] = { name, ok: true };
      } catch (error) {
        results[index] = { name, ok: false, message: isApiError(error) ? error.message : String(error) };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, options.names.length) }, worker));
  return results;
}
