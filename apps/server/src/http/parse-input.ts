// Request validation with the contracts' zod schemas: a failure is 400 naming the first problem.
import type { z } from 'zod';
import { BadRequestError } from './app-error';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new BadRequestError(`invalid ${what}: ${issue ? `${where}${issue.message}` : 'invalid'}`);
  }
  return result.data;
}
