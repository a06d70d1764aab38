// The README's configuration reference, generated from the server's option table (the same one
// `--help` prints), between two markers so that a test can hold README.md to it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPTIONS } from '@fleet-dashboard/server';
import { REPO_ROOT } from './server-bundle.service';

export const OPTIONS_START = '<!-- options:start (generated: npx tsx tools/deploy-check/src/cli.ts readme-options) -->';
export const OPTIONS_END = '<!-- options:end -->';
export const README = join(REPO_ROOT, 'README.md');

interface Spec {
  flag: string;
  env?: string;
  envAliases?: readonly string[];
  default: string;
  help: string;
  isSwitch?: boolean;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** Markdown table: option, environment variable(s), default, meaning. */
export function optionsTable(options: Record<string, Spec> = OPTIONS as Record<string, Spec>): string {
  const rows = Object.values(options).map((o) => {
    const env = [o.env, ...(o.envAliases ?? [])].filter((e): e is string => !!e).map((e) => `\`${e}\``).join(', ') || '-';
    const flag = o.isSwitch ? `\`${o.flag}\`` : `\`${o.flag} <value>\``;
    const def = o.default === '' ? '(none)' : `\`${o.default}\``;
    return `| ${flag} | ${env} | ${def} | ${cell(o.help)} |`;
  });
  return ['| option | environment | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README text with the generated table between the markers. */
export function withOptionsTable(readme: string, table: string = optionsTable()): string {
  const start = readme.indexOf(OPTIONS_START);
  const end = readme.indexOf(OPTIONS_END);
  if (start < 0 || end < start) throw new Error('README.md has no options markers');
  return `${readme.slice(0, start + OPTIONS_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** Rewrites README.md's configuration reference; answers whether it changed. */
export async function updateReadmeOptions(path: string = README): Promise<boolean> {
  const before = await readFile(path, 'utf8');
  const after = withOptionsTable(before);
  if (after !== before) await writeFile(path, after);
  return after !== before;
}
