// RFC 7386 merge patch and RFC 6902 JSON patch with the error texts of evanphx/json-patch (v4),
// which kube-apiserver uses.
import { goJsonCompact, goJsonEncode, goJsonKind, GoJsonSyntaxError, parseGoJson, type GoJsonParse } from './go-json.parser';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386: returns a new document; `target` is not modified. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Obj = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge patch for maps-only objects: a merge patch that also honours `$patch: delete|replace`. */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return structuredClone(rest);
  }
  const out: Obj = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) delete out[k];
    else {
      const merged = applyStrategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

// ---- RFC 6902 JSON patch, following gopkg.in/evanphx/json-patch.v4 (what kube-apiserver runs) ----
//
// Differences from the RFC that v4 has and that this code keeps on purpose:
// - `replace` of a missing object key sets it (only a missing array index fails);
// - `copy` from a missing object key writes null; `test` treats a missing key like null;
// - negative array indices count from the end; `add` takes `-` (append) but `replace` does not;
// - a path that does not start with `/` drops its first segment (`a/b` acts on `/b`);
// - `test` compares scalars by their JSON text: the document side as Go encodes it
//   (`"a&b"` is `"a\u0026b"`), the patch side as sent (`1.0` is not `1`).

/** What failed: decoding the patch (400), applying it (422), or too many operations (413). */
export type JsonPatchFailure = 'decode' | 'apply' | 'too-large';

export class JsonPatchError extends Error {
  readonly kind: JsonPatchFailure;
  /** true when the patch document itself could not be decoded (400). */
  readonly isDecodeError: boolean;
  constructor(message: string, kind: JsonPatchFailure) {
    super(message);
    this.kind = kind;
    this.isDecodeError = kind === 'decode';
  }
}

/** kube-apiserver's `maxJSONPatchOperations`. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;
/** kube-apiserver's JSONPatchMaxCopyBytes (AccumulatedCopySizeLimit). */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

class ApplyError extends Error {}

/** A value in the patch with its raw JSON text (json.RawMessage), when known. */
interface PatchNode {
  value: unknown;
  raw: string;
  child(key: string | number): PatchNode;
}

type RawLookup = (container: object, key: string | number) => string | undefined;

function patchNode(value: unknown, raw: string | undefined, rawOf: RawLookup): PatchNode {
  return {
    value,
    raw: raw ?? goJsonEncode(value),
    child(key) {
      const c = (value as Record<string | number, unknown>)[key];
      return patchNode(c, typeof value === 'object' && value !== null ? rawOf(value, key) : undefined, rawOf);
    },
  };
}

function docNode(value: unknown): PatchNode {
  return patchNode(value, undefined, () => undefined);
}

interface Operation {
  fields: Record<string, unknown>;
  node(name: string): PatchNode | undefined;
}

/** Operation.Kind(): the op string, or "unknown". */
function opKind(op: Operation): string {
  const v = op.fields.op;
  return typeof v === 'string' ? v : 'unknown';
}

/** Operation.Path()/From(): the string, or the Go error text. */
function opString(op: Operation, name: 'path' | 'from'): { ok: true; value: string } | { ok: false; err: string } {
  const v = op.fields[name];
  if (!Object.prototype.hasOwnProperty.call(op.fields, name) || v === null) {
    return { ok: false, err: name === 'path' ? 'operation missing path field: missing value' : 'operation, missing from field: missing value' };
  }
  if (typeof v !== 'string') return { ok: false, err: `json: cannot unmarshal ${goJsonKind(v)} into Go value of type string` };
  return { ok: true, value: v };
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** strconv.Atoi. */
function atoi(key: string): { ok: true; n: bigint } | { ok: false; err: string } {
  if (!/^[+-]?\d+$/.test(key)) return { ok: false, err: `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax` };
  const n = BigInt(key);
  if (n > INT64_MAX || n < INT64_MIN) return { ok: false, err: `strconv.Atoi: parsing ${JSON.stringify(key)}: value out of range` };
  return { ok: true, n };
}

const invalidIndex = (idx: bigint) => new ApplyError(`Unable to access invalid index: ${idx}: invalid index referenced`);

function atoiOrThrow(key: string): bigint {
  const r = atoi(key);
  if (!r.ok) throw new ApplyError(r.err);
  return r.n;
}

/** partialArray.get */
function arrayGet(arr: unknown[], key: string): unknown {
  const parsed = atoiOrThrow(key);
  let idx = parsed;
  const len = BigInt(arr.length);
  if (idx < 0n) {
    if (idx < -len) throw invalidIndex(parsed);
    idx += len;
  }
  if (idx >= len) throw invalidIndex(idx);
  return arr[Number(idx)] ?? null;
}

/** partialArray.set (only reached after a successful get). */
function arraySet(arr: unknown[], key: string, value: unknown): void {
  const parsed = atoiOrThrow(key);
  let idx = parsed;
  const len = BigInt(arr.length);
  if (idx < 0n) {
    if (idx < -len) throw invalidIndex(parsed);
    idx += len;
  }
  arr[Number(idx)] = value;
}

/** partialArray.add */
function arrayAdd(arr: unknown[], key: string, value: unknown): void {
  if (key === '-') {
    arr.push(value);
    return;
  }
  const r = atoi(key);
  if (!r.ok) throw new ApplyError(`value was not a proper array index: '${key}': ${r.err}`);
  let idx = r.n;
  const size = BigInt(arr.length + 1);
  if (idx >= size) throw invalidIndex(idx);
  if (idx < 0n) {
    if (idx < -size) throw invalidIndex(idx);
    idx += size;
  }
  arr.splice(Number(idx), 0, value);
}

/** partialArray.remove */
function arrayRemove(arr: unknown[], key: string): void {
  let idx = atoiOrThrow(key);
  const len = BigInt(arr.length);
  if (idx >= len) throw invalidIndex(idx);
  if (idx < 0n) {
    if (idx < -len) throw invalidIndex(idx);
    idx += len;
  }
  arr.splice(Number(idx), 1);
}

type Container = { kind: 'obj'; value: Obj } | { kind: 'arr'; value: unknown[] };

function hasOwn(o: Obj, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function containerOf(v: unknown): Container | null {
  if (Array.isArray(v)) return { kind: 'arr', value: v };
  if (isObject(v)) return { kind: 'obj', value: v };
  return null;
}

/** container.get: a missing object key (or a null value) is null, not an error. */
function conGet(con: Container, key: string): unknown {
  if (con.kind === 'obj') return hasOwn(con.value, key) ? (con.value[key] ?? null) : null;
  return arrayGet(con.value, key);
}

function conAdd(con: Container, key: string, value: unknown): void {
  if (con.kind === 'obj') setOwn(con.value, key, value);
  else arrayAdd(con.value, key, value);
}

function conRemove(con: Container, key: string): void {
  if (con.kind === 'arr') return arrayRemove(con.value, key);
  if (!hasOwn(con.value, key)) throw new ApplyError(`Unable to remove nonexistent key: ${key}: missing value`);
  delete con.value[key];
}

function setOwn(o: Obj, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function decodeKey(k: string): string {
  return k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** findObject: the container holding the last segment, or null when the way there is missing. */
function findObject(root: unknown, path: string): { con: Container; key: string } | null {
  const split = path.split('/');
  if (split.length < 2) return null;
  let con = containerOf(root);
  if (con === null) return null;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = conGet(con, decodeKey(part));
    } catch {
      return null;
    }
    con = containerOf(next);
    if (con === null) return null;
  }
  return { con, key: decodeKey(split[split.length - 1] as string) };
}

/** lazyNode.equal: `n` from the document (never null), `o` from the patch. */
function nodesEqual(n: PatchNode, o: PatchNode): boolean {
  if (isObject(n.value)) {
    if (!isObject(o.value)) return false;
    const nk = Object.keys(n.value);
    if (nk.length !== Object.keys(o.value).length) return false;
    for (const k of nk) {
      if (!hasOwn(o.value, k)) return false;
      const nNull = n.value[k] === null;
      const oNull = o.value[k] === null;
      if (nNull !== oNull) return false;
      if (nNull) continue;
      if (!nodesEqual(n.child(k), o.child(k))) return false;
    }
    return true;
  }
  if (Array.isArray(n.value)) {
    if (!Array.isArray(o.value) || n.value.length !== o.value.length) return false;
    for (let i = 0; i < n.value.length; i++) {
      const nNull = n.value[i] === null;
      const oNull = o.value[i] === null;
      if (nNull || oNull) {
        if (nNull !== oNull) return false;
        continue;
      }
      if (!nodesEqual(n.child(i), o.child(i))) return false;
    }
    return true;
  }
  if (o.value === null) return false;
  return goJsonCompact(n.raw) === goJsonCompact(o.raw);
}

const STRING_FIELDS = ['op', 'path', 'from'];

/**
 * kube-apiserver first decodes the patch into `[]handlers.jsonPatchOp` (op, path and from are
 * strings) and answers 400 "error decoding patch: ..." when that fails; evanphx then re-reads it.
 */
function decodeOperations(patch: unknown): { ops: Operation[] } {
  let value: unknown = patch;
  let rawOf: RawLookup = () => undefined;
  const decodeError = (m: string) => new JsonPatchError(`error decoding patch: ${m}`, 'decode');
  if (typeof patch === 'string' || Buffer.isBuffer(patch)) {
    let parsed: GoJsonParse;
    try {
      parsed = parseGoJson(patch);
    } catch (e) {
      if (!(e instanceof GoJsonSyntaxError)) throw e;
      throw decodeError(e.message);
    }
    value = parsed.value;
    rawOf = parsed.rawOf;
  }
  if (value === null) return { ops: [] };
  if (!Array.isArray(value)) throw decodeError(`json: cannot unmarshal ${goJsonKind(value)} into Go value of type []handlers.jsonPatchOp`);
  for (const p of value) {
    if (p === null) continue;
    if (!isObject(p)) throw decodeError(`json: cannot unmarshal ${goJsonKind(p)} into Go value of type handlers.jsonPatchOp`);
    for (const [k, v] of Object.entries(p)) {
      // encoding/json matches struct fields case-insensitively
      const field = STRING_FIELDS.find((f) => f === k.toLowerCase());
      if (field !== undefined && v !== null && typeof v !== 'string') {
        throw decodeError(`json: cannot unmarshal ${goJsonKind(v)} into Go struct field jsonPatchOp.${field} of type string`);
      }
    }
  }
  const ops = value.map((p): Operation => {
    const fields = isObject(p) ? p : {};
    return {
      fields,
      node: (name) => (hasOwn(fields, name) ? patchNode(fields[name], rawOf(fields, name), rawOf) : undefined),
    };
  });
  return { ops };
}

/**
 * Applies an RFC 6902 patch to a copy of `doc` and returns the result, with the semantics and
 * error texts of evanphx/json-patch v4. `patch` is the decoded operation list, or its JSON text
 * (then syntax errors carry Go's texts and `test` compares values by their raw text).
 */
export function applyJsonPatch(doc: unknown, patch: unknown, maxOperations = MAX_JSON_PATCH_OPERATIONS): unknown {
  const { ops } = decodeOperations(patch);
  if (ops.length > maxOperations) {
    throw new JsonPatchError(`The allowed maximum operations in a JSON patch is ${maxOperations}, got ${ops.length}`, 'too-large');
  }
  const state = { root: structuredClone(doc) as unknown, copied: 0 };
  for (const op of ops) {
    try {
      applyOne(state, op);
    } catch (e) {
      if (e instanceof ApplyError) throw new JsonPatchError(e.message, 'apply');
      throw e;
    }
  }
  return state.root;
}

function valueOf(op: Operation): unknown {
  const node = op.node('value');
  return node === undefined ? null : structuredClone(node.value);
}

function applyOne(state: { root: unknown; copied: number }, op: Operation): void {
  const kind = opKind(op);
  const fail = (m: string): never => {
    throw new ApplyError(m);
  };
  const wrap = (prefix: string, f: () => void): void => {
    try {
      f();
    } catch (e) {
      if (e instanceof ApplyError) fail(`${prefix}: ${e.message}`);
      throw e;
    }
  };
  switch (kind) {
    case 'add': {
      const p = opString(op, 'path');
      if (!p.ok) return fail('add operation failed to decode path: missing value');
      const found = findObject(state.root, p.value);
      if (found === null) return fail(`add operation does not apply: doc is missing path: "${p.value}": missing value`);
      return wrap(`error in add for path: '${p.value}'`, () => conAdd(found.con, found.key, valueOf(op)));
    }
    case 'remove': {
      const p = opString(op, 'path');
      if (!p.ok) return fail('remove operation failed to decode path: missing value');
      const found = findObject(state.root, p.value);
      if (found === null) return fail(`remove operation does not apply: doc is missing path: "${p.value}": missing value`);
      return wrap(`error in remove for path: '${p.value}'`, () => conRemove(found.con, found.key));
    }
    case 'replace': {
      const p = opString(op, 'path');
      if (!p.ok) return fail(`replace operation failed to decode path: ${p.err}`);
      if (p.value === '') {
        const v = valueOf(op);
        if (!isObject(v) && !Array.isArray(v)) return fail('replace operation value must be object or array: %!w(<nil>)');
        state.root = v;
        return;
      }
      const found = findObject(state.root, p.value);
      if (found === null) return fail(`replace operation does not apply: doc is missing path: ${p.value}: missing value`);
      try {
        conGet(found.con, found.key);
      } catch {
        return fail(`replace operation does not apply: doc is missing key: ${p.value}: missing value`);
      }
      const v = valueOf(op);
      return wrap(`error in remove for path: '${p.value}'`, () => {
        if (found.con.kind === 'obj') setOwn(found.con.value, found.key, v);
        else arraySet(found.con.value, found.key, v);
      });
    }
    case 'move': {
      const from = opString(op, 'from');
      if (!from.ok) return fail(`move operation failed to decode from: ${from.err}`);
      const src = findObject(state.root, from.value);
      if (src === null) return fail(`move operation does not apply: doc is missing from path: ${from.value}: missing value`);
      let val: unknown;
      wrap(`error in move for path: '${src.key}'`, () => {
        val = conGet(src.con, src.key);
      });
      wrap(`error in move for path: '${src.key}'`, () => conRemove(src.con, src.key));
      const p = opString(op, 'path');
      if (!p.ok) return fail(`move operation failed to decode path: ${p.err}`);
      const dst = findObject(state.root, p.value);
      if (dst === null) return fail(`move operation does not apply: doc is missing destination path: ${p.value}: missing value`);
      return wrap(`error in move for path: '${p.value}'`, () => conAdd(dst.con, dst.key, val));
    }
    case 'copy': {
      const from = opString(op, 'from');
      if (!from.ok) return fail(`copy operation failed to decode from: ${from.err}`);
      const src = findObject(state.root, from.value);
      if (src === null) return fail(`copy operation does not apply: doc is missing from path: ${from.value}: missing value`);
      let val: unknown;
      wrap(`error in copy for from: '${from.value}'`, () => {
        val = conGet(src.con, src.key);
      });
      const p = opString(op, 'path');
      if (!p.ok) return fail('copy operation failed to decode path: missing value');
      const dst = findObject(state.root, p.value);
      if (dst === null) return fail(`copy operation does not apply: doc is missing destination path: ${p.value}: missing value`);
      const size = val === null ? 0 : Buffer.byteLength(goJsonEncode(val));
      state.copied += size;
      if (state.copied > MAX_JSON_PATCH_COPY_BYTES) {
        return fail(
          `Unable to complete the copy, the accumulated size increase of copy is ${state.copied}, exceeding the limit ${MAX_JSON_PATCH_COPY_BYTES}`,
        );
      }
      return wrap('error while adding value during copy', () => conAdd(dst.con, dst.key, structuredClone(val)));
    }
    case 'test': {
      const p = opString(op, 'path');
      if (!p.ok) return fail(`test operation failed to decode path: ${p.err}`);
      const expected = op.node('value');
      const failed = `testing value ${p.value} failed: test failed`;
      if (p.value === '') {
        if (expected === undefined || !nodesEqual(docNode(state.root), expected)) fail(failed);
        return;
      }
      const found = findObject(state.root, p.value);
      if (found === null) return fail(`test operation does not apply: is missing path: ${p.value}: missing value`);
      let val: unknown;
      wrap(`error in test for path: '${p.value}'`, () => {
        val = conGet(found.con, found.key);
      });
      if (val === null) {
        if (expected === undefined || expected.value === null) return;
        return fail(failed);
      }
      if (expected === undefined || !nodesEqual(docNode(val), expected)) fail(failed);
      return;
    }
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}
