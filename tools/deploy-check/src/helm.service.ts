// Runs the `helm` command (built from Go modules by the testbed) on deploy/helm/fleet-dashboard.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './server-bundle.service';

export const CHART_DIR = join(REPO_ROOT, 'deploy', 'helm', 'fleet-dashboard');

/** One rendered Kubernetes object (shape left to the caller). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are free-form
export type ManifestObject = Record<string, any>;

export interface HelmResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Helm {
  /** Runs `helm <args>`; never throws on a non-zero exit (the result says). */
  run(args: readonly string[]): Promise<HelmResult>;
  /** `helm template <release> <chart> -n <namespace> <args>` parsed into objects; throws on failure. */
  template(options: { release: string; namespace: string; args?: readonly string[] }): Promise<ManifestObject[]>;
}

export interface HelmOptions {
  binary: string;
  /** Kubeconfig for commands that reach a cluster. */
  kubeconfig?: string;
  /** Folder for helm's cache, config and data (isolated from the user's). */
  homeDir: string;
  chartDir?: string;
  timeoutMs?: number;
}

/** Objects of a multi-document YAML text (empty documents dropped). */
export function manifestObjects(text: string): ManifestObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is ManifestObject => typeof o === 'object' && o !== null);
}

export function createHelm(options: HelmOptions): Helm {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: options.homeDir,
    HELM_CACHE_HOME: join(options.homeDir, 'cache'),
    HELM_CONFIG_HOME: join(options.homeDir, 'config'),
    HELM_DATA_HOME: join(options.homeDir, 'data'),
    ...(options.kubeconfig ? { KUBECONFIG: options.kubeconfig } : {}),
  };
  const run = (args: readonly string[]): Promise<HelmResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(options.binary, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  return {
    run,
    async template({ release, namespace, args = [] }) {
      const result = await run(['template', release, options.chartDir ?? CHART_DIR, '--namespace', namespace, ...args]);
      if (result.code !== 0) throw new Error(`helm template failed (${result.code}): ${result.stderr}`);
      return manifestObjects(result.stdout);
    },
  };
}
