// The built zdtrace command, run as illumos users run dtrace: through a symlink named
// `dtrace` in another directory, so every message reads `dtrace: ...`. Expected texts are
// written from dtrace(1M) (d-language §6) and dtrace-semantics §2, not captured from runs.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { usageText } from '../../../src/cli/usage';
import { SIM_PROBES } from '../../../src/sim/probes';
import { root, useZdtrace, type Result } from '../zdtrace-harness';

const z = useZdtrace('zdtrace-test-', { timeoutMs: 20_000 });
const run = z.run;

/** The conformance host: one quiet 8-CPU node (test/conformance/node8.json). */
const NODE8 = join(root, 'test', 'conformance', 'node8.json');
const fast = (...args: string[]): Result => run(['--fast', '--scenario', NODE8, ...args]);
/** The id a probe made on demand gets first: after dtrace's 3, profile's 13 and the simulator's. */
const NEXT_ID = 17 + SIM_PROBES.length;

/** One `-l` row: "%5d %10s %17s %33s %s\n". */
const row = (id: number, prov: string, mod: string, func: string, name: string): string =>
  `${String(id).padStart(5)} ${prov.padStart(10)} ${mod.padStart(17)} ${func.padStart(33)} ${name}\n`;
const HEADER = '   ID   PROVIDER            MODULE                          FUNCTION NAME\n';

describe('usage and modes', () => {
  it('prints the usage on stderr with status 2 when given nothing', () => {
    expect(run([])).toEqual({ stdout: '', stderr: usageText('dtrace'), status: 2 });
    expect(run(['--fast'])).toEqual({ stdout: '', stderr: usageText('dtrace'), status: 2 });
    expect(usageText('dtrace')).toMatch(/^Usage: dtrace \[-32\|-64\] \[-aACeFGhHlqSvVwZ\] \[-b bufsz\]/);
  });

  it("reports getopt's errors, then the usage", () => {
    expect(fast('-k')).toEqual({ stdout: '', stderr: `dtrace: illegal option -- k\n${usageText('dtrace')}`, status: 2 });
    expect(fast('-q', '-n')).toEqual({
      stdout: '',
      stderr: `dtrace: option requires an argument -- n\n${usageText('dtrace')}`,
      status: 2,
    });
    expect(fast('-31')).toEqual({ stdout: '', stderr: `dtrace: illegal option -- 31\n${usageText('dtrace')}`, status: 2 });
  });

  it('allows only one of -A -G -h -l -V', () => {
    expect(fast('-l', '-V')).toEqual({
      stdout: '',
      stderr: 'dtrace: only one of the [-AGhlV] options can be specified at a time\n',
      status: 2,
    });
  });

  it('-V prints the D version under the invoked name', () => {
    expect(fast('-V')).toEqual({ stdout: 'dtrace: Sun D 1.12.1\n', stderr: '', status: 0 });
    const direct = spawnSync(join(root, 'bin', 'zdtrace'), ['-V'], { encoding: 'utf8' });
    expect(direct.stdout).toBe('zdtrace: Sun D 1.12.1\n');
  });

  it('--help prints the usage and the simulator options on stdout', () => {
    const r = fast('--help');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(usageText('dtrace'))).toBe(true);
    expect(r.stdout).toContain('--scenario NAME|FILE.json');
  });

  it('rejects an unknown scenario and a bad seed with status 2', () => {
    const r = fast('--scenario', 'nosuch', '-n', 'BEGIN');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^dtrace: unknown scenario 'nosuch': expected one of demo, noisy-neighbor, cpu-contention, large or a FILE\.json\n$/);
    expect(fast('--seed', 'x', '-n', 'BEGIN')).toMatchObject({ status: 2, stderr: "dtrace: invalid --seed 'x': must be a non-negative integer\n" });
    expect(fast('--scenario', 'nosuch.json', '-n', 'BEGIN')).toMatchObject({
      status: 2,
      stderr: 'dtrace: failed to open scenario nosuch.json: No such file or directory\n',
    });
  });
});

