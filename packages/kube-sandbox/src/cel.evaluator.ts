// A small subset of CEL (the Common Expression Language of `x-kubernetes-validations`):
// literals, `self` with field selection and indexing, `has()`, `size()`, the operators
// `?: || && ! == != < <= > >= in + - * / %`, list and map literals, the string methods
// `matches`, `startsWith`, `endsWith`, `contains`, and `duration()`/`int()`/`double()`/`string()`.
// What it does not know is a CelParseError (compile time) so the caller can skip the rule.

/** The expression uses something this evaluator does not implement, or is not valid CEL. */
export class CelParseError extends Error {}

/** A CEL runtime error (`no such key: x`, `index out of bounds: 3`, `no such overload`). */
export class CelEvalError extends Error {}

/** A google.protobuf.Duration, in nanoseconds. */
export class CelDuration {
  constructor(readonly nanos: bigint) {}
}

/** CEL values: int is bigint, double is number, maps are plain objects with string keys. */
export type CelValue = null | boolean | bigint | number | string | CelDuration | CelValue[] | { [k: string]: CelValue };

export interface CelProgram {
  readonly source: string;
  evaluate(vars: { self: CelValue }): CelValue;
}

// ---------- lexer ----------

type Tok =
  | { t: 'num'; v: bigint | number; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'id'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'eof'; pos: number };

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const hex = /^0[xX][0-9a-fA-F]+/.exec(src.slice(i));
      if (hex) {
        i += hex[0].length;
        if (src[i] === 'u' || src[i] === 'U') throw new CelParseError('unsigned integers are not supported');
        out.push({ t: 'num', v: BigInt(hex[0]), pos: start });
        continue;
      }
      const m = /^(\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i)) as RegExpExecArray;
      i += m[0].length;
      if (src[i] === 'u' || src[i] === 'U') throw new CelParseError('unsigned integers are not supported');
      if (m[2] !== undefined || m[3] !== undefined) out.push({ t: 'num', v: Number(m[0]), pos: start });
      else {
        const v = BigInt(m[0]);
        if (v > INT64_MAX + 1n) throw new CelParseError(`integer literal out of range: ${m[0]}`);
        out.push({ t: 'num', v, pos: start });
      }
      continue;
    }
    const prefix = /^([rRbB]{0,2})(['"])/.exec(src.slice(i));
    if (prefix && (prefix[1] === '' || /^[rR]?[bB]?$|^[bB]?[rR]?$/.test(prefix[1] as string))) {
      const flags = (prefix[1] as string).toLowerCase();
      if (flags.includes('b')) throw new CelParseError('bytes literals are not supported');
      i += (prefix[1] as string).length;
      const { value, end } = lexString(src, i, flags.includes('r'));
      out.push({ t: 'str', v: value, pos: start });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'id', v: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new CelParseError(`unexpected character ${JSON.stringify(c)} at ${i}`);
    out.push({ t: 'op', v: op, pos: start });
    i += op.length;
  }
  out.push({ t: 'eof', pos: src.length });
  return out;
}

function lexString(src: string, i: number, raw: boolean): { value: string; end: number } {
  const q = src[i] as string;
  const triple = src.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  let j = i + close.length;
  let value = '';
  for (;;) {
    if (j >= src.length) throw new CelParseError('unterminated string literal');
    if (src.startsWith(close, j)) return { value, end: j + close.length };
    const ch = src[j] as string;
    if (!triple && (ch === '\n' || ch === '\r')) throw new CelParseError('newline in string literal');
    if (ch !== '\\' || raw) {
      value += ch;
      j++;
      continue;
    }
    const e = src[j + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '`': '`', '?': '?' };
    if (e !== undefined && simple[e] !== undefined) {
      value += simple[e];
      j += 2;
      continue;
    }
    const hex = e === 'x' || e === 'X' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = src.slice(j + 2, j + 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new CelParseError('invalid escape sequence');
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new CelParseError('invalid code point in escape');
      value += String.fromCodePoint(cp);
      j += 2 + hex;
      continue;
    }
    const oct = /^[0-3][0-7]{2}/.exec(src.slice(j + 1));
    if (oct) {
      value += String.fromCodePoint(parseInt(oct[0], 8));
      j += 4;
      continue;
    }
    throw new CelParseError(`invalid escape sequence \\${e ?? ''}`);
  }
}

// ---------- parser ----------

type Node =
  | { k: 'lit'; v: CelValue }
  | { k: 'ident'; name: string }
  | { k: 'select'; target: Node; field: string }
  | { k: 'index'; target: Node; index: Node }
  | { k: 'call'; fn: string; target?: Node; args: Node[] }
  | { k: 'has'; target: Node; field: string }
  | { k: 'unary'; op: '!' | '-'; arg: Node }
  | { k: 'binary'; op: string; left: Node; right: Node }
  | { k: 'cond'; test: Node; then: Node; else: Node }
  | { k: 'list'; items: Node[] }
  | { k: 'map'; entries: Array<[Node, Node]> };

const RESERVED = new Set(['as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const VARIABLES = new Set(['self']);
const GLOBAL_FUNCTIONS = new Set(['size', 'duration', 'int', 'double', 'string', 'matches', 'bool']);
const METHODS = new Set(['size', 'matches', 'startsWith', 'endsWith', 'contains']);

function parse(src: string): Node {
  const toks = lex(src);
  let p = 0;
  const peek = (): Tok => toks[p] as Tok;
  const isOp = (v: string): boolean => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw new CelParseError(`expected '${v}' at ${peek().pos}`);
    p++;
  };

  const expr = (): Node => {
    const test = or();
    if (!isOp('?')) return test;
    p++;
    const then = or();
    expect(':');
    return { k: 'cond', test, then, else: expr() };
  };
  const or = (): Node => {
    let left = and();
    while (isOp('||')) {
      p++;
      left = { k: 'binary', op: '||', left, right: and() };
    }
    return left;
  };
  const and = (): Node => {
    let left = relation();
    while (isOp('&&')) {
      p++;
      left = { k: 'binary', op: '&&', left, right: relation() };
    }
    return left;
  };
  const relation = (): Node => {
    let left = addition();
    for (;;) {
      const t = peek();
      const isRel = t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v);
      const isIn = t.t === 'id' && t.v === 'in';
      if (!isRel && !isIn) return left;
      p++;
      left = { k: 'binary', op: isIn ? 'in' : (t as { v: string }).v, left, right: addition() };
    }
  };
  const addition = (): Node => {
    let left = multiplication();
    while (isOp('+') || isOp('-')) {
      const op = (toks[p++] as { v: string }).v;
      left = { k: 'binary', op, left, right: multiplication() };
    }
    return left;
  };
  const multiplication = (): Node => {
    let left = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (toks[p++] as { v: string }).v;
      left = { k: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Node => {
    if (isOp('!')) {
      p++;
      return { k: 'unary', op: '!', arg: unary() };
    }
    if (isOp('-')) {
      p++;
      const next = peek();
      // -9223372036854775808 is only valid as a negated literal
      if (next.t === 'num' && typeof next.v === 'bigint') {
        p++;
        return member({ k: 'lit', v: -next.v });
      }
      return { k: 'unary', op: '-', arg: unary() };
    }
    return member(primary());
  };
  const args = (): Node[] => {
    expect('(');
    const list: Node[] = [];
    if (!isOp(')')) {
      list.push(expr());
      while (isOp(',')) {
        p++;
        list.push(expr());
      }
    }
    expect(')');
    return list;
  };
  const member = (start: Node): Node => {
    let node = start;
    for (;;) {
      if (isOp('.')) {
        p++;
        const id = peek();
        if (id.t !== 'id') throw new CelParseError(`expected a field name at ${id.pos}`);
        p++;
        if (isOp('(')) {
          if (!METHODS.has(id.v)) throw new CelParseError(`unsupported function: ${id.v}`);
          node = { k: 'call', fn: id.v, target: node, args: args() };
        } else node = { k: 'select', target: node, field: unescapeField(id.v) };
      } else if (isOp('[')) {
        p++;
        const index = expr();
        expect(']');
        node = { k: 'index', target: node, index };
      } else return node;
    }
  };
  const primary = (): Node => {
    const t = peek();
    p++;
    if (t.t === 'num' || t.t === 'str') {
      if (t.t === 'num' && typeof t.v === 'bigint' && t.v > INT64_MAX) throw new CelParseError('integer literal out of range');
      return { k: 'lit', v: t.v };
    }
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (RESERVED.has(t.v) || t.v === 'in') throw new CelParseError(`reserved identifier: ${t.v}`);
      if (isOp('(')) {
        if (t.v === 'has') {
          const a = args();
          const target = a[0];
          if (a.length !== 1 || target === undefined || target.k !== 'select') throw new CelParseError('invalid argument to has() macro');
          return { k: 'has', target: target.target, field: target.field };
        }
        if (!GLOBAL_FUNCTIONS.has(t.v)) throw new CelParseError(`unsupported function: ${t.v}`);
        return { k: 'call', fn: t.v, args: args() };
      }
      if (!VARIABLES.has(t.v)) throw new CelParseError(`undeclared reference to '${t.v}'`);
      return { k: 'ident', name: t.v };
    }
    if (t.t === 'op' && t.v === '(') {
      const e = expr();
      expect(')');
      return e;
    }
    if (t.t === 'op' && t.v === '[') {
      const items: Node[] = [];
      while (!isOp(']')) {
        items.push(expr());
        if (!isOp(',')) break;
        p++;
      }
      expect(']');
      return { k: 'list', items };
    }
    if (t.t === 'op' && t.v === '{') {
      const entries: Array<[Node, Node]> = [];
      while (!isOp('}')) {
        const key = expr();
        expect(':');
        entries.push([key, expr()]);
        if (!isOp(',')) break;
        p++;
      }
      expect('}');
      return { k: 'map', entries };
    }
    throw new CelParseError(`unexpected token at ${t.pos}`);
  };

  const root = expr();
  if (peek().t !== 'eof') throw new CelParseError(`unexpected token at ${peek().pos}`);
  return root;
}

/** Kubernetes escapes property names that are not CEL identifiers (`foo-bar` is `foo__dash__bar`). */
function unescapeField(name: string): string {
  if (/^__[a-z]+__$/.test(name) && RESERVED.has(name.slice(2, -2))) return name.slice(2, -2);
  return name.replace(/__(underscores|dot|dash|slash)__/g, (_m, w: string) => ({ underscores: '__', dot: '.', dash: '-', slash: '/' })[w] as string);
}

// ---------- evaluation ----------

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

function typeName(v: CelValue): string {
  if (v === null) return 'null_type';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string') return 'string';
  if (v instanceof CelDuration) return 'google.protobuf.Duration';
  if (Array.isArray(v)) return 'list';
  return 'map';
}

function isMap(v: CelValue): v is { [k: string]: CelValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CelDuration);
}

const noOverload = (fn: string, ...vals: CelValue[]): CelEvalError =>
  new CelEvalError(`no such overload: ${fn}(${vals.map(typeName).join(', ')})`);

function checkInt(v: bigint): bigint {
  if (v > INT64_MAX || v < INT64_MIN) throw new CelEvalError('integer overflow');
  return v;
}

function celEquals(a: CelValue, b: CelValue): boolean {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === 'number' && Number.isNaN(a)) return false;
    if (typeof b === 'number' && Number.isNaN(b)) return false;
    return compareNumbers(a, b) === 0;
  }
  if (a instanceof CelDuration && b instanceof CelDuration) return a.nanos === b.nanos;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i] as CelValue));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && celEquals(a[k] as CelValue, b[k] as CelValue));
  }
  return a === b;
}

