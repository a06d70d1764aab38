// One dashboard server (`apps/server/src/main.ts` in kubeconfig mode) as a child process in its
// own process group, so stopping it also stops tsx's node child. Output goes to a log file.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerProcessOptions {
  repoRoot: string;
  kubeconfig: string;
  port: number;
  logFile: string;
  /** The built web app to serve. */
  webRoot: string;
  /** How long to wait for /api/readyz. Default 60 s. */
  readyTimeoutMs?: number;
}

export interface ServerProcess {
  url: string;
  /** Starts the process and waits until /api/readyz answers 200. */
  start(): Promise<void>;
  /** SIGTERM to the process group, SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
  isRunning(): boolean;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const res = await fetch(`${url}/api/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms: ${last}`);
}

export function createServerProcess(options: ServerProcessOptions): ServerProcess {
  const url = `http://127.0.0.1:${options.port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const killGroup = (signal: NodeJS.Signals): void => {
    if (child?.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // A runner that exits without teardown must not leave the server behind.
  const onExit = (): void => killGroup('SIGKILL');

  return {
    url,
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error('server already running');
      const log = openSync(options.logFile, 'a');
      const tsx = join(options.repoRoot, 'node_modules', '.bin', 'tsx');
      const proc = spawn(tsx, ['apps/server/src/main.ts', '--kubeconfig', options.kubeconfig, '--port', String(options.port), '--log-level', 'warn', '--web-root', options.webRoot], {
        cwd: options.repoRoot,
        detached: true,
        stdio: ['ignore', log, log],
      });
      closeSync(log);
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      process.once('exit', onExit);
      try {
        await waitReady(url, proc, options.readyTimeoutMs ?? 60_000);
      } catch (error) {
        killGroup('SIGKILL');
        await exited;
        throw new Error(`${String(error)} (log: ${options.logFile})`);
      }
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // tsx's node child is in the same group; make sure nothing of the group is left.
      killGroup('SIGKILL');
      process.removeListener('exit', onExit);
    },
  };
}