describe('-l', () => {
  it('lists every probe in id order', () => {
    const r = fast('-l');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0] + '\n').toBe(HEADER);
    expect(lines.slice(1, 4).map((l) => l + '\n')).toEqual([
      row(1, 'dtrace', '', '', 'BEGIN'),
      row(2, 'dtrace', '', '', 'END'),
      row(3, 'dtrace', '', '', 'ERROR'),
    ]);
    expect(lines).toContain(row(4, 'profile', '', '', 'profile-97').trimEnd());
    expect(lines).toContain(row(16, 'profile', '', '', 'tick-5000').trimEnd());
  });

  it('lists per description, in program order, with repeats, and -P/-m/-f/-i slots', () => {
    expect(fast('-l', '-n', 'BEGIN', '-n', 'dtrace:::END', '-n', 'BEGIN')).toEqual({
      stdout: HEADER + row(1, 'dtrace', '', '', 'BEGIN') + row(2, 'dtrace', '', '', 'END') + row(1, 'dtrace', '', '', 'BEGIN'),
      stderr: '',
      status: 0,
    });
    const p = fast('-l', '-P', 'dtrace');
    expect(p.stdout).toBe(HEADER + row(1, 'dtrace', '', '', 'BEGIN') + row(2, 'dtrace', '', '', 'END') + row(3, 'dtrace', '', '', 'ERROR'));
    expect(fast('-l', '-i', '3').stdout).toBe(HEADER + row(3, 'dtrace', '', '', 'ERROR'));
    expect(fast('-l', '-n', 'tick-1?').stdout).toBe(HEADER + row(12, 'profile', '', '', 'tick-10'));
  });

  it('-v adds each probe\'s stability attributes and argument types', () => {
    const attrs = (title: string, n: string, d: string, c: string): string =>
      `\n\t${title}\n\t\tIdentifier Names: ${n}\n\t\tData Semantics:   ${d}\n\t\tDependency Class: ${c}\n`;
    expect(fast('-lv', '-n', 'BEGIN').stdout).toBe(
      HEADER +
        row(1, 'dtrace', '', '', 'BEGIN') +
        attrs('Probe Description Attributes', 'Private', 'Private', 'Unknown') +
        attrs('Argument Attributes', 'Stable', 'Stable', 'Common') +
        '\n\tArgument Types\n\t\tNone\n\n',
    );
    expect(fast('-l', '-v', '-n', 'tick-1').stdout).toBe(
      HEADER +
        row(11, 'profile', '', '', 'tick-1') +
        attrs('Probe Description Attributes', 'Private', 'Private', 'Unknown') +
        attrs('Argument Attributes', 'Evolving', 'Evolving', 'Common') +
        '\n\tArgument Types\n\t\tNone\n\n',
    );
  });

  it("lists a script's descriptions clause by clause", () => {
    writeFileSync(join(z.dir, 'list.d'), 'BEGIN\n{\n}\n\ntick-1s,\nprofile:::tick-2s\n{\n}\n\nfoo:::bar { }\n');
    expect(fast('-l', '-s', 'list.d')).toEqual({
      stdout: HEADER + row(1, 'dtrace', '', '', 'BEGIN') + row(NEXT_ID, 'profile', '', '', 'tick-1s') + row(NEXT_ID + 1, 'profile', '', '', 'tick-2s'),
      stderr: 'dtrace: failed to match foo:::bar: No probe matches description\n',
      status: 0,
    });
  });

  it('creates a profile probe a description names', () => {
    expect(fast('-l', '-n', 'profile:::tick-7s').stdout).toBe(HEADER + row(NEXT_ID, 'profile', '', '', 'tick-7s'));
  });

  it('reports a description that matches nothing, with status 0', () => {
    expect(fast('-l', '-n', 'nosuch')).toEqual({
      stdout: HEADER,
      stderr: 'dtrace: failed to match :::nosuch: No probe matches description\n',
      status: 0,
    });
    expect(fast('-l', '-m', 'foo').stderr).toBe('dtrace: failed to match :foo::: No probe matches description\n');
    expect(fast('-l', '-n', 'tick-100us').stderr).toBe('dtrace: failed to match :::tick-100us: No probe matches description\n');
  });
});

