// Fleet CRDs (generated from Fleet's Go API types with controller-gen) and our
// management.cattle.io CRDs, as parsed objects.
//
// Cache layout: `<cache>/testbed/<kubernetes version>/fleet-<fleet version>/`
//   crds.yaml     multi-document YAML, one CustomResourceDefinition per document
//   source.json   how crds.yaml was made (controller-gen, or the released file as fallback)
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fileExists } from './build.service';
import { withFileLock } from './file-lock.service';
import { runCommand } from './go-run.service';
import {
  CONTROLLER_GEN_VERSION,
  FLEET_VERSION,
  MANAGEMENT_CRDS_FILE,
  RELEASED_FLEET_CRDS,
  defaultCacheDir,
  versionCacheDir,
  type CacheOptions,
} from './testbed.config';

export const FLEET_APIS_MODULE = 'github.com/rancher/fleet/pkg/apis';
export const FLEET_APIS_PACKAGE = `${FLEET_APIS_MODULE}/fleet.cattle.io/v1alpha1`;

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

export type JsonSchema = { [key: string]: unknown; properties?: Record<string, JsonSchema> };

export interface FleetCrdSource {
  /** `controller-gen` when generated from Fleet's Go types; `released` when the released file was used. */
  kind: 'controller-gen' | 'released';
  fleetVersion: string;
  controllerGenVersion?: string;
  /** For `released`: the file it came from and why generation was not possible. */
  releasedFile?: string;
  reason?: string;
  createdAt: string;
}

export interface FleetCrds {
  file: string;
  source: FleetCrdSource;
}

export interface CrdOptions extends CacheOptions {
  log?: (line: string) => void;
  /** Use the released crds.yaml beside the checkout when generation is impossible (default true). */
  allowReleasedFallback?: boolean;
  /** Where the released file is looked for (default `<repo root>/../shared/fleet/crds.yaml`). */
  releasedCrdsFile?: string;
  /** Make the Fleet CRDs again even if the cache has them (e.g. after a fallback). */
  regenerate?: boolean;
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

async function generateFleetCrds(workDir: string, options: CrdOptions): Promise<string> {
  const controllerGen = await ensureControllerGen(options);
  const moduleDir = join(workDir, 'fleet-apis-module');
  await rm(moduleDir, { recursive: true, force: true });
  await mkdir(moduleDir, { recursive: true });
  await writeFile(join(moduleDir, 'go.mod'), 'module fleet-dashboard/fleet-crdgen\n\ngo 1.26.0\n');
  await writeFile(
    join(moduleDir, 'imports.go'),
    `// Package crdgen only pins Fleet's API types for controller-gen.\npackage crdgen\n\nimport _ "${FLEET_APIS_PACKAGE}"\n`,
  );
  await runCommand('go', ['get', `${FLEET_APIS_MODULE}@${FLEET_VERSION}`], { cwd: moduleDir, log: options.log });
  await runCommand('go', ['mod', 'tidy'], { cwd: moduleDir, log: options.log });
  return runControllerGen(controllerGen, moduleDir, [FLEET_APIS_PACKAGE], join(workDir, 'controller-gen-out'));
}

/** Makes sure the Fleet CRD file is in the cache and returns where it is and how it was made. */
export async function ensureFleetCrds(options: CrdOptions = {}): Promise<FleetCrds> {
  const dir = join(versionCacheDir(options), `fleet-${FLEET_VERSION}`);
  const file = join(dir, 'crds.yaml');
  const sourceFile = join(dir, 'source.json');
  const cached = async (): Promise<FleetCrds | undefined> => {
    if (!(await fileExists(file)) || !(await fileExists(sourceFile))) return undefined;
    return { file, source: JSON.parse(await readFile(sourceFile, 'utf8')) as FleetCrdSource };
  };
  const hit = options.regenerate === true ? undefined : await cached();
  if (hit !== undefined) return hit;
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, 'crds.lock'), async () => {
    const meanwhile = options.regenerate === true ? undefined : await cached();
    if (meanwhile !== undefined) return meanwhile;
    const tmp = `${file}.tmp-${process.pid}`;
    let source: FleetCrdSource;
    try {
      const yamlText = await generateFleetCrds(join(dir, 'work'), options);
      if (parseCrdYaml(yamlText).length === 0) throw new Error('controller-gen produced no CRD');
      await writeFile(tmp, yamlText);
      source = { kind: 'controller-gen', fleetVersion: FLEET_VERSION, controllerGenVersion: CONTROLLER_GEN_VERSION, createdAt: new Date().toISOString() };
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 6).join('\n');
      const released = options.releasedCrdsFile ?? RELEASED_FLEET_CRDS;
      if (options.allowReleasedFallback === false || !(await fileExists(released))) {
        throw new Error(
          `cannot generate the Fleet ${FLEET_VERSION} CRDs from ${FLEET_APIS_MODULE} and no released file at ${released}: ${reason}`,
        );
      }
      options.log?.(`Fleet CRD generation failed (${reason.split('\n')[0]}); using the released file ${released}`);
      await copyFile(released, tmp);
      source = { kind: 'released', fleetVersion: FLEET_VERSION, releasedFile: released, reason, createdAt: new Date().toISOString() };
    }
    await writeFile(sourceFile, `${JSON.stringify(source, null, 2)}\n`);
    await rename(tmp, file);
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
