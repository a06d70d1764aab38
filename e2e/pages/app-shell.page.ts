// The shell around every page: workspace picker, main navigation, connection status, theme.
import type { Locator, Page } from '@playwright/test';

export type NavLinkName = 'Dashboard' | 'Git Repos' | 'Clusters' | 'Cluster Groups' | 'Bundles' | 'Workspaces';

export interface AppShell {
  page: Page;
  workspacePicker: Locator;
  /** The connection indicator: "Live", "Reconnecting…", … */
  connectionStatus: Locator;
  heading: Locator;
  navLink(name: NavLinkName): Locator;
  openNav(name: NavLinkName): Promise<void>;
  switchWorkspace(workspace: string): Promise<void>;
}

export function createAppShell(page: Page): AppShell {
  const navLink = (name: NavLinkName): Locator => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  // The select sits inside its <label>, so its accessible name is "Workspace <current value>".
  const workspacePicker = page.getByRole('banner').getByRole('combobox', { name: /^Workspace\b/ });
  return {
    page,
    workspacePicker,
    connectionStatus: page.getByRole('banner').getByRole('status'),
    heading: page.getByRole('heading', { level: 1 }),
    navLink,
    async openNav(name) {
      await navLink(name).click();
    },
    async switchWorkspace(workspace) {
      await workspacePicker.selectOption(workspace);
    },
  };
}
