import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError } from './json-patch.patcher';

const doc = { metadata: { name: 'a', resourceVersion: '12' }, spec: { list: ['a', 'b', 'c'], n: 1, s: 'x&y', nested: { k: 'v' }, nul: null } };

function failure(patch: unknown): JsonPatchError {
  try {
    applyJsonPatch(doc, patch);
  } catch (e) {
    if (e instanceof JsonPatchError) return e;
    throw e;
  }
  throw new Error('the patch applied');
}

describe('JSON patch with evanphx/json-patch v4 semantics', () => {
  it('replace of a missing object key sets it, like add', () => {
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '/spec/paused', value: true }])).toMatchObject({ spec: { paused: true, n: 1 } });
  });

  it('replace needs an existing array index and does not take "-"', () => {
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '/spec/list/-1', value: 'z' }])).toMatchObject({ spec: { list: ['a', 'b', 'z'] } });
    for (const path of ['/spec/list/3', '/spec/list/-', '/spec/list/-4']) {
      const e = failure([{ op: 'replace', path, value: 1 }]);
      expect(e.message).toBe(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      expect(e.kind).toBe('apply');
    }
    expect(failure([{ op: 'replace', path: '/spec/none/x', value: 1 }]).message).toBe(
      'replace operation does not apply: doc is missing path: /spec/none/x: missing value',
    );
  });

  it('replace of the whole document takes an object or an array only', () => {
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '', value: { a: 1 } }])).toEqual({ a: 1 });
    expect(failure([{ op: 'replace', path: '', value: 3 }]).message).toBe('replace operation value must be object or array: %!w(<nil>)');
  });

  it('remove of a missing key or index fails with the v4 texts', () => {
    expect(failure([{ op: 'remove', path: '/spec/branch' }]).message).toBe(
      "error in remove for path: '/spec/branch': Unable to remove nonexistent key: branch: missing value",
    );
    expect(failure([{ op: 'remove', path: '/spec/list/3' }]).message).toBe(
      "error in remove for path: '/spec/list/3': Unable to access invalid index: 3: invalid index referenced",
    );
    expect(failure([{ op: 'remove', path: '/spec/list/x' }]).message).toBe(
      `error in remove for path: '/spec/list/x': strconv.Atoi: parsing "x": invalid syntax`,
    );
    expect(failure([{ op: 'remove', path: '/nope/x' }]).message).toBe('remove operation does not apply: doc is missing path: "/nope/x": missing value');
    // a key holding null exists and can be removed
    expect(applyJsonPatch(doc, [{ op: 'remove', path: '/spec/nul' }])).not.toHaveProperty('spec.nul');
  });

  it('remove with a negative index counts from the end', () => {
    expect(applyJsonPatch(doc, [{ op: 'remove', path: '/spec/list/-1' }])).toMatchObject({ spec: { list: ['a', 'b'] } });
  });

  it('add appends with "-", inserts at len, rejects beyond it', () => {
    expect(applyJsonPatch(doc, [{ op: 'add', path: '/spec/list/-', value: 'd' }])).toMatchObject({ spec: { list: ['a', 'b', 'c', 'd'] } });
    expect(applyJsonPatch(doc, [{ op: 'add', path: '/spec/list/3', value: 'd' }])).toMatchObject({ spec: { list: ['a', 'b', 'c', 'd'] } });
    expect(applyJsonPatch(doc, [{ op: 'add', path: '/spec/list/-1', value: 'd' }])).toMatchObject({ spec: { list: ['a', 'b', 'c', 'd'] } });
    expect(applyJsonPatch(doc, [{ op: 'add', path: '/spec/list/0', value: 'd' }])).toMatchObject({ spec: { list: ['d', 'a', 'b', 'c'] } });
    expect(failure([{ op: 'add', path: '/spec/list/5', value: 'd' }]).message).toBe(
      "error in add for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced",
    );
    expect(failure([{ op: 'add', path: '/spec/list/x', value: 'd' }]).message).toBe(
      `error in add for path: '/spec/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    );
    expect(failure([{ op: 'add', path: '/spec/missing/x', value: 1 }]).message).toBe('add operation does not apply: doc is missing path: "/spec/missing/x": missing value');
    // add without a value writes null
    expect(applyJsonPatch(doc, [{ op: 'add', path: '/spec/z' }])).toMatchObject({ spec: { z: null } });
  });

  it('test: a missing key or a null value matches null or an absent value only', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/absent', value: null }])).not.toThrow();
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/absent' }])).not.toThrow();
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/nul', value: null }])).not.toThrow();
    expect(failure([{ op: 'test', path: '/spec/absent', value: 1 }]).message).toBe('testing value /spec/absent failed: test failed');
    expect(failure([{ op: 'test', path: '/spec/n' }]).message).toBe('testing value /spec/n failed: test failed');
    expect(failure([{ op: 'test', path: '/spec/n', value: null }]).message).toBe('testing value /spec/n failed: test failed');
    expect(failure([{ op: 'test', path: '/spec/list/9', value: 1 }]).message).toBe(
      "error in test for path: '/spec/list/9': Unable to access invalid index: 9: invalid index referenced",
    );
    expect(failure([{ op: 'test', path: '/x/y', value: 1 }]).message).toBe('test operation does not apply: is missing path: /x/y: missing value');
  });

  it('test compares objects and arrays structurally and scalars by their JSON text', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/nested', value: { k: 'v' } }])).not.toThrow();
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/list', value: ['a', 'b', 'c'] }])).not.toThrow();
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/metadata/resourceVersion', value: '12' }])).not.toThrow();
    expect(failure([{ op: 'test', path: '/spec/nested', value: { k: 'v', extra: 1 } }]).kind).toBe('apply');
    expect(failure([{ op: 'test', path: '/metadata/resourceVersion', value: 12 }]).kind).toBe('apply');
    // the raw text decides: 1.0 is not 1, and the document side is Go-encoded ("x\u0026y")
    expect(() => applyJsonPatch(doc, '[{"op":"test","path":"/spec/n","value": 1 }]')).not.toThrow();
    expect(failure('[{"op":"test","path":"/spec/n","value":1.0}]').message).toBe('testing value /spec/n failed: test failed');
    expect(failure('[{"op":"test","path":"/spec/s","value":"x&y"}]').message).toBe('testing value /spec/s failed: test failed');
    expect(() => applyJsonPatch(doc, '[{"op":"test","path":"/spec/s","value":"x\\u0026y"}]')).not.toThrow();
    expect(() => applyJsonPatch(doc, '[{"op":"test","path":"/spec/nested","value":{ "k" : "v" }}]')).not.toThrow();
  });

  it('move and copy', () => {
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/spec/n', path: '/spec/m' }])).toMatchObject({ spec: { m: 1 } });
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/spec/list/0', path: '/spec/list/-' }])).toMatchObject({ spec: { list: ['b', 'c', 'a'] } });
    expect(failure([{ op: 'move', from: '/spec/absent', path: '/spec/m' }]).message).toBe(
      "error in move for path: 'absent': Unable to remove nonexistent key: absent: missing value",
    );
    expect(failure([{ op: 'move', from: '/spec/list/8', path: '/spec/m' }]).message).toBe(
      "error in move for path: '8': Unable to access invalid index: 8: invalid index referenced",
    );
    expect(failure([{ op: 'move', path: '/spec/m' }]).message).toBe('move operation failed to decode from: operation, missing from field: missing value');
    const copied = applyJsonPatch(doc, [{ op: 'copy', from: '/spec/nested', path: '/spec/c' }]) as any;
    expect(copied.spec.c).toEqual({ k: 'v' });
    expect(copied.spec.c).not.toBe(copied.spec.nested);
    // v4 copies a missing object key as null
    expect(applyJsonPatch(doc, [{ op: 'copy', from: '/spec/absent', path: '/spec/c' }])).toMatchObject({ spec: { c: null } });
    expect(failure([{ op: 'copy', from: '/spec/list/5', path: '/spec/c' }]).message).toBe(
      "error in copy for from: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced",
    );
    expect(failure([{ op: 'copy', from: '/spec/n', path: '/q/r' }]).message).toBe('copy operation does not apply: doc is missing destination path: /q/r: missing value');
  });

  it('paths: ~0/~1 escapes, a path without a leading slash drops its first segment', () => {
    const d = { 'a/b': 1, 'c~d': 2 };
    expect(applyJsonPatch(d, [{ op: 'replace', path: '/a~1b', value: 3 }, { op: 'replace', path: '/c~0d', value: 4 }])).toEqual({ 'a/b': 3, 'c~d': 4 });
    expect(applyJsonPatch({ x: 1 }, [{ op: 'add', path: 'ignored/y', value: 2 }])).toEqual({ x: 1, y: 2 });
    expect(() => applyJsonPatch({ x: 1 }, [{ op: 'add', path: 'y', value: 2 }])).toThrow('add operation does not apply: doc is missing path: "y": missing value');
  });

  it('is atomic: a later failure leaves the input untouched', () => {
    const input = structuredClone(doc);
    expect(() => applyJsonPatch(input, [{ op: 'add', path: '/spec/n', value: 9 }, { op: 'remove', path: '/nope' }])).toThrow();
    expect(input).toEqual(doc);
  });

  it('decoding errors are Go texts and 400s; unknown ops and missing paths are 422s', () => {
    expect(failure('[{"op":').message).toBe('error decoding patch: unexpected end of JSON input');
    expect(failure('[{"op" "add"}]').message).toBe(`error decoding patch: invalid character '"' after object key`);
    expect(failure('[{"op":').kind).toBe('decode');
    expect(failure({ op: 'add' }).message).toBe('error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
    expect(failure('"x"').message).toBe('error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp');
    expect(failure(['add']).message).toBe('error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp');
    expect(failure([{ op: 5, path: '/a' }]).message).toBe('error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string');
    expect(failure([{ op: 'add', Path: true }]).message).toBe('error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.path of type string');
    expect(failure([null]).message).toBe('Unexpected kind: unknown');
    expect(failure([{ op: 'frobnicate', path: '/a' }]).message).toBe('Unexpected kind: frobnicate');
    expect(failure([{ path: '/a' }]).message).toBe('Unexpected kind: unknown');
    expect(failure([{ op: 'add', value: 1 }]).message).toBe('add operation failed to decode path: missing value');
    expect(failure([{ op: 'test', value: 1 }]).message).toBe('test operation failed to decode path: operation missing path field: missing value');
    expect(applyJsonPatch(doc, 'null')).toEqual(doc);
  });

  it('more than the allowed operations is a too-large failure', () => {
    const ops = Array.from({ length: 3 }, () => ({ op: 'test', path: '/spec/n', value: 1 }));
    const e = (() => {
      try {
        applyJsonPatch(doc, ops, 2);
      } catch (err) {
        return err as JsonPatchError;
      }
      throw new Error('applied');
    })();
    expect(e.kind).toBe('too-large');
    expect(e.message).toBe('The allowed maximum operations in a JSON patch is 2, got 3');
  });
});
