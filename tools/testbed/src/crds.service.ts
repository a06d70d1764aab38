// Fleet CRDs (generated with controller-gen, either from Fleet's own Go module or from the
// project's Go API types in tools/testbed/go/apis/fleet) and our management.cattle.io CRDs, as
// parsed objects.
//
// Cache layout: `<cache>/testbed/<kubernetes version>/fleet-<fleet version>/`
//   crds.yaml     multi-document YAML, one CustomResourceDefinition per document
//   source.json   how crds.yaml was made: `fleet-module` or `project-types` (with the hash of
//                 the type sources, so that an edit of the types makes them again)
//   work/         the Go modules controller-gen ran in
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fileExists } from './build.service';
import { withFileLock } from './file-lock.service';
import { stagingVersionFor } from './go-mod.service';
import { runCommand } from './go-run.service';
import {
  CONTROLLER_GEN_VERSION,
  FLEET_VERSION,
  KUBERNETES_VERSION,
  MANAGEMENT_CRDS_FILE,
  PACKAGE_DIR,
  defaultCacheDir,
  versionCacheDir,
  type CacheOptions,
} from './testbed.config';

export const FLEET_APIS_MODULE = 'github.com/rancher/fleet/pkg/apis';
export const FLEET_APIS_PACKAGE = `${FLEET_APIS_MODULE}/fleet.cattle.io/v1alpha1`;
/** The project's own Go API types for the Fleet kinds it uses (fleet.cattle.io/v1alpha1). */
export const PROJECT_FLEET_TYPES_DIR = join(PACKAGE_DIR, 'go', 'apis', 'fleet');
/** The Fleet kinds the project's types define. */
export const PROJECT_FLEET_KINDS = ['GitRepo', 'Bundle', 'BundleDeployment', 'Cluster', 'ClusterGroup', 'Content'] as const;

/** A CustomResourceDefinition object as far as this package looks into it. */
export interface CrdDocument {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; annotations?: Record<string, string>; [key: string]: unknown };
  spec: {
    group: string;
    names: { kind: string; plural: string; singular?: string; listKind?: string; [key: string]: unknown };
    scope: 'Namespaced' | 'Cluster';
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema?: { openAPIV3Schema?: JsonSchema };
      subresources?: Record<string, unknown>;
      [key: string]: unknown;
    }>;
    [key: string]: unknown;
  };
}

export type JsonSchema = {
  [key: string]: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
};

export interface FleetCrdSource {
  /**
   * `fleet-module`: controller-gen over `github.com/rancher/fleet/pkg/apis` at FLEET_VERSION;
   * `project-types`: controller-gen over tools/testbed/go/apis/fleet (the module was not available).
   */
  kind: 'fleet-module' | 'project-types';
  fleetVersion: string;
  controllerGenVersion: string;
  /** `project-types`: sha256 of the type sources and pinned versions the CRDs were made from. */
  typesHash?: string;
  /** `project-types`: why Fleet's module could not be used. */
  fleetModuleError?: string;
  /** Seconds the generation took (module download, `go mod tidy`, controller-gen). */
  buildSeconds: number;
  createdAt: string;
}

export interface FleetCrds {
  file: string;
  source: FleetCrdSource;
}

export interface CrdOptions extends CacheOptions {
  log?: (line: string) => void;
  /** Make the Fleet CRDs again even if the cache has current ones; also retries Fleet's module. */
  regenerate?: boolean;
  /** Try Fleet's own Go module first (default true). */
  fleetModule?: boolean;
  /** Folder of the project's Fleet Go types (default PROJECT_FLEET_TYPES_DIR); it holds `v1alpha1/`. */
  fleetTypesDir?: string;
  /** A controller-gen binary to use instead of the one built into the cache. */
  controllerGen?: string;
}

export function parseCrdYaml(text: string): CrdDocument[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`invalid CRD YAML: ${doc.errors[0]?.message}`);
      return doc.toJS() as CrdDocument | null;
    })
    .filter((doc): doc is CrdDocument => doc !== null && doc.kind === 'CustomResourceDefinition');
}

