// zdtrace on simulated nodes (issue #3, CPU side): the built command runs D scripts with
// --fast over the scenarios in ./scenarios and the numbers they print are checked against
// what SmartOS's FSS, CPU caps and dispatcher do; plus seeds, --zone and bad scenarios.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useZdtrace, type Result } from '../zdtrace-harness';

const here = dirname(fileURLToPath(import.meta.url));
const SHARES = join(here, 'scenarios', 'shares.json');
const LATENCY = join(here, 'scenarios', 'latency.json');
const z = useZdtrace('zdtrace-sim-');
const fast = (...args: string[]): Result => z.run(['--fast', ...args]);

/** Runs a script (-q) and returns its stdout, failing on any stderr or status. */
function script(text: string, ...args: string[]): string {
  const file = join(z.dir, `s${Math.random().toString(36).slice(2)}.d`);
  writeFileSync(file, text);
  const r = fast('-q', ...args, '-s', file);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Lines "KEY... VALUE" into a map of the last field by the others. */
function table(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of out.split('\n')) {
    const w = l.trim().split(/\s+/);
    if (w.length >= 2) m.set(w.slice(0, -1).join(' '), Number(w.at(-1)));
  }
  return m;
}

const within = (x: number, want: number, rel: number): boolean => Math.abs(x - want) <= rel * want;

/** profile-997 samples per zone in two windows (2-10 s, 12-20 s), and cpucaps-sleep counts. */
const SAMPLE = `
profile-997 /timestamp >= 2000000000 && timestamp < 10000000000/ { @busy[1, zonename] = count(); }
profile-997 /timestamp >= 12000000000 && timestamp < 20000000000/ { @busy[2, zonename] = count(); }
sched:::cpucaps-sleep { @sleeps[zonename] = count(); }
tick-20s
{
	printa("%d %s %@d\\n", @busy);
	printa("caps-sleep %s %@d\\n", @sleeps);
	exit(0);
}
`;
/** Samples in one 8 s window of an 8-CPU node, per CPU kept busy. */
const PER_CPU = 997 * 8;

describe('FSS shares and CPU caps, measured in D', () => {
  it('splits the CPUs 1:3 between zones of 100 and 300 shares; the small one bursts to all CPUs when the other stops', () => {
    const t = table(script(SAMPLE, '--scenario', SHARES, '--node', 'uncapped'));
    const small = t.get('1 small')!;
    const big = t.get('1 big')!;
    expect(small + big).toBeGreaterThan(0.99 * 8 * PER_CPU);
    expect(within(small / (small + big), 0.25, 0.05)).toBe(true);
    expect(within(big / (small + big), 0.75, 0.05)).toBe(true);
    // The 300-share zone's workload ends at 10 s: the other has all 8 CPUs.
    expect(t.has('2 big')).toBe(false);
    expect(within(t.get('2 small')! / PER_CPU, 8, 0.05)).toBe(true);
  });

  it('a capped zone bursts only up to its cap when its neighbour goes idle', () => {
    const t = table(script(SAMPLE, '--scenario', SHARES, '--node', 'capped'));
    const small = t.get('1 small-capped')!;
    const big = t.get('1 big-capped')!;
    expect(within(small / (small + big), 0.25, 0.05)).toBe(true);
    expect(within(t.get('2 small-capped')! / PER_CPU, 5, 0.05)).toBe(true);
    expect(t.get('2 global')! / PER_CPU).toBeGreaterThan(2.5);
  });

  it('a cap of 150 holds a zone at 1.5 CPUs, with sched:::cpucaps-sleep firing', () => {
    const t = table(script(SAMPLE, '--scenario', SHARES, '--node', 'cap150'));
    expect(within(t.get('1 capped')! / PER_CPU, 1.5, 0.05)).toBe(true);
    expect(within(t.get('2 capped')! / PER_CPU, 1.5, 0.05)).toBe(true);
    expect(t.get('caps-sleep capped')).toBeGreaterThan(100);
  });
});

