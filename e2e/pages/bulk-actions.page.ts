// The bulk actions over a list: a checkbox per row ("Select <name>"), the "Bulk actions" group with
// the kind's actions, and its `status` holding the outcome once the server answered.
import type { Locator, Page } from '@playwright/test';

export interface BulkActions {
  group: Locator;
  outcome: Locator;
  checkbox(name: string): Locator;
  select(...names: string[]): Promise<void>;
  button(label: 'Force Update' | 'Pause' | 'Unpause' | 'Delete' | 'Clear selection'): Locator;
}

export function createBulkActions(page: Page): BulkActions {
  const group = page.getByRole('group', { name: 'Bulk actions', exact: true });
  const checkbox = (name: string): Locator => page.getByRole('checkbox', { name: `Select ${name}`, exact: true });
  return {
    group,
    outcome: group.getByRole('status'),
    checkbox,
    async select(...names) {
      for (const name of names) await checkbox(name).check();
    },
    button: (label) => group.getByRole('button', { name: label, exact: true }),
  };
}
