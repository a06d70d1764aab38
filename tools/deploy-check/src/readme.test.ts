// README.md: the two-command quick start comes first, the configuration reference is the one
// generated from the server's option table and lists every option `--help` prints, and the local
// links it makes point at files that exist.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpText, OPTIONS } from '@fleet-dashboard/server';
import { describe, expect, it } from 'vitest';
import { optionsTable, OPTIONS_END, OPTIONS_START, README, withOptionsTable } from './options-table.service';
import { REPO_ROOT } from './server-bundle.service';

const readme = readFileSync(README, 'utf8');

describe('README.md', () => {
  it('opens with the two-command quick start', () => {
    const sections = readme.split(/^## /m);
    expect(sections[1]?.startsWith('Quick start')).toBe(true);
    expect(sections[1]).toContain('npm install && npm start');
    expect(sections[1]).toMatch(/^npm test\b/m);
  });

  it('holds the configuration reference generated from the server options (run the readme-options command after changing them)', () => {
    expect(readme).toContain(OPTIONS_START);
    expect(readme).toContain(OPTIONS_END);
    expect(withOptionsTable(readme)).toBe(readme);
  });

  it('lists every option that --help prints, with its environment variable and default', () => {
    const flags = [...helpText().matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
    expect(flags.length).toBe(Object.keys(OPTIONS).length);
    const table = readme.slice(readme.indexOf(OPTIONS_START), readme.indexOf(OPTIONS_END));
    for (const flag of flags) expect(table, flag).toMatch(new RegExp(`\`${flag}[ \`]`));
    for (const spec of Object.values(OPTIONS)) {
      const row = table.split('\n').find((l) => l.includes(`\`${spec.flag}`)) ?? '';
      if (spec.env) expect(row, spec.flag).toContain(`\`${spec.env}\``);
      expect(row, spec.flag).toContain(spec.default === '' ? '(none)' : `\`${spec.default}\``);
    }
  });

  it('renders one table row per option', () => {
    expect(optionsTable().split('\n')).toHaveLength(Object.keys(OPTIONS).length + 2);
  });

  it('links only to files that exist, shows a screenshot and links the docs', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1] ?? '').filter((l) => !/^[a-z]+:/.test(l));
    expect(links).toEqual(expect.arrayContaining(['docs/architecture.md', 'docs/operating.md', 'docs/performance.md', 'docs/security.md']));
    expect(links.some((l) => /^docs\/screenshots\/.+\.png$/.test(l))).toBe(true);
    for (const link of links) expect(existsSync(join(REPO_ROOT, link)), link).toBe(true);
  });
});