export async function managementCrdDocuments(): Promise<CrdDocument[]> {
  return parseCrdYaml(await readFile(MANAGEMENT_CRDS_FILE, 'utf8'));
}

/** Builds controller-gen at CONTROLLER_GEN_VERSION into `<cache>/tools/` (once). */
export async function ensureControllerGen(options: CacheOptions & { log?: (line: string) => void } = {}): Promise<string> {
  const toolsDir = join(options.cacheDir ?? defaultCacheDir(), 'tools', `controller-gen-${CONTROLLER_GEN_VERSION}`);
  const binary = join(toolsDir, 'controller-gen');
  if (await fileExists(binary)) return binary;
  return withFileLock(join(toolsDir, '..', `controller-gen-${CONTROLLER_GEN_VERSION}.lock`), async () => {
    if (await fileExists(binary)) return binary;
    const tmp = join(toolsDir, `.tmp-${process.pid}`);
    await mkdir(tmp, { recursive: true });
    try {
      options.log?.(`building controller-gen ${CONTROLLER_GEN_VERSION}`);
      await runCommand('go', ['install', '-trimpath', `sigs.k8s.io/controller-tools/cmd/controller-gen@${CONTROLLER_GEN_VERSION}`], {
        env: { GOBIN: tmp },
        log: options.log,
      });
      await rename(join(tmp, 'controller-gen'), binary);
      return binary;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
}

/**
 * Runs controller-gen over Go packages of the module in `moduleDir` and returns the
 * CRD YAML (documents concatenated in file-name order).
 */
export async function runControllerGen(
  controllerGen: string,
  moduleDir: string,
  packages: string[],
  outDir: string,
): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await runCommand(
    controllerGen,
    ['crd:crdVersions=v1', ...packages.map((p) => `paths=${p}`), `output:crd:artifacts:config=${outDir}`],
    { cwd: moduleDir },
  );
  const files = (await readdir(outDir)).filter((f) => f.endsWith('.yaml')).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(outDir, f), 'utf8')));
  return texts.map((t) => (t.startsWith('---') ? t : `---\n${t}`)).join('');
}

const firstLines = (error: unknown, count = 6): string =>
  (error instanceof Error ? error.message : String(error)).split('\n').slice(0, count).join('\n');

