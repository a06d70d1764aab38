// Where a V8 CPU profile (--cpu-prof) spends its time: self time per function, summed over
// every node of the call tree with the same function, file and line. Pure.

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  name: string;
  /** File (relative to the repository when inside it) and 1-based line. */
  location: string;
  selfMs: number;
  /** Share of the profile's sampled time, 0..1. */
  share: number;
}

function shortUrl(url: string, repoRoot: string): string {
  const path = url.replace(/^file:\/\//, '');
  if (path.startsWith(repoRoot)) return path.slice(repoRoot.length).replace(/^\//, '');
  return path === '' ? '(native)' : path;
}

export function hotFunctions(profile: CpuProfile, options: { top?: number; repoRoot?: string } = {}): { totalMs: number; functions: HotFunction[] } {
  const byNode = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? -1;
    byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const totalMs = [...byNode.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, HotFunction>();
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id) ?? 0;
    if (ms === 0) continue;
    const f = node.callFrame;
    const name = f.functionName || '(anonymous)';
    const location = `${shortUrl(f.url, options.repoRoot ?? '')}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { name, location, selfMs: 0, share: 0 };
    entry.selfMs += ms;
    byFunction.set(key, entry);
  }
  const functions = [...byFunction.values()]
    .map((f) => ({ ...f, share: totalMs > 0 ? f.selfMs / totalMs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, options.top ?? 20);
  return { totalMs, functions };
}
