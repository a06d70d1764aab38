// The dashboard server (apps/server/src/main.ts, kubeconfig mode) as a child process of its own:
// plain `node --import tsx`, so the pid is the server itself (CPU and RSS from /proc, --cpu-prof).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { histogramDelta, parsePromText, shareAbove, type PromSample } from './prom-text.model';
import type { Figure } from './report.model';

export interface BffOptions {
  repoRoot: string;
  kubeconfig: string;
  port: number;
  webRoot: string;
  logFile: string;
  /** Folder for a V8 CPU profile (--cpu-prof), written when the server exits. */
  cpuProfileDir?: string;
  /** Folder for heap snapshots: the server writes one on SIGUSR2 (`writeHeapSnapshot`). */
  heapSnapshotDir?: string;
}

export interface Bff {
  url: string;
  pid: number;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  /** Resolves when /api/readyz answers 200; the time it did (performance.now()). */
  ready(timeoutMs?: number): Promise<number>;
  metrics(): Promise<PromSample[]>;
  /** Makes the server write a heap snapshot (it pauses while it does); resolves with the file. */
  writeHeapSnapshot(timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export function startBff(options: BffOptions): Bff {
  const url = `http://127.0.0.1:${options.port}`;
  const log = openSync(options.logFile, 'a');
  const args = [
    '--import',
    'tsx',
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    ...(options.heapSnapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${options.heapSnapshotDir}`] : []),
    join('apps', 'server', 'src', 'main.ts'),
    '--kubeconfig',
    options.kubeconfig,
    '--port',
    String(options.port),
    '--log-level',
    'warn',
    '--web-root',
    options.webRoot,
  ];
  if (options.heapSnapshotDir) mkdirSync(options.heapSnapshotDir, { recursive: true });
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, { cwd: options.repoRoot, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  return {
    url,
    pid: child.pid ?? -1,
    spawnedAt,
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); log: ${options.logFile}`);
        try {
          const res = await fetch(`${url}/api/readyz`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) return performance.now();
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`server not ready after ${timeoutMs} ms; log: ${options.logFile}`);
    },
    async metrics() {
      const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`/metrics: HTTP ${res.status}`);
      return parsePromText(await res.text());
    },
    async writeHeapSnapshot(timeoutMs = 300_000) {
      const dir = options.heapSnapshotDir;
      if (!dir) throw new Error('the server was started without heapSnapshotDir');
      const snapshots = (): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')) : []);
      const before = new Set(snapshots());
      child.kill('SIGUSR2');
      const deadline = Date.now() + timeoutMs;
      let lastSize = -1;
      // V8 writes the file while the server is paused: done once the server answers again and the
      // file stopped growing.
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        const file = snapshots().find((f) => !before.has(f));
        if (!file) continue;
        const size = statSync(`${dir}/${file}`).size;
        const answering = await fetch(`${url}/api/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
        if (answering && size === lastSize && size > 0) return `${dir}/${file}`;
        lastSize = size;
      }
      throw new Error(`no heap snapshot from the server within ${timeoutMs} ms`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      process.removeListener('exit', onExit);
    },
  };
}

/**
 * The server's own share of the latency between two scrapes of its `/metrics`, from
 * `fleet_dashboard_ws_batch_wait_seconds`: per change batch, watch event of its oldest change →
 * socket write.
 */
export function batchWaitFigures(before: readonly PromSample[], after: readonly PromSample[]): Figure[] {
  const waits = histogramDelta(before, after, 'fleet_dashboard_ws_batch_wait_seconds');
  return [
    { name: `server: a change batch's oldest change, watch event → socket write (mean of ${waits.count} batches)`, unit: 'ms', value: waits.count > 0 ? (waits.sum / waits.count) * 1000 : Number.NaN },
    { name: 'server: batches whose oldest change waited over 60 ms', unit: '%', value: shareAbove(waits, 0.06) * 100 },
  ];
}