/** Runs controller-gen over Fleet's own API package (needs the module from the Go module proxy). */
async function generateFromFleetModule(workDir: string, controllerGen: string, log?: (line: string) => void): Promise<string> {
  const moduleDir = join(workDir, 'fleet-apis-module');
  await rm(moduleDir, { recursive: true, force: true });
  await mkdir(moduleDir, { recursive: true });
  await writeFile(join(moduleDir, 'go.mod'), 'module fleet-dashboard/fleet-crdgen\n\ngo 1.26.0\n');
  await writeFile(
    join(moduleDir, 'imports.go'),
    `// Package crdgen only pins Fleet's API types for controller-gen.\npackage crdgen\n\nimport _ "${FLEET_APIS_PACKAGE}"\n`,
  );
  await runCommand('go', ['get', `${FLEET_APIS_MODULE}@${FLEET_VERSION}`], { cwd: moduleDir, log });
  await runCommand('go', ['mod', 'tidy'], { cwd: moduleDir, log });
  return runControllerGen(controllerGen, moduleDir, [FLEET_APIS_PACKAGE], join(workDir, 'controller-gen-out'));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * sha256 over the project's Fleet type sources (relative paths and contents) and the versions
 * they are generated with: any edit gives a new hash, so the cached CRDs are made again.
 */
export async function fleetTypesHash(typesDir: string = PROJECT_FLEET_TYPES_DIR): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`controller-gen ${CONTROLLER_GEN_VERSION}\napimachinery ${stagingVersionFor(KUBERNETES_VERSION)}\n`);
  for (const file of await listFiles(typesDir)) {
    hash.update(`${file}\0`);
    hash.update(await readFile(join(typesDir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Runs controller-gen over the project's own Fleet types: a small module that requires only
 * k8s.io/apimachinery at the staging version of KUBERNETES_VERSION, with the types copied to
 * `apis/fleet` (the same import path they have in tools/testbed/go).
 */
async function generateFromProjectTypes(
  workDir: string,
  controllerGen: string,
  typesDir: string,
  log?: (line: string) => void,
): Promise<string> {
  const moduleDir = join(workDir, 'project-types-module');
  await rm(moduleDir, { recursive: true, force: true });
  await mkdir(join(moduleDir, 'apis'), { recursive: true });
  await cp(typesDir, join(moduleDir, 'apis', 'fleet'), { recursive: true });
  await writeFile(
    join(moduleDir, 'go.mod'),
    `module fleet-dashboard/testbed\n\ngo 1.26.0\n\nrequire k8s.io/apimachinery ${stagingVersionFor(KUBERNETES_VERSION)}\n`,
  );
  await runCommand('go', ['mod', 'tidy'], { cwd: moduleDir, log });
  return runControllerGen(controllerGen, moduleDir, ['./apis/fleet/...'], join(workDir, 'controller-gen-out'));
}

function isCurrent(source: FleetCrdSource, typesHash: string): boolean {
  if (source.fleetVersion !== FLEET_VERSION || source.controllerGenVersion !== CONTROLLER_GEN_VERSION) return false;
  return source.kind === 'fleet-module' || (source.kind === 'project-types' && source.typesHash === typesHash);
}

/**
 * Makes sure the Fleet CRD file is in the cache and returns where it is and how it was made:
 * (a) controller-gen over Fleet's own module when the Go module proxy serves it, else
 * (b) controller-gen over the project's types in tools/testbed/go/apis/fleet.
 * A cache made from the project's types is used while their hash is unchanged; after an edit
 * only (b) runs again (Fleet's module is retried with `regenerate`).
 */
export async function ensureFleetCrds(options: CrdOptions = {}): Promise<FleetCrds> {
  const dir = join(versionCacheDir(options), `fleet-${FLEET_VERSION}`);
  const file = join(dir, 'crds.yaml');
  const sourceFile = join(dir, 'source.json');
  const typesDir = options.fleetTypesDir ?? PROJECT_FLEET_TYPES_DIR;
  const typesHash = await fleetTypesHash(typesDir);
  const readSource = async (): Promise<FleetCrdSource | undefined> => {
    if (!(await fileExists(file)) || !(await fileExists(sourceFile))) return undefined;
    try {
      return JSON.parse(await readFile(sourceFile, 'utf8')) as FleetCrdSource;
    } catch {
      return undefined;
    }
  };
  const cached = async (): Promise<FleetCrds | undefined> => {
    const source = options.regenerate === true ? undefined : await readSource();
    return source !== undefined && isCurrent(source, typesHash) ? { file, source } : undefined;
  };
  const hit = await cached();
  if (hit !== undefined) return hit;
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, 'crds.lock'), async () => {
    const meanwhile = await cached();
    if (meanwhile !== undefined) return meanwhile;
    const previous = await readSource();
    const started = Date.now();
    const controllerGen = options.controllerGen ?? (await ensureControllerGen(options));
    const workDir = join(dir, 'work');
    // A known refusal of Fleet's module is not asked again just because the types changed.
    const knownModuleError =
      options.regenerate !== true && previous?.kind === 'project-types' && previous.fleetVersion === FLEET_VERSION
        ? previous.fleetModuleError
        : undefined;
    let yamlText: string | undefined;
    let fleetModuleError = knownModuleError;
    if (fleetModuleError === undefined && options.fleetModule !== false) {
      try {
        yamlText = await generateFromFleetModule(workDir, controllerGen, options.log);
        if (parseCrdYaml(yamlText).length === 0) throw new Error('controller-gen produced no CRD from Fleet\'s module');
      } catch (error) {
        yamlText = undefined;
        fleetModuleError = firstLines(error);
        options.log?.(`Fleet's module ${FLEET_APIS_MODULE}@${FLEET_VERSION} is not available (${fleetModuleError.split('\n').at(-1)?.trim()}); generating from the project's types in ${typesDir}`);
      }
    }
    let source: FleetCrdSource;
    const common = { fleetVersion: FLEET_VERSION, controllerGenVersion: CONTROLLER_GEN_VERSION };
    if (yamlText !== undefined) {
      source = { kind: 'fleet-module', ...common, buildSeconds: 0, createdAt: '' };
    } else {
      try {
        yamlText = await generateFromProjectTypes(workDir, controllerGen, typesDir, options.log);
      } catch (error) {
        throw new Error(
          `cannot make the Fleet ${FLEET_VERSION} CRDs: ${FLEET_APIS_MODULE} failed (${fleetModuleError ?? ''}) and the project's types in ${typesDir} failed: ${firstLines(error, 12)}`,
        );
      }
      if (parseCrdYaml(yamlText).length === 0) throw new Error(`controller-gen produced no CRD from ${typesDir}`);
      source = { kind: 'project-types', ...common, typesHash, fleetModuleError, buildSeconds: 0, createdAt: '' };
    }
    source.buildSeconds = Math.round((Date.now() - started) / 100) / 10;
    source.createdAt = new Date().toISOString();
    const suffix = `.tmp-${process.pid}`;
    await writeFile(`${file}${suffix}`, yamlText);
    await writeFile(`${sourceFile}${suffix}`, `${JSON.stringify(source, null, 2)}\n`);
    // crds.yaml first: a crash in between leaves an old source.json, which no longer matches.
    await rename(`${file}${suffix}`, file);
    await rename(`${sourceFile}${suffix}`, sourceFile);
    options.log?.(`Fleet CRDs made from ${source.kind === 'fleet-module' ? FLEET_APIS_MODULE : typesDir} in ${source.buildSeconds} s`);
    return { file, source };
  });
}

/** Fleet CRDs followed by our management.cattle.io CRDs, parsed. */
export async function fleetCrdDocuments(options: CrdOptions = {}): Promise<CrdDocument[]> {
  const fleet = await ensureFleetCrds(options);
  const fleetDocs = parseCrdYaml(await readFile(fleet.file, 'utf8'));
  return [...fleetDocs, ...(await managementCrdDocuments())];
}

export interface SchemaDifference {
  kind: string;
  /** JSON path inside openAPIV3Schema, e.g. `properties.spec.properties.repo.type`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

function diffValues(kind: string, path: string, expected: unknown, actual: unknown, out: SchemaDifference[]): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      diffValues(kind, path === '' ? key : `${path}.${key}`, expected[key], actual[key], out);
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((item, i) => diffValues(kind, `${path}[${i}]`, item, actual[i], out));
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) out.push({ kind, path, expected, actual });
}

function storageSchema(crd: CrdDocument): JsonSchema | undefined {
  const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
  return version?.schema?.openAPIV3Schema;
}

const storageSchemaOf = (crd: CrdDocument | undefined): JsonSchema | undefined => (crd === undefined ? undefined : storageSchema(crd));

export interface CompareOptions {
  /** Top-level properties compared (default spec and status). */
  fields?: string[];
  /** API group of the kinds (default fleet.cattle.io). */
  group?: string;
}

/**
 * Compares the openAPIV3Schema of `fields` of the given kinds.
 * A kind missing on either side is reported at path `<crd>`.
 */
export function compareCrdSchemas(
  expected: CrdDocument[],
  actual: CrdDocument[],
  kinds: string[],
  options: CompareOptions = {},
): SchemaDifference[] {
  const fields = options.fields ?? ['spec', 'status'];
  const group = options.group ?? 'fleet.cattle.io';
  const differences: SchemaDifference[] = [];
  const byKind = (docs: CrdDocument[], kind: string) => docs.find((d) => d.spec.names.kind === kind && d.spec.group === group);
  for (const kind of kinds) {
    const want = byKind(expected, kind);
    const got = byKind(actual, kind);
    if (want === undefined || got === undefined) {
      differences.push({ kind, path: '<crd>', expected: want?.metadata.name, actual: got?.metadata.name });
      continue;
    }
    const wantSchema = storageSchema(want);
    const gotSchema = storageSchema(got);
    for (const field of fields) {
      diffValues(kind, `properties.${field}`, wantSchema?.properties?.[field], gotSchema?.properties?.[field], differences);
    }
  }
  return differences;
}

/** A node of an openAPIV3Schema found by a dotted path, with its parent object node. */
export interface SchemaNodeRef {
  node: JsonSchema;
  parent?: JsonSchema;
  key?: string;
}

/**
 * Resolves a path like `status.resources[].perClusterState` or `spec.selector.matchLabels{}`
 * (`[]` = array items, `{}` = map values, as fleet-model's `schemaPaths` writes them).
 */
export function schemaNodeAt(root: JsonSchema, path: string): SchemaNodeRef | undefined {
  let ref: SchemaNodeRef = { node: root };
  for (const token of path.match(/[^.[\]{}]+|\[\]|\{\}/g) ?? []) {
    if (token === '[]') {
      if (ref.node.items === undefined) return undefined;
      ref = { node: ref.node.items };
    } else if (token === '{}') {
      const values = ref.node.additionalProperties;
      if (typeof values !== 'object' || values === null) return undefined;
      ref = { node: values as JsonSchema };
    } else {
      const child = ref.node.properties?.[token];
      if (child === undefined) return undefined;
      ref = { node: child, parent: ref.node, key: token };
    }
  }
  return ref;
}

const CHILD_KEYS = new Set(['description', 'properties', 'items', 'additionalProperties', 'required']);

/**
 * What two schema nodes must agree on: every keyword except descriptions and children (type,
 * format, nullable, enum, default, pattern, lengths, x-kubernetes-*, anyOf, ...), whether the
 * node is required at its parent, and the type of its items and map values.
 */
export function schemaNodeFacts(ref: SchemaNodeRef): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ref.node)) if (!CHILD_KEYS.has(key)) facts[key] = value;
  if (ref.key !== undefined) facts.requiredAtParent = ref.parent?.required?.includes(ref.key) ?? false;
  if (ref.node.items !== undefined) facts.itemsType = ref.node.items.type;
  const values = ref.node.additionalProperties;
  if (values !== undefined) facts.additionalProperties = typeof values === 'object' && values !== null ? { type: (values as JsonSchema).type } : values;
  return facts;
}

