// Child processes of a testbed: start, stop, and never outlive their owner by accident.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string | null>;
  /** True until the process has exited. */
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  /**
   * Detached processes get their own session and outlive this Node process (used by
   * `testbed up`); attached ones are tied to it (see createReaper).
   */
  detached?: boolean;
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers signal 0; it is not running.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The command line of a pid, or undefined if it is gone. */
export function pidCommandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((part) => part !== '');
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signals a pid we did not spawn ourselves (e.g. from a state file) and waits until it is gone. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!isPidAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isPidAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isPidAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isPidAlive(pid)) await sleep(20);
  }
}

export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const out = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.cwd,
      stdio: ['ignore', out, out],
      detached: options.detached === true,
    });
  } finally {
    closeSync(out);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
  let running = true;
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve(code ?? signal);
    });
    child.once('error', () => {
      running = false;
      resolve(null);
    });
  });
  if (options.detached === true) child.unref();
  return {
    name: options.name,
    pid,
    logFile: options.logFile,
    exited,
    isRunning: () => running,
    async stop(graceMs = 10_000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Reaper {
  /** Adds a pid that must die with this Node process. */
  watch(pid: number): void;
  /** Normal shutdown: the reaper exits without killing anything. */
  dismiss(): void;
}

/**
 * A tiny shell that reads pids on stdin and SIGKILLs them when stdin reaches EOF, i.e. when
 * this Node process dies in any way (even SIGKILL, where no exit handler runs).
 */
export function createReaper(): Reaper {
  const child = spawn(
    'sh',
    ['-c', 'pids=""; while read -r p; do pids="$pids $p"; done; [ -n "$pids" ] && kill -9 $pids 2>/dev/null; exit 0'],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  child.unref();
  child.stdin?.on('error', () => undefined);
  // The pipe must not keep the event loop alive.
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let dismissed = false;
  return {
    watch(pid) {
      if (!dismissed) child.stdin?.write(`${pid}\n`);
    },
    dismiss() {
      if (dismissed) return;
      dismissed = true;
      child.kill('SIGKILL');
    },
  };
}

/**
 * Kills `pids` when this process exits or gets SIGINT/SIGTERM/SIGHUP. Returns a function
 * that removes the handlers again.
 */
export function killOnExit(pids: () => number[]): () => void {
  const killAll = () => {
    for (const pid of pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killAll();
    remove();
    // Re-raise with the default disposition so the exit status tells the signal.
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', killAll);
  for (const signal of signals) process.once(signal, onSignal);
  function remove() {
    process.off('exit', killAll);
    for (const signal of signals) process.off(signal, onSignal);
  }
  return remove;
}
