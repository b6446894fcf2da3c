// Shared set-up for the tests that run the built zdtrace as a person would (the bundle is
// built once by test/global-setup.ts): link it as `dtrace` in a fresh temp directory so
// every message is prefixed `dtrace: `, run it there, and clean up afterwards.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Result {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

export interface Zdtrace {
  /** The temp directory the runs use as their working directory. */
  readonly dir: string;
  /** The `dtrace` symlink to bin/zdtrace. */
  readonly dtrace: string;
  run(args: readonly string[], env?: Readonly<Record<string, string>>): Result;
}

/**
 * Registers beforeAll/afterAll hooks for the calling test file. `linkDir` puts the symlink
 * in a subdirectory of the temp directory (to run it from somewhere other than its cwd).
 */
export function useZdtrace(prefix: string, o: { readonly timeoutMs?: number; readonly linkDir?: string } = {}): Zdtrace {
  let dir = '';
  let dtrace = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    const linkDir = o.linkDir === undefined ? dir : join(dir, o.linkDir);
    if (o.linkDir !== undefined) mkdirSync(linkDir);
    dtrace = join(linkDir, 'dtrace');
    symlinkSync(join(root, 'bin', 'zdtrace'), dtrace);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get dtrace() {
      return dtrace;
    },
    run(args, env = {}) {
      const r = spawnSync(dtrace, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: o.timeoutMs ?? 60_000 });
      return { stdout: r.stdout, stderr: r.stderr, status: r.status };
    },
  };
}
