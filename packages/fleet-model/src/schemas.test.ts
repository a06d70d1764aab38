import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  KIND_INFO,
  SCHEMAS,
  bundleDeploymentSchema,
  clusterSchema,
  gitRepoSchema,
  schemaPaths,
  type SchemaKind,
  type SchemaPathType,
} from './schemas';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const fleetDir = resolve(repoRoot, '../shared/fleet');
const managementCrds = resolve(repoRoot, 'tools/testbed/crds/management.cattle.io.yaml');

interface OpenApi {
  type?: string;
  properties?: Record<string, OpenApi>;
  items?: OpenApi;
  additionalProperties?: OpenApi | boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: Array<{ name: string; schema: { openAPIV3Schema: OpenApi } }> };
}

function loadCrds(file: string): Crd[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Crd | null)
    .filter((d): d is Crd => d?.kind === 'CustomResourceDefinition');
}

/** Resolves a schema path in an OpenAPI schema; 'free' when an ancestor allows any content. */
function resolvePath(root: OpenApi, path: string): OpenApi | 'free' | undefined {
  let node: OpenApi = root;
  const tokens = path.match(/[^.[\]{}]+|\[\]|\{\}/g) ?? [];
  for (const token of tokens) {
    if (node['x-kubernetes-preserve-unknown-fields'] && !node.properties) return 'free';
    if (token === '[]') {
      if (!node.items) return undefined;
      node = node.items;
    } else if (token === '{}') {
      if (typeof node.additionalProperties !== 'object') return undefined;
      node = node.additionalProperties;
    } else {
      const next = node.properties?.[token];
      if (!next) {
        // `metadata` is declared as a bare object: ObjectMeta is validated by the API server.
        if (node.type === 'object' && !node.properties && !node.additionalProperties) return 'free';
        return undefined;
      }
      node = next;
    }
  }
  return node;
}

function compatible(crdType: string | undefined, types: SchemaPathType[], node: OpenApi): boolean {
  if (types.includes('unknown')) return true;
  if (node['x-kubernetes-int-or-string']) return types.includes('string') || types.includes('integer');
  if (crdType === undefined) return node['x-kubernetes-preserve-unknown-fields'] === true;
  if (crdType === 'number') return types.includes('integer');
  return types.includes(crdType as SchemaPathType);
}

function checkKind(kind: SchemaKind, crds: Crd[]): string[] {
  const info = KIND_INFO[kind];
  const crd = crds.find((c) => c.spec.names.kind === info.kind && c.spec.group === info.group);
  if (!crd) return [`no CRD for ${info.group}/${info.kind}`];
  const version = crd.spec.versions.find((v) => v.name === info.version) ?? crd.spec.versions[0];
  const root = version?.schema.openAPIV3Schema;
  if (!root) return [`no schema for ${info.kind}`];
  const problems: string[] = [];
  for (const { path, types } of schemaPaths(kind)) {
    const node = resolvePath(root, path);
    if (node === 'free') continue;
    if (!node) problems.push(`${kind}: ${path} not in CRD`);
    else if (!compatible(node.type, types, node)) problems.push(`${kind}: ${path} is ${node.type} in CRD, schema says ${types.join('|')}`);
  }
  return problems;
}

const fleetKinds: SchemaKind[] = ['GitRepo', 'Bundle', 'BundleDeployment', 'Cluster', 'ClusterGroup'];

describe('schemas against the real Fleet v0.16.1 CRDs (fleet.cattle.io kinds)', () => {
  const crds = loadCrds(resolve(fleetDir, 'crds.yaml'));
  for (const kind of fleetKinds) {
    it(`${kind}: every declared path exists in the CRD with a compatible type`, () => {
      expect(schemaPaths(kind).length).toBeGreaterThan(10);
      expect(checkKind(kind, crds)).toEqual([]);
    });
  }

  it('detects an invented field (the check itself works)', () => {
    const root = crds.find((c) => c.spec.names.kind === 'GitRepo')?.spec.versions[0]?.schema.openAPIV3Schema;
    expect(root).toBeDefined();
    expect(resolvePath(root as OpenApi, 'status.inventedField')).toBeUndefined();
    expect(resolvePath(root as OpenApi, 'status.display.readyBundleDeployments')).toMatchObject({ type: 'string' });
  });

  it('schemaPaths lists the v0.12+ perClusterState shape and skips the legacy array items', () => {
    const paths = schemaPaths('GitRepo');
    const pcs = paths.find((p) => p.path === 'status.resources[].perClusterState');
    expect(pcs?.types).toEqual(['array', 'object']);
    expect(paths.some((p) => p.path === 'status.resources[].perClusterState.missing')).toBe(true);
    expect(paths.some((p) => p.path.startsWith('status.resources[].perClusterState[]'))).toBe(false);
  });
});

describe('schemas against tools/testbed management.cattle.io CRDs', () => {
  for (const kind of ['FleetWorkspace', 'ManagementCluster'] as const) {
    it(`${kind}: every declared path exists in the CRD`, () => {
      expect(checkKind(kind, loadCrds(managementCrds))).toEqual([]);
    });
  }
});

describe('examples parse', () => {
  const load = (file: string): unknown[] =>
    parseAllDocuments(readFileSync(resolve(fleetDir, 'examples', file), 'utf8'))
      .map((d) => d.toJS() as unknown)
      .filter((d) => d != null);

  it('GitRepo fixture (v0.12+ status) keeps its typed fields', () => {
    const [doc] = load('gitrepo-status-modified.rancher-dashboard-fixture.yaml');
    const gr = gitRepoSchema.parse(doc);
    expect(gr.status?.display?.readyBundleDeployments).toBe('1/2');
    expect(gr.status?.summary?.nonReadyResources?.[0]?.modifiedStatus?.[0]?.missing).toBe(true);
  });

  it('BundleDeployment from the Fleet integration test keeps unknown keys (options)', () => {
    const [doc] = load('bundledeployment.fleet-integrationtest.yaml');
    const bd = bundleDeploymentSchema.parse(doc);
    expect(bd.spec?.deploymentID).toMatch(/^s-/);
    expect(bd.spec?.options).toMatchObject({ helm: { chart: 'config-chart' } });
  });

  it('Cluster example parses, including fields not declared (agentTLSMode)', () => {
    const [doc] = load('cluster-fleet-local.harvester-doc.yaml');
    const cluster = clusterSchema.parse(doc);
    expect(cluster.status?.agent?.lastSeen).toBe('2025-09-01T07:09:28Z');
    expect(cluster.status?.agentTLSMode).toBe('system-store');
  });

  it('every schema accepts null status fields and an empty object', () => {
    for (const schema of Object.values(SCHEMAS)) {
      expect(schema.safeParse({}).success).toBe(true);
      expect(schema.safeParse({ metadata: { name: 'x', labels: null }, status: null }).success).toBe(true);
    }
  });
});