function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compare(op: string, a: CelValue, b: CelValue): boolean {
  let c: number;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if ((typeof a === 'number' && Number.isNaN(a)) || (typeof b === 'number' && Number.isNaN(b))) return false;
    c = compareNumbers(a, b);
  } else if (typeof a === 'string' && typeof b === 'string') c = a < b ? -1 : a > b ? 1 : 0;
  else if (typeof a === 'boolean' && typeof b === 'boolean') c = Number(a) - Number(b);
  else if (a instanceof CelDuration && b instanceof CelDuration) c = a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
  else throw noOverload(`_${op}_`, a, b);
  if (op === '<') return c < 0;
  if (op === '<=') return c <= 0;
  if (op === '>') return c > 0;
  return c >= 0;
}

function arithmetic(op: string, a: CelValue, b: CelValue): CelValue {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (op === '+') return checkInt(a + b);
    if (op === '-') return checkInt(a - b);
    if (op === '*') return checkInt(a * b);
    if (b === 0n) throw new CelEvalError(op === '/' ? 'division by zero' : 'modulus by zero');
    return checkInt(op === '/' ? a / b : a % b);
  }
  if (typeof a === 'number' && typeof b === 'number' && op !== '%') {
    return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if ((op === '+' || op === '-') && a instanceof CelDuration && b instanceof CelDuration) {
    return new CelDuration(checkInt(op === '+' ? a.nanos + b.nanos : a.nanos - b.nanos));
  }
  throw noOverload(`_${op}_`, a, b);
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };

