import { describe, expect, it } from 'vitest';
import { apiFailure } from '../../../shared/api/fake-http.testing';
import { moveClusters } from './workspace-move.service';

describe('moveClusters', () => {
  it('moves every cluster, at most `concurrency` at once, and reports each result in order', async () => {
    let running = 0;
    let peak = 0;
    const calls: string[] = [];
    const api = {
      async moveCluster(from: string, name: string, to: string) {
        calls.push(`${from}/${name}->${to}`);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        if (name === 'c3') throw apiFailure(400, 'registered by its own agent', { reason: 'NoManagementCluster' });
        return { managementCluster: `m-${name}`, from, workspace: to };
      },
    };
    const names = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const results = await moveClusters(api, { from: 'fleet-default', to: 'team-a', names, concurrency: 2 });
    expect(results).toEqual([
      { name: 'c1', ok: true },
      { name: 'c2', ok: true },
      { name: 'c3', ok: false, message: 'registered by its own agent' },
      { name: 'c4', ok: true },
      { name: 'c5', ok: true },
    ]);
    expect(peak).toBe(2);
    expect(calls.sort()).toEqual(names.map((n) => `fleet-default/${n}->team-a`));
  });

  it('does nothing for no clusters', async () => {
    expect(await moveClusters({ moveCluster: () => Promise.reject(new Error('unexpected')) }, { from: 'a', to: 'b', names: [] })).toEqual([]);
  });
});
