// Runs the `go` command (and other build tools) with output captured in a log file.
import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';

export interface RunOptions {
  cwd?: string;
  /** Extra environment variables; the rest is inherited. */
  env?: Record<string, string>;
  /** Every output line is appended here. */
  logFile?: string;
  /** Called with each output line (progress). */
  log?: (line: string) => void;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`${command} failed (exit ${exitCode}):\n${output.split('\n').slice(-30).join('\n')}`);
    this.name = 'CommandError';
  }
}

export async function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const printable = [command, ...args].join(' ');
  if (options.logFile !== undefined) await appendFile(options.logFile, `$ ${printable}\n`);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env === undefined ? undefined : { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let pending = Promise.resolve();
  const forward = (chunk: Buffer, isErr: boolean) => {
    const text = chunk.toString();
    if (isErr) stderr += text;
    else stdout += text;
    if (options.logFile !== undefined) {
      const file = options.logFile;
      pending = pending.then(() => appendFile(file, text));
    }
    if (options.log !== undefined) for (const line of text.split('\n')) if (line.trim() !== '') options.log(line);
  };
  child.stdout.on('data', (chunk: Buffer) => forward(chunk, false));
  child.stderr.on('data', (chunk: Buffer) => forward(chunk, true));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  await pending;
  if (exitCode !== 0) throw new CommandError(printable, exitCode, `${stdout}\n${stderr}`.trim());
  return { stdout, stderr };
}
