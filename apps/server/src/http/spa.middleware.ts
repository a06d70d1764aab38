// Serves the built single-page app: hashed assets with long-lived caching, and index.html for
// every other GET outside /api so that deep links survive a reload.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

export interface SpaOptions {
  /** Folder holding index.html and assets/ (the web app's build output). */
  webRoot: string;
}

export function spaRoutes({ webRoot }: SpaOptions): Router {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) throw new Error(`web app not built: ${index} is missing (run npm run build -w @fleet-dashboard/web)`);
  const router = express.Router();
  router.use(
    '/assets',
    express.static(join(webRoot, 'assets'), {
      fallthrough: false,
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  router.use(express.static(webRoot, { index: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
  router.get(/^\/(?!api\/|api$|metrics$).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