const crdOf = (docs: CrdDocument[], kind: string, group: string): CrdDocument | undefined =>
  docs.find((d) => d.spec.names.kind === kind && d.spec.group === group);

function sameFacts(kind: string, path: string, expected: SchemaNodeRef, actual: SchemaNodeRef, out: SchemaDifference[]): void {
  const want = schemaNodeFacts(expected);
  const got = schemaNodeFacts(actual);
  for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
    if (JSON.stringify(want[key]) !== JSON.stringify(got[key])) {
      out.push({ kind, path: `${path}#${key}`, expected: want[key], actual: got[key] });
    }
  }
}

/**
 * For each `paths[kind]` entry: the node must exist in both and agree (schemaNodeFacts).
 * A path missing from `expected` is reported too (then the list itself is wrong).
 */
export function compareSchemaPaths(
  expected: CrdDocument[],
  actual: CrdDocument[],
  paths: Record<string, string[]>,
  options: { group?: string } = {},
): SchemaDifference[] {
  const group = options.group ?? 'fleet.cattle.io';
  const out: SchemaDifference[] = [];
  for (const [kind, kindPaths] of Object.entries(paths)) {
    const wantRoot = storageSchemaOf(crdOf(expected, kind, group));
    const gotRoot = storageSchemaOf(crdOf(actual, kind, group));
    if (wantRoot === undefined || gotRoot === undefined) {
      out.push({ kind, path: '<crd>', expected: wantRoot !== undefined, actual: gotRoot !== undefined });
      continue;
    }
    for (const path of kindPaths) {
      const want = schemaNodeAt(wantRoot, path);
      const got = schemaNodeAt(gotRoot, path);
      if (want === undefined || got === undefined) {
        out.push({ kind, path, expected: want === undefined ? 'absent' : 'present', actual: got === undefined ? 'absent' : 'present' });
        continue;
      }
      sameFacts(kind, path, want, got, out);
    }
  }
  return out;
}

