// The only door to Monaco: a dynamic import, so the editor and its workers load on the YAML pages
// and never with the rest of the app. Monaco is one per page (its services are global), so the
// loaded module is kept for the next YAML page of the session.
import type { MonacoSetup } from './monaco-setup';

export type { MonacoSetup, MonacoApi, SchemaRegistration } from './monaco-setup';

let loading: Promise<MonacoSetup> | undefined;

export function loadMonaco(): Promise<MonacoSetup> {
  loading ??= import('./monaco-setup').then((m) => m.setupMonaco());
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
