// What every benchmark receives: the testbed, the seeded estate's counts, an admin HTTP client,
// the dashboard server (once started) and the run's folders.
import type { ScaleProfile } from '@fleet-dashboard/fleet-sim';
import type { Testbed } from '@fleet-dashboard/testbed';
import type { Bff } from './bff-process.service';
import type { KubeHttp } from './kube-http.service';
import type { BenchResult, Figure } from './report.model';

export interface BenchContext {
  quick: boolean;
  repoRoot: string;
  runDir: string;
  webRoot: string;
  workspace: string;
  profile: ScaleProfile;
  testbed: Testbed;
  http: KubeHttp;
  /** The dashboard server, started by the cold-start benchmark and kept warm afterwards. */
  bff?: Bff;
  /** Names of the seeded objects (fleet-sim's scale estate), in order. */
  names: { gitRepos: string[]; clusters: string[] };
  /** Objects in the workspace by kind, set after seeding. */
  counts: Record<string, number>;
  log(line: string): void;
}

/** Names of the seeded GitRepos, in order (fleet-sim's scale estate: app-0000 …). */
export function gitRepoName(ctx: Pick<BenchContext, 'names'>, index: number): string {
  const names = ctx.names.gitRepos;
  return names[index % names.length] ?? '';
}

export type BenchFn = (ctx: BenchContext) => Promise<{ figures: Figure[]; notes: string[] }>;

export async function runBench(ctx: BenchContext, id: string, title: string, fn: BenchFn): Promise<BenchResult> {
  const started = performance.now();
  ctx.log(`── ${id}. ${title}`);
  try {
    const { figures, notes } = await fn(ctx);
    return { id, title, figures, notes, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`${id} failed: ${message}`);
    return { id, title, figures: [], notes: [], error: message, durationMs: Math.round(performance.now() - started) };
  }
}

export const MiB = 2 ** 20;