function walkDeviations(kind: string, path: string, want: SchemaNodeRef | undefined, got: SchemaNodeRef, out: SchemaDifference[]): number {
  if (want === undefined) {
    out.push({ kind, path, expected: 'absent (invented field)', actual: got.node.type ?? 'present' });
    return 1;
  }
  sameFacts(kind, path, want, got, out);
  let count = 1;
  for (const [key, child] of Object.entries(got.node.properties ?? {})) {
    const wantChild = want.node.properties?.[key];
    count += walkDeviations(
      kind,
      path === '' ? key : `${path}.${key}`,
      wantChild === undefined ? undefined : { node: wantChild, parent: want.node, key },
      { node: child, parent: got.node, key },
      out,
    );
  }
  if (got.node.items !== undefined) {
    count += walkDeviations(kind, `${path}[]`, want.node.items === undefined ? undefined : { node: want.node.items }, { node: got.node.items }, out);
  }
  const values = got.node.additionalProperties;
  if (typeof values === 'object' && values !== null) {
    const wantValues = want.node.additionalProperties;
    count += walkDeviations(
      kind,
      `${path}{}`,
      typeof wantValues === 'object' && wantValues !== null ? { node: wantValues as JsonSchema } : undefined,
      { node: values as JsonSchema },
      out,
    );
  }
  return count;
}

