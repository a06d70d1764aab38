import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { spaRoutes } from './spa.middleware';

const webRoot = mkdtempSync(join(tmpdir(), 'spa-'));
mkdirSync(join(webRoot, 'assets'));
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Fleet</title>');
writeFileSync(join(webRoot, 'assets', 'app-1a2b.js'), 'console.log(1)');
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

const app = express();
app.use('/api', (_req, res) => {
  res.status(404).json({ error: { code: 'NotFound', message: 'no such API route' } });
});
app.use(spaRoutes({ webRoot }));

describe('spaRoutes', () => {
  it('answers deep links with index.html, not cached', async () => {
    const res = await request(app).get('/w/fleet-default/gitrepos/guestbook');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>Fleet</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets with immutable caching and 404s a missing one', async () => {
    const res = await request(app).get('/assets/app-1a2b.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await request(app).get('/assets/missing.js')).status).toBe(404);
  });

  it('leaves /api to the API', async () => {
    const res = await request(app).get('/api/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NotFound');
  });

  it('refuses to start without a built app', () => {
    expect(() => spaRoutes({ webRoot: join(webRoot, 'nope') })).toThrow(/web app not built/);
  });
});
