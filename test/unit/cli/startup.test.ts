// How the built zdtrace starts: from its real file wherever the symlink that runs it lives
// (even when Node keeps the symlink's path), a built-in scenario parsed only if the run
// goes past BEGIN yet traced exactly as a parsed one, and a scenario, node or zone to
// check still rejected before anything else is said.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let dir = '';
let dtrace = '';

beforeAll(() => {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build failed: ${b.stdout}${b.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'zdtrace-startup-'));
  mkdirSync(join(dir, 'sbin'));
  dtrace = join(dir, 'sbin', 'dtrace');
  symlinkSync(join(root, 'bin', 'zdtrace'), dtrace);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: readonly string[], env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(dtrace, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('zdtrace start-up', () => {
  it('runs through a symlink in another directory, even with --preserve-symlinks-main', () => {
    const envs: readonly Record<string, string>[] = [{}, { NODE_OPTIONS: '--preserve-symlinks-main --preserve-symlinks' }];
    for (const env of envs) {
      const r = run(['-q', '-n', 'BEGIN { printf("%s\\n", $0); exit(3); }'], env);
      expect(r).toEqual({ stdout: `${dtrace}\n\n`, stderr: '', status: 3 });
      const past = run(['--fast', '-q', '-n', 'tick-1s { printf("%Y\\n", walltimestamp); exit(0); }'], env);
      expect(past).toEqual({ stdout: '2011 Aug 15 00:00:01\n\n', stderr: '', status: 0 });
    }
  });

  it('traces the default scenario, parsed past BEGIN, exactly as when --seed has it parsed up front', () => {
    const script = 'profile-997 /execname != "sched"/ { @[zonename, execname] = count(); } tick-1s { exit(0); }';
    const lazy = run(['--fast', '-q', '-n', script]);
    const eager = run(['--fast', '-q', '--seed', '1', '-n', script]);
    expect(lazy.status).toBe(0);
    expect(lazy.stdout.trim().split('\n').length).toBeGreaterThan(3);
    expect(eager).toEqual(lazy);
  });

  it('still rejects a bad scenario file, node or zone first, with status 2', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', nodes: [{ hostname: 'cn1', ncpus: 0 }] }));
    for (const args of [['--scenario', bad], ['--node', 'cn9'], ['--zone', 'nope'], ['--scenario', 'nope']]) {
      const r = run([...args, '-n', 'BEGIN { exit(0); }']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/matched/);
      expect(r.stderr).toMatch(/^dtrace: (invalid scenario|unknown (node|zone|scenario))/);
    }
  });
});
