import { describe, expect, it } from 'vitest';
import { CelEvalError, CelParseError, celValueFromJson, compileCel, parseGoDuration, re2ToRegExp, type CelDuration, type CelValue } from './cel.evaluator';
import { createCelRuleChecker, type CelRuleSchema } from './cel-rules.validator';
import type { FieldError } from './api-status.errors';

const run = (expr: string, self: unknown = null): CelValue => compileCel(expr).evaluate({ self: celValueFromJson(self) });

const FLEET_RULE =
  "self == '0' || (self.matches('^([0-9]+([.][0-9]+)?(ns|us|µs|ms|s|m|h))+$') && duration(self) <= duration('2562047h'))";

describe('CEL subset: literals and operators', () => {
  it('evaluates literals', () => {
    expect(run("'a\\'b'")).toBe("a'b");
    expect(run('"double"')).toBe('double');
    expect(run("r'\\d+'")).toBe('\\d+');
    expect(run("'''multi\nline'''")).toBe('multi\nline');
    expect(run("'\\u00b5\\x41\\101'")).toBe('µAA');
    expect(run('42')).toBe(42n);
    expect(run('0x1F')).toBe(31n);
    expect(run('-3')).toBe(-3n);
    expect(run('2.5')).toBe(2.5);
    expect(run('1e3')).toBe(1000);
    expect(run('true')).toBe(true);
    expect(run('null')).toBe(null);
  });

  it('applies precedence: ! before && before || before ?:', () => {
    expect(run('true || false && false')).toBe(true);
    expect(run('!(true && false) && !false')).toBe(true);
    expect(run('1 + 2 * 3 == 7')).toBe(true);
    expect(run('(1 + 2) * 3 == 9')).toBe(true);
    expect(run('7 / 2 == 3 && 7 % 2 == 1')).toBe(true);
    expect(run("1 < 2 ? 'yes' : 'no'")).toBe('yes');
    expect(run('3 - 1 - 1')).toBe(1n);
  });

  it('compares numbers across int and double, strings, bools and durations', () => {
    expect(run('1 == 1.0')).toBe(true);
    expect(run('2 > 1.5')).toBe(true);
    expect(run("'abc' < 'abd'")).toBe(true);
    expect(run('false < true')).toBe(true);
    expect(run("duration('90m') == duration('1h30m')")).toBe(true);
    expect(run("duration('1h') > duration('59m59s')")).toBe(true);
    expect(run("'a' != 'b'")).toBe(true);
    expect(run("[1, 'a'] == [1, 'a']")).toBe(true);
    expect(run("{'k': 1} == {'k': 1}")).toBe(true);
    expect(() => run("1 < 'a'")).toThrow(CelEvalError);
  });

  it('adds and subtracts ints, doubles, strings, lists and durations', () => {
    expect(run("'a' + 'b'")).toBe('ab');
    expect(run('[1] + [2]')).toEqual([1n, 2n]);
    expect(run('1.5 + 1.0')).toBe(2.5);
    expect((run("duration('1h') - duration('30m')") as CelDuration).nanos).toBe(1800n * 10n ** 9n);
    expect(() => run('1 + 1.0')).toThrow('no such overload');
    expect(() => run('9223372036854775807 + 1')).toThrow('integer overflow');
    expect(run('-9223372036854775808 < 0')).toBe(true);
  });

  it('treats && and || as commutative over errors', () => {
    expect(run('self.missing || true', {})).toBe(true);
    expect(run('false && self.missing', {})).toBe(false);
    expect(run('self.missing && false', {})).toBe(false);
    expect(() => run('self.missing || false', {})).toThrow('no such key: missing');
  });

  it('has `in` for lists and maps', () => {
    expect(run("'b' in ['a', 'b']")).toBe(true);
    expect(run("'x' in self", { x: 1 })).toBe(true);
    expect(run('3 in [1, 2]')).toBe(false);
  });
});

describe('CEL subset: self, fields, functions', () => {
  const self = { a: { b: 'text', n: 3, list: [1, 2, 3] }, 'foo-bar': 1 };

  it('selects fields and indexes lists and maps', () => {
    expect(run('self.a.b', self)).toBe('text');
    expect(run("self.a['n'] == 3", self)).toBe(true);
    expect(run('self.a.list[2]', self)).toBe(3n);
    expect(run('self.foo__dash__bar == 1', self)).toBe(true);
    expect(() => run('self.a.zzz', self)).toThrow('no such key: zzz');
    expect(() => run('self.a.list[3]', self)).toThrow('index out of bounds: 3');
  });

  it('has() tests presence without failing', () => {
    expect(run('has(self.a.b)', self)).toBe(true);
    expect(run('has(self.a.c)', self)).toBe(false);
    expect(run('!has(self.x) || self.x > 0', self)).toBe(true);
    expect(() => compileCel('has(self)')).toThrow(CelParseError);
  });

  it('size() counts code points, items and keys, as function and method', () => {
    expect(run("size('µs')")).toBe(2n);
    expect(run('self.a.list.size()', self)).toBe(3n);
    expect(run('size(self.a)', self)).toBe(3n);
    expect(run("'abc'.size() == 3")).toBe(true);
  });

  it('string methods', () => {
    expect(run("'hello'.startsWith('he') && 'hello'.endsWith('lo') && 'hello'.contains('ell')")).toBe(true);
    expect(run("'abc123'.matches('[0-9]+')")).toBe(true); // unanchored, like RE2 MatchString
    expect(run("'abc'.matches('^[0-9]+$')")).toBe(false);
    expect(run("matches('ABC', '(?i)^abc$')")).toBe(true);
    expect(run("'x9'.matches(r'\\d')")).toBe(true);
    expect(run("'a'.matches('\\\\pL')")).toBe(true);
  });

  it('conversions', () => {
    expect(run("int('42') + 1")).toBe(43n);
    expect(run('double(2) == 2.0')).toBe(true);
    expect(run("string(12) == '12'")).toBe(true);
  });

  it('rejects what it does not implement at compile time', () => {
    for (const expr of ['self.all(x, x > 0)', 'oldSelf == self', "b'bytes'", '1u', 'self.foo(', "'unterminated", 'timestamp(self)', "'a'.matches('(?<!x)y') && 1 +"]) {
      expect(() => compileCel(expr), expr).toThrow(CelParseError);
    }
  });
});

