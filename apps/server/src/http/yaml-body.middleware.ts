// YAML in and out: `Content-Type: application/yaml` bodies become `req.body` like JSON ones
// (parse errors are 400 with line and column), and `sendBody` answers YAML when the request
// asked for it with `?format=yaml` or `Accept: application/yaml`.
import { YAML_CONTENT_TYPE } from '@fleet-dashboard/contracts';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { parseAllDocuments, stringify } from 'yaml';
import { BadRequestError } from './app-error';

export const YAML_TYPES = [YAML_CONTENT_TYPE, 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** Parses one YAML document; throws BadRequest with `details.line`/`details.column` (1-based). */
export function parseYamlBody(text: string): unknown {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  if (docs.length === 0) throw new BadRequestError('The YAML body is empty');
  if (docs.length > 1) throw new BadRequestError(`The YAML body holds ${docs.length} documents; send one object`);
  const doc = docs[0];
  const error = doc?.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const firstLine = error.message.split('\n')[0] ?? error.message;
    throw new BadRequestError(`The YAML body does not parse: ${firstLine}`, pos ? { line: pos.line, column: pos.col } : undefined);
  }
  try {
    return doc?.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Aliases that expand past the limit (a "billion laughs" body) are refused, not expanded.
    const message = error instanceof Error ? error.message : String(error);
    throw new BadRequestError(`The YAML body cannot be read: ${message}`);
  }
}

/** Reads YAML bodies (up to `limit`) into `req.body`. */
export function yamlBodyMiddleware(options: { limit: string }): RequestHandler {
  const text = express.text({ type: YAML_TYPES, limit: options.limit });
  return (req, res, next) => {
    text(req, res, (error?: unknown) => {
      if (error) {
        next(error);
        return;
      }
      if (typeof req.body === 'string' && req.is(YAML_TYPES)) {
        try {
          req.body = parseYamlBody(req.body);
        } catch (parseError) {
          next(parseError);
          return;
        }
      }
      next();
    });
  };
}

/** True when the request asked for a YAML answer. */
export function wantsYaml(req: Request): boolean {
  if (req.query.format === 'yaml') return true;
  if (req.query.format === 'json') return false;
  const accept = req.get('accept') ?? '';
  return YAML_TYPES.some((t) => accept.includes(t)) && !accept.includes('application/json');
}

/** Sends a body as JSON, or as YAML when the request asked for it. */
export function sendBody(req: Request, res: Response, status: number, body: unknown): void {
  if (wantsYaml(req)) {
    res.status(status).type(YAML_CONTENT_TYPE).send(stringify(body));
    return;
  }
  res.status(status).json(body);
}