/** Go's time.ParseDuration, to nanoseconds; throws CelEvalError with Go's text. */
export function parseGoDuration(s: string): bigint {
  const invalid = () => new CelEvalError(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(rest) as RegExpExecArray;
    const intPart = m[1] ?? '';
    const frac = m[2];
    if (intPart === '' && (frac === undefined || frac === '')) throw invalid();
    rest = rest.slice(m[0].length);
    const u = /^[^\d.]+/.exec(rest);
    if (!u) throw new CelEvalError(`time: missing unit in duration ${JSON.stringify(s)}`);
    const unit = UNITS[u[0]];
    if (unit === undefined) throw new CelEvalError(`time: unknown unit ${JSON.stringify(u[0])} in duration ${JSON.stringify(s)}`);
    rest = rest.slice(u[0].length);
    let v = BigInt(intPart === '' ? '0' : intPart);
    if (v > (1n << 63n) / unit) throw invalid();
    v *= unit;
    if (frac !== undefined && frac !== '') {
      // like Go: the fraction is scaled in floating point and truncated
      v += BigInt(Math.trunc(Number(`0.${frac}`) * Number(unit)));
    }
    total += v;
    if (total > 1n << 63n) throw invalid();
  }
  if (total > INT64_MAX && !neg) throw invalid();
  return neg ? -total : total;
}

