// Vite: the SPA build and the dev server. `/api` (REST and the /api/watch websocket) is proxied to
// the BFF; its address comes from VITE_API_TARGET (default http://127.0.0.1:8080). The Host header
// is kept, so the BFF's same-origin websocket check accepts the proxied socket.
import vue from '@vitejs/plugin-vue';
import { defineConfig, loadEnv } from 'vite';

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, import.meta.dirname, 'VITE_');
  const target = env.VITE_API_TARGET ?? 'http://127.0.0.1:8080';
  return {
    plugins: [vue()],
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
    },
  };
});
