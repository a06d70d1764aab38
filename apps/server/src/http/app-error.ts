// Application errors: one subclass per error code of the contracts; the error middleware turns
// any of them into `{error: {code, message, details?}}` with the matching status.
import { ERROR_STATUS, type ErrorCode, type ErrorDetails } from '@fleet-dashboard/contracts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = `${code}Error`;
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }
}

type AppErrorClass = new (message: string, details?: ErrorDetails, options?: { cause?: unknown }) => AppError;

function errorClass(code: ErrorCode): AppErrorClass {
  return class extends AppError {
    constructor(message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
      super(code, message, details, options);
    }
  };
}

export const BadRequestError = errorClass('BadRequest');
export const UnauthorizedError = errorClass('Unauthorized');
export const ForbiddenError = errorClass('Forbidden');
export const NotFoundError = errorClass('NotFound');
export const ConflictError = errorClass('Conflict');
export const TooLargeError = errorClass('TooLarge');
export const InvalidError = errorClass('Invalid');
export const TooManyRequestsError = errorClass('TooManyRequests');
export const InternalError = errorClass('Internal');
export const UpstreamError = errorClass('Upstream');
export const UnavailableError = errorClass('Unavailable');
export const TimeoutError = errorClass('Timeout');

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
