// Generates the testbed's go.mod from the upstream k8s.io/kubernetes go.mod.
//
// Upstream replaces every staging module (k8s.io/api, k8s.io/apiserver, ...) by a
// directory inside its own tree (./staging/src/k8s.io/...). Such replaces are ignored
// when kubernetes is a dependency, so each staging module that upstream requires at
// v0.0.0 has to be replaced by its published release (v0.<minor>.<patch>).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoModReplace {
  from: string;
  fromVersion?: string;
  to: string;
  toVersion?: string;
}

export interface ParsedGoMod {
  module: string;
  go?: string;
  toolchain?: string;
  godebug: string[];
  requires: GoModRequire[];
  replaces: GoModReplace[];
}

export interface GenerateGoModOptions {
  /** Text of upstream k8s.io/kubernetes go.mod. */
  upstreamGoMod: string;
  /** Kubernetes version, e.g. "v1.36.3". */
  kubernetesVersion: string;
  /** Module path of the generated module. */
  modulePath: string;
  /** Extra direct requirements (path → version), e.g. the etcd server module. */
  extraRequires?: Record<string, string>;
  /** Packages listed as `tool` directives so that `go mod tidy` keeps their dependencies. */
  tools?: string[];
}

export interface GeneratedGoMod {
  text: string;
  /** Staging module path → published version it is replaced by. */
  stagingReplaces: Map<string, string>;
}

function stripComment(line: string): { code: string; comment: string } {
  const at = line.indexOf('//');
  if (at < 0) return { code: line.trim(), comment: '' };
  return { code: line.slice(0, at).trim(), comment: line.slice(at + 2).trim() };
}

function parseRequire(code: string, comment: string): GoModRequire {
  const [path, version] = code.split(/\s+/);
  if (path === undefined || version === undefined) throw new Error(`go.mod: bad require line "${code}"`);
  return { path, version, indirect: comment.split(';').some((part) => part.trim() === 'indirect') };
}

function parseReplace(code: string): GoModReplace {
  const [left, right] = code.split('=>').map((side) => side.trim().split(/\s+/));
  const from = left?.[0];
  const to = right?.[0];
  if (from === undefined || to === undefined || from === '' || to === '') {
    throw new Error(`go.mod: bad replace line "${code}"`);
  }
  return { from, fromVersion: left?.[1], to, toVersion: right?.[1] };
}

/** A small parser for the go.mod grammar used by upstream (single lines and `( … )` blocks). */
export function parseGoMod(text: string): ParsedGoMod {
  const parsed: ParsedGoMod = { module: '', godebug: [], requires: [], replaces: [] };
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const { code, comment } = stripComment(raw);
    if (code === '') continue;
    if (block !== undefined) {
      if (code === ')') {
        block = undefined;
        continue;
      }
      addDirective(parsed, block, code, comment);
      continue;
    }
    const match = /^(\w+)\s*(.*)$/.exec(code);
    if (match === null) throw new Error(`go.mod: cannot parse "${code}"`);
    const [, verb = '', rest = ''] = match;
    if (rest === '(') {
      block = verb;
      continue;
    }
    addDirective(parsed, verb, rest, comment);
  }
  if (parsed.module === '') throw new Error('go.mod: no module directive');
  return parsed;
}

function addDirective(parsed: ParsedGoMod, verb: string, rest: string, comment: string): void {
  switch (verb) {
    case 'module':
      parsed.module = rest.replace(/^"|"$/g, '');
      break;
    case 'go':
      parsed.go = rest;
      break;
    case 'toolchain':
      parsed.toolchain = rest;
      break;
    case 'godebug':
      parsed.godebug.push(rest);
      break;
    case 'require':
      parsed.requires.push(parseRequire(rest, comment));
      break;
    case 'replace':
      parsed.replaces.push(parseReplace(rest));
      break;
    default:
      // exclude, retract, tool, ignore: not needed for the generated module.
      break;
  }
}

