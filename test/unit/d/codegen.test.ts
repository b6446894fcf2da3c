// Generated code semantics: exact 64-bit integer arithmetic with C's conversions, strings
// bounded by strsize, variables of every kind, and faults from the operations that can fail.
import { describe, expect, test } from 'vitest';
import { conv } from '../../../src/d/codegen';
import { T_CHAR, T_INT, T_LONG, T_UINT, T_ULONG, T_UCHAR } from '../../../src/d/types';
import { ctx, run } from './harness';

/** trace() each expression in BEGIN, quiet, one per line. */
function values(...exprs: string[]): string[] {
  const body = exprs.map((e) => `printf("%d\\n", ${e});`).join(' ');
  return run(`BEGIN { ${body} exit(0); }`, { x: ['quiet'] }).stdout.trim().split('\n');
}

describe('integer arithmetic', () => {
  test('division and modulus truncate toward zero', () => {
    expect(values('19 / -5', '-19 % 5', '-19 / 5', '19 % -5')).toEqual(['-3', '-4', '-3', '4']);
  });
  test('32-bit values wrap, 64-bit values are exact beyond 2^53', () => {
    expect(values('2147483647 + 1', '9007199254740993 + 0', '9007199254740992 + 1', '0x7fffffffffffffff + 1')).toEqual([
      '-2147483648',
      '9007199254740993',
      '9007199254740993',
      '-9223372036854775808',
    ]);
  });
  test('unsigned 64-bit values and comparisons', () => {
    const r = run('BEGIN { x = 0xffffffffffffffff; printf("%u %d %d\\n", x, x > 1, x / 2 > 0); exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe('18446744073709551615 1 1\n\n');
    expect(values('(unsigned int)-1 > 0', '-1 > 0u', '(char)300', '(unsigned char)-1')).toEqual(['1', '1', '44', '255']);
  });
  test('shifts keep the left type; bitwise operators', () => {
    expect(values('1 << 31', '1L << 40', '-16 >> 2', '0xf0 & 0x3c', '0xf0 | 0x0f', '0xff ^ 0x0f', '~0')).toEqual([
      '-2147483648', '1099511627776', '-4', '48', '255', '240', '-1',
    ]);
  });
  test('64-bit multiplication wraps exactly', () => {
    expect(values('4294967296L * 4294967296L', '3037000500L * 3037000500L')).toEqual(['0', '-9223372036709301616']);
  });
  test('logical operators, ternary and increments', () => {
    expect(values('1 && 0', '0 || 2', '1 ^^ 1', '1 ^^ 0', '!5', '3 > 2 ? 10 : 20')).toEqual(['0', '1', '0', '1', '0', '10']);
    expect(run('BEGIN { x++; x++; y = x--; printf("%d %d %d\\n", x, y, ++x); exit(0) }', { x: ['quiet'] }).stdout).toBe('1 2 2\n\n');
  });
  test('compound assignment', () => {
    expect(run('BEGIN { x = 10; x += 5; x *= 2; x -= 1; x /= 3; x %= 5; x <<= 4; x |= 1; printf("%d\\n", x); exit(0) }', { x: ['quiet'] }).stdout).toBe(
      '65\n\n',
    );
  });
});

describe('conversions', () => {
  test('conv() emits no code for widening and masks for narrowing', () => {
    expect(conv('v', T_INT, T_LONG)).toBe('v');
    expect(conv('v', T_UINT, T_ULONG)).toBe('v');
    expect(conv('v', T_INT, T_ULONG)).toBe('asU64(v)');
    expect(conv('v', T_LONG, T_INT)).toBe('wrap(v, 32, true)');
    expect(conv('v', T_INT, T_UCHAR)).toBe('((v) & 255)');
    expect(conv('v', T_INT, T_CHAR)).toBe('((v) << 24 >> 24)');
  });
});

describe('strings', () => {
  test('bounded by strsize', () => {
    const r = run('BEGIN { s = "abcdefghij"; printf("%s %d\\n", s, strlen(s)); exit(0) }', { x: ['quiet', 'strsize=8'] });
    expect(r.stdout).toBe('abcdefg 7\n\n');
    const j = run('BEGIN { s = strjoin("abcd", "efgh"); }', { x: ['quiet', 'strsize=8'] });
    expect(j.stderr).toContain('out of scratch space in action #1');
  });
  test('comparison is bytewise', () => {
    expect(values('"abc" < "abd"', '"b" > "abc"', '"x" == "x"', '"x" != "y"')).toEqual(['1', '1', '1', '1']);
  });
  test('subroutines', () => {
    const r = run('BEGIN { printf("%s|%s|%d|%s|%s\\n", substr("hello", -3), toupper("ab"), index("hello", "l"), basename("/a/b/c"), lltostr(-42)); exit(0) }', {
      x: ['quiet'],
    });
    expect(r.stdout).toBe('llo|AB|2|c|-42\n\n');
  });
});

describe('variables', () => {
  test('globals, this-> shared across the clauses of one firing, self-> per thread', () => {
    const r = run(
      'syscall::read:entry { self->n++; this->x = 7; } syscall::read:entry { printf("%d %d %d\\n", tid, self->n, this->x); }',
      { x: ['quiet'], fire: [[10, ctx({ tid: 1, threadSlot: 0 })], [10, ctx({ tid: 2, threadSlot: 1 })], [10, ctx({ tid: 1, threadSlot: 0 })]] },
    );
    expect(r.stdout).toBe('1 1 7\n2 1 7\n1 2 7\n\n');
  });
  test('associative arrays: missing reads as zero, assigning zero deletes', () => {
    const r = run('BEGIN { a["x"] = 3; a["x"] = 0; s["k"] = "v"; printf("%d %d [%s] [%s]\\n", a["x"], a["y"], s["k"], s["z"]); exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe('0 0 [v] []\n\n');
  });
  test('thread-locals hold 64-bit values exactly', () => {
    const r = run('BEGIN { self->big = 0xfffffffffffffff0; self->big += 1; printf("%x\\n", self->big); exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe('fffffffffffffff1\n\n');
  });
  test('built-in variables', () => {
    const r = run('syscall::read:entry { printf("%s %s %s %s %d %d %s %d\\n", probeprov, probemod, probefunc, probename, pid, arg0, zonename, id); }', {
      x: ['quiet'],
      fire: [[10, ctx({ pid: 42, zonename: 'web0', arg: [7, 0, 0, 0, 0, 0, 0, 0, 0, 0] })]],
    });
    expect(r.stdout).toBe('syscall  read entry 42 7 web0 10\n\n');
  });
  test('typed args[] reach host structures', () => {
    const buf = { b_flags: 0x40, b_bcount: 4096 };
    const dev = { dev_statname: 'sd3' };
    const r = run('io:::done /args[0]->b_flags & B_READ/ { printf("%s %d\\n", args[1]->dev_statname, args[0]->b_bcount); }', {
      x: ['quiet'],
      fire: [[30, ctx({ args: [buf, dev, {}] })]],
    });
    expect(r.stdout).toBe('sd3 4096\n\n');
  });
});

describe('host memory and stacks', () => {
  test('copyinstr reads user memory through the context, faulting where nothing is mapped', () => {
    const mem = new Map<number, string>([[0x1000, '/etc/passwd\0junk']]);
    const readUser = (addr: unknown, size: number) => mem.get(Number(addr))?.slice(0, size);
    const r = run('syscall::read:entry { printf("%s|", copyinstr(arg0)); printf("%s\\n", copyinstr(arg0, 4)); }', {
      x: ['quiet'],
      fire: [
        [10, ctx({ arg: [0x1000, 0, 0, 0, 0, 0, 0, 0, 0, 0], readUser })],
        [10, ctx({ arg: [0x2000, 0, 0, 0, 0, 0, 0, 0, 0, 0], readUser })],
      ],
    });
    expect(r.stdout).toBe('/etc/passwd|/etc\n\n');
    expect(r.stderr).toBe('dtrace: error on enabled probe ID 1 (ID 10: syscall::read:entry): invalid address (0x2000) in action #1 at DIF offset 0\n');
  });
  test('stack() records the host frames, as a trace and as a key', () => {
    const kstack = ['genunix`fop_read+0x4d', 'genunix`read+0x2a1'];
    const r = run('syscall::read:entry { stack(); @[stack()] = count(); }', { x: ['quiet'], fire: [[10, ctx({ kstack })]] });
    const frames = `\n${' '.repeat(14)}genunix\`fop_read+0x4d\n${' '.repeat(14)}genunix\`read+0x2a1\n`;
    expect(r.stdout.startsWith(frames)).toBe(true);
  });
});

describe('faults', () => {
  test('division by zero at run time aborts the clause', () => {
    const r = run('BEGIN { x = 0; printf("before\\n"); y = 1 / x; } BEGIN { printf("next\\n"); exit(0) }', { x: ['quiet'] });
    expect(r.stdout).toBe('next\n\n');
    expect(r.stderr).toBe('dtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): divide-by-zero in action #3 at DIF offset 0\n');
  });
  test('a NULL pointer dereference is an invalid address', () => {
    const r = run('BEGIN { trace(curpsinfo->pr_pid); }', { x: ['quiet'] });
    expect(r.stderr).toBe('dtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): invalid address (0x0) in action #1 at DIF offset 0\n');
  });
  test('a fault in the predicate is reported as such', () => {
    const r = run('BEGIN /1 / (timestamp - timestamp)/ { }', { x: ['quiet'] });
    expect(r.stderr).toBe('dtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): divide-by-zero in predicate at DIF offset 0\n');
  });
});

describe('host strings', () => {
  test('char * members print with %s and work as keys', () => {
    const vnode = { v_path: '/zones/web0/root/var/log/app.log', v_op: { vnop_name: 'zfs' } };
    const r = run('fbt:zfs:zfs_read:entry { printf("%s %s %d\\n", args[0]->v_op->vnop_name, stringof(args[0]->v_path), args[1]->uio_resid); @[args[0]->v_path] = count(); }', {
      x: ['quiet'],
      fire: [[50, ctx({ args: [vnode, { uio_resid: 8192 }] })]],
    });
    expect(r.stdout).toBe(`zfs /zones/web0/root/var/log/app.log 8192\n\n  /zones/web0/root/var/log/app.log${' '.repeat(18)}${'1'.padStart(17)}\n`);
  });
});

describe('clauses that share compiled code keep their own data', () => {
  // Clauses differing only in which variables and aggregations they use compile to one
  // source (see ClauseGen.binds) and so share one function; each must still bind its own.
  test('two latency scripts, one source, separate variables and aggregations', () => {
    const text = `
syscall::read:entry { self->r = timestamp; }
syscall::read:return /self->r/ { @r[execname] = sum(timestamp - self->r); self->r = 0; }
syscall::write:entry { self->w = timestamp; }
syscall::write:return /self->w/ { @w[execname] = sum(timestamp - self->w); self->w = 0; }
END { printa("r %s %@d\\n", @r); printa("w %s %@d\\n", @w); }`;
    const r = run(text, {
      x: ['quiet'],
      fire: [
        [10, ctx({ timestamp: 100 })],
        [12, ctx({ timestamp: 150 })],
        [13, ctx({ timestamp: 160 })],
        [11, ctx({ timestamp: 400 })],
        [12, ctx({ timestamp: 1000 })],
        [13, ctx({ timestamp: 1007 })],
      ],
    });
    expect(r.stdout).toBe('r bash 300\nw bash 17\n\n');
  });

  test('the same program in two consumers keeps two sets of data', () => {
    const text = 'syscall::read:entry { self->t = timestamp; } syscall::read:return /self->t/ { @[execname] = sum(timestamp - self->t); self->t = 0; }';
    const a = run(text, { x: ['quiet'], fire: [[10, ctx({ timestamp: 10 })], [11, ctx({ timestamp: 15 })]] });
    const b = run(text, { x: ['quiet'], fire: [[10, ctx({ timestamp: 10 })], [11, ctx({ timestamp: 1010 })]] });
    expect(a.stdout.trim()).toMatch(/^bash +5$/);
    expect(b.stdout.trim()).toMatch(/^bash +1000$/);
  });

  test('a string in a later clause of a probe is printed as written', () => {
    const r = run('BEGIN { printf("EP[0] $T0_0 "); } BEGIN { printf("EP[0] $A0_0\\n"); exit(0); }', { x: ['quiet'] });
    expect(r.stdout).toBe('EP[0] $T0_0 EP[0] $A0_0\n\n');
  });
});

describe('a thread-local read kept from the predicate (the /self->ts/ idiom)', () => {
  const fire = (text: string, n = 3) =>
    run(text, { x: ['quiet'], fire: Array.from({ length: n }, (_, i) => [10, ctx({ timestamp: 1000 * (i + 1), threadSlot: 5 })] as [number, ReturnType<typeof ctx>]) }).stdout;
  test('the first statement sees the value the predicate tested', () => {
    expect(fire('self uint64_t ts; syscall::read:entry /self->ts/ { printf("%d ", timestamp - self->ts); } syscall::read:entry { self->ts = timestamp; }')).toBe('1000 1000 \n');
  });
  test('a first statement that assigns reads the variable afresh, and so do later statements', () => {
    expect(fire('self int n; syscall::read:entry /self->n/ { self->n = self->n + 1; printf("%d ", self->n); } syscall::read:entry /!self->n/ { self->n = 10; }')).toBe('11 12 \n');
    expect(fire('self int n; syscall::read:entry /self->n/ { printf("%d ", self->n); self->n = self->n * 2; printf("%d ", self->n); } syscall::read:entry /!self->n/ { self->n = 3; }')).toBe('3 6 6 12 \n');
    expect(fire('self int n; syscall::read:entry /self->n/ { printf("%d %d ", (self->n = self->n + 5), self->n); } syscall::read:entry /!self->n/ { self->n = 1; }')).toBe('6 6 11 11 \n');
    expect(fire('self int n; syscall::read:entry /self->n/ { printf("%d ", self->n++); printf("%d ", self->n); } syscall::read:entry /!self->n/ { self->n = 7; }')).toBe('7 8 8 9 \n');
  });
  test('values beyond 2^53 survive the kept read', () => {
    expect(fire('self int64_t big; syscall::read:entry /self->big/ { printf("%d ", self->big + 1); } syscall::read:entry { self->big = 9007199254740993; }')).toBe('9007199254740994 9007199254740994 \n');
  });
});
