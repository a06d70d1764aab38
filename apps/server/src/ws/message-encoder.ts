// Serializes what many sockets send alike once: the items of a snapshot per (subscription target,
// cache revision) as one Buffer every socket writes by reference, and each changed object's JSON
// per cache entry. A socket splices its subscription id into a small prefix around the shared
// bytes, so 200 clients of the same list cost one copy of it, not 200.
import { sanitizeObject } from '../rows/list-row.mapper';
import type { CacheEntry } from '../k8s/watch-cache';

/** One websocket text message as consecutive parts; their concatenation is the message's JSON. */
export type EncodedMessage = readonly (string | Buffer)[];

export interface MessageEncoder {
  /**
   * The JSON array of a snapshot's items as UTF-8, built by `build` (each element already JSON)
   * at most once per (target key, revision) while it is among the recent ones.
   */
  snapshotItems(targetKey: string, revision: string, build: () => Iterable<string>): Buffer;
  /** The JSON of what a subscription sends for an entry: its row (list) or its sanitized object (detail). */
  itemJson(entry: CacheEntry, detail: boolean): string;
  /**
   * The JSON array of a change batch (entry = upsert, null = delete) as UTF-8. Sockets that flush
   * the same batch of the same target at the same revision (they usually flush in the same tick)
   * share one Buffer; the batch is compared entry by entry, so a different one is never reused.
   */
  changeEvents(targetKey: string, revision: string, detail: boolean, pending: ReadonlyMap<string, CacheEntry | null>): Buffer;
}

export interface MessageEncoderOptions {
  /** Snapshots kept (one revision per target). Default 32. */
  maxSnapshots?: number;
  /** Entries whose JSON is kept for the change batches of other sockets. Default 4096 per kind. */
  maxItems?: number;
}

/** The JSON of a list subscription's item for an entry, or of the sanitized object for detail ones. */
export function itemJsonOf(entry: CacheEntry, detail: boolean): string {
  return !detail && entry.row ? JSON.stringify(entry.row) : JSON.stringify(sanitizeObject(entry.object));
}

export function createMessageEncoder(options: MessageEncoderOptions = {}): MessageEncoder {
  const maxSnapshots = options.maxSnapshots ?? 32;
  const maxItems = options.maxItems ?? 4096;
  const snapshots = new Map<string, { revision: string; bytes: Buffer }>();
  // Insertion-ordered: the oldest entries are evicted first. Entries are immutable (a change
  // makes a new one), so an entry's JSON never goes stale.
  const rows = new Map<CacheEntry, string>();
  const objects = new Map<CacheEntry, string>();
  const batches = new Map<string, { revision: string; keys: string[]; entries: (CacheEntry | null)[]; bytes: Buffer }>();
  const eventJson = (key: string, entry: CacheEntry | null, detail: boolean, itemJson: (e: CacheEntry, d: boolean) => string): string =>
    entry
      ? `{"type":"upsert","key":${JSON.stringify(key)},"${!detail && entry.row ? 'row' : 'object'}":${itemJson(entry, detail)}}`
      : `{"type":"delete","key":${JSON.stringify(key)}}`;

  const encoder: MessageEncoder = {
    snapshotItems(targetKey, revision, build) {
      const hit = snapshots.get(targetKey);
      if (hit && hit.revision === revision) {
        snapshots.delete(targetKey);
        snapshots.set(targetKey, hit);
        return hit.bytes;
      }
      let json = '[';
      let first = true;
      for (const item of build()) {
        json += first ? item : `,${item}`;
        first = false;
      }
      const bytes = Buffer.from(`${json}]`, 'utf8');
      snapshots.delete(targetKey);
      snapshots.set(targetKey, { revision, bytes });
      if (snapshots.size > maxSnapshots) {
        const oldest = snapshots.keys().next();
        if (!oldest.done) snapshots.delete(oldest.value);
      }
      return bytes;
    },
    itemJson(entry, detail) {
      const memo = !detail && entry.row ? rows : objects;
      const hit = memo.get(entry);
      if (hit !== undefined) return hit;
      const json = itemJsonOf(entry, detail);
      memo.set(entry, json);
      if (memo.size > maxItems) {
        const oldest = memo.keys().next();
        if (!oldest.done) memo.delete(oldest.value);
      }
      return json;
    },
    changeEvents(targetKey, revision, detail, pending) {
      const hit = batches.get(targetKey);
      if (hit && hit.revision === revision && hit.keys.length === pending.size) {
        let same = true;
        let i = 0;
        for (const [key, entry] of pending) {
          if (hit.keys[i] !== key || hit.entries[i] !== entry) {
            same = false;
            break;
          }
          i++;
        }
        if (same) return hit.bytes;
      }
      let json = '[';
      for (const [key, entry] of pending) json += `${json === '[' ? '' : ','}${eventJson(key, entry, detail, encoder.itemJson)}`;
      const bytes = Buffer.from(`${json}]`, 'utf8');
      batches.delete(targetKey);
      batches.set(targetKey, { revision, keys: [...pending.keys()], entries: [...pending.values()], bytes });
      if (batches.size > maxSnapshots) {
        const oldest = batches.keys().next();
        if (!oldest.done) batches.delete(oldest.value);
      }
      return bytes;
    },
  };
  return encoder;
}
