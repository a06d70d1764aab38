import { describe, expect, it } from 'vitest';
import { hotFunctions, type CpuProfile } from './cpu-profile.model';

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
    { id: 2, callFrame: { functionName: 'flush', url: 'file:///repo/apps/server/src/ws/socket-session.ts', lineNumber: 99 }, children: [4] },
    { id: 3, callFrame: { functionName: '', url: 'node:internal/x', lineNumber: 4 } },
    { id: 4, callFrame: { functionName: 'flush', url: 'file:///repo/apps/server/src/ws/socket-session.ts', lineNumber: 99 } },
  ],
  samples: [2, 2, 3, 4, 1],
  timeDeltas: [1000, 3000, 2000, 4000, 10000],
  startTime: 0,
  endTime: 20000,
};

describe('hotFunctions', () => {
  it('sums self time per function and location, largest first, with shares', () => {
    const { totalMs, functions } = hotFunctions(profile, { repoRoot: '/repo' });
    expect(totalMs).toBe(20);
    expect(functions[0]).toEqual({ name: '(root)', location: '(native)', selfMs: 10, share: 0.5 });
    expect(functions[1]).toEqual({ name: 'flush', location: 'apps/server/src/ws/socket-session.ts:100', selfMs: 8, share: 0.4 });
    expect(functions[2]).toEqual({ name: '(anonymous)', location: 'node:internal/x:5', selfMs: 2, share: 0.1 });
  });

  it('keeps the top N', () => {
    expect(hotFunctions(profile, { top: 1 }).functions).toHaveLength(1);
  });
});
