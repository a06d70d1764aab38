// Cross-process exclusive lock on a file, held by a `flock(1)` child process.
//
// The kernel drops an flock when its holder dies, so a crashed build never leaves a stale
// lock behind: the child holds the lock until its stdin closes, which also happens when
// this Node process dies.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FileLockOptions {
  /** Give up waiting after this long (default 40 minutes: a cold build may hold the lock). */
  timeoutMs?: number;
  /** Called once if the lock is busy and we have to wait. */
  onWait?: () => void;
}

export interface FileLock {
  release(): Promise<void>;
}

export async function acquireFileLock(path: string, options: FileLockOptions = {}): Promise<FileLock> {
  await mkdir(dirname(path), { recursive: true });
  const timeoutSeconds = Math.max(1, Math.ceil((options.timeoutMs ?? 40 * 60_000) / 1000));
  const child = spawn(
    'flock',
    ['--exclusive', '--timeout', String(timeoutSeconds), path, 'sh', '-c', 'echo locked; exec cat >/dev/null'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const waitTimer = setTimeout(() => options.onWait?.(), 500);
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('locked')) resolve();
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`flock ${path} exited with ${code}: ${stderr.trim() || 'timed out'}`)));
    });
  } finally {
    clearTimeout(waitTimer);
  }
  child.stdout.destroy();
  child.stderr.destroy();
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.stdin.end();
      });
      return released;
    },
  };
}

export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lock = await acquireFileLock(path, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
