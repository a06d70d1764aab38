// The Cluster Group create/edit form: name, the selector editor's rows and the live preview.
import type { Locator, Page } from '@playwright/test';

export interface ClusterGroupFormPage {
  page: Page;
  form: Locator;
  name: Locator;
  /** "Matches N of M clusters". */
  preview: Locator;
  /** The names listed under the preview. */
  previewNames: Locator;
  addMatchLabel(key: string, value: string): Promise<void>;
  /** Adds an expression row; `values` comma-separated (In/NotIn). */
  addExpression(key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string): Promise<void>;
  submit(): Promise<void>;
}

export function createClusterGroupFormPage(page: Page): ClusterGroupFormPage {
  const form = page.getByRole('form', { name: /Cluster Group/ });
  const selector = form.getByRole('group', { name: 'Cluster selector', exact: true });
  return {
    page,
    form,
    name: form.getByLabel('Name', { exact: true }),
    preview: form.getByRole('status').filter({ hasText: /^Matches / }),
    previewNames: form.getByRole('list', { name: 'Matching cluster names' }).getByRole('listitem'),
    async addMatchLabel(key, value) {
      await selector.getByRole('button', { name: 'Add match label', exact: true }).click();
      await selector.getByRole('textbox', { name: /^Match label key \d+$/ }).last().fill(key);
      await selector.getByRole('textbox', { name: /^Match label value \d+$/ }).last().fill(value);
    },
    async addExpression(key, operator, values = '') {
      await selector.getByRole('button', { name: 'Add expression', exact: true }).click();
      await selector.getByRole('textbox', { name: /^Expression key \d+$/ }).last().fill(key);
      await selector.getByRole('combobox', { name: /^Operator \d+$/ }).last().selectOption(operator);
      if (values) await selector.getByRole('textbox', { name: /^Values \d+$/ }).last().fill(values);
    },
    async submit() {
      await form.getByRole('button', { name: /^(Create|Save)$/ }).click();
    },
  };
}