/**
 * Walks every node of the `actual` schemas of `kinds`: each must exist in `expected` (no
 * invented field) and agree with it (schemaNodeFacts). Fields `actual` leaves out are not
 * differences. Returns the differences and how many nodes each kind has in `actual`.
 */
export function findSchemaDeviations(
  expected: CrdDocument[],
  actual: CrdDocument[],
  kinds: readonly string[],
  options: { group?: string } = {},
): { differences: SchemaDifference[]; nodes: Record<string, number> } {
  const group = options.group ?? 'fleet.cattle.io';
  const differences: SchemaDifference[] = [];
  const nodes: Record<string, number> = {};
  for (const kind of kinds) {
    const wantRoot = storageSchemaOf(crdOf(expected, kind, group));
    const gotRoot = storageSchemaOf(crdOf(actual, kind, group));
    if (wantRoot === undefined || gotRoot === undefined) {
      differences.push({ kind, path: '<crd>', expected: wantRoot !== undefined, actual: gotRoot !== undefined });
      continue;
    }
    nodes[kind] = walkDeviations(kind, '', { node: wantRoot }, { node: gotRoot }, differences);
  }
  return { differences, nodes };
}

/** Compares what surrounds the schema: CRD name, group, names (incl. categories), scope, versions, printer columns, subresources. */
export function compareCrdShapes(
  expected: CrdDocument[],
  actual: CrdDocument[],
  kinds: readonly string[],
  options: { group?: string } = {},
): SchemaDifference[] {
  const group = options.group ?? 'fleet.cattle.io';
  const out: SchemaDifference[] = [];
  const shape = (crd: CrdDocument | undefined) =>
    crd === undefined
      ? undefined
      : {
          name: crd.metadata.name,
          names: crd.spec.names,
          scope: crd.spec.scope,
          versions: crd.spec.versions.map(({ schema: _schema, ...rest }) => rest),
        };
  for (const kind of kinds) {
    diffValues(kind, '', shape(crdOf(expected, kind, group)), shape(crdOf(actual, kind, group)), out);
  }
  return out;
}

