// docker-compose.yml parsed (no Docker engine runs here): the dashboard service is built from
// deploy/Dockerfile, publishes 8080 on loopback only, mounts the kubeconfig read-only where its
// command points, and its command (and the commented demo command) are accepted by the server's
// own configuration parser.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfig, OPTIONS } from '@fleet-dashboard/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './server-bundle.service';

const text = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text) as { services: Record<string, any> };
const dashboard = compose.services.dashboard;
const commandOf = (c: unknown): string[] => (Array.isArray(c) ? c.map(String) : String(c).split(/\s+/));
const known = new Set<string>(Object.values(OPTIONS).map((o) => o.flag));
const knownEnv = new Set<string>(Object.values(OPTIONS).flatMap((o) => ('env' in o && o.env ? [o.env] : [])));

describe('docker-compose.yml', () => {
  it('has one service, the dashboard, built from deploy/Dockerfile at the repository root', () => {
    expect(Object.keys(compose.services)).toEqual(['dashboard']);
    const context = resolve(REPO_ROOT, dashboard.build.context);
    expect(context).toBe(REPO_ROOT);
    expect(dashboard.build.dockerfile).toBe('deploy/Dockerfile');
    expect(existsSync(join(context, dashboard.build.dockerfile))).toBe(true);
  });

  it('publishes port 8080 on the host loopback only', () => {
    expect(dashboard.ports).toEqual(['127.0.0.1:8080:8080']);
  });

  it('mounts the kubeconfig read-only where --kubeconfig points, and nothing writable', () => {
    expect(dashboard.volumes).toHaveLength(1);
    const [volume] = dashboard.volumes;
    expect(volume).toMatchObject({ type: 'bind', read_only: true });
    expect(String(volume.source)).toMatch(/kube/);
    const command = commandOf(dashboard.command);
    expect(command[command.indexOf('--kubeconfig') + 1]).toBe(volume.target);
    expect(dashboard.read_only).toBe(true);
    expect(dashboard.cap_drop).toEqual(['ALL']);
  });

  it('runs a command the server accepts: kubeconfig mode bound to every interface of the container', () => {
    const command = commandOf(dashboard.command);
    for (const word of command.filter((w) => w.startsWith('--'))) expect(known.has(word.split('=')[0] ?? ''), word).toBe(true);
    const parsed = parseConfig(command, {});
    expect(parsed.kind).toBe('config');
    if (parsed.kind !== 'config') return;
    expect(parsed.config).toMatchObject({ mode: 'kubeconfig', host: '0.0.0.0', port: 8080, kubeconfig: '/kube/config' });
    for (const name of Object.keys(dashboard.environment ?? {})) expect(knownEnv.has(name), name).toBe(true);
  });

  it('documents a demo command the server accepts', () => {
    const line = text.split('\n').find((l) => /^\s*#\s*command:.*demo/.test(l));
    expect(line).toBeDefined();
    const demo = JSON.parse((line ?? '').replace(/^\s*#\s*command:\s*/, '')) as string[];
    const parsed = parseConfig(demo, {});
    expect(parsed.kind === 'config' && parsed.config.mode).toBe('demo');
    expect(parsed.kind === 'config' && parsed.config.host).toBe('0.0.0.0');
  });

  it('checks health on /api/healthz at the port it serves', () => {
    const test = (dashboard.healthcheck.test as string[]).join(' ');
    expect(test).toContain('http://127.0.0.1:8080/api/healthz');
    expect(dashboard.healthcheck.interval).toMatch(/^\d+s$/);
    expect(dashboard.healthcheck.retries).toBeGreaterThan(0);
  });
});
