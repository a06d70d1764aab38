import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, type JsonPatchError } from './json-patch.patcher';
import { matchesLabels, parseFieldSelector, parseLabelSelector, SelectorParseError } from './selectors.parser';
import { processCustomResource, type JsonSchema } from './schema.validator';

describe('merge patch (RFC 7386)', () => {
  it('merges objects, removes nulls and replaces arrays', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, x: 1 }, e: [2], f: 'n' })).toEqual({ a: 1, b: { d: 3, x: 1 }, e: [2], f: 'n' });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { list: ['a', 'b'], n: 1 } };
  it('applies add/remove/replace/move/copy/test', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/spec/list/-', value: 'c' },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'replace', path: '/spec/n', value: 2 },
      { op: 'copy', from: '/spec/n', path: '/spec/m' },
      { op: 'move', from: '/spec/m', path: '/spec/k' },
      { op: 'test', path: '/spec/k', value: 2 },
    ]);
    expect(out).toEqual({ spec: { list: ['b', 'c'], n: 2, k: 2 } });
    expect(doc.spec.list).toEqual(['a', 'b']);
  });
  it('reports failures with the apiserver texts', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/n', value: 5 }])).toThrow('testing value /spec/n failed: test failed');
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/list/7', value: 5 }])).toThrow('replace operation does not apply: doc is missing key: /spec/list/7: missing value');
    try {
      applyJsonPatch(doc, { op: 'add' });
      expect.unreachable();
    } catch (e) {
      expect((e as JsonPatchError).isDecodeError).toBe(true);
    }
  });
});

describe('selectors', () => {
  it('parses and matches every label operator', () => {
    const sel = parseLabelSelector('a=1,b==2,c!=3,d in (x, y),e notin (z),f,!g');
    expect(matchesLabels(sel, { a: '1', b: '2', c: '4', d: 'y', e: 'q', f: '' })).toBe(true);
    expect(matchesLabels(sel, { a: '1', b: '2', d: 'y', f: '', g: 'x' })).toBe(false);
    expect(() => parseLabelSelector('a=(')).toThrow(SelectorParseError);
  });
  it('rejects unsupported field selectors', () => {
    expect(parseFieldSelector('metadata.name=x,metadata.namespace!=y', ['metadata.name', 'metadata.namespace'])).toHaveLength(2);
    expect(() => parseFieldSelector('spec.x=1', ['metadata.name', 'metadata.namespace'])).toThrow(
      '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });
});

describe('structural schema', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', maxLength: 5 },
          mode: { type: 'string', enum: ['A', 'B'], default: 'A' },
          port: { 'x-kubernetes-int-or-string': true },
          count: { type: 'integer', format: 'int64', minimum: 0 },
          opt: { type: 'string', nullable: true },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  };
  it('prunes, defaults and keeps preserved fields', () => {
    const obj: Record<string, unknown> = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n', junk: 1 }, spec: { name: 'a', drop: 1, opt: null, free: { any: { thing: 1 } }, port: 'http' } };
    expect(processCustomResource(obj, schema)).toEqual([]);
    expect(obj.spec).toEqual({ name: 'a', mode: 'A', opt: null, free: { any: { thing: 1 } }, port: 'http' });
    expect(obj.metadata).toEqual({ name: 'n' });
  });
  it('reports required, enum, type, int-or-string and bounds errors', () => {
    const obj: Record<string, unknown> = { spec: { mode: 'C', port: true, count: -1, tags: ['a', 3], name: null } };
    const errs = processCustomResource(obj, schema).map((e) => `${e.type} ${e.field}`);
    expect(errs).toEqual([
      'FieldValueRequired spec.name',
      'FieldValueNotSupported spec.mode',
      'FieldValueTypeInvalid spec.port',
      'FieldValueInvalid spec.count',
      'FieldValueTypeInvalid spec.tags[1]',
    ]);
  });
});
