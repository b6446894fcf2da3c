// The zonescope command line: help, the built-in scenarios with their tokens, and usage
// errors (exit 2, a message saying what was wrong and what is accepted, then the usage).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/zonescope';
import { BUILTIN_SCENARIOS, builtinScenario } from '../../../src/sim/scenarios/index';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(root, 'bin', 'zonescope');

function zonescope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('zonescope', () => {
  it('prints its help with -h and --help (exit 0)', () => {
    for (const flag of ['-h', '--help']) {
      const r = zonescope(flag);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: zonescope serve/);
      expect(r.stdout).toContain('--operator-token TOKEN');
    }
    expect(zonescope('serve', '--help').status).toBe(0);
  });

  it('lists every built-in scenario on one line with its customers and their tokens', () => {
    const r = zonescope('scenarios');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(Object.keys(BUILTIN_SCENARIOS).length);
    for (const name of Object.keys(BUILTIN_SCENARIOS)) {
      const line = lines.find((l) => l.startsWith(`${name}: `));
      expect(line, name).toBeDefined();
      for (const c of builtinScenario(name)!.customers) expect(line, name).toContain(`${c.id}=${c.token}`);
    }
  });

  it('works through a symlink', () => {
    const d = mkdtempSync(join(tmpdir(), 'zs-link-'));
    try {
      symlinkSync(bin, join(d, 'zs'));
      const r = spawnSync(process.execPath, [join(d, 'zs'), 'scenarios'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('demo: ');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  const usage: [string[], RegExp][] = [
    [[], /missing subcommand: expected serve or scenarios/],
    [['bogus'], /unknown subcommand 'bogus': expected serve or scenarios/],
    [['scenarios', 'extra'], /scenarios takes no arguments/],
    [['serve', '--port', 'http'], /invalid --port 'http': must be an integer from 0 to 65535/],
    [['serve', '--port=70000'], /invalid --port '70000'/],
    [['serve', '--speed', '0'], /invalid --speed '0': .*above 0/],
    [['serve', '--speed', 'fast'], /invalid --speed 'fast'/],
    [['serve', '--verbose'], /unknown option '--verbose': serve accepts --port, --host/],
    [['serve', '--port'], /option '--port' needs a value/],
    [['serve', '--port', '1', '--port', '2'], /option '--port' given twice/],
    [['serve', 'now'], /unexpected argument 'now'/],
    [['serve', '--operator-token', 'short'], /invalid --operator-token: must be 8 to 256 printable ASCII/],
    [['serve', '--operator-token', 'acme-7f3a91c2e4b6'], /invalid --operator-token: it is customer acme's token/],
    [['serve', '--scenario', 'nowhere'], /unknown scenario 'nowhere': expected one of demo, .* or a FILE.json/],
    [['serve', '--scenario', '/nonexistent/s.json'], /failed to open scenario \/nonexistent\/s.json/],
  ];
  for (const [args, message] of usage) {
    it(`exits 2 for: zonescope ${args.join(' ')}`, () => {
      const r = zonescope(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^zonescope: /);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }

  it('names the field of a bad scenario file and exits 2', () => {
    const d = mkdtempSync(join(tmpdir(), 'zs-bad-'));
    try {
      const f = join(d, 'bad.json');
      writeFileSync(f, JSON.stringify({ name: 'bad', nodes: [{ hostname: 'cn1', ncpus: 4, ramGiB: 8, pool: { kind: 'ssd', disks: 1 }, zones: [{ name: 'z', cpu_cap: -1 }] }] }));
      const r = zonescope('serve', '--scenario', f);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`invalid scenario ${f}: nodes[0].zones[0].cpu_cap:`);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('parses a full serve command line', () => {
    expect(parseArgs(['serve', '--port', '0', '--host=::1', '--scenario', 'x.json', '--data', '/d', '--operator-token', 'op-12345678', '--speed', '2.5'])).toEqual({
      k: 'serve', port: 0, host: '::1', scenario: 'x.json', dataDir: '/d', operatorToken: 'op-12345678', speed: 2.5, defaults: true,
    });
    expect(parseArgs(['serve'])).toEqual({ k: 'serve', port: 8080, host: '127.0.0.1', scenario: 'demo', dataDir: undefined, operatorToken: undefined, speed: 1, defaults: true });
  });

  it('parses --no-defaults as a flag without a value', () => {
    expect(parseArgs(['serve', '--no-defaults', '--port', '0'])).toMatchObject({ k: 'serve', port: 0, defaults: false });
    expect(parseArgs(['serve', '--no-defaults=yes'])).toEqual({ k: 'usage', message: "option '--no-defaults' takes no value" });
    expect(parseArgs(['serve', '--no-defaults', '--no-defaults'])).toEqual({ k: 'usage', message: "option '--no-defaults' given twice" });
  });
});