describe('Go durations', () => {
  it('parses like time.ParseDuration', () => {
    expect(parseGoDuration('1h30m')).toBe(5400n * 10n ** 9n);
    expect(parseGoDuration('2.5m')).toBe(150n * 10n ** 9n);
    expect(parseGoDuration('15µs')).toBe(15000n);
    expect(parseGoDuration('-1.5h')).toBe(-5400n * 10n ** 9n);
    expect(parseGoDuration('0')).toBe(0n);
    expect(parseGoDuration('2562047h')).toBe(2562047n * 3600n * 10n ** 9n);
    expect(() => parseGoDuration('1d')).toThrow('time: unknown unit "d" in duration "1d"');
    expect(() => parseGoDuration('10')).toThrow('time: missing unit in duration "10"');
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseGoDuration('2562048h')).toThrow('time: invalid duration "2562048h"');
  });
});

describe('RE2 patterns', () => {
  it('translates the common RE2-only syntax', () => {
    expect(re2ToRegExp('(?P<x>a)\\z').test('a')).toBe(true);
    expect(re2ToRegExp('^[[:alpha:]]+$').test('abc')).toBe(true);
    expect(() => re2ToRegExp('a(?i)b')).toThrow(CelParseError);
  });
});

describe('the Fleet duration rule', () => {
  const prog = compileCel(FLEET_RULE);
  const check = (s: string) => prog.evaluate({ self: s });
  it('accepts Go durations and "0"', () => {
    for (const ok of ['0', '15s', '1h30m', '2.5m', '100ms', '5µs', '2562047h']) expect(check(ok), ok).toBe(true);
  });
  it('rejects days, weeks, bare numbers and values above the limit', () => {
    for (const bad of ['1d', '2w', '10', '', '1.5', '-1s']) expect(check(bad), bad).toBe(false);
  });
  it('fails to evaluate a well-formed duration that overflows', () => {
    expect(() => check('2562048h')).toThrow(CelEvalError);
  });
});

describe('x-kubernetes-validations checker', () => {
  const schema: CelRuleSchema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          pollingInterval: {
            type: 'string',
            'x-kubernetes-validations': [{ rule: FLEET_RULE, message: 'must be a valid Go duration' }],
          },
          replicas: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= 0' }] },
          items: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: "self != ''", reason: 'FieldValueForbidden', message: 'no empty items' }] } },
          labels: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: 'size(self) < 4' }] } },
          fancy: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.all(c, c != "x")' }] },
          keyed: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a == 1', fieldPath: '.a' }] },
        },
      },
    },
  };

  it('reports failures with the rule message or the default text, at the value path', () => {
    const checker = createCelRuleChecker();
    const errs: FieldError[] = [];
    checker.check(
      { spec: { pollingInterval: '1d', replicas: -1, items: ['a', ''], labels: { ok: 'abc', bad: 'abcd' }, keyed: { a: 2 } } },
      schema,
      errs,
    );
    expect(errs).toEqual([
      { type: 'FieldValueForbidden', field: 'spec.items[1]', detail: 'no empty items' },
      { type: 'FieldValueInvalid', field: 'spec.keyed.a', value: { a: 2 }, detail: 'failed rule: self.a == 1' },
      { type: 'FieldValueInvalid', field: 'spec.labels[bad]', value: 'abcd', detail: 'failed rule: size(self) < 4' },
      { type: 'FieldValueInvalid', field: 'spec.pollingInterval', value: '1d', detail: 'must be a valid Go duration' },
      { type: 'FieldValueInvalid', field: 'spec.replicas', value: -1, detail: 'failed rule: self >= 0' },
    ]);
  });

  it('skips null values and passes valid objects', () => {
    const errs: FieldError[] = [];
    createCelRuleChecker().check({ spec: { pollingInterval: null, replicas: 2, items: ['a'] } }, schema, errs);
    expect(errs).toEqual([]);
  });

  it('turns runtime errors into Invalid errors naming the rule', () => {
    const errs: FieldError[] = [];
    createCelRuleChecker().check({ spec: { keyed: { b: 1 } } }, schema, errs);
    expect(errs).toEqual([{ type: 'FieldValueInvalid', field: 'spec.keyed', value: 'object', detail: 'no such key: a evaluating rule: self.a == 1' }]);
  });

  it('lets unsupported rules pass and lists each once', () => {
    const checker = createCelRuleChecker();
    for (let i = 0; i < 3; i++) {
      const errs: FieldError[] = [];
      checker.check({ spec: { fancy: 'xyz' } }, schema, errs);
      expect(errs).toEqual([]);
    }
    expect(checker.unsupported()).toEqual([{ rule: 'self.all(c, c != "x")', reason: 'unsupported function: all' }]);
  });

  it('knows which schemas carry rules', () => {
    const checker = createCelRuleChecker();
    expect(checker.hasRules(schema)).toBe(true);
    expect(checker.hasRules({ type: 'object', properties: { a: { type: 'string' } } })).toBe(false);
  });
});
