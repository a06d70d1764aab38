// The root pino logger. Secrets never reach a log line: authorization and cookie headers and
// anything called token are redacted.
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'token',
  '*.token',
  '*.*.token',
  'bearerToken',
  '*.bearerToken',
  'password',
  '*.password',
];

export function createLogger(options: { level: LogLevel; destination?: NodeJS.WritableStream }): Logger {
  const opts = { level: options.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'fleet-dashboard' } };
  return options.destination ? pino(opts, options.destination as never) : pino(opts);
}
