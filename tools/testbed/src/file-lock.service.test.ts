import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireFileLock, withFileLock } from './file-lock.service';

describe('withFileLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-testbed-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs critical sections one after the other', async () => {
    const lockFile = join(dir, 'a.lock');
    const events: string[] = [];
    const section = (name: string) =>
      withFileLock(lockFile, async () => {
        events.push(`${name}:in`);
        await new Promise((resolve) => setTimeout(resolve, 150));
        events.push(`${name}:out`);
        return name;
      });
    const results = await Promise.all([section('a'), section('b'), section('c')]);
    expect(results).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.replace(':in', '')).toBe(events[i + 1]?.replace(':out', ''));
    }
  });

  it('releases the lock when the section throws, and tells a waiter it waits', async () => {
    const lockFile = join(dir, 'b.lock');
    await expect(withFileLock(lockFile, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const held = await acquireFileLock(lockFile);
    let waited = false;
    const second = acquireFileLock(lockFile, { onWait: () => (waited = true) });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(waited).toBe(true);
    await held.release();
    const lock = await second;
    await lock.release();
  });

  it('gives up after the timeout while another holder keeps it', async () => {
    const lockFile = join(dir, 'c.lock');
    const held = await acquireFileLock(lockFile);
    await expect(acquireFileLock(lockFile, { timeoutMs: 1000 })).rejects.toThrow(/flock/);
    await held.release();
  });
});
