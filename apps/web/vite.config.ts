// Vite: the SPA build and the dev server. `/api` (REST and the /api/watch websocket) is proxied to
// the BFF; its address comes from VITE_API_TARGET (default http://127.0.0.1:8080). The Host header
// is kept, so the BFF's same-origin websocket check accepts the proxied socket.
import { createRequire } from 'node:module';
import path from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig, loadEnv } from 'vite';

// monaco-yaml's worker imports `monaco-editor/esm/vs/…`, a path monaco-editor's `exports` map no
// longer publishes; it is pointed at the files themselves. Monaco and its workers load only on the
// YAML pages (a dynamic import), as separate chunks and worker bundles served from 'self'.
const monacoRoot = path.resolve(path.dirname(createRequire(import.meta.url).resolve('monaco-editor')), '../..');

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, import.meta.dirname, 'VITE_');
  const target = env.VITE_API_TARGET ?? 'http://127.0.0.1:8080';
  return {
    plugins: [vue()],
    resolve: {
      alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoRoot}/esm/vs/$1` }],
    },
    worker: { format: 'es' as const },
    server: {
      proxy: { '/api': { target, ws: true } },
    },
    preview: {
      proxy: { '/api': { target, ws: true } },
    },
    build: {
      outDir: 'dist',
      target: 'es2022',
      sourcemap: true,
      // The Monaco chunk is large by nature and lazy; only the initial JS is kept small.
      chunkSizeWarningLimit: 4096,
    },
  };
});