describe('run-queue latency, measured in D', () => {
  const LAT = `
syscall::read:entry /execname == "nginx"/ { self->ts = timestamp; }
syscall::read:return /self->ts && timestamp > 2000000000/ { @lat[zonename] = avg(timestamp - self->ts); @n[zonename] = count(); }
syscall::read:return { self->ts = 0; }
tick-10s { printa("%s %@d\\n", @lat); printa("n %s %@d\\n", @n); exit(0); }
`;
  it('a CPU hog that outnumbers the CPUs lengthens the web zone\'s read latency; more shares shorten it again', () => {
    const alone = table(script(LAT, '--scenario', LATENCY, '--node', 'alone')).get('web-alone')!;
    const contended = table(script(LAT, '--scenario', LATENCY, '--node', 'contended'));
    const favoured = table(script(LAT, '--scenario', LATENCY, '--node', 'favoured'));
    // Same request rate served throughout: the web zone is not saturated, only delayed.
    expect(contended.get('n web-contended')).toBeGreaterThan(3000);
    expect(contended.get('web-contended')!).toBeGreaterThan(1.15 * alone);
    expect(favoured.get('web-favoured')!).toBeLessThan(contended.get('web-contended')! / 1.15);
    expect(within(favoured.get('web-favoured')!, alone, 0.05)).toBe(true);
  });
});

describe('built-in variables', () => {
  it('keeps the firing thread\'s variables in ERROR, and sees simulated processes', () => {
    const r = fast(
      '-q', '--scenario', LATENCY, '--node', 'alone',
      '-n', 'syscall::read:entry /execname == "nginx"/ { x = 0; y = 1 / x; } ERROR { printf("%s %s %d %d\\n", execname, zonename, pid > 999, tid > 0); exit(0); }',
    );
    expect(r.stdout).toBe('nginx web-alone 1 1\n\n');
    expect(r.stderr).toMatch(/^dtrace: error on enabled probe ID \d+ \(ID \d+: syscall::read:entry\): divide-by-zero/);
    expect(r.status).toBe(0);
  });
});

describe('determinism', () => {
  const LAT = `
syscall:::entry { self->ts = timestamp; }
syscall:::return /self->ts/ { @[zonename, probefunc] = quantize(timestamp - self->ts); self->ts = 0; }
tick-2s { exit(0); }
`;
  it('the same seed prints identical output twice; another seed differs', () => {
    const a = script(LAT, '--seed', '3');
    expect(a.length).toBeGreaterThan(1000);
    expect(script(LAT, '--seed', '3')).toBe(a);
    expect(script(LAT, '--seed', '4')).not.toBe(a);
  });

  it('what a script enables does not change what the simulation does', () => {
    const reads = 'syscall::read:entry { n++; } tick-2s { printf("%d\\n", n); exit(0); }';
    const alone = script(reads);
    expect(Number(alone)).toBeGreaterThan(100);
    expect(script(`${reads} profile-4999 { @[cpu] = count(); } sched:::on-cpu, sched:::off-cpu, io:::start { @s = count(); }`).split('\n')[0]).toBe(alone.split('\n')[0]);
  });
});

