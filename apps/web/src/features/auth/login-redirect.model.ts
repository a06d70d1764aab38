// Where the sign-in page sends the user afterwards: only a path of this app (`?redirect=` comes from
// the address bar, so anything pointing elsewhere is dropped for `/`).

const BASE = 'http://app.invalid';

/** The redirect target when it is a same-app path (not the sign-in page itself), otherwise `/`. */
export function safeRedirect(value: unknown): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return '/';
  // Backslashes and control characters are read as '/' or dropped by browsers: `/\evil.com`.
  if (raw.includes('\\') || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE || url.pathname === '/login' || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
