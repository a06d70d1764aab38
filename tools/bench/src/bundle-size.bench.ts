// 7. Web bundle: what the first page load fetches (index.html's module entry, modulepreloads and
// stylesheets), gzipped with zlib at level 9, and Monaco's lazy chunk when the build has one.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchFn } from './bench-context.model';
import type { Figure } from './report.model';

export interface InitialAssets {
  js: string[];
  css: string[];
}

/** The entry script, modulepreloads and stylesheets index.html names (paths as written). */
export function initialAssetsOf(html: string): InitialAssets {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) if (m[1]) js.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (!href) continue;
    if (/\brel="modulepreload"/.test(tag)) js.add(href);
    else if (/\brel="stylesheet"/.test(tag)) css.add(href);
  }
  return { js: [...js], css: [...css] };
}

const gz = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export const bundleSizeBench: BenchFn = async (ctx) => {
  const root = ctx.webRoot;
  const assets = initialAssetsOf(readFileSync(join(root, 'index.html'), 'utf8'));
  const local = (href: string): string => join(root, href.replace(/^\//, ''));
  const jsBytes = assets.js.map((h) => gz(local(h)));
  const cssBytes = assets.css.map((h) => gz(local(h)));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const initial = new Set([...assets.js, ...assets.css].map(local));
  const all = filesUnder(root).filter((f) => /\.(js|css)$/.test(f));
  const lazy = all.filter((f) => !initial.has(f));
  const monaco = lazy.filter((f) => /monaco|editor\.(api|main)|vs[/\\]editor/i.test(f) || /monaco-editor|MonacoEnvironment/.test(readFileSync(f, 'utf8').slice(0, 200_000)));
  const figures: Figure[] = [
    { name: `initial JS (${assets.js.length} files), gzipped`, unit: 'KiB', value: sum(jsBytes) / 1024 },
    { name: `initial CSS (${assets.css.length} files), gzipped`, unit: 'KiB', value: sum(cssBytes) / 1024 },
    { name: `lazy chunks (${lazy.length} files), gzipped`, unit: 'KiB', value: sum(lazy.map(gz)) / 1024 },
  ];
  if (monaco.length === 0) figures.push({ name: "Monaco's lazy chunk", unit: '', text: 'absent' });
  else figures.push({ name: `Monaco's lazy chunks (${monaco.length} files), gzipped`, unit: 'KiB', value: sum(monaco.map(gz)) / 1024 });
  return { figures, notes: [`build measured: ${root}`] };
};
