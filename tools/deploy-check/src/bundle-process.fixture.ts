// Starts the bundled server (server/main.mjs) as a child process with plain `node`, outside the
// checkout's node_modules, waits for the URL it prints and stops it again.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

export interface RunningBundle {
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export async function startBundledServer(options: { entry: string; args: readonly string[]; env?: Record<string, string>; timeoutMs?: number }): Promise<RunningBundle> {
  const child = spawn(process.execPath, [options.entry, ...options.args], {
    cwd: dirname(options.entry),
    // Only what the image sets: no KUBECONFIG, HOST or PORT of the test run leaks in.
    env: { PATH: process.env.PATH ?? '', HOME: dirname(options.entry), NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bundled server printed no URL in time:\n${output}`)), options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Fleet dashboard server: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bundled server exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