describe('running programs', () => {
  const BEGIN_LINE = '  0      1                           :BEGIN \n';
  const TRACE_HEADER = 'CPU     ID                    FUNCTION:NAME\n';

  it('reports what a description matched, cut at its first { / or ;', () => {
    expect(fast('-n', 'BEGIN { exit(0); }')).toEqual({
      stdout: TRACE_HEADER + BEGIN_LINE + '\n',
      stderr: "dtrace: description 'BEGIN ' matched 1 probe\n",
      status: 0,
    });
    expect(fast('-n', 'BEGIN, END { exit(0); }').stderr).toBe("dtrace: description 'BEGIN, END ' matched 2 probes\n");
  });

  it('reports what a script matched, and -q hides the notice', () => {
    writeFileSync(join(z.dir, 'two.d'), 'BEGIN\n{\n\texit(0);\n}\n\nEND\n{\n}\n');
    const r = fast('-s', 'two.d');
    expect(r.stderr).toBe("dtrace: script 'two.d' matched 2 probes\n");
    expect(r.status).toBe(0);
    expect(fast('-q', '-s', 'two.d')).toEqual({ stdout: '\n', stderr: '', status: 0 });
  });

  it('prefixes compile errors by how the program was given, with -x errtags', () => {
    expect(fast('-n', 'BEGIN { x = ; }')).toEqual({
      stdout: '',
      stderr: 'dtrace: invalid probe specifier BEGIN { x = ; }: syntax error near ";"\n',
      status: 1,
    });
    expect(fast('-x', 'errtags', '-n', 'BEGIN { x = ; }').stderr).toBe(
      'dtrace: invalid probe specifier BEGIN { x = ; }: [D_SYNTAX] syntax error near ";"\n',
    );
    writeFileSync(join(z.dir, 'bad.d'), 'BEGIN\n{\n\tx = ;\n}\n');
    expect(fast('-s', 'bad.d')).toEqual({
      stdout: '',
      stderr: 'dtrace: failed to compile script bad.d: line 3: syntax error near ";"\n',
      status: 1,
    });
  });

  it('reports a missing script file', () => {
    expect(fast('-s', 'nosuch.d')).toEqual({ stdout: '', stderr: 'dtrace: failed to open nosuch.d: No such file or directory\n', status: 1 });
  });

  it('-e compiles and stops', () => {
    expect(fast('-e', '-n', 'BEGIN { exit(0); }')).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(fast('-e', '-n', 'BEGIN { x = ; }').status).toBe(1);
  });

  it('exits with exit(n) & 0xff', () => {
    expect(fast('-q', '-n', 'BEGIN { exit(3); }')).toEqual({ stdout: '\n', stderr: '', status: 3 });
    expect(fast('-q', '-n', 'BEGIN { exit(263); }').status).toBe(7);
  });

  it('reports bad option settings and empty enablings', () => {
    expect(fast('-x', 'nosuch', '-n', 'BEGIN')).toEqual({ stdout: '', stderr: 'dtrace: failed to set -x nosuch: Invalid option name\n', status: 1 });
    expect(fast('-b', 'lots', '-n', 'BEGIN').stderr).toBe('dtrace: failed to set -b lots: Invalid value for specified option\n');
    expect(fast('-q')).toEqual({ stdout: '', stderr: 'dtrace: no probes specified\n', status: 1 });
    expect(fast('-x', 'zdefs', '-n', 'nosuch:::')).toEqual({
      stdout: '',
      stderr: "dtrace: description 'nosuch:::' matched 0 probes\ndtrace: no probes matched\n",
      status: 1,
    });
  });

  it('-w announces destructive actions', () => {
    expect(fast('-w', '-n', 'BEGIN { exit(0); }').stderr).toBe(
      "dtrace: description 'BEGIN ' matched 1 probe\ndtrace: allowing destructive actions\n",
    );
  });

  it('-o appends the output to a file', () => {
    const file = join(z.dir, 'out.txt');
    writeFileSync(file, 'before\n');
    expect(fast('-q', '-o', file, '-n', 'BEGIN { printf("hi\\n"); exit(0); }')).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(readFileSync(file, 'utf8')).toBe('before\nhi\n\n');
  });

  it('honours _DTRACE_TESTING', () => {
    const r = run(['--fast', '-n', 'BEGIN { exit(0); }'], { _DTRACE_TESTING: '1' });
    expect(r.stdout).toBe(`${'FUNCTION:NAME'.padStart(32)}\n${':BEGIN'.padStart(32)} \n\n`);
  });

  it('fires tick-10ms 100 times per simulated second', () => {
    const r = fast('-q', '-n', 'tick-10ms { @n = count(); } tick-1s { exit(0); }');
    expect(r).toEqual({ stdout: `\n ${'100'.padStart(16)}\n`, stderr: '', status: 0 });
  });

  it('prints quantize and lquantize at exit as illumos does', () => {
    const r = fast('-n', 'BEGIN { @q["x"] = quantize(5); @l["y"] = lquantize(7, 0, 10, 3); exit(0); }');
    const bar0 = `|${' '.repeat(40)}`;
    const bar1 = `|${'@'.repeat(40)}`;
    const line = (label: string, bar: string, n: number): string => `${label.padStart(16)} ${bar} ${String(n).padEnd(9)}\n`;
    const head = `${'value'.padStart(16)} ${'------------- Distribution -------------'.padStart(41)} ${'count'.padEnd(9)}\n`;
    expect(r.stderr).toBe("dtrace: description 'BEGIN ' matched 1 probe\n");
    expect(r.stdout).toBe(
      TRACE_HEADER +
        BEGIN_LINE +
        '\n' +
        `  ${'x'.padEnd(50)}\n` +
        head +
        line('2', bar0, 0) +
        line('4', bar1, 1) +
        line('8', bar0, 0) +
        '\n' +
        `  ${'y'.padEnd(50)}\n` +
        head +
        line('3', bar0, 0) +
        line('6', bar1, 1) +
        line('>= 9', bar0, 0) +
        '\n',
    );
    expect(r.status).toBe(0);
  });

  it('starts simulated time at 0 at BEGIN, with walltimestamp from the default epoch', () => {
    expect(fast('-q', '-n', 'BEGIN { printf("%d %Y\\n", timestamp, walltimestamp); } tick-1s { printf("%d\\n", timestamp); exit(0); }')).toEqual({
      stdout: '0 2011 Aug 15 00:00:00\n1000000000\n\n',
      stderr: '',
      status: 0,
    });
  });

  it('fires profile-N on every CPU and BEGIN on CPU 0', () => {
    const r = fast('-q', '-n', 'BEGIN { printf("%d\\n", cpu); } profile-1s { @[cpu] = count(); } tick-1s { exit(0); }');
    // cpu is an int: its key prints " %8d" (dtrace-semantics §6 trap 11).
    const rows = Array.from({ length: 8 }, (_, i) => ` ${String(i).padStart(8)} ${'1'.padStart(16)}\n`).join('');
    expect(r).toEqual({ stdout: `0\n\n${rows}`, stderr: '', status: 0 });
  });

  it('runs the consumer in the --zone zone', () => {
    expect(fast('--zone', 'quiet0', '-q', '-n', 'BEGIN { printf("%s\\n", zonename); exit(0); }').stdout).toBe('quiet0\n\n');
    expect(fast('-q', '-n', 'BEGIN { printf("%s\\n", zonename); exit(0); }').stdout).toBe('global\n\n');
  });

  it('--stats prints one JSON line on stderr', () => {
    const r = fast('--stats', '-q', '-n', 'tick-1s { exit(0); }');
    expect(r.stdout).toBe('\n');
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const s = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(s)).toEqual(['simulated_s', 'wall_s', 'events', 'firings']);
    expect(s.simulated_s).toBe(1);
    expect(typeof s.wall_s).toBe('number');
    expect(s.firings).toBe(1);
    expect(s.events).toBeGreaterThanOrEqual(2);
  });
});

