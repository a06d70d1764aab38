// What global setup started, written to a file for the test workers: the dashboard servers'
// URLs, the testbed users' kubeconfigs and the address of the control endpoint that stops and
// starts the admin server (the reconnect flow).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = join(E2E_ROOT, '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
/**
 * Where one run keeps its state (environment file, web build snapshot, server logs).
 * `E2E_RUN_DIR` lets several runs share a checkout without clobbering each other.
 */
export const RUN_DIR = process.env.E2E_RUN_DIR ? resolve(process.env.E2E_RUN_DIR) : join(E2E_ROOT, 'run');
const ENVIRONMENT_FILE = join(RUN_DIR, 'environment.json');
/**
 * A web app built beforehand (`E2E_WEB_DIST`, a folder holding index.html): served as it is, no
 * build in global setup. Lets a run use one known build while the checkout's web sources change.
 */
export const PREBUILT_WEB_DIST = process.env.E2E_WEB_DIST ? resolve(process.env.E2E_WEB_DIST) : undefined;

export interface E2eEnvironment {
  /** The dashboard acting as the testbed's `admin` (kubeconfig mode). */
  adminUrl: string;
  /** The dashboard acting as the testbed's `viewer`. */
  viewerUrl: string;
  /** http://127.0.0.1:<port> of the control endpoint (POST /admin-server/stop, /admin-server/start). */
  controlUrl: string;
  kubeconfigs: { admin: string; viewer: string };
}

export function writeEnvironment(environment: E2eEnvironment): void {
  mkdirSync(dirname(ENVIRONMENT_FILE), { recursive: true });
  writeFileSync(ENVIRONMENT_FILE, JSON.stringify(environment, null, 2));
}

export function readEnvironment(): E2eEnvironment {
  return JSON.parse(readFileSync(ENVIRONMENT_FILE, 'utf8')) as E2eEnvironment;
}
