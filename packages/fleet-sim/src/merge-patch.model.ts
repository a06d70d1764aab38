// JSON merge patch (RFC 7386) between what an object has and what it should have, so status is
// written only when it changed and only the changed keys travel.

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const aKeys = Object.keys(a).filter((k) => a[k] !== undefined);
    const bKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    if (aKeys.length !== bKeys.length) return false;
    return aKeys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The merge patch turning `current` into `desired`, or undefined when they are equal.
 * Keys missing (or undefined) in `desired` become null; arrays are replaced whole.
 */
export function mergePatchDiff(current: Record<string, Json> | undefined, desired: Record<string, Json>): Record<string, Json> | undefined {
  const base = current ?? {};
  const patch: Record<string, Json> = {};
  for (const [key, want] of Object.entries(desired)) {
    if (want === undefined) continue;
    const have = base[key];
    if (deepEqual(have, want)) continue;
    if (isPlainObject(have) && isPlainObject(want)) {
      const nested = mergePatchDiff(have, want);
      if (nested) patch[key] = nested;
    } else {
      patch[key] = stripUndefined(want);
    }
  }
  for (const key of Object.keys(base)) {
    if (base[key] !== undefined && desired[key] === undefined) patch[key] = null;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function stripUndefined(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (isPlainObject(value)) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out;
  }
  return value;
}

/** Applies a merge patch (RFC 7386) to a value, returning a new value. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, Json> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
