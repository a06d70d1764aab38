// The YAML editor's requests. Bodies go as YAML text (`Content-Type: application/yaml`) so the
// server parses exactly what the user sees and reports parse errors by line and column; objects
// come back as YAML. Made with the app's one HTTP client: failures are ApiError and a 401 signs out,
// as everywhere in the app.
import { API_PATHS, schemaResponseSchema, YAML_CONTENT_TYPE, type SchemaResponse } from '@fleet-dashboard/contracts';
import type { InjectionKey } from 'vue';
import { objectPath } from '../../shared/api/api-client';
import type { HttpClient, HttpMethod } from '../../shared/api/http';
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

export function createYamlEditorApi(options: { http: HttpClient }): YamlEditorApi {
  const { http } = options;
  const yaml = (path: string, method: HttpMethod, query: Record<string, string | undefined>, text?: string) =>
    http.requestText({ method, path, query: { format: 'yaml', ...query }, mediaType: YAML_CONTENT_TYPE, ...(text !== undefined ? { text } : {}) });
  const collection = (workspace: string, resource: string) => `${API_PATHS.workspaces}/${encodeURIComponent(workspace)}/${resource}`;

  return {
    getYaml: (workspace, resource, name) => yaml(objectPath(workspace, resource, name), 'GET', {}),
    replace: (workspace, resource, name, text) => yaml(objectPath(workspace, resource, name), 'PUT', {}, text),
    create: (workspace, resource, text, createOptions) => yaml(collection(workspace, resource), 'POST', { dryRun: createOptions?.dryRun ? 'true' : undefined }, text),
    schema: (resource) => http.request({ path: `/api/schemas/${resource}`, schema: schemaResponseSchema }),
  };
}