/** RE2 syntax (as CEL's matches() takes it) to a JavaScript RegExp with the `u` flag. */
export function re2ToRegExp(pattern: string): RegExp {
  let src = pattern;
  let flags = 'u';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if ((lead[1] as string).includes('U')) throw new CelParseError('ungreedy mode (?U) is not supported');
    for (const f of lead[1] as string) if (!flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  if (/\(\?[imsU-]+[:)]/.test(src)) throw new CelParseError('inline regexp flags are only supported at the start');
  const posix: Record<string, string> = {
    alnum: 'A-Za-z0-9', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9', graph: '!-~',
    lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: 'A-Za-z0-9_', xdigit: '0-9A-Fa-f',
  };
  src = src
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
      const body = posix[name];
      if (body === undefined) throw new CelParseError(`unknown POSIX class ${m}`);
      if (neg !== '') throw new CelParseError('negated POSIX classes are not supported');
      return body;
    })
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\\([pP])([A-Za-z])(?![{A-Za-z])/g, '\\$1{$2}');
  try {
    return new RegExp(src, flags);
  } catch (e) {
    throw new CelParseError(`regular expression not supported: ${(e as Error).message}`);
  }
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function evaluate(node: Node, vars: { self: CelValue }, regexps: Map<string, RegExp>): CelValue {
  const ev = (n: Node): CelValue => evaluate(n, vars, regexps);
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'ident':
      return vars.self;
    case 'select': {
      const target = ev(node.target);
      if (!isMap(target)) throw noOverload(`_.${node.field}`, target);
      if (!Object.prototype.hasOwnProperty.call(target, node.field)) throw new CelEvalError(`no such key: ${node.field}`);
      return target[node.field] as CelValue;
    }
    case 'has': {
      const target = ev(node.target);
      if (!isMap(target)) throw noOverload('has', target);
      return Object.prototype.hasOwnProperty.call(target, node.field);
    }
    case 'index': {
      const target = ev(node.target);
      const index = ev(node.index);
      if (Array.isArray(target)) {
        let i: bigint;
        if (typeof index === 'bigint') i = index;
        else if (typeof index === 'number' && Number.isInteger(index)) i = BigInt(index);
        else throw noOverload('_[_]', target, index);
        if (i < 0n || i >= BigInt(target.length)) throw new CelEvalError(`index out of bounds: ${i}`);
        return target[Number(i)] as CelValue;
      }
      if (isMap(target)) {
        if (typeof index !== 'string') throw noOverload('_[_]', target, index);
        if (!Object.prototype.hasOwnProperty.call(target, index)) throw new CelEvalError(`no such key: ${index}`);
        return target[index] as CelValue;
      }
      throw noOverload('_[_]', target, index);
    }
    case 'unary': {
      const v = ev(node.arg);
      if (node.op === '!') {
        if (typeof v !== 'boolean') throw noOverload('!_', v);
        return !v;
      }
      if (typeof v === 'bigint') return checkInt(-v);
      if (typeof v === 'number') return -v;
      if (v instanceof CelDuration) return new CelDuration(checkInt(-v.nanos));
      throw noOverload('-_', v);
    }
    case 'cond': {
      const t = ev(node.test);
      if (typeof t !== 'boolean') throw noOverload('_?_:_', t);
      return t ? ev(node.then) : ev(node.else);
    }
    case 'list':
      return node.items.map(ev);
    case 'map': {
      const out: { [k: string]: CelValue } = {};
      for (const [kn, vn] of node.entries) {
        const k = ev(kn);
        if (typeof k !== 'string') throw new CelEvalError(`unsupported map key type: ${typeName(k)}`);
        if (Object.prototype.hasOwnProperty.call(out, k)) throw new CelEvalError(`Failed with repeated key: ${k}`);
        Object.defineProperty(out, k, { value: ev(vn), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'binary':
      return binary(node, ev);
    case 'call':
      return call(node, ev, regexps);
  }
}

/** `&&`/`||` are commutative over errors in CEL: `error || true` is true. */
function logical(op: '&&' | '||', left: () => CelValue, right: () => CelValue): CelValue {
  const absorbing = op === '||';
  const run = (f: () => CelValue): { v?: boolean; err?: CelEvalError } => {
    try {
      const v = f();
      if (typeof v !== 'boolean') return { err: noOverload(op === '&&' ? '_&&_' : '_||_', v) };
      return { v };
    } catch (e) {
      if (e instanceof CelEvalError) return { err: e };
      throw e;
    }
  };
  const l = run(left);
  if (l.v === absorbing) return absorbing;
  const r = run(right);
  if (r.v === absorbing) return absorbing;
  if (l.err !== undefined) throw l.err;
  if (r.err !== undefined) throw r.err;
  return !absorbing;
}

function binary(node: Extract<Node, { k: 'binary' }>, ev: (n: Node) => CelValue): CelValue {
  if (node.op === '&&' || node.op === '||') return logical(node.op, () => ev(node.left), () => ev(node.right));
  const a = ev(node.left);
  const b = ev(node.right);
  switch (node.op) {
    case '==':
      return celEquals(a, b);
    case '!=':
      return !celEquals(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(node.op, a, b);
    case 'in':
      if (Array.isArray(b)) return b.some((x) => celEquals(a, x));
      if (isMap(b)) {
        if (typeof a !== 'string') throw noOverload('@in', a, b);
        return Object.prototype.hasOwnProperty.call(b, a);
      }
      throw noOverload('@in', a, b);
    default:
      return arithmetic(node.op, a, b);
  }
}

function call(node: Extract<Node, { k: 'call' }>, ev: (n: Node) => CelValue, regexps: Map<string, RegExp>): CelValue {
  const argv = [...(node.target !== undefined ? [node.target] : []), ...node.args].map(ev);
  const [a, b] = argv;
  const arity = (n: number): void => {
    if (argv.length !== n) throw noOverload(node.fn, ...argv);
  };
  switch (node.fn) {
    case 'size':
      arity(1);
      if (typeof a === 'string') return BigInt(codePointLength(a));
      if (Array.isArray(a)) return BigInt(a.length);
      if (a !== undefined && isMap(a)) return BigInt(Object.keys(a).length);
      throw noOverload('size', ...argv);
    case 'matches': {
      arity(2);
      if (typeof a !== 'string' || typeof b !== 'string') throw noOverload('matches', ...argv);
      let re = regexps.get(b);
      if (re === undefined) {
        re = re2ToRegExp(b);
        regexps.set(b, re);
      }
      return re.test(a);
    }
    case 'startsWith':
    case 'endsWith':
    case 'contains':
      arity(2);
      if (typeof a !== 'string' || typeof b !== 'string') throw noOverload(node.fn, ...argv);
      return node.fn === 'startsWith' ? a.startsWith(b) : node.fn === 'endsWith' ? a.endsWith(b) : a.includes(b);
    case 'duration':
      arity(1);
      if (a instanceof CelDuration) return a;
      if (typeof a !== 'string') throw noOverload('duration', ...argv);
      try {
        return new CelDuration(parseGoDuration(a));
      } catch (e) {
        if (e instanceof CelEvalError) throw new CelEvalError("type conversion error from 'string' to 'google.protobuf.Duration'");
        throw e;
      }
    case 'int':
      arity(1);
      if (typeof a === 'bigint') return a;
      if (typeof a === 'number') {
        if (!Number.isFinite(a)) throw new CelEvalError('integer overflow');
        return checkInt(BigInt(Math.trunc(a)));
      }
      if (typeof a === 'string') {
        if (!/^[+-]?\d+$/.test(a)) throw new CelEvalError(`cannot convert ${JSON.stringify(a)} to int`);
        return checkInt(BigInt(a));
      }
      if (a instanceof CelDuration) return a.nanos;
      throw noOverload('int', ...argv);
    case 'double':
      arity(1);
      if (typeof a === 'number') return a;
      if (typeof a === 'bigint') return Number(a);
      if (typeof a === 'string' && a.trim() !== '' && !Number.isNaN(Number(a))) return Number(a);
      throw noOverload('double', ...argv);
    case 'bool':
      arity(1);
      if (typeof a === 'boolean') return a;
      if (a === 'true' || a === 'false') return a === 'true';
      throw noOverload('bool', ...argv);
    case 'string':
      arity(1);
      if (typeof a === 'string') return a;
      if (typeof a === 'bigint' || typeof a === 'boolean') return String(a);
      throw noOverload('string', ...argv);
    default:
      throw new CelParseError(`unsupported function: ${node.fn}`);
  }
}

/** Parses an expression once; throws CelParseError for what this subset does not cover. */
export function compileCel(source: string): CelProgram {
  const ast = parse(source);
  const regexps = new Map<string, RegExp>();
  // Constant regular expressions are checked now, so an untranslatable one is a compile error.
  const visit = (n: Node): void => {
    if (n.k === 'call' && n.fn === 'matches') {
      const pattern = n.args[n.target !== undefined ? 0 : 1];
      if (pattern?.k === 'lit' && typeof pattern.v === 'string') regexps.set(pattern.v, re2ToRegExp(pattern.v));
    }
    for (const child of Object.values(n)) {
      if (Array.isArray(child)) for (const c of child.flat()) if (typeof c === 'object' && c !== null && 'k' in c) visit(c as Node);
      if (typeof child === 'object' && child !== null && 'k' in child) visit(child as Node);
    }
  };
  visit(ast);
  return { source, evaluate: (vars) => evaluate(ast, vars, regexps) };
}

/** The parts of an OpenAPI schema that decide how JSON numbers map to CEL types. */
export interface CelTypeHint {
  type?: string;
  properties?: Record<string, CelTypeHint>;
  items?: CelTypeHint;
  additionalProperties?: CelTypeHint | boolean;
}

/** A JSON value as CEL sees it: integers are int unless the schema says `number` (double). */
export function celValueFromJson(v: unknown, hint?: CelTypeHint): CelValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (hint?.type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => celValueFromJson(x, hint?.items));
  const additional = typeof hint?.additionalProperties === 'object' ? hint.additionalProperties : undefined;
  const out: { [k: string]: CelValue } = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const child = hint?.properties?.[k] ?? additional;
    Object.defineProperty(out, k, { value: celValueFromJson(x, child), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
