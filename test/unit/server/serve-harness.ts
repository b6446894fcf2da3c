// Runs the real `bin/zonescope serve` for tests: a child process on a free port, its
// operator token and URL read from what it prints, stopped with SIGTERM. The bundle is
// built once by test/global-setup.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const ZONESCOPE = join(ROOT, 'bin', 'zonescope');

export interface Served {
  readonly baseURL: string;
  /** The generated operator token (undefined when --operator-token was given). */
  readonly operatorToken: string | undefined;
  readonly child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** SIGTERM (default) and wait for the exit status. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `zonescope serve ARGS --port 0` and resolves once it prints its URL; rejects with its output if it exits first. */
export function startServe(args: readonly string[], timeoutMs = 20000): Promise<Served> {
  const child = spawn(process.execPath, [ZONESCOPE, 'serve', ...withPort(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`zonescope serve did not print its URL within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    const check = (): void => {
      const m = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (m === null) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({
        baseURL: m[1]!,
        operatorToken: /^operator token: (\S+)$/m.exec(stdout)?.[1],
        child,
        output: () => ({ stdout, stderr }),
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`zonescope serve exited (${code}) before listening\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

/** Runs `zonescope serve ARGS --port 0` expecting it to fail at start: its exit status and output. */
export function serveFails(args: readonly string[], timeoutMs = 20000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [ZONESCOPE, 'serve', ...withPort(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

/** A free port unless the test names one. */
function withPort(args: readonly string[]): string[] {
  return args.some((a) => a === '--port' || a.startsWith('--port=')) ? [...args] : ['--port', '0', ...args];
}
