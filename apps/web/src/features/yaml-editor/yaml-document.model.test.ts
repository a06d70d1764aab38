import { describe, expect, it } from 'vitest';
import {
  checkIdentity,
  createTemplate,
  editorSchemaOf,
  objectToYaml,
  parseYaml,
  positionOfPath,
  problemsOfServerError,
  resourceVersionOf,
} from './yaml-document.model';

const GITREPO = `apiVersion: fleet.cattle.io/v1alpha1
kind: GitRepo
metadata:
  name: web
  namespace: fleet-default
  resourceVersion: "42"
  labels:
    app: web
spec:
  repo: https://example.com/web.git
  targets:
    - clusterName: one
    - clusterGroup: prod
`;

describe('parseYaml', () => {
  it('parses one document into data', () => {
    const parsed = parseYaml(GITREPO);
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toMatchObject({ kind: 'GitRepo', spec: { targets: [{ clusterName: 'one' }, { clusterGroup: 'prod' }] } });
  });

  it('reports a syntax error with its line and column', () => {
    const parsed = parseYaml('kind: GitRepo\nmetadata:\n  name: [unclosed\n');
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems.length).toBeGreaterThan(0);
    expect(parsed.problems[0]).toMatchObject({ source: 'syntax', severity: 'error' });
    expect(parsed.problems[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports a bad indentation where it starts, the position in the message too', () => {
    const parsed = parseYaml('a: 1\n b: 2\n');
    expect(parsed.problems[0]).toMatchObject({ line: 1, column: 4, message: expect.stringContaining('at line 1, column 4') });
  });

  it('refuses several documents and an empty text', () => {
    expect(parseYaml('a: 1\n---\nb: 2\n').problems[0]).toMatchObject({ line: 2, message: 'The text holds 2 documents; keep one object' });
    expect(parseYaml('').problems[0]?.message).toBe('The document is empty');
  });
});

describe('resourceVersionOf', () => {
  it('reads metadata.resourceVersion, empty when absent', () => {
    expect(resourceVersionOf(parseYaml(GITREPO).value)).toBe('42');
    expect(resourceVersionOf({ metadata: {} })).toBe('');
    expect(resourceVersionOf('text')).toBe('');
  });
});

describe('positionOfPath', () => {
  const parsed = parseYaml(GITREPO);
  it('finds keys and list items', () => {
    expect(positionOfPath(parsed, 'metadata.labels.app')).toEqual({ line: 8, column: 5 });
    expect(positionOfPath(parsed, 'spec.repo')).toEqual({ line: 10, column: 3 });
    expect(positionOfPath(parsed, 'spec.targets[1].clusterGroup')).toEqual({ line: 13, column: 7 });
  });
  it('falls back to the closest parent that exists', () => {
    expect(positionOfPath(parsed, 'spec.paths[0]')).toEqual({ line: 9, column: 1 });
    expect(positionOfPath(parsed, 'nothing')).toEqual({ line: 1, column: 1 });
  });
});

describe('checkIdentity', () => {
  const expected = { resource: 'gitrepos' as const, workspace: 'fleet-default', name: 'web' };
  it('accepts the object of the page', () => {
    expect(checkIdentity(parseYaml(GITREPO), expected)).toEqual([]);
  });
  it('flags another namespace, kind and name at their lines', () => {
    const text = GITREPO.replace('namespace: fleet-default', 'namespace: fleet-local').replace('kind: GitRepo', 'kind: Bundle').replace('name: web', 'name: api');
    const problems = checkIdentity(parseYaml(text), expected);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'kind must be GitRepo'],
      [5, 'metadata.namespace must be the workspace "fleet-default"'],
      [4, 'metadata.name must stay "web" (create a new object to rename)'],
    ]);
  });
  it('needs the resourceVersion when editing and a name when creating', () => {
    const text = GITREPO.replace('  resourceVersion: "42"\n', '');
    expect(checkIdentity(parseYaml(text), expected).map((p) => p.message)).toEqual([expect.stringContaining('resourceVersion is needed')]);
    const create = checkIdentity(parseYaml(text.replace('  name: web\n', '')), { resource: 'gitrepos', workspace: 'fleet-default' });
    expect(create.map((p) => p.message)).toEqual(['metadata.name is required']);
  });
  it('wants a mapping', () => {
    expect(checkIdentity(parseYaml('- a\n- b\n'), expected)[0]?.message).toContain('one object');
  });
  it('says nothing while the text does not parse', () => {
    expect(checkIdentity(parseYaml('a: [\n'), expected)).toEqual([]);
  });
});

describe('problemsOfServerError', () => {
  it('uses the line and column of a parse error', () => {
    expect(problemsOfServerError({ message: 'does not parse', details: { line: 3, column: 7 } }, GITREPO)).toEqual([
      { line: 3, column: 7, message: 'does not parse', severity: 'error', source: 'server' },
    ]);
  });
  it('places field errors at their field', () => {
    const problems = problemsOfServerError({ message: 'invalid', details: { fields: [{ path: 'spec.repo', message: 'must be a URL' }] } }, GITREPO);
    expect(problems).toEqual([{ line: 10, column: 3, message: 'spec.repo: must be a URL', severity: 'error', source: 'server' }]);
  });
  it('uses Kubernetes causes when there are no fields, nothing without details', () => {
    expect(problemsOfServerError({ message: 'x', details: { causes: [{ field: 'spec.targets[0].clusterName', message: 'bad' }] } }, GITREPO)[0]?.line).toBe(12);
    expect(problemsOfServerError({ message: 'x' }, GITREPO)).toEqual([]);
  });
});

describe('templates and schema', () => {
  it('starts GitRepo and ClusterGroup texts in the workspace, and they pass the checks', () => {
    for (const resource of ['gitrepos', 'clustergroups'] as const) {
      const parsed = parseYaml(createTemplate(resource, 'team-a'));
      expect(parsed.problems).toEqual([]);
      expect(parsed.value).toMatchObject({ apiVersion: 'fleet.cattle.io/v1alpha1', metadata: { namespace: 'team-a' } });
      expect(checkIdentity(parsed, { resource, workspace: 'team-a' })).toEqual([]);
    }
    expect(createTemplate('gitrepos', 'x')).toContain('# ');
  });
  it('fixes apiVersion and kind in the editor schema and keeps the spec', () => {
    const schema = editorSchemaOf({ type: 'object', properties: { spec: { type: 'object' }, kind: { type: 'string' } } }, 'clustergroups');
    expect(schema).toMatchObject({ type: 'object', properties: { spec: { type: 'object' }, kind: { enum: ['ClusterGroup'] } } });
  });
  it('writes objects as YAML without managedFields', () => {
    const text = objectToYaml({ metadata: { name: 'a', managedFields: [{}] }, spec: {} });
    expect(text).toBe('metadata:\n  name: a\nspec: {}\n');
  });
});
