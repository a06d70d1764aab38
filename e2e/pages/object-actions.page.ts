// The "Actions for <name>" menu of an object (list row or detail header) and the confirmation
// dialog some of its items open first (Force Update, Delete).
import type { Locator, Page } from '@playwright/test';

export type ActionLabel = 'Force Update' | 'Pause' | 'Unpause' | 'Enable Polling' | 'Disable Polling' | 'Download YAML' | 'Edit Labels' | 'Move to workspace' | 'Delete';

export interface ObjectActionsMenu {
  button: Locator;
  menu: Locator;
  /** A menu item by its label (a refused item's name also carries the reason, so match the start). */
  item(label: ActionLabel): Locator;
  open(): Promise<void>;
  /** Opens the menu and clicks the item. */
  choose(label: ActionLabel): Promise<void>;
}

export function createObjectActionsMenu(page: Page, name: string): ObjectActionsMenu {
  const label = `Actions for ${name}`;
  const button = page.getByRole('button', { name: label, exact: true });
  const menu = page.getByRole('menu', { name: label, exact: true });
  const item = (itemLabel: ActionLabel): Locator => menu.getByRole('menuitem', { name: new RegExp(`^${itemLabel}(\\s|$)`) });
  const open = async (): Promise<void> => {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await menu.waitFor({ state: 'visible' });
  };
  return {
    button,
    menu,
    item,
    open,
    async choose(itemLabel) {
      await open();
      await item(itemLabel).click();
    },
  };
}

export interface ConfirmDialog {
  dialog: Locator;
  confirmButton: Locator;
  cancelButton: Locator;
  confirm(): Promise<void>;
  cancel(): Promise<void>;
}

/** The modal `dialog` named by its title, with "Cancel" and the button naming the action. */
export function createConfirmDialog(page: Page, options: { title: string | RegExp; confirmLabel: string }): ConfirmDialog {
  const dialog = page.getByRole('dialog', { name: options.title });
  const confirmButton = dialog.getByRole('button', { name: options.confirmLabel, exact: true });
  const cancelButton = dialog.getByRole('button', { name: 'Cancel', exact: true });
  return {
    dialog,
    confirmButton,
    cancelButton,
    async confirm() {
      await confirmButton.click();
    },
    async cancel() {
      await cancelButton.click();
    },
  };
}

/** The app's notices: errors in an `alert` region, confirmations in a polite `status` region. */
export interface Notices {
  error(text: string | RegExp): Locator;
  success(text: string | RegExp): Locator;
}

export function createNotices(page: Page): Notices {
  return {
    error: (text) => page.getByRole('alert').getByText(text),
    success: (text) => page.getByRole('status').getByText(text),
  };
}
