// compile() and Consumer together, as a host uses them: matched counts, enabled probes,
// EPIDs, failures naming their input, several programs sharing variables, if/else sugar,
// on-demand probes, and the typical latency script's output.
import { describe, expect, test } from 'vitest';
import { compile, CompileFailure, Consumer, DOptions } from '../../../src/d/index';
import type { ProbeCatalog, ProbeInfo, ProbeSpec } from '../../../src/d/host';
import { PROBES, catalog, compileText, ctx, run } from './harness';

describe('compile()', () => {
  test('matched counts probes per clause x description; enabled ids are unique', () => {
    const p = compileText('syscall::read:*, syscall::write:entry { } syscall:::entry { }');
    expect(p.matched).toEqual([5]);
    expect(p.enabledProbeIds).toEqual([10, 11, 12]);
  });
  test('if/else sugar counts every generated clause', () => {
    expect(compileText('BEGIN { if (1) { trace(1) } }').matched).toEqual([4]);
  });
  test('a failure names the input it came from', () => {
    let failure: unknown;
    try {
      compile({
        inputs: [
          { kind: 'n', text: 'BEGIN { x = 1 }', name: 'BEGIN { x = 1 }' },
          { kind: 'n', text: 'END { y = z }', name: 'END { y = z }' },
        ],
        macroArgs: [],
        argv0: 'dtrace',
        options: new DOptions(),
        catalog,
      });
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(CompileFailure);
    expect((failure as CompileFailure).inputIndex).toBe(1);
    expect((failure as CompileFailure).error.tag).toBe('D_IDENT_UNDEF');
    expect((failure as CompileFailure).error.context).toBe('action');
  });
  test('programs share variables and number EPIDs in program order', () => {
    const p = compile({
      inputs: [
        { kind: 'n', text: 'BEGIN { x = 41 }', name: 'BEGIN { x = 41 }' },
        { kind: 'n', text: 'BEGIN { printf("%d %d\\n", x + 1, epid); exit(0) }', name: '' },
      ],
      macroArgs: [],
      argv0: 'dtrace',
      options: (() => {
        const o = new DOptions();
        o.set('quiet');
        return o;
      })(),
      catalog,
    });
    expect(p.matched).toEqual([1, 1]);
    let out = '';
    const c = new Consumer(p, { sink: { stdout: (s) => (out += s), stderr: () => {} }, progname: 'dtrace' });
    c.begin(ctx());
    expect(out).toBe('42 2\n');
  });
  test('probes that exist on demand are provided before matching', () => {
    const asked: ProbeSpec[] = [];
    const extra: ProbeInfo[] = [];
    const cat: ProbeCatalog = {
      list: () => [...PROBES, ...extra],
      provide(spec) {
        asked.push(spec);
        if (spec.name === 'tick-5ms' && extra.length === 0) extra.push({ id: 99, provider: 'profile', module: '', func: '', name: 'tick-5ms', argTypes: [] });
      },
    };
    const p = compile({ inputs: [{ kind: 'n', text: 'tick-5ms { }', name: 'tick-5ms' }], macroArgs: [], argv0: 'dtrace', options: new DOptions(), catalog: cat });
    expect(asked).toEqual([{ provider: '', module: '', func: '', name: 'tick-5ms' }]);
    expect(p.enabledProbeIds).toEqual([99]);
  });
  test('macro arguments and -n descriptions', () => {
    expect(run('BEGIN { trace($1 + 1); trace($$2); exit(0) }', { x: ['quiet'], macroArgs: ['41', 'x'] }).stdout).toBe('42x\n');
    expect(run('BEGIN', { kind: 'n' }).stdout).toBe('CPU     ID                    FUNCTION:NAME\n  0      1                           :BEGIN \n\n');
  });
  test('destructive actions need -w', () => {
    const p = compileText('BEGIN { raise(9) }');
    expect(() => new Consumer(p, { sink: { stdout: () => {}, stderr: () => {} }, progname: 'dtrace' })).toThrow('Destructive actions not allowed');
    const w = compileText('BEGIN { raise(9) }', { x: ['destructive'] });
    expect(() => new Consumer(w, { sink: { stdout: () => {}, stderr: () => {} }, progname: 'dtrace' })).not.toThrow();
  });
});

describe('the typical latency script', () => {
  test('llquantize by zonename', () => {
    const fire: [number, ReturnType<typeof ctx>][] = [];
    const lat = [1500, 25_000, 25_500, 320_000];
    lat.forEach((l, i) => {
      const zone = i < 2 ? 'web0' : 'db0';
      fire.push([11, ctx({ threadSlot: i, timestamp: 10 })]);
      fire.push([10, ctx({ threadSlot: i, zonename: zone, timestamp: 1000 })]);
      fire.push([11, ctx({ threadSlot: i, zonename: zone, timestamp: 1000 + l })]);
    });
    const r = run(
      'syscall::read:entry { self->ts = timestamp; } syscall::read:return /self->ts/ { @[zonename] = llquantize(timestamp - self->ts, 10, 3, 11, 100); self->ts = 0; }',
      { x: ['quiet'], fire },
    );
    const head = `${'value'.padStart(16)} ${'------------- Distribution -------------'.padStart(41)} ${'count'.padEnd(9)}`;
    const row = (label: string | number, bar: string, n: number) => `${String(label).padStart(16)} |${bar.padEnd(40)} ${String(n).padEnd(9)}`;
    const at = (n: number) => '@'.repeat(n);
    expect(r.stdout).toBe(
      [
        '',
        '  web0                                              ',
        head,
        row(1400, '', 0),
        row(1500, at(20), 1),
        row(1600, '', 0),
        row(1700, '', 0),
        row(1800, '', 0),
        row(1900, '', 0),
        ...Array.from({ length: 90 }, (_, k) => 2000 + k * 100).filter((v) => v < 10000 && v >= 2000).map((v) => row(v, '', 0)),
        ...[10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000, 20000, 21000, 22000, 23000, 24000].map((v) => row(v, '', 0)),
        row(25000, at(20), 1),
        row(26000, '', 0),
        '',
        '  db0                                               ',
        head,
        row(24000, '', 0),
        row(25000, at(20), 1),
        row(26000, '', 0),
        ...Array.from({ length: 73 }, (_, k) => 27000 + k * 1000).filter((v) => v < 100000).map((v) => row(v, '', 0)),
        ...Array.from({ length: 22 }, (_, k) => 100000 + k * 10000).filter((v) => v < 320000).map((v) => row(v, '', 0)),
        row(320000, at(20), 1),
        row(330000, '', 0),
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('probe ids and spec kinds', () => {
  test('-P, -f, -m and -i place the argument in their field', () => {
    expect(compileText('syscall', { kind: 'P' }).enabledProbeIds).toEqual([10, 11, 12, 13]);
    expect(compileText('read', { kind: 'f' }).enabledProbeIds).toEqual([10, 11]);
    expect(compileText('unix', { kind: 'm' }).enabledProbeIds).toEqual([20, 21]);
    expect(compileText('12', { kind: 'i' }).enabledProbeIds).toEqual([12]);
  });
  test('an unknown probe id', () => {
    expect(() => compileText('77', { kind: 'i' })).toThrow('invalid probe identifier 77: Unknown probe identifier');
  });
});

describe('aggregation snapshots', () => {
  test('a host can read every aggregation as columns', () => {
    const p = compileText('BEGIN { @lat["web0"] = count(); @lat["db0"] = count(); @lat["db0"] = count(); @t = sum(7); }', { x: ['quiet'] });
    const c = new Consumer(p, { sink: { stdout: () => {}, stderr: () => {} }, progname: 'dtrace' });
    c.begin(ctx());
    const snaps = c.aggregations();
    expect(snaps.map((s) => [s.desc.name, s.desc.func, s.snapshot.size])).toEqual([
      ['lat', 'count', 2],
      ['t', 'sum', 1],
    ]);
  });
});

describe('classic scripts', () => {
  test('I/O by device and direction', () => {
    const fire = [
      [30, ctx({ args: [{ b_flags: 0x40, b_bcount: 4096 }, { dev_statname: 'sd1' }, {}] })],
      [30, ctx({ args: [{ b_flags: 0x100, b_bcount: 512 }, { dev_statname: 'sd1' }, {}] })],
      [30, ctx({ args: [{ b_flags: 0x40, b_bcount: 8192 }, { dev_statname: 'sd1' }, {}] })],
    ] as const;
    const r = run('io:::done { @[args[1]->dev_statname, args[0]->b_flags & B_READ ? "R" : "W"] = sum(args[0]->b_bcount); }', { x: ['quiet'], fire });
    const line = (d: string, rw: string, n: number) => `  ${d.padEnd(50)}  ${rw.padEnd(50)}${String(n).padStart(17)}\n`;
    expect(r.stdout).toBe(`\n${line('sd1', 'W', 512)}${line('sd1', 'R', 12288)}`);
  });
  test('off-cpu reasons from lwpsinfo state constants', () => {
    const fire = [
      [21, ctx({ curlwpsinfo: { pr_state: 2 } })],
      [21, ctx({ curlwpsinfo: { pr_state: 1 } })],
      [21, ctx({ curlwpsinfo: { pr_state: 1 } })],
    ] as const;
    const r = run('sched:::off-cpu { @[curlwpsinfo->pr_state == SRUN ? "preempt" : "block"] = count(); } END { printa("%s=%@d\\n", @); }', {
      x: ['quiet'],
      fire,
    });
    expect(r.stdout).toBe('preempt=1\nblock=2\n\n');
  });
});
