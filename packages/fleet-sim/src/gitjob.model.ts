// The git job of a GitRepo as pure functions: the fake remote commit, when a job must run, and
// how it ends. Real Fleet runs `fleet apply` in a Job; here a job is a timer with a seeded outcome.

import { randomFor } from './random.model';

export interface GitRepoView {
  metadata: { name: string; namespace?: string; generation?: number };
  spec?: {
    repo?: string;
    branch?: string;
    revision?: string;
    paths?: string[];
    forceSyncGeneration?: number;
    pollingInterval?: string;
    disablePolling?: boolean;
    clientSecretName?: string;
  };
  status?: {
    commit?: string;
    observedGeneration?: number;
    updateGeneration?: number;
    gitJobStatus?: string;
  };
}

/** The `n`-th commit of a repository's branch: 40 hex characters, stable per seed. */
export function commitFor(seed: number, repoKey: string, n: number): string {
  return randomFor(seed, 'commit', repoKey, n).hex(40);
}

/** Why a job must run now, or undefined when the GitRepo is up to date. */
export function jobReason(gitRepo: GitRepoView, remoteCommit: string): 'generation' | 'force-sync' | 'commit' | undefined {
  const status = gitRepo.status ?? {};
  if ((gitRepo.metadata.generation ?? 0) !== (status.observedGeneration ?? -1)) return 'generation';
  if ((gitRepo.spec?.forceSyncGeneration ?? 0) !== (status.updateGeneration ?? 0)) return 'force-sync';
  if ((status.commit ?? '') !== remoteCommit) return 'commit';
  return undefined;
}

/** A job run, identified by what it deploys: the same inputs give the same outcome. */
export interface JobInput {
  repoKey: string;
  commit: string;
  generation: number;
  forceSyncGeneration: number;
}

export interface JobOutcome {
  failed: boolean;
  /** Error text as the job's log reports it (Stalled condition message). */
  message: string;
}

function errorFor(gitRepo: GitRepoView, pick: number): string {
  const repo = gitRepo.spec?.repo ?? '';
  const ref = gitRepo.spec?.revision ?? gitRepo.spec?.branch ?? 'master';
  const errors = [
    `failed to clone repo: authentication required: Repository not found.`,
    `failed to clone repo: couldn't find remote ref "refs/heads/${ref}"`,
    `error while running fleet apply: failed to process bundle: helm chart download: failed to fetch https://charts.example.com/index.yaml : 503 Service Unavailable`,
    `failed to clone repo: Get "${repo}/info/refs?service=git-upload-pack": dial tcp: lookup ${hostOf(repo)}: i/o timeout`,
  ];
  return errors[pick % errors.length] ?? errors[0] ?? '';
}

function hostOf(repo: string): string {
  const match = /^[a-z]+:\/\/([^/]+)/.exec(repo);
  return match?.[1] ?? repo;
}

export function jobOutcome(seed: number, gitRepo: GitRepoView, input: JobInput, failureRate: number): JobOutcome {
  const rng = randomFor(seed, 'job', input.repoKey, input.commit, input.generation, input.forceSyncGeneration);
  if (!rng.chance(failureRate)) return { failed: false, message: '' };
  return { failed: true, message: `Job Failed. failed: 1/1: ${errorFor(gitRepo, rng.int(1000))}` };
}

/** Go duration string (`15s`, `1m30s`, `1h`) in milliseconds; undefined when unparseable. */
export function parseGoDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(re)) {
    total += Number.parseFloat(match[1] ?? '0') * (unit[match[2] ?? 's'] ?? 0);
    consumed += match[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

/** Polling interval of a GitRepo (Fleet's default is 15s). */
export function pollingIntervalMs(gitRepo: GitRepoView): number {
  return parseGoDuration(gitRepo.spec?.pollingInterval) ?? 15_000;
}
