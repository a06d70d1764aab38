// What the sign-in page says when the server refuses a token.
import { isApiError } from '../../shared/api/http';

export const TOKEN_REFUSED_MESSAGE = 'The token was not accepted by the Kubernetes API server.';

/** The message for a failed sign-in; `now` dates "try again at" for a 429. */
export function loginErrorMessage(error: unknown, now: Date = new Date()): string {
  if (!isApiError(error)) return `Sign-in failed: ${String(error)}`;
  if (error.status === 401) return TOKEN_REFUSED_MESSAGE;
  if (error.status === 429) {
    const seconds = error.details?.['retryAfterSeconds'];
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) {
      const at = new Date(now.getTime() + seconds * 1000).toLocaleTimeString();
      return `Too many sign-in attempts. Try again in ${Math.ceil(seconds)} s (at ${at}).`;
    }
    return 'Too many sign-in attempts. Try again in a minute.';
  }
  if (error.status === 0) return `The dashboard server cannot be reached. ${error.message}`;
  return `Sign-in failed: ${error.message}`;
}
