// What the YAML editor knows without Monaco: parsing with line/column errors, the resourceVersion
// the user edits, checks of kind/apiVersion/namespace/name against the page, where a field path
// sits in the text, the create template of each kind, and the schema given to the editor.
import type { ErrorDetails } from '@fleet-dashboard/contracts';
import { isMap, isScalar, LineCounter, parseAllDocuments, stringify, type Document, type Node } from 'yaml';

export type YamlResource = 'gitrepos' | 'clusters' | 'clustergroups' | 'bundles';

export const FLEET_API_VERSION = 'fleet.cattle.io/v1alpha1';

export const KIND_OF: Record<YamlResource, string> = {
  gitrepos: 'GitRepo',
  clusters: 'Cluster',
  clustergroups: 'ClusterGroup',
  bundles: 'Bundle',
};

export function isYamlResource(value: unknown): value is YamlResource {
  return typeof value === 'string' && Object.hasOwn(KIND_OF, value);
}

/** One problem shown under the editor and as a marker (line and column 1-based). */
export interface YamlProblem {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
  /** Where it came from: the local parse, the page checks, the server, or the schema. */
  source: 'syntax' | 'check' | 'server' | 'schema';
}

export interface ParsedYaml {
  /** The document as plain data; undefined when it does not parse. */
  value: unknown;
  problems: YamlProblem[];
  document: Document.Parsed | undefined;
  lineCounter: LineCounter;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one YAML document the way the server does; every error with its line and column. */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { prettyErrors: true, lineCounter });
  const problems: YamlProblem[] = [];
  const first = docs[0];
  if (!first) {
    problems.push({ line: 1, column: 1, message: 'The document is empty', severity: 'error', source: 'syntax' });
    return { value: undefined, problems, document: undefined, lineCounter };
  }
  for (const doc of docs) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      problems.push({ line: pos?.line ?? 1, column: pos?.col ?? 1, message: (error.message.split('\n')[0] ?? error.message).replace(/:$/, ''), severity: 'error', source: 'syntax' });
    }
  }
  if (docs.length > 1) {
    const second = docs[1];
    const pos = second?.range ? lineCounter.linePos(second.range[0]) : { line: 1, col: 1 };
    problems.push({ line: pos.line, column: pos.col, message: `The text holds ${docs.length} documents; keep one object`, severity: 'error', source: 'syntax' });
  }
  if (problems.length > 0) return { value: undefined, problems, document: first, lineCounter };
  return { value: first.toJS({ maxAliasCount: 100 }), problems, document: first, lineCounter };
}

/** `metadata.resourceVersion` of a parsed object, '' when absent. */
export function resourceVersionOf(value: unknown): string {
  const metadata = isRecord(value) ? value.metadata : undefined;
  const version = isRecord(metadata) ? metadata.resourceVersion : undefined;
  return typeof version === 'string' ? version : '';
}

/** `metadata.name` of a parsed object, '' when absent. */
export function nameOf(value: unknown): string {
  const metadata = isRecord(value) ? value.metadata : undefined;
  return isRecord(metadata) && typeof metadata.name === 'string' ? metadata.name : '';
}

/**
 * Line and column of a field given as a path (`spec.repo`, `metadata.labels.app`,
 * `spec.targets[0].clusterName`), or of its closest parent present in the document.
 */
export function positionOfPath(parsed: Pick<ParsedYaml, 'document' | 'lineCounter'>, path: string): { line: number; column: number } {
  const keys = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((k) => k !== '');
  let node: unknown = parsed.document?.contents;
  let position = { line: 1, column: 1 };
  for (const key of keys) {
    if (!isMap(node) && !(node && typeof node === 'object' && 'items' in node)) break;
    const collection = node as { items: unknown[] };
    const index = /^\d+$/.test(key) ? Number(key) : -1;
    let next: { key?: unknown; value?: unknown } | undefined;
    if (isMap(node)) next = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
    else if (index >= 0) next = { value: collection.items[index] };
    if (!next) break;
    const anchor = (isScalar(next.key) ? next.key : next.value) as Node | undefined;
    if (anchor?.range) {
      const pos = parsed.lineCounter.linePos(anchor.range[0]);
      position = { line: pos.line, column: pos.col };
    }
    node = next.value;
  }
  return position;
}

export interface IdentityExpectation {
  resource: YamlResource;
  workspace: string;
  /** The object's name on the edit page; absent on create. */
  name?: string;
}

