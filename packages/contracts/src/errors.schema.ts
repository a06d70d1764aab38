// The one error body every failing /api request answers with: `{error: {code, message, details?}}`.
import { z } from 'zod';

/** Error codes and the HTTP status each one is sent with. */
export const ERROR_STATUS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  TooLarge: 413,
  Invalid: 422,
  TooManyRequests: 429,
  Internal: 500,
  Upstream: 502,
  Unavailable: 503,
  /** The API server did not answer in time (the server's request timeout). */
  Timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export const errorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

/** One field problem of an `Invalid` error (Kubernetes `Status.details.causes[]`). */
export const fieldCauseSchema = z.object({
  field: z.string(),
  message: z.string(),
  reason: z.string().optional(),
});
export type FieldCause = z.infer<typeof fieldCauseSchema>;

/** One field problem in the form the web app shows next to a field (`path` as Kubernetes names it). */
export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/**
 * Optional details. `Forbidden` names the verb and resource that were refused, `Invalid` lists
 * field causes; any other key may appear.
 */
export const errorDetailsSchema = z.looseObject({
  verb: z.string().optional(),
  resource: z.string().optional(),
  group: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  causes: z.array(fieldCauseSchema).optional(),
  /** `Invalid`: the field causes as `{path, message}`. */
  fields: z.array(fieldErrorSchema).optional(),
  /** `Conflict` on a replace: the current object, so the user can compare instead of overwriting. */
  current: z.unknown().optional(),
  /** A YAML/JSON body that does not parse: where (1-based). */
  line: z.number().optional(),
  column: z.number().optional(),
  /** A selector that does not parse: the 0-based character offset. */
  position: z.number().optional(),
  /** Request id, so a user can quote it. */
  requestId: z.string().optional(),
});
export type ErrorDetails = z.infer<typeof errorDetailsSchema>;

export const errorInfoSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: errorDetailsSchema.optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export const errorBodySchema = z.object({ error: errorInfoSchema });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The error code for an HTTP status (unknown 4xx → BadRequest, unknown 5xx → Internal). */
export function errorCodeForStatus(status: number): ErrorCode {
  for (const code of ERROR_CODES) if (ERROR_STATUS[code] === status) return code;
  return status >= 500 ? 'Internal' : 'BadRequest';
}
