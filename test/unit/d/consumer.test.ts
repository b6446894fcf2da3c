// What the consumer prints (dtrace-semantics §2-§4): the default header and rows, quiet
// output, exit() and END, faults and ERROR, drops, speculations, aggregation actions and
// the run-out, byte for byte.
import { describe, expect, test } from 'vitest';
import { Consumer } from '../../../src/d/index';
import { compileText, ctx, run } from './harness';

const HEADER = 'CPU     ID                    FUNCTION:NAME\n';

describe('default output', () => {
  test('header once, then one row per recording clause firing', () => {
    const r = run('BEGIN { trace(42); } BEGIN { printf("hi"); exit(0) }');
    expect(r.stdout).toBe(`${HEADER}  0      1                           :BEGIN        42\n  0      1                           :BEGIN hi\n\n`);
  });
  test('an empty clause records a line; aggregations and assignments record nothing', () => {
    expect(run('BEGIN {}').stdout).toBe(`${HEADER}  0      1                           :BEGIN \n\n`);
    expect(run('BEGIN { @ = count(); }').stdout).toBe(`\n${'1'.padStart(17)}\n`);
    expect(run('BEGIN { x = 1; self->y = x; }').stdout).toBe('\n');
  });
  test('setopt() affects the records after it in the same clause', () => {
    const r = run('BEGIN { @c["b"] = count(); @c["a"] = count(); @c["a"] = count(); printa(@c); setopt("aggsortkey"); printa(@c); exit(0) }', { x: ['quiet'] });
    const line = (k: string, n: number) => `  ${k}${' '.repeat(49)}${String(n).padStart(17)}\n`;
    expect(r.stdout).toBe(`\n${line('b', 1)}${line('a', 2)}\n${line('a', 2)}${line('b', 1)}\n`);
  });
  test('rows name the probe and CPU', () => {
    const r = run('syscall::read:entry { trace(1) }', { fire: [[10, ctx({ cpu: 3 })]] });
    expect(r.stdout).toBe(`${HEADER}  3     10                       read:entry         1\n\n`);
  });
  test('_DTRACE_TESTING drops the CPU and ID columns', () => {
    const r = run('BEGIN { trace(1) }', { testing: true });
    expect(r.stdout).toBe('                   FUNCTION:NAME\n                          :BEGIN         1\n\n');
  });
  test('quiet prints bare data and no header', () => {
    expect(run('BEGIN { trace(1); trace("a"); exit(0) }', { x: ['quiet'] }).stdout).toBe('1a\n');
  });
  test('setopt("quiet") takes effect at run time', () => {
    const r = run('BEGIN { setopt("quiet"); } BEGIN { trace(5); exit(0) }');
    // The setopt clause's row was begun before quiet took effect; its newline is not printed.
    expect(r.stdout).toBe(`${HEADER}  0      1                           :BEGIN 5\n`);
  });
  test('setopt of an unknown option reports it', () => {
    const r = run('BEGIN { setopt("nosuch", "1"); }', { x: ['quiet'] });
    expect(r.stderr).toBe('dtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): couldn\'t set option "nosuch" to "1": Invalid option name\n');
  });
});

describe('exit() and END', () => {
  test('exit finishes the clause, skips later BEGIN clauses, runs END, sets the status', () => {
    const r = run('BEGIN { exit(3); trace(1) } BEGIN { trace(2) } END { trace(3) }', { x: ['quiet'] });
    expect(r.stdout).toBe('13\n');
    expect(r.status).toBe(3);
  });
  test('exit in END overrides the status; status is n & 0xff', () => {
    expect(run('BEGIN { exit(1) } END { exit(258) }').status).toBe(2);
  });
  test('probes are not fired after exit()', () => {
    const r = run('syscall::read:entry { trace(1); exit(0) }', { x: ['quiet'], fire: [[10, ctx()], [10, ctx()]] });
    expect(r.stdout).toBe('1\n');
  });
});

describe('faults', () => {
  test('the faulting clause records nothing, keeps aggregation updates and fires ERROR', () => {
    const r = run(
      'BEGIN { @n = count(); x = 0; printf("lost"); y = 1 / x; } ERROR { printf("epid=%d act=%d fault=%d\\n", arg1, arg2, arg4); }',
      { x: ['quiet'] },
    );
    expect(r.stdout).toBe(`epid=1 act=4 fault=4\n\n${'1'.padStart(17)}\n`);
    expect(r.stderr).toBe('dtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): divide-by-zero in action #4 at DIF offset 0\n');
    expect(r.status).toBe(0);
  });
  test('a fault inside ERROR is only counted', () => {
    const r = run('BEGIN { x = 0; y = 1 / x; } ERROR { z = 1 / x; }', { x: ['quiet'] });
    expect(r.stderr).toBe(
      'dtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): divide-by-zero in action #2 at DIF offset 0\ndtrace: 1 error in ERROR probe enabling\n',
    );
  });
});

