// The one place that writes error bodies: AppErrors, Kubernetes failures, body-parser errors and
// anything unexpected all become `{error: {code, message, details?}}`.
import type { ErrorBody, ErrorDetails } from '@fleet-dashboard/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { toAppError } from '../k8s/kube-errors';
import { AppError, BadRequestError, InternalError, NotFoundError, TooLargeError } from './app-error';

/** Body-parser and other http-errors style failures carry `status` and `type`. */
function fromHttpError(error: unknown): AppError | undefined {
  const e = error as { status?: unknown; type?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null || typeof e.status !== 'number') return undefined;
  if (e.type === 'entity.too.large' || e.status === 413) return new TooLargeError('Request body too large');
  if (e.type === 'entity.parse.failed') return new BadRequestError('Request body is not valid JSON');
  if (e.status === 404) return new NotFoundError('Not found'); // a missing static asset
  if (e.status >= 400 && e.status < 500) return new BadRequestError(typeof e.message === 'string' ? e.message : 'Bad request');
  return undefined;
}

/** `Invalid` errors also list their causes as `fields: [{path, message}]`, the form forms show. */
function withFields(error: AppError): ErrorDetails | undefined {
  const details = error.details;
  if (error.code !== 'Invalid' || !details?.causes || details.fields) return details;
  return { ...details, fields: details.causes.map((c) => ({ path: c.field, message: c.message })) };
}

export function toErrorBody(error: AppError, requestId?: string): ErrorBody {
  const own = withFields(error);
  const details = own || requestId ? { ...(own ?? {}), ...(requestId ? { requestId } : {}) } : undefined;
  return { error: { code: error.code, message: error.message, ...(details ? { details } : {}) } };
}

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.path}`));
}

export function errorMiddleware(options: { logger: Logger }): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else appError = fromHttpError(error) ?? (isKubeFailure(error) ? toAppError(error) : new InternalError('Internal server error'));
    const log = (req as { log?: Logger }).log ?? options.logger;
    if (appError.status >= 500) log.error({ err: error, code: appError.code }, appError.message);
    else log.debug({ code: appError.code }, appError.message);
    const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined;
    res.status(appError.status).json(toErrorBody(appError, requestId));
  };
}

function isKubeFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'KubeApiError' || error.name === 'KubeTimeoutError' || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|socket hang up|fetch failed/.test(error.message));
}
