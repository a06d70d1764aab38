import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidLabelKey, isValidLabelValue, matchesSelector, parseSelector, selectorErrors, selectorToString } from './selector';
import type { LabelSelector } from './types';

describe('matchesSelector (Kubernetes semantics)', () => {
  const labels = { env: 'prod', region: 'eu' };
  it('subtlety 4: null/undefined selector matches nothing, {} matches everything', () => {
    expect(matchesSelector(labels, null)).toBe(false);
    expect(matchesSelector(labels, undefined)).toBe(false);
    expect(matchesSelector(labels, {})).toBe(true);
    expect(matchesSelector({}, {})).toBe(true);
  });
  it('matchLabels and expressions are ANDed', () => {
    expect(matchesSelector(labels, { matchLabels: { env: 'prod' } })).toBe(true);
    expect(matchesSelector(labels, { matchLabels: { env: 'prod', region: 'us' } })).toBe(false);
    expect(
      matchesSelector(labels, { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'region', operator: 'In', values: ['us'] }] }),
    ).toBe(false);
  });
  it('In / NotIn / Exists / DoesNotExist; NotIn matches when the key is absent', () => {
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu', 'us'] }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] })).toBe(false);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'env', operator: 'Exists' }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] })).toBe(false);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] })).toBe(true);
  });
  it('an invalid selector (Kubernetes rejects it) matches nothing', () => {
    const bad: LabelSelector = { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] };
    expect(selectorErrors(bad)).toHaveLength(1);
    expect(matchesSelector(labels, bad)).toBe(false);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'env', operator: 'Gt', values: ['1'] }] })).toBe(false);
  });
});

describe('label key/value validation', () => {
  it('accepts qualified names and rejects invalid ones', () => {
    expect(isValidLabelKey('management.cattle.io/cluster-display-name')).toBe(true);
    expect(isValidLabelKey('env')).toBe(true);
    expect(isValidLabelKey('-env')).toBe(false);
    expect(isValidLabelKey('Foo.com/x')).toBe(false);
    expect(isValidLabelKey('a'.repeat(64))).toBe(false);
    expect(isValidLabelValue('')).toBe(true);
    expect(isValidLabelValue('v1.2_3')).toBe(true);
    expect(isValidLabelValue('bad value')).toBe(false);
  });
});

describe('string form', () => {
  it('renders like kubectl', () => {
    const sel: LabelSelector = {
      matchLabels: { env: 'prod' },
      matchExpressions: [
        { key: 'region', operator: 'In', values: ['eu', 'us'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'gpu', operator: 'Exists' },
      ],
    };
    expect(selectorToString(sel)).toBe('env=prod,region in (eu,us),!legacy,tier notin (db),gpu');
    expect(selectorToString({})).toBe('');
  });

  it('parses every operator, with whitespace', () => {
    const r = parseSelector(' env = prod , region in ( eu , us ),!legacy, tier!=db, gpu, a==b');
    expect(r).toEqual({
      ok: true,
      selector: {
        matchLabels: { env: 'prod', a: 'b' },
        matchExpressions: [
          { key: 'region', operator: 'In', values: ['eu', 'us'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'gpu', operator: 'Exists' },
        ],
      },
    });
    expect(parseSelector('')).toEqual({ ok: true, selector: {} });
  });

  it('reports errors with their position', () => {
    expect(parseSelector('env=prod,')).toMatchObject({ ok: false, error: { position: 9 } });
    expect(parseSelector('env in prod')).toMatchObject({ ok: false, error: { position: 7 } });
    expect(parseSelector('env foo (a)')).toMatchObject({ ok: false, error: { position: 4 } });
    expect(parseSelector('-bad=x')).toMatchObject({ ok: false, error: { position: 0 } });
    expect(parseSelector('env=bad value')).toMatchObject({ ok: false, error: { position: 8, message: "expected ',' or end of input" } });
    expect(parseSelector('env in ()')).toMatchObject({ ok: false, error: { position: 8 } });
    expect(parseSelector('env in (a b)')).toMatchObject({ ok: false, error: { position: 10 } });
  });

  it('property: parse(toString(s)) gives back an equivalent selector', () => {
    const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,10}[a-z0-9])?$/);
    const key = fc.oneof(name, fc.tuple(fc.stringMatching(/^[a-z]{1,8}\.io$/), name).map(([p, n]) => `${p}/${n}`));
    const values = fc.uniqueArray(name, { minLength: 1, maxLength: 3 });
    const requirement = fc.oneof(
      fc.record({ key, operator: fc.constantFrom('In', 'NotIn'), values }),
      fc.record({ key, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
    );
    const selector = fc.record(
      { matchLabels: fc.dictionary(key, name, { maxKeys: 3 }), matchExpressions: fc.array(requirement, { maxLength: 4 }) },
      { requiredKeys: [] },
    );
    const labelsArb = fc.dictionary(key, name, { maxKeys: 5 });
    fc.assert(
      fc.property(selector, labelsArb, (sel, labels) => {
        const parsed = parseSelector(selectorToString(sel));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(selectorToString(parsed.selector)).toBe(selectorToString(sel));
        expect(matchesSelector(labels, parsed.selector)).toBe(matchesSelector(labels, sel));
      }),
      { numRuns: 300 },
    );
  });
});
