// The YAML editor's requests. Bodies go as YAML text (`Content-Type: application/yaml`) so the
// server parses exactly what the user sees and reports parse errors by line and column; objects
// come back as YAML. Failures are ApiError, as everywhere in the app.
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  errorBodySchema,
  errorCodeForStatus,
  schemaResponseSchema,
  YAML_CONTENT_TYPE,
  type SchemaResponse,
} from '@fleet-dashboard/contracts';
import type { InjectionKey } from 'vue';
import { objectPath } from '../../shared/api/api-client';
import { ApiError } from '../../shared/api/http';
import type { YamlResource } from './yaml-document.model';

export interface YamlEditorApi {
  /** The object as the server writes it (no managedFields, no last-applied annotation). */
  getYaml(workspace: string, resource: YamlResource, name: string): Promise<string>;
  /** Replaces the object; the text carries the resourceVersion it was edited from (409 `Conflict` otherwise). */
  replace(workspace: string, resource: YamlResource, name: string, text: string): Promise<string>;
  /** Creates an object; with `dryRun` the API server only validates it. */
  create(workspace: string, resource: YamlResource, text: string, options?: { dryRun?: boolean }): Promise<string>;
  /** The kind's OpenAPI v3 schema. */
  schema(resource: YamlResource): Promise<SchemaResponse>;
}

export const YAML_EDITOR_API: InjectionKey<YamlEditorApi> = Symbol('yaml-editor-api');

export interface YamlEditorApiOptions {
  fetch?: typeof fetch;
  /** Called with every 401 answer before it is thrown. */
  onUnauthorized?: (error: ApiError) => void;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) return new ApiError({ status: response.status, ...parsed.data.error });
  return new ApiError({ status: response.status, code: errorCodeForStatus(response.status), message: response.statusText || `HTTP ${response.status}` });
}

export function createYamlEditorApi(options: YamlEditorApiOptions = {}): YamlEditorApi {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(path: string, init: { method: string; body?: string; accept: string }): Promise<Response> {
    const headers: Record<string, string> = { accept: init.accept };
    if (init.method !== 'GET') headers[CSRF_HEADER] = CSRF_HEADER_VALUE;
    if (init.body !== undefined) headers['content-type'] = YAML_CONTENT_TYPE;
    let response: Response;
    try {
      response = await doFetch(path, { method: init.method, headers, credentials: 'same-origin', ...(init.body !== undefined ? { body: init.body } : {}) });
    } catch (error) {
      throw new ApiError({ status: 0, code: 'Unavailable', message: `cannot reach the server: ${String(error)}` });
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (error.status === 401) options.onUnauthorized?.(error);
      throw error;
    }
    return response;
  }
  const yaml = async (path: string, method = 'GET', body?: string) =>
    (await send(path, { method, accept: YAML_CONTENT_TYPE, ...(body !== undefined ? { body } : {}) })).text();
  const collection = (workspace: string, resource: string) => `/api/workspaces/${encodeURIComponent(workspace)}/${resource}`;

  return {
    getYaml: (workspace, resource, name) => yaml(`${objectPath(workspace, resource, name)}?format=yaml`),
    replace: (workspace, resource, name, text) => yaml(`${objectPath(workspace, resource, name)}?format=yaml`, 'PUT', text),
    create: (workspace, resource, text, createOptions) =>
      yaml(`${collection(workspace, resource)}?format=yaml${createOptions?.dryRun ? '&dryRun=true' : ''}`, 'POST', text),
    async schema(resource) {
      const response = await send(`/api/schemas/${resource}`, { method: 'GET', accept: 'application/json' });
      const parsed = schemaResponseSchema.safeParse(await response.json());
      if (!parsed.success) throw new ApiError({ status: response.status, code: 'Upstream', message: `unexpected schema of ${resource}` });
      return parsed.data;
    },
  };
}
