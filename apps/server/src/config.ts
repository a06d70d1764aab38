// Server configuration: parsed once from flags and environment (flags win), validated with zod,
// frozen. This is the only module that looks at the environment; main.ts passes `process.env` in.
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const SERVER_MODES = ['demo', 'kubeconfig', 'token'] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

interface OptionSpec {
  flag: string;
  env?: string;
  default: string;
  help: string;
  /** A switch: the flag alone means true (`--flag=false` also works). */
  isSwitch?: boolean;
  /** Further environment variables read when `env` is unset, in order (e.g. the lowercase spelling). */
  envAliases?: readonly string[];
}

/** Every option: flag, environment variable, default (as text) and description. */
export const OPTIONS = {
  port: { flag: '--port', env: 'PORT', default: '8080', help: 'TCP port to listen on (0 = any free port)' },
  host: { flag: '--host', env: 'HOST', default: '127.0.0.1', help: 'Address to bind' },
  kubeconfig: { flag: '--kubeconfig', env: 'KUBECONFIG', default: '', help: 'Kubeconfig file; when given, the mode defaults to kubeconfig' },
  context: { flag: '--context', env: 'KUBE_CONTEXT', default: '', help: 'Kubeconfig context (default: its current-context)' },
  mode: { flag: '--mode', env: 'FLEET_DASHBOARD_MODE', default: '', help: 'demo | kubeconfig | token (default: demo without a kubeconfig, else kubeconfig)' },
  cookieKey: {
    flag: '--cookie-key',
    env: 'FLEET_DASHBOARD_COOKIE_KEY',
    default: '',
    help: 'Token mode: base64 of 32 random bytes sealing the session cookie (AES-256-GCM); the same on every replica',
  },
  cookieSecure: {
    flag: '--cookie-secure',
    env: 'FLEET_DASHBOARD_COOKIE_SECURE',
    default: 'false',
    help: 'Token mode: always mark the session cookie Secure (behind a TLS-terminating proxy)',
    isSwitch: true,
  },
  sessionHours: { flag: '--session-hours', env: 'FLEET_DASHBOARD_SESSION_HOURS', default: '8', help: 'Token mode: how long a login lasts' },
  trustProxy: {
    flag: '--trust-proxy',
    env: 'FLEET_DASHBOARD_TRUST_PROXY',
    default: '0',
    help: 'Reverse proxies in front of the server whose X-Forwarded-For/-Proto are believed (client address for the login limit, TLS for the cookie)',
  },
  loginAttempts: {
    flag: '--login-attempts',
    env: 'FLEET_DASHBOARD_LOGIN_ATTEMPTS',
    default: '10',
    help: 'Token mode: login attempts allowed per client address and minute (then 429)',
  },
  logLevel: { flag: '--log-level', env: 'LOG_LEVEL', default: 'info', help: `Log level: ${LOG_LEVELS.join(' | ')}` },
  allowedOrigins: {
    flag: '--allowed-origin',
    env: 'FLEET_DASHBOARD_ALLOWED_ORIGINS',
    default: '',
    help: 'Origin allowed to open the websocket, repeatable or comma-separated (default: same origin only)',
  },
  webRoot: {
    flag: '--web-root',
    env: 'FLEET_DASHBOARD_WEB_ROOT',
    default: '',
    help: 'Built web app to serve (default: apps/web/dist of this checkout; "none" serves the API only)',
  },
  metricsPort: {
    flag: '--metrics-port',
    env: 'FLEET_DASHBOARD_METRICS_PORT',
    default: '',
    help: 'Serve /metrics on this port of --host instead of the main port. Token mode serves /metrics only there (404 on the main port)',
  },
  requestTimeout: {
    flag: '--request-timeout',
    env: 'FLEET_DASHBOARD_REQUEST_TIMEOUT',
    default: '30',
    help: 'Seconds every API server request (not a watch) may take; then 504 Timeout',
  },
  watchIdleTimeout: {
    flag: '--watch-idle-timeout',
    env: 'FLEET_DASHBOARD_WATCH_IDLE_TIMEOUT',
    default: '90',
    help: 'Seconds a watch may stay silent (no event, no bookmark) before it is reopened from its last resourceVersion',
  },
  httpsProxy: {
    flag: '--https-proxy',
    env: 'HTTPS_PROXY',
    envAliases: ['https_proxy'],
    default: '',
    help: "Proxy (CONNECT) for an https:// API server; the kubeconfig's proxy-url wins over it",
  },
  httpProxy: { flag: '--http-proxy', env: 'HTTP_PROXY', envAliases: ['http_proxy'], default: '', help: 'Proxy (CONNECT) for an http:// API server' },
  noProxy: {
    flag: '--no-proxy',
    env: 'NO_PROXY',
    envAliases: ['no_proxy'],
    default: '',
    help: 'API server hosts reached without the proxy: host, .domain, host:port, IP, CIDR or *, comma-separated',
  },
  seed: { flag: '--seed', env: 'FLEET_DASHBOARD_DEMO_SEED', default: '1', help: 'Demo mode: random seed of the simulator' },
  speed: { flag: '--speed', env: 'FLEET_DASHBOARD_DEMO_SPEED', default: '1', help: 'Demo mode: simulator time factor (1 = real time)' },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;

const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535),
    host: z.string().min(1),
    kubeconfig: z.string(),
    context: z.string(),
    mode: z.enum(SERVER_MODES).or(z.literal('')),
    cookieKey: z.string(),
    cookieSecure: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
    sessionHours: z.coerce.number().positive().max(24 * 30),
    loginAttempts: z.coerce.number().int().positive(),
    trustProxy: z.coerce.number().int().min(0).max(10),
    logLevel: z.enum(LOG_LEVELS),
    allowedOrigins: z.array(z.string().url().or(z.literal('*'))),
    webRoot: z.string(),
    metricsPort: z.literal('').or(z.coerce.number().int().min(0).max(65535)),
    requestTimeout: z.coerce.number().positive().max(3600),
    watchIdleTimeout: z.coerce.number().min(5).max(3600),
    httpsProxy: z.string(),
    httpProxy: z.string(),
    noProxy: z.string(),
    seed: z.coerce.number().int(),
    speed: z.coerce.number().positive(),
  })
  .transform((c) => ({
    ...c,
    kubeconfig: c.kubeconfig === '' ? undefined : c.kubeconfig,
    context: c.context === '' ? undefined : c.context,
    mode: c.mode === '' ? (c.kubeconfig === '' ? 'demo' : 'kubeconfig') : c.mode,
    cookieKey: c.cookieKey === '' ? undefined : c.cookieKey,
    metricsPort: c.metricsPort === '' ? undefined : c.metricsPort,
    httpsProxy: c.httpsProxy === '' ? undefined : c.httpsProxy,
    httpProxy: c.httpProxy === '' ? undefined : c.httpProxy,
    noProxy: c.noProxy === '' ? undefined : c.noProxy,
  }))
  .superRefine((c, ctx) => {
    if (c.mode === 'kubeconfig' && c.kubeconfig === undefined) {
      ctx.addIssue({ code: 'custom', path: ['kubeconfig'], message: '--mode kubeconfig needs --kubeconfig or KUBECONFIG' });
    }
    for (const key of ['httpsProxy', 'httpProxy'] as const) {
      const value = c[key];
      if (value === undefined) continue;
      try {
        const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', path: [key], message: `unsupported proxy scheme ${url.protocol}` });
      } catch {
        ctx.addIssue({ code: 'custom', path: [key], message: `not a URL: ${value}` });
      }
    }
    if (c.metricsPort !== undefined && c.metricsPort !== 0 && c.metricsPort === c.port) {
      ctx.addIssue({ code: 'custom', path: ['metricsPort'], message: 'must differ from --port' });
    }
    if (c.mode === 'token') {
      if (c.cookieKey === undefined) ctx.addIssue({ code: 'custom', path: ['cookieKey'], message: '--mode token needs a cookie key (base64 of 32 bytes)' });
      else if (Buffer.from(c.cookieKey, 'base64').length !== 32) ctx.addIssue({ code: 'custom', path: ['cookieKey'], message: 'must be base64 of exactly 32 bytes' });
    }
  });

