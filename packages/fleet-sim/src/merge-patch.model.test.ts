import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyMergePatch, deepEqual, mergePatchDiff } from './merge-patch.model';

describe('mergePatchDiff', () => {
  it('is undefined when nothing changed', () => {
    expect(mergePatchDiff({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).toBeUndefined();
  });

  it('sends only changed keys, nulls removed ones, replaces arrays', () => {
    const patch = mergePatchDiff(
      { summary: { ready: 1, desiredReady: 2, modified: 1 }, display: { state: 'Modified' }, conditions: [{ type: 'Ready' }] },
      { summary: { ready: 2, desiredReady: 2 }, display: { state: 'Modified' }, conditions: [{ type: 'Ready', status: 'True' }] },
    );
    expect(patch).toEqual({ summary: { ready: 2, modified: null }, conditions: [{ type: 'Ready', status: 'True' }] });
  });

  it('applying the diff yields the desired object (property)', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.boolean(), fc.array(tie('value'), { maxLength: 3 }), tie('object')),
      object: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(json.object, json.object, (current, desired) => {
        const patch = mergePatchDiff(current as Record<string, unknown>, desired as Record<string, unknown>);
        const result = patch ? applyMergePatch(current, patch) : current;
        expect(deepEqual(result, desired)).toBe(true);
      }),
    );
  });
});