/** "v1.36.3" → "v0.36.3", the version staging modules are published at. */
export function stagingVersionFor(kubernetesVersion: string): string {
  const match = /^v1\.(\d+)\.(\d+)$/.exec(kubernetesVersion);
  if (match === null) throw new Error(`unsupported Kubernetes version "${kubernetesVersion}" (want v1.<minor>.<patch>)`);
  return `v0.${match[1]}.${match[2]}`;
}

/**
 * Staging modules: required at v0.0.0 by upstream and replaced by a local
 * `./staging/...` directory. Upstream also replaces staging modules it does not
 * require (sample-controller, ...); those are irrelevant for a dependent module.
 */
export function stagingModules(upstream: ParsedGoMod): string[] {
  const localReplaces = new Set(
    upstream.replaces.filter((r) => r.to.startsWith('./staging/')).map((r) => r.from),
  );
  return upstream.requires
    .filter((r) => r.version === 'v0.0.0' && localReplaces.has(r.path))
    .map((r) => r.path)
    .sort();
}

export function generateGoMod(options: GenerateGoModOptions): GeneratedGoMod {
  const upstream = parseGoMod(options.upstreamGoMod);
  if (upstream.module !== 'k8s.io/kubernetes') {
    throw new Error(`expected the k8s.io/kubernetes go.mod, got module ${upstream.module}`);
  }
  const unpublished = upstream.requires.filter(
    (r) => r.version === 'v0.0.0' && !upstream.replaces.some((p) => p.from === r.path),
  );
  if (unpublished.length > 0) {
    throw new Error(`upstream requires v0.0.0 without a replace: ${unpublished.map((r) => r.path).join(', ')}`);
  }
  const stagingVersion = stagingVersionFor(options.kubernetesVersion);
  const stagingReplaces = new Map(stagingModules(upstream).map((path) => [path, stagingVersion]));
  const requires: Record<string, string> = {
    'k8s.io/kubernetes': options.kubernetesVersion,
    ...options.extraRequires,
  };
  const lines: string[] = [
    `// Code generated by tools/testbed/src/go-mod.service.ts from the go.mod of`,
    `// k8s.io/kubernetes@${options.kubernetesVersion}. DO NOT EDIT: run \`npm run testbed -- gomod\`.`,
    '',
    `module ${options.modulePath}`,
    '',
  ];
  if (upstream.go !== undefined) lines.push(`go ${upstream.go}`, '');
  if (upstream.toolchain !== undefined) lines.push(`toolchain ${upstream.toolchain}`, '');
  for (const godebug of upstream.godebug) lines.push(`godebug ${godebug}`);
  if (upstream.godebug.length > 0) lines.push('');
  if (options.tools !== undefined && options.tools.length > 0) {
    lines.push('tool (', ...options.tools.map((t) => `\t${t}`), ')', '');
  }
  lines.push('require (', ...Object.entries(requires).map(([path, version]) => `\t${path} ${version}`), ')', '');
  lines.push(
    '// Staging modules: upstream replaces them by ./staging/src/...; use the published releases.',
    'replace (',
    ...[...stagingReplaces].map(([path, version]) => `\t${path} => ${path} ${version}`),
    ')',
    '',
  );
  return { text: lines.join('\n'), stagingReplaces };
}

/** Path of the upstream go.mod in the Go module cache (downloads it if needed). */
export async function upstreamGoModPath(kubernetesVersion: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await execFileAsync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${kubernetesVersion}`], {
    env,
    maxBuffer: 1 << 20,
  });
  const info = JSON.parse(stdout) as { GoMod?: string; Error?: string };
  if (info.GoMod === undefined) throw new Error(`go mod download k8s.io/kubernetes@${kubernetesVersion}: ${info.Error ?? 'no GoMod'}`);
  return info.GoMod;
}

export async function readUpstreamGoMod(kubernetesVersion: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return readFile(await upstreamGoModPath(kubernetesVersion, env), 'utf8');
}

/** The etcd server version upstream builds against (its go.mod requirement). */
export function etcdVersionOf(upstreamGoMod: string): string {
  const etcd = parseGoMod(upstreamGoMod).requires.find((r) => r.path === 'go.etcd.io/etcd/server/v3');
  if (etcd === undefined) throw new Error('upstream go.mod does not require go.etcd.io/etcd/server/v3');
  return etcd.version;
}