describe('signals and pacing', () => {
  /** Starts dtrace, waits for `ready` on stdout, sends `signals`, resolves at exit. */
  function interrupt(args: string[], ready: string, signals: NodeJS.Signals[]): Promise<Result> {
    return new Promise((resolve, reject) => {
      const child = spawn(z.dtrace, args, { cwd: z.dir });
      let stdout = '';
      let stderr = '';
      let sent = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`timed out; stdout so far: ${JSON.stringify(stdout)}`));
      }, 15_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!sent && stdout.includes(ready)) {
          sent = true;
          for (const s of signals) child.kill(s);
        }
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, status });
      });
    });
  }

  it('a SIGINT ends the run like exit(0): a newline, END, the final newline and the aggregations', async () => {
    const r = await interrupt(
      ['-q', '-n', 'BEGIN { printf("go\\n"); @a = count(); } END { printf("end\\n"); }'],
      'go\n',
      ['SIGINT'],
    );
    expect(r).toEqual({ stdout: `go\n\nend\n\n ${'1'.padStart(16)}\n`, stderr: '', status: 0 });
  });

  it('SIGTERM does the same in fast mode', async () => {
    const r = await interrupt(['--fast', '-q', '-n', 'BEGIN { printf("go\\n"); } END { printf("end\\n"); }'], 'go\n', ['SIGTERM']);
    expect(r).toEqual({ stdout: 'go\n\nend\n\n', stderr: '', status: 0 });
  });

  it('ends quietly when its reader goes away, as with `| head`', async () => {
    const r = await new Promise<Result>((resolve, reject) => {
      const child = spawn(z.dtrace, ['--fast', '-q', '-n', 'tick-1ms { printf("%d\\n", timestamp); }'], { cwd: z.dir });
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('did not exit'));
      }, 15_000);
      child.stdout.once('data', () => child.stdout.destroy());
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ stdout: '', stderr, status });
      });
    });
    expect(r).toEqual({ stdout: '', stderr: '', status: 1 });
  });

  it('paces tick-1s to the wall clock without --fast', () => {
    const t0 = performance.now();
    const r = run(['-q', '-n', 'tick-1s { exit(0); }']);
    const ms = performance.now() - t0;
    expect(r.status).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(5000);
  });
});
