// The Git Repo create/edit form: its fields by label, the target rows, the live preview of the
// matching clusters and the problems shown before or after saving.
import type { Locator, Page } from '@playwright/test';

export type TargetModeLabel = 'All clusters' | 'No clusters' | 'Chosen clusters, groups and selectors';

export interface GitRepoFormPage {
  page: Page;
  form: Locator;
  name: Locator;
  description: Locator;
  repo: Locator;
  branch: Locator;
  /** "Matches N of M clusters" (the preview's status line). */
  preview: Locator;
  /** The alert listing the fields to fix (before saving or as the server answered). */
  problems: Locator;
  path(index: number): Locator;
  addPath(value: string): Promise<void>;
  chooseTargets(mode: TargetModeLabel): Promise<void>;
  /** Adds a target row for one cluster by name. */
  addClusterTarget(cluster: string): Promise<void>;
  submit(): Promise<void>;
}

export function createGitRepoFormPage(page: Page): GitRepoFormPage {
  const form = page.getByRole('form', { name: /Git Repo/ });
  const field = (label: string): Locator => form.getByLabel(label, { exact: true });
  const targets = form.getByRole('region', { name: 'Targets' });
  return {
    page,
    form,
    name: field('Name'),
    description: field('Description'),
    repo: field('Repository URL'),
    branch: field('Branch'),
    preview: targets.getByRole('status').filter({ hasText: /^Matches / }),
    problems: form.getByRole('alert').filter({ hasText: /need attention|needs attention/ }),
    path: (index) => field(`Path ${index}`),
    async addPath(value) {
      await form.getByRole('button', { name: 'Add path', exact: true }).click();
      await form.getByRole('textbox', { name: /^Path \d+$/ }).last().fill(value);
    },
    async chooseTargets(mode) {
      await targets.getByRole('radio', { name: mode, exact: true }).check();
    },
    async addClusterTarget(cluster) {
      await targets.getByRole('button', { name: 'Add cluster', exact: true }).click();
      await targets.getByRole('combobox', { name: /^Target \d+ cluster$/ }).last().fill(cluster);
    },
    async submit() {
      await form.getByRole('button', { name: /^(Create|Save)$/ }).click();
    },
  };
}