export type Config = Readonly<Omit<z.output<typeof configSchema>, 'allowedOrigins'> & { allowedOrigins: readonly string[] }>;

export type ParseResult = { kind: 'config'; config: Config } | { kind: 'help'; text: string };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `--help` text: every option with its environment variable and default. */
export function helpText(): string {
  const lines = ['Usage: fleet-dashboard-server [options]', '', 'Options:'];
  for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
    const def = spec.default === '' ? '(none)' : spec.default;
    lines.push(`  ${(spec.isSwitch ? spec.flag : `${spec.flag} <value>`).padEnd(26)} ${spec.help}`);
    const envs = [spec.env, ...(spec.envAliases ?? [])].filter((e) => e !== undefined).join(' or ');
    lines.push(`  ${''.padEnd(26)} env ${envs || '-'}, default ${def}`);
  }
  lines.push(`  ${'--help'.padEnd(26)} Print this text`);
  return lines.join('\n');
}

/**
 * Parses `argv` (without node and script) and `env`. Flags take `--name value` or
 * `--name=value`. Throws ConfigError with every problem at once.
 */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParseResult {
  const byFlag = new Map<string, OptionName>(Object.entries(OPTIONS).map(([name, spec]) => [spec.flag, name as OptionName]));
  const fromFlags = new Map<OptionName, string[]>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: helpText() };
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = byFlag.get(flag);
    if (!name) {
      problems.push(`unknown option ${arg}`);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if ((OPTIONS[name] as OptionSpec).isSwitch) value = 'true';
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      problems.push(`${flag} needs a value`);
      continue;
    }
    fromFlags.set(name, [...(fromFlags.get(name) ?? []), value]);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('; '));

  const raw: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(OPTIONS) as [OptionName, OptionSpec][]) {
    const flagged = fromFlags.get(name);
    const envValue = [spec.env, ...(spec.envAliases ?? [])].map((name) => (name ? env[name] : undefined)).find((v) => v !== undefined && v !== '');
    if (name === 'allowedOrigins') {
      const texts = flagged ?? (envValue ? [envValue] : []);
      raw[name] = texts.flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
    } else {
      raw[name] = flagged?.at(-1) ?? (envValue !== undefined && envValue !== '' ? envValue : spec.default);
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const text = parsed.error.issues
      .map((issue) => {
        const key = issue.path[0];
        const spec = typeof key === 'string' && key in OPTIONS ? OPTIONS[key as OptionName] : undefined;
        return `${spec ? spec.flag : String(key)}: ${issue.message}`;
      })
      .join('; ');
    throw new ConfigError(text);
  }
  const config = { ...parsed.data, allowedOrigins: Object.freeze([...parsed.data.allowedOrigins]) };
  return { kind: 'config', config: Object.freeze(config) };
}
