// What a form shows when the server refuses a write: field errors placed at their fields (paths
// like `spec.repo`), the rest listed at the top, a name already taken on create, or — on a stale
// replace — the object as it is now, so the form can offer it beside the user's inputs. Pure.
import type { KubeObjectBody } from '@fleet-dashboard/contracts';
import { isApiError } from '../api/http';

export interface WriteFailure<K extends string> {
  /** Set when a replace met someone else's change: the current object (nothing else is set then). */
  conflict?: KubeObjectBody;
  fields: Partial<Record<K, string>>;
  /** Messages that belong to no field (shown above the form). */
  general: string[];
}

export interface WriteFailureOptions<K extends string> {
  isEdit: boolean;
  /** The form field an object path belongs to, if any. */
  fieldOf: (path: string) => K | undefined;
  /** The name field, and its message when a create finds the name taken. */
  nameField: K;
  nameTaken: string;
}

export function writeFailureOf<K extends string>(error: unknown, options: WriteFailureOptions<K>): WriteFailure<K> {
  if (!isApiError(error)) return { fields: {}, general: [String(error)] };
  if (error.code === 'Conflict' && options.isEdit && error.details?.current) return { conflict: error.details.current as KubeObjectBody, fields: {}, general: [] };
  const fields: Partial<Record<K, string>> = {};
  const rest: string[] = [];
  const problems = error.details?.fields ?? (error.details?.causes ?? []).map((c) => ({ path: c.field, message: c.message }));
  for (const problem of problems) {
    const key = options.fieldOf(problem.path);
    if (key && !fields[key]) fields[key] = problem.message;
    else rest.push(`${problem.path}: ${problem.message}`);
  }
  if (error.code === 'Conflict' && !options.isEdit) fields[options.nameField] = options.nameTaken;
  const general = rest.length > 0 || Object.keys(fields).length === 0 ? [error.message, ...rest] : [];
  return { fields, general };
}
