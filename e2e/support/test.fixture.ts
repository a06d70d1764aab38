// The suite's `test`: baseURL is the admin dashboard started by global setup, plus the shell
// page object, a Kubernetes client acting as admin and the admin server's stop/start control.
import { test as base } from '@playwright/test';
import { createAppShell, type AppShell } from '../pages/app-shell.page';
import { readEnvironment, type E2eEnvironment } from './environment.service';
import { createKubeApi, type KubeApi } from './kube-api.service';

export interface AdminServerControl {
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function control(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(70_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
}

export const test = base.extend<{ shell: AppShell; adminKube: KubeApi; adminServer: AdminServerControl }, { environment: E2eEnvironment }>({
  environment: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take a destructured object
    async ({}, use) => {
      await use(readEnvironment());
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ environment }, use) => {
    await use(environment.adminUrl);
  },
  shell: async ({ page }, use) => {
    await use(createAppShell(page));
  },
  adminKube: async ({ environment }, use) => {
    await use(createKubeApi({ kubeconfig: environment.kubeconfigs.admin }));
  },
  adminServer: async ({ environment }, use) => {
    const server: AdminServerControl = {
      stop: () => control(`${environment.controlUrl}/admin-server/stop`),
      start: () => control(`${environment.controlUrl}/admin-server/start`),
    };
    await use(server);
    // A failed spec must not leave the next ones without a server.
    await server.start().catch(() => undefined);
  },
});

export { expect } from '@playwright/test';
