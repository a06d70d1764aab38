// JSON as Go's encoding/json reads and writes it: the syntax errors of its scanner (the texts
// kube-apiserver puts into its Status messages), the raw text of every value (json.RawMessage,
// which evanphx/json-patch compares byte for byte) and Go's compact encoding.

export class GoJsonSyntaxError extends Error {}

/** Raw source text of the members of each parsed container, by key or index. */
export type RawIndex = WeakMap<object, Map<string, string>>;

export interface GoJsonParse {
  value: unknown;
  /** Raw text of `container[key]` as it appeared in the source, or undefined when unknown. */
  rawOf(container: object, key: string | number): string | undefined;
}

/** Go's scanner `quoteChar`: how a byte is shown inside an error message. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  return `'${goQuoteRune(c)}'`;
}

const SIMPLE_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };

/** The inside of strconv.Quote(string(rune(c))) for a code point below 0x100. */
function goQuoteRune(c: number): string {
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return simple;
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  // U+0080..U+009F are controls, U+00A0 and U+00AD are not graphic for strconv.IsPrint.
  if ((c >= 0x80 && c < 0xa0) || c === 0xa0 || c === 0xad) return `\\u${c.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(c);
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Parses JSON with the error texts of Go's encoding/json (e.g. `unexpected end of JSON input`,
 * `invalid character 'x' looking for beginning of value`). Throws GoJsonSyntaxError.
 */
export function parseGoJson(input: string | Buffer): GoJsonParse {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const raws: RawIndex = new WeakMap();
  let i = 0;
  const n = buf.length;
  const eof = (): never => {
    throw new GoJsonSyntaxError('unexpected end of JSON input');
  };
  const bad = (c: number, context: string): never => {
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  };
  const skipWs = (): void => {
    while (i < n && WS.has(buf[i] as number)) i++;
  };
  const peek = (): number | undefined => (i < n ? buf[i] : undefined);

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      const c = peek();
      if (c === undefined) return eof();
      if (c === 0x22) {
        i++;
        break;
      }
      if (c < 0x20) bad(c, 'in string literal');
      if (c === 0x5c) {
        i++;
        const e = peek();
        if (e === undefined) return eof();
        if (e === 0x75) {
          i++;
          for (let k = 0; k < 4; k++) {
            const h = peek();
            if (h === undefined) return eof();
            if (!isHex(h)) bad(h, 'in \\u hexadecimal character escape');
            i++;
          }
          continue;
        }
        if (![0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(e)) bad(e, 'in string escape code');
        i++;
        continue;
      }
      i++;
    }
    return JSON.parse(buf.subarray(start, i).toString('utf8')) as string;
  };

  const parseLiteral = (word: string, value: unknown): unknown => {
    for (let k = 0; k < word.length; k++) {
      const c = peek();
      if (c === undefined) return eof();
      if (c !== word.charCodeAt(k)) bad(c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
      i++;
    }
    return value;
  };

  const parseNumber = (): number => {
    const start = i;
    if (peek() === 0x2d) {
      i++;
      const c = peek();
      if (c === undefined) return eof();
      if (!isDigit(c)) bad(c, 'in numeric literal');
    }
    if (peek() === 0x30) i++;
    else while (isDigit(peek())) i++;
    if (peek() === 0x2e) {
      i++;
      const c = peek();
      if (c === undefined) return eof();
      if (!isDigit(c)) bad(c, 'after decimal point in numeric literal');
      while (isDigit(peek())) i++;
    }
    if (peek() === 0x65 || peek() === 0x45) {
      i++;
      if (peek() === 0x2b || peek() === 0x2d) i++;
      const c = peek();
      if (c === undefined) return eof();
      if (!isDigit(c)) bad(c, 'in exponent of numeric literal');
      while (isDigit(peek())) i++;
    }
    return Number(buf.subarray(start, i).toString('latin1'));
  };

  const parseValue = (): unknown => {
    skipWs();
    const c = peek();
    if (c === undefined) return eof();
    if (c === 0x7b) return parseObject();
    if (c === 0x5b) return parseArray();
    if (c === 0x22) return parseString();
    if (c === 0x74) return parseLiteral('true', true);
    if (c === 0x66) return parseLiteral('false', false);
    if (c === 0x6e) return parseLiteral('null', null);
    if (c === 0x2d || isDigit(c)) return parseNumber();
    return bad(c, 'looking for beginning of value');
  };

  const member = (): { value: unknown; raw: string } => {
    skipWs();
    const start = i;
    const value = parseValue();
    return { value, raw: buf.subarray(start, i).toString('utf8') };
  };

  const parseObject = (): Record<string, unknown> => {
    i++;
    const obj: Record<string, unknown> = {};
    const raw = new Map<string, string>();
    raws.set(obj, raw);
    skipWs();
    if (peek() === 0x7d) {
      i++;
      return obj;
    }
    for (;;) {
      skipWs();
      const c = peek();
      if (c === undefined) return eof();
      if (c !== 0x22) bad(c, 'looking for beginning of object key string');
      const key = parseString();
      skipWs();
      const colon = peek();
      if (colon === undefined) return eof();
      if (colon !== 0x3a) bad(colon, 'after object key');
      i++;
      const m = member();
      setKey(obj, key, m.value);
      raw.set(key, m.raw);
      skipWs();
      const next = peek();
      if (next === undefined) return eof();
      if (next === 0x2c) {
        i++;
        continue;
      }
      if (next === 0x7d) {
        i++;
        return obj;
      }
      bad(next, 'after object key:value pair');
    }
  };

  const parseArray = (): unknown[] => {
    i++;
    const arr: unknown[] = [];
    const raw = new Map<string, string>();
    raws.set(arr, raw);
    skipWs();
    if (peek() === 0x5d) {
      i++;
      return arr;
    }
    for (;;) {
      const m = member();
      raw.set(String(arr.length), m.raw);
      arr.push(m.value);
      skipWs();
      const next = peek();
      if (next === undefined) return eof();
      if (next === 0x2c) {
        i++;
        continue;
      }
      if (next === 0x5d) {
        i++;
        return arr;
      }
      bad(next, 'after array element');
    }
  };

  const value = parseValue();
  skipWs();
  const rest = peek();
  if (rest !== undefined) bad(rest, 'after top-level value');
  return { value, rawOf: (container, key) => raws.get(container)?.get(String(key)) };
}

/** The Go type name `json.Unmarshal` reports for a decoded value ("cannot unmarshal X into ..."). */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v; // string, number
}

/** json.Compact: drops insignificant whitespace, keeps everything else byte for byte. */
export function goJsonCompact(raw: string): string {
  let out = '';
  let inString = false;
  for (let k = 0; k < raw.length; k++) {
    const ch = raw[k] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += raw[k + 1] ?? '';
        k++;
      } else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') out += ch;
  }
  return out;
}

/** A string as Go's encoding/json writes it (HTML-safe escaping, U+2028/U+2029 escaped). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** json.Marshal of a decoded value: compact, map keys sorted, HTML-safe strings. */
export function goJsonEncode(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJsonEncode).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${goJsonString(k)}:${goJsonEncode(o[k])}`)
    .join(',')}}`;
}
