// The token-mode session: a stateless cookie holding the user's bearer token, username, groups
// and expiry, sealed with AES-256-GCM (confidential and tamper-evident), so any replica holding
// the same key can read it and nothing is kept on the server.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const SESSION_COOKIE = 'fleet_dashboard_session';

export interface Session {
  token: string;
  username: string;
  groups: string[];
  /** Epoch milliseconds after which the session is refused. */
  expiresAt: number;
}

export type OpenResult = { ok: true; session: Session } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

export interface SessionCodec {
  /** Seals a session that expires `ttlMs` from now. */
  seal(identity: Omit<Session, 'expiresAt'>): { value: string; session: Session };
  open(value: string): OpenResult;
  readonly ttlMs: number;
}

export interface SessionCodecOptions {
  /** 32-byte AES-256 key. */
  key: Buffer;
  /** Default 8 h. */
  ttlMs?: number;
  now?: () => number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds ciphertexts to this use and format version. */
const AAD = Buffer.from('fleet-dashboard-session/v1');

const payloadSchema = z.object({ t: z.string().min(1), u: z.string(), g: z.array(z.string()), e: z.number().int() });

/** Decodes a base64 key of exactly 32 bytes; throws with a readable message otherwise. */
export function parseCookieKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`the cookie key must be 32 bytes in base64 (got ${key.length} bytes)`);
  return key;
}

export function createSessionCodec(options: SessionCodecOptions): SessionCodec {
  if (options.key.length !== 32) throw new Error('the session key must be 32 bytes');
  const key = Buffer.from(options.key);
  const ttlMs = options.ttlMs ?? 8 * 3600_000;
  const now = options.now ?? Date.now;
  return {
    ttlMs,
    seal(identity) {
      const session: Session = { ...identity, groups: [...identity.groups], expiresAt: now() + ttlMs };
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(AAD);
      const plain = Buffer.from(JSON.stringify({ t: session.token, u: session.username, g: session.groups, e: session.expiresAt }), 'utf8');
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { value: sealed.toString('base64url'), session };
    },
    open(value) {
      if (!/^[A-Za-z0-9_-]+$/.test(value)) return { ok: false, reason: 'malformed' };
      const raw = Buffer.from(value, 'base64url');
      if (raw.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: 'malformed' };
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(AAD);
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
      } catch {
        return { ok: false, reason: 'tampered' };
      }
      let json: unknown;
      try {
        json = JSON.parse(plain.toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const parsed = payloadSchema.safeParse(json);
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      const p = parsed.data;
      if (now() >= p.e) return { ok: false, reason: 'expired' };
      return { ok: true, session: { token: p.t, username: p.u, groups: p.g, expiresAt: p.e } };
    },
  };
}

/** The value of one cookie in a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface CookieAttributes {
  secure: boolean;
  /** Seconds; 0 clears the cookie. */
  maxAgeSeconds: number;
}

/** `Set-Cookie` for the session: HttpOnly, SameSite=Strict, Path=/, Secure when asked. */
export function sessionCookieHeader(value: string, attrs: CookieAttributes): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(attrs.maxAgeSeconds))}`];
  if (attrs.maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (attrs.secure) parts.push('Secure');
  return parts.join('; ');
}
