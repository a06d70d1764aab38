// The machine a run measures on, and per-process CPU and memory read from /proc.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Machine } from './report.model';

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg()[0] ?? 0,
  };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

export interface ProcSample {
  /** Seconds of CPU (user + system) the process used so far. */
  cpuSeconds: number;
  rssBytes: number;
  at: number;
}

/** CPU time and RSS of a process from /proc/<pid>/stat and /proc/<pid>/status. */
export function readProc(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; fields after the closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: (utime + stime) / CLOCK_TICKS, rssBytes: rssKb * 1024, at: performance.now() };
}

export interface ProcUsage {
  /** Average cores used over the window. */
  cores: number;
  peakRssBytes: number;
  endRssBytes: number;
  cpuSeconds: number;
}

/** Samples processes every `intervalMs` until stop() (peak RSS, CPU over the window). */
export function sampleProcesses(pids: Record<string, number>, intervalMs = 500): { stop(): Record<string, ProcUsage> } {
  const first: Record<string, ProcSample> = {};
  const last: Record<string, ProcSample> = {};
  const peak: Record<string, number> = {};
  const take = (): void => {
    for (const [name, pid] of Object.entries(pids)) {
      try {
        const s = readProc(pid);
        first[name] ??= s;
        last[name] = s;
        peak[name] = Math.max(peak[name] ?? 0, s.rssBytes);
      } catch {
        // the process is gone
      }
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const out: Record<string, ProcUsage> = {};
      for (const name of Object.keys(pids)) {
        const a = first[name];
        const b = last[name];
        if (!a || !b) continue;
        const seconds = (b.at - a.at) / 1000;
        out[name] = { cores: seconds > 0 ? (b.cpuSeconds - a.cpuSeconds) / seconds : 0, peakRssBytes: peak[name] ?? 0, endRssBytes: b.rssBytes, cpuSeconds: b.cpuSeconds - a.cpuSeconds };
      }
      return out;
    },
  };
}
