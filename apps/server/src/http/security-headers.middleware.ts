// Security headers on every response: a strict Content-Security-Policy (no inline or eval'd
// script; Monaco's workers from 'self' or blob:, its injected <style> elements allowed), no
// sniffing, no referrer, no framing, a separate browsing context group, and HSTS when the
// request came over TLS (directly, or through a trusted proxy's X-Forwarded-Proto).
import type { RequestHandler } from 'express';

/** The policy as directive → sources. `connect-src 'self'` covers the same-origin websocket (ws: and wss:). */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'object-src': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** Two years, the preload list's minimum. */
const HSTS = 'max-age=63072000; includeSubDomains';

export function securityHeadersMiddleware(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    // req.secure: the socket is TLS, or X-Forwarded-Proto says https and `trust proxy` believes it.
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
}
