// Token mode: POST /api/login {token}, POST /api/logout, and the session gate every other
// /api route sits behind (401 without a valid session cookie). GET /api/me answers from the
// session.
import { loginBodySchema, type LoginResponse, type LogoutResponse, type MeResponse } from '@fleet-dashboard/contracts';
import { Router, type Request, type RequestHandler } from 'express';
import { TooManyRequestsError, UnauthorizedError } from '../../http/app-error';
import { parseInput } from '../../http/parse-input';
import type { Session } from './session-cookie.service';
import type { TokenAuth } from './token-auth.service';

const isTls = (req: Request): boolean => req.secure;

export function loginRoutes(options: { auth: TokenAuth }): Router {
  const { auth } = options;
  const router = Router();
  router.post('/login', async (req, res) => {
    const limit = auth.rateLimiter.attempt(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!limit.allowed) {
      res.setHeader('Retry-After', String(limit.retryAfterSeconds));
      throw new TooManyRequestsError(`Too many login attempts; try again in ${limit.retryAfterSeconds} s`, { retryAfterSeconds: limit.retryAfterSeconds });
    }
    const { token } = parseInput(loginBodySchema, req.body, 'body');
    const { session, setCookie } = await auth.login(token, { tls: isTls(req) });
    res.setHeader('Set-Cookie', setCookie);
    const body: LoginResponse = { mode: 'token', username: session.username, groups: session.groups };
    res.json(body);
  });
  router.post('/logout', (req, res) => {
    res.setHeader('Set-Cookie', auth.logoutCookie({ tls: isTls(req) }));
    const body: LogoutResponse = { loggedOut: true };
    res.json(body);
  });
  return router;
}

/** The session of a request that passed `sessionGate`. */
export function sessionOf(res: { locals: Record<string, unknown> }): Session {
  const session = res.locals.session as Session | undefined;
  if (!session) throw new UnauthorizedError('Not logged in');
  return session;
}

/** Refuses every request without a valid session cookie (401; a bad cookie is also cleared). */
export function sessionGate(options: { auth: TokenAuth }): RequestHandler {
  return (req, res, next) => {
    const opened = options.auth.authenticate(req.headers.cookie);
    if (!opened.ok) {
      if (opened.reason !== 'missing') res.setHeader('Set-Cookie', options.auth.logoutCookie({ tls: isTls(req) }));
      const message = opened.reason === 'missing' ? 'Not logged in' : opened.reason === 'expired' ? 'The session has expired; log in again' : 'The session cookie is not valid; log in again';
      next(new UnauthorizedError(message, { reason: opened.reason }));
      return;
    }
    res.locals.session = opened.session;
    next();
  };
}

export function tokenMeRoutes(): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    const session = sessionOf(res);
    const body: MeResponse = { mode: 'token', username: session.username, groups: session.groups };
    res.json(body);
  });
  return router;
}