describe('--zone', () => {
  const zone = ['--scenario', LATENCY, '--node', 'contended', '--zone', 'web-contended'];

  it('sees only its own zone', () => {
    const t = table(script('profile-997 { @[zonename] = count(); } syscall:::entry { @[zonename] = count(); } tick-2s { printa("%s %@d\\n", @); exit(0); }', ...zone));
    expect([...t.keys()]).toEqual(['web-contended']);
    const all = table(script('profile-997 { @[zonename] = count(); } tick-2s { printa("%s %@d\\n", @); exit(0); }', '--scenario', LATENCY, '--node', 'contended'));
    expect(all.has('hog-contended')).toBe(true);
  });

  it('has no io, fbt or sdt provider: a description of one matches nothing', () => {
    expect(fast(...zone, '-n', 'io:::start')).toEqual({
      stdout: '',
      stderr: 'dtrace: invalid probe specifier io:::start: probe description io:::start does not match any probes\n',
      status: 1,
    });
    expect(fast(...zone, '-n', 'io:::start', '-n', 'tick-1s { exit(0); }', '-Z').stderr).toBe(
      "dtrace: description 'io:::start' matched 0 probes\ndtrace: description 'tick-1s ' matched 1 probe\n",
    );
    expect(fast(...zone, '-l', '-P', 'fbt').stderr).toBe('dtrace: failed to match fbt:::: No probe matches description\n');
    expect(fast(...zone, '-l', '-P', 'sdt').stderr).toBe('dtrace: failed to match sdt:::: No probe matches description\n');
    expect(fast('--scenario', LATENCY, '--node', 'contended', '-l', '-n', 'io:::start').stdout).toContain(' io ');
  });

  it("reads another zone's thread in an argument as an empty structure", () => {
    const text = 'sched:::off-cpu { @[stringof(args[1]->pr_fname), args[1]->pr_pid, args[0]->pr_lwpid] = count(); } tick-2s { printa("[%s] %d %d %@d\\n", @); exit(0); }';
    const inside = script(text, ...zone);
    const names = new Set(inside.split('\n').filter((l) => l !== '').map((l) => /^\[(.*)\] (\d+) (\d+) /.exec(l)![1]));
    expect(names).toEqual(new Set(['', 'nginx']));
    expect(inside).toMatch(/^\[\] 0 0 \d+$/m);
    const outside = script(text, '--scenario', LATENCY, '--node', 'contended');
    expect(outside).toMatch(/^\[hog\] \d+ \d+ \d+$/m);
  });
});

describe('scenarios', () => {
  it('rejects a malformed scenario file naming the field, with status 2', () => {
    const bad = join(z.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', nodes: [{ hostname: 'cn1', zones: [{ name: 'z', cpu_cap: -5 }] }] }));
    expect(fast('--scenario', bad, '-n', 'BEGIN')).toEqual({
      stdout: '',
      stderr: `dtrace: invalid scenario ${bad}: nodes[0].zones[0].cpu_cap: must be a positive integer\n`,
      status: 2,
    });
    writeFileSync(bad, JSON.stringify({ name: 'bad', nodes: [{ hostname: 'cn1', ncpus: 8, zones: [{ name: 'z', cpu_capp: 5 }] }] }));
    expect(fast('--scenario', bad, '-n', 'BEGIN')).toMatchObject({
      stderr: `dtrace: invalid scenario ${bad}: nodes[0].zones[0].cpu_capp: unknown field\n`,
      status: 2,
    });
  });

  it('rejects an unknown --node or --zone, naming what exists', () => {
    expect(fast('--scenario', SHARES, '--node', 'cn9', '-n', 'BEGIN')).toEqual({
      stdout: '',
      stderr: "dtrace: unknown node 'cn9' in scenario shares: expected one of uncapped, capped, cap150\n",
      status: 2,
    });
    expect(fast('--scenario', SHARES, '--node', 'cap150', '--zone', 'big', '-n', 'BEGIN')).toMatchObject({
      stderr: "dtrace: unknown zone 'big' on cap150: expected one of global, capped\n",
      status: 2,
    });
  });

  it('--stats counts simulator events and the firings delivered', () => {
    const r = fast('--stats', '--scenario', LATENCY, '--node', 'alone', '-q', '-n', 'syscall::read:entry { n++; } tick-1s { printf("%d\\n", n); exit(0); }');
    expect(r.status).toBe(0);
    const reads = Number(r.stdout.trim());
    expect(reads).toBeGreaterThan(300);
    const s = JSON.parse(r.stderr) as { simulated_s: number; events: number; firings: number };
    expect(s.simulated_s).toBe(1);
    expect(s.firings).toBe(reads + 1);
    expect(s.events).toBeGreaterThan(reads);
  });
});
