import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, helpText, OPTIONS, parseConfig } from './config';

const parse = (argv: string[], env: Record<string, string> = {}) => {
  const r = parseConfig(argv, env);
  if (r.kind !== 'config') throw new Error('expected a config');
  return r.config;
};

describe('parseConfig', () => {
  it('defaults to demo mode on 127.0.0.1:8080 and freezes the result', () => {
    const c = parse([]);
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', mode: 'demo', logLevel: 'info', allowedOrigins: [], seed: 1, speed: 1 });
    expect(c.kubeconfig).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.allowedOrigins)).toBe(true);
  });

  it('reads the environment and lets flags win', () => {
    const c = parse(['--port', '9000', '--log-level=debug'], { PORT: '7000', HOST: '0.0.0.0', LOG_LEVEL: 'warn' });
    expect(c).toMatchObject({ port: 9000, host: '0.0.0.0', logLevel: 'debug' });
  });

  it('switches to kubeconfig mode when a kubeconfig is given', () => {
    expect(parse(['--kubeconfig', '/tmp/kc', '--context', 'prod'])).toMatchObject({ mode: 'kubeconfig', kubeconfig: '/tmp/kc', context: 'prod' });
    expect(parse([], { KUBECONFIG: '/tmp/kc' }).mode).toBe('kubeconfig');
    expect(parse(['--mode', 'demo'], { KUBECONFIG: '/tmp/kc' }).mode).toBe('demo');
  });

  it('collects allowed origins from repeated flags and comma lists', () => {
    expect(parse(['--allowed-origin', 'https://a.example', '--allowed-origin=https://b.example,https://c.example']).allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example',
      'https://c.example',
    ]);
    expect(parse([], { FLEET_DASHBOARD_ALLOWED_ORIGINS: 'https://x.example' }).allowedOrigins).toEqual(['https://x.example']);
  });

  it('reports every problem with the flag name', () => {
    expect(() => parse(['--port', 'abc'])).toThrow(ConfigError);
    expect(() => parse(['--port', '70000'])).toThrow(/--port/);
    expect(() => parse(['--mode', 'kubeconfig'])).toThrow(/--kubeconfig/);
    expect(() => parse(['--log-level', 'loud'])).toThrow(/--log-level/);
    expect(() => parse(['--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parse(['--port'])).toThrow(/--port needs a value/);
    expect(() => parse(['--allowed-origin', 'not a url'])).toThrow(/--allowed-origin/);
  });

  it('prints help naming every option and its default', () => {
    const r = parseConfig(['--port', '1', '--help'], {});
    expect(r.kind).toBe('help');
    const text = helpText();
    for (const spec of Object.values(OPTIONS)) {
      expect(text).toContain(spec.flag);
      if (spec.default) expect(text).toContain(`default ${spec.default}`);
    }
  });

  it('token mode needs a 32-byte base64 cookie key; --cookie-secure is a switch', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(() => parse(['--mode', 'token'])).toThrow(/--cookie-key: --mode token needs a cookie key/);
    expect(() => parse(['--mode', 'token', '--cookie-key', Buffer.alloc(16).toString('base64')])).toThrow(/--cookie-key: must be base64 of exactly 32 bytes/);
    const c = parse(['--mode', 'token', '--cookie-secure', '--session-hours', '2'], { FLEET_DASHBOARD_COOKIE_KEY: key });
    expect(c).toMatchObject({ mode: 'token', cookieKey: key, cookieSecure: true, sessionHours: 2, loginAttempts: 10, trustProxy: 0 });
    expect(parse(['--mode=token', `--cookie-key=${key}`, '--cookie-secure=false']).cookieSecure).toBe(false);
    expect(parse([]).cookieSecure).toBe(false);
  });

  it('reads the proxy from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, upper case first, then lower case', () => {
    expect(parse([])).toMatchObject({ httpsProxy: undefined, httpProxy: undefined, noProxy: undefined });
    expect(parse([], { https_proxy: 'http://lower:3128', no_proxy: '.svc,10.0.0.0/8' })).toMatchObject({ httpsProxy: 'http://lower:3128', noProxy: '.svc,10.0.0.0/8' });
    expect(parse([], { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'proxy:8080' })).toMatchObject({
      httpsProxy: 'http://upper:3128',
      httpProxy: 'proxy:8080',
    });
    expect(parse(['--https-proxy', 'http://flag:1'], { HTTPS_PROXY: 'http://env:2' }).httpsProxy).toBe('http://flag:1');
    expect(() => parse([], { HTTPS_PROXY: 'socks5://proxy:1080' })).toThrow(/--https-proxy: unsupported proxy scheme socks5:/);
  });

  it('timeouts in seconds, and a metrics port apart from the main one', () => {
    expect(parse([])).toMatchObject({ requestTimeout: 30, watchIdleTimeout: 90, metricsPort: undefined });
    expect(parse(['--request-timeout', '2.5', '--watch-idle-timeout=20', '--metrics-port', '9090'])).toMatchObject({ requestTimeout: 2.5, watchIdleTimeout: 20, metricsPort: 9090 });
    expect(() => parse(['--request-timeout', '0'])).toThrow(/--request-timeout/);
    expect(() => parse(['--watch-idle-timeout', '1'])).toThrow(/--watch-idle-timeout/);
    expect(() => parse(['--metrics-port', '8080'])).toThrow(/--metrics-port: must differ from --port/);
    expect(helpText()).toContain('env HTTPS_PROXY or https_proxy');
  });

  it("the README's options table names every option with its environment variables and default", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const spec of Object.values(OPTIONS) as Array<{ flag: string; env?: string; envAliases?: readonly string[]; default: string }>) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${spec.flag}`));
      expect(row, spec.flag).toBeDefined();
      for (const env of [spec.env, ...(spec.envAliases ?? [])]) if (env) expect(row, spec.flag).toContain(`\`${env}\``);
      expect(row, spec.flag).toContain(spec.default === '' ? '—' : `\`${spec.default}\``);
    }
  });
});