/** Kind, apiVersion, namespace and (when editing) name must match the page; resourceVersion is needed to save. */
export function checkIdentity(parsed: ParsedYaml, expected: IdentityExpectation): YamlProblem[] {
  const value = parsed.value;
  if (parsed.problems.length > 0 || value === undefined) return [];
  const at = (path: string, message: string): YamlProblem => ({ ...positionOfPath(parsed, path), message, severity: 'error', source: 'check' });
  if (!isRecord(value)) return [{ line: 1, column: 1, message: 'The document must be one object (a mapping)', severity: 'error', source: 'check' }];
  const problems: YamlProblem[] = [];
  const kind = KIND_OF[expected.resource];
  if (value.kind !== kind) problems.push(at('kind', `kind must be ${kind}`));
  if (value.apiVersion !== FLEET_API_VERSION) problems.push(at('apiVersion', `apiVersion must be ${FLEET_API_VERSION}`));
  const metadata = value.metadata;
  if (!isRecord(metadata)) return [...problems, at('metadata', 'metadata must be an object with a name')];
  if (metadata.namespace !== undefined && metadata.namespace !== expected.workspace) {
    problems.push(at('metadata.namespace', `metadata.namespace must be the workspace "${expected.workspace}"`));
  }
  if (expected.name !== undefined) {
    if (metadata.name !== expected.name) problems.push(at('metadata.name', `metadata.name must stay "${expected.name}" (create a new object to rename)`));
    if (resourceVersionOf(value) === '') problems.push(at('metadata', 'metadata.resourceVersion is needed to save (it protects changes made by others)'));
  } else if (typeof metadata.name !== 'string' || metadata.name === '') {
    problems.push(at('metadata', 'metadata.name is required'));
  }
  return problems;
}

/** The problems of an error answer placed in the text: parse errors at their line, field errors at their field. */
export function problemsOfServerError(error: { message: string; details?: ErrorDetails | undefined }, text: string): YamlProblem[] {
  const details = error.details;
  if (details?.line !== undefined) {
    return [{ line: details.line, column: details.column ?? 1, message: error.message, severity: 'error', source: 'server' }];
  }
  const fields = details?.fields ?? details?.causes?.map((c) => ({ path: c.field, message: c.message })) ?? [];
  if (fields.length === 0) return [];
  const parsed = parseYaml(text);
  return fields.map((f) => ({ ...positionOfPath(parsed, f.path), message: `${f.path}: ${f.message}`, severity: 'error', source: 'server' }));
}

/** An object as the editor shows it (the server's YAML layout), without managedFields. */
export function objectToYaml(value: unknown): string {
  if (!isRecord(value)) return stringify(value);
  const metadata = isRecord(value.metadata) ? { ...value.metadata } : value.metadata;
  if (isRecord(metadata)) delete metadata.managedFields;
  return stringify({ ...value, metadata });
}

const TEMPLATES: Record<'gitrepos' | 'clustergroups', (workspace: string) => string> = {
  gitrepos: (workspace) => `# A GitRepo: Fleet clones the repository and deploys the bundles found at its paths.
apiVersion: ${FLEET_API_VERSION}
kind: GitRepo
metadata:
  name: my-gitrepo
  namespace: ${workspace}
  # labels:
  #   team: web
spec:
  # The repository (https:// or ssh URL) and what to follow: a branch, or a fixed revision.
  repo: https://github.com/rancher/fleet-examples
  branch: main
  # revision: v1.0.0
  # Folders of the repository that hold bundles (default: the root).
  paths:
    - simple
  # Where to deploy: an empty clusterSelector is every cluster of the workspace. Without targets,
  # Fleet uses the cluster group named "default".
  targets:
    - clusterSelector: {}
  #   - clusterName: my-cluster
  #   - clusterGroup: production
  # clientSecretName: git-credentials   # a Secret with ssh or basic auth credentials
  # pollingInterval: 60s                # 15s at least
  # correctDrift:
  #   enabled: true
`,
  clustergroups: (workspace) => `# A ClusterGroup: the clusters of the workspace whose labels match the selector.
apiVersion: ${FLEET_API_VERSION}
kind: ClusterGroup
metadata:
  name: my-group
  namespace: ${workspace}
spec:
  selector:
    matchLabels:
      env: production
    # matchExpressions:
    #   - key: region
    #     operator: In
    #     values: [eu-west, eu-central]
`,
};

/** The commented starting text of Create from YAML. */
export function createTemplate(resource: YamlResource, workspace: string): string {
  if (resource === 'gitrepos' || resource === 'clustergroups') return TEMPLATES[resource](workspace);
  return `apiVersion: ${FLEET_API_VERSION}\nkind: ${KIND_OF[resource]}\nmetadata:\n  name: ""\n  namespace: ${workspace}\nspec: {}\n`;
}

/**
 * The CRD's OpenAPI schema made into the JSON schema the editor validates with: apiVersion and
 * kind fixed, metadata described (the CRD leaves it as a bare object).
 */
export function editorSchemaOf(schema: Record<string, unknown>, resource: YamlResource): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const text = { type: 'string' };
  const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
  return {
    ...schema,
    properties: {
      ...properties,
      apiVersion: { type: 'string', enum: [FLEET_API_VERSION], description: 'The API version of Fleet objects.' },
      kind: { type: 'string', enum: [KIND_OF[resource]], description: 'The kind of this page.' },
      metadata: {
        type: 'object',
        properties: {
          name: text,
          namespace: { type: 'string', description: 'The workspace.' },
          labels: stringMap,
          annotations: stringMap,
          resourceVersion: { type: 'string', description: 'The version you edit; saving fails if someone changed the object since.' },
          uid: text,
          generation: { type: 'integer' },
          creationTimestamp: text,
          finalizers: { type: 'array', items: text },
          ownerReferences: { type: 'array', items: { type: 'object' } },
          generateName: text,
        },
      },
    },
  };
}
