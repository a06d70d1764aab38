// Mutating requests must carry `X-Requested-With: fleet-dashboard`: a cross-site form or a
// simple request cannot set it, and setting it forces a CORS preflight the server never grants.
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@fleet-dashboard/contracts';
import type { RequestHandler } from 'express';
import { ForbiddenError } from './app-error';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfMiddleware(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method) || req.get(CSRF_HEADER) === CSRF_HEADER_VALUE) {
      next();
      return;
    }
    next(new ForbiddenError(`Missing ${CSRF_HEADER}: ${CSRF_HEADER_VALUE} header`, { reason: 'csrf' }));
  };
}
