import { describe, expect, it } from 'vitest';
import { commitFor, jobOutcome, jobReason, parseGoDuration, pollingIntervalMs } from './gitjob.model';

describe('git job model', () => {
  it('makes 40-hex commits, stable per seed and index', () => {
    expect(commitFor(1, 'ns/a', 0)).toMatch(/^[0-9a-f]{40}$/);
    expect(commitFor(1, 'ns/a', 0)).toBe(commitFor(1, 'ns/a', 0));
    expect(commitFor(1, 'ns/a', 1)).not.toBe(commitFor(1, 'ns/a', 0));
  });

  it('knows why a job must run', () => {
    const base = { metadata: { name: 'a', generation: 2 }, spec: { forceSyncGeneration: 3 } };
    expect(jobReason({ ...base, status: {} }, 'c1')).toBe('generation');
    expect(jobReason({ ...base, status: { observedGeneration: 2, updateGeneration: 2, commit: 'c1' } }, 'c1')).toBe('force-sync');
    expect(jobReason({ ...base, status: { observedGeneration: 2, updateGeneration: 3, commit: 'c0' } }, 'c1')).toBe('commit');
    expect(jobReason({ ...base, status: { observedGeneration: 2, updateGeneration: 3, commit: 'c1' } }, 'c1')).toBeUndefined();
  });

  it('fails jobs at the configured rate with a realistic message', () => {
    const repo = { metadata: { name: 'a' }, spec: { repo: 'https://github.com/acme/x', branch: 'main' } };
    const input = { repoKey: 'ns/a', commit: 'c', generation: 1, forceSyncGeneration: 0 };
    expect(jobOutcome(1, repo, input, 0)).toEqual({ failed: false, message: '' });
    const failed = jobOutcome(1, repo, input, 1);
    expect(failed.failed).toBe(true);
    expect(failed.message).toMatch(/^Job Failed\. failed: 1\/1: /);
    expect(jobOutcome(1, repo, input, 1)).toEqual(failed);
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('15s')).toBe(15_000);
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('1h')).toBe(3_600_000);
    expect(parseGoDuration('abc')).toBeUndefined();
    expect(pollingIntervalMs({ metadata: { name: 'a' }, spec: {} })).toBe(15_000);
    expect(pollingIntervalMs({ metadata: { name: 'a' }, spec: { pollingInterval: '1m' } })).toBe(60_000);
  });
});
