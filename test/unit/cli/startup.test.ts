// How the built zdtrace starts: from its real file wherever the symlink that runs it lives
// (even when Node keeps the symlink's path), a built-in scenario parsed only if the run
// goes past BEGIN yet traced exactly as a parsed one, and a scenario, node or zone to
// check still rejected before anything else is said.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useZdtrace } from '../zdtrace-harness';

const z = useZdtrace('zdtrace-startup-', { linkDir: 'sbin' });
const run = z.run;

describe('zdtrace start-up', () => {
  it('runs through a symlink in another directory, even with --preserve-symlinks-main', () => {
    const envs: readonly Record<string, string>[] = [{}, { NODE_OPTIONS: '--preserve-symlinks-main --preserve-symlinks' }];
    for (const env of envs) {
      const r = run(['-q', '-n', 'BEGIN { printf("%s\\n", $0); exit(3); }'], env);
      expect(r).toEqual({ stdout: `${z.dtrace}\n\n`, stderr: '', status: 3 });
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
    const bad = join(z.dir, 'bad.json');
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