describe('dynamic variables', () => {
  test('dynvarsize bounds thread-locals and associative arrays; drops are reported', () => {
    const fire = Array.from({ length: 50 }, (_, i) => [10, ctx({ threadSlot: i })] as const);
    const r = run('syscall::read:entry { self->x = 1; a[tid] = 1 }', {
      x: ['quiet', 'dynvarsize=1k'],
      fire,
    });
    expect(r.stderr).toMatch(/^dtrace: \d+ dynamic variable drops\n$/);
  });
  test('freed variables make room again', () => {
    const fire = Array.from({ length: 200 }, (_, i) => [i % 2 ? 11 : 10, ctx({ threadSlot: i % 7 })] as const);
    const r = run('syscall::read:entry { self->ts = timestamp } syscall::read:return { self->ts = 0 }', { x: ['quiet', 'dynvarsize=1k'], fire });
    expect(r.stderr).toBe('');
  });
  test('threadExited frees a thread\'s variables', () => {
    const program = compileText('syscall::read:entry /self->n == 0/ { self->n = 1; printf("new %d\\n", tid) }', { x: ['quiet'] });
    let out = '';
    const c = new Consumer(program, { sink: { stdout: (s) => (out += s), stderr: () => {} }, progname: 'dtrace' });
    c.fire(10, ctx({ tid: 5, threadSlot: 2 }));
    c.fire(10, ctx({ tid: 5, threadSlot: 2 }));
    c.threadExited(2);
    c.fire(10, ctx({ tid: 6, threadSlot: 2 }));
    expect(out).toBe('new 5\nnew 6\n');
  });
});

describe('speculations', () => {
  test('commit prints the speculated records, discard drops them', () => {
    const script = (end: string) =>
      `BEGIN { s = speculation(); } BEGIN { speculate(s); printf("kept\\n"); } BEGIN { ${end}(s); } BEGIN { printf("after\\n"); exit(0) }`;
    expect(run(script('commit'), { x: ['quiet'] }).stdout).toBe('kept\nafter\n\n');
    expect(run(script('discard'), { x: ['quiet'] }).stdout).toBe('after\n\n');
  });
  test('nspec limits speculation() and failures are reported', () => {
    const r = run('BEGIN { a = speculation(); b = speculation(); printf("%d %d\\n", a, b); exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe('1 0\n\n');
    expect(r.stderr).toBe('dtrace: 1 failed speculation (no speculative buffer available)\n');
  });
  test('specsize bounds a speculation; overflow is a speculative drop', () => {
    const r = run('BEGIN { s = speculation(); } BEGIN { speculate(s); printf("%s", "0123456789"); } BEGIN { commit(s); exit(0) }', {
      x: ['quiet', 'specsize=8'],
    });
    expect(r.stdout).toBe('\n');
    expect(r.stderr).toBe('dtrace: 1 speculative drop\n');
  });
});

describe('aggregations', () => {
  test('printed at the end after the newline, in DTrace order', () => {
    const r = run('BEGIN { @c["b"] = count(); @c["a"] = count(); @c["a"] = count(); @s = sum(10); exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe(
      '\n' + `  b${' '.repeat(49)}${'1'.padStart(17)}\n` + `  a${' '.repeat(49)}${'2'.padStart(17)}\n` + `${'10'.padStart(17)}\n`,
    );
  });
  test('printa() output is not repeated at the end; formats consume keys and %@', () => {
    const r = run('BEGIN { @[1, "x"] = max(3); printa("%d %s %@d\\n", @); exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe('1 x 3\n\n');
  });
  test('clear keeps keys, trunc removes them, normalize divides', () => {
    expect(run('BEGIN { @["k"] = sum(5); clear(@); exit(0) }', { x: ['quiet'] }).stdout).toBe(`\n  k${' '.repeat(49)}${'0'.padStart(17)}\n`);
    expect(run('BEGIN { @["k"] = sum(5); trunc(@); exit(0) }', { x: ['quiet'] }).stdout).toBe('\n');
    expect(run('BEGIN { @ = sum(10); normalize(@, 5); exit(0) }', { x: ['quiet'] }).stdout).toBe(`\n${'2'.padStart(17)}\n`);
  });
});

describe('aggregation space', () => {
  test('aggsize bounds the entries; drops are reported per CPU', () => {
    const fire = Array.from({ length: 40 }, (_, i) => [10, ctx({ cpu: 1, pid: i })] as const);
    const r = run('syscall::read:entry { @[pid] = count(); }', { x: ['quiet', 'aggsize=512'], fire });
    expect(r.stderr).toMatch(/^dtrace: \d+ aggregation drops on CPU 1\n$/);
  });
});

describe('readsArgs (a host may skip recording arguments nobody reads)', () => {
  const reads = (text: string) => new Consumer(compileText(text), { sink: { stdout() {}, stderr() {} }, progname: 'dtrace' }).readsArgs;
  test('false for a latency script: timestamps, self->, zonename, aggregations', () => {
    expect(reads('syscall:::entry { self->ts = timestamp; } syscall:::return /self->ts/ { @[zonename] = llquantize(timestamp - self->ts, 10, 3, 11, 100); self->ts = 0; }')).toBe(false);
    expect(reads('BEGIN { exit(0) } ERROR { trace(1) }')).toBe(false);
  });
  test('true as soon as any clause reads arg0..arg9 or args[], in a predicate, a key or an action', () => {
    expect(reads('syscall:::entry { self->ts = timestamp; } syscall::read:entry { trace(arg0); }')).toBe(true);
    expect(reads('syscall::read:entry /arg2 > 10/ { @ = count(); }')).toBe(true);
    expect(reads('syscall::read:entry { @[arg9] = count(); }')).toBe(true);
    expect(reads('syscall::read:entry { @[args[0]] = count(); }')).toBe(true);
  });
});
