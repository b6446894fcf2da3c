// printa() with and without a format, and the run-out (dtrace-semantics §2 "printa",
// "Run-out", "One entry"; traps 6, 12, 13).
import { describe, expect, it } from 'vitest';
import { AggSpace, type Aggregation, printa, printaDefault, printaFormatted, printPending } from '../../../../src/d/agg';
import { parseFormat } from '../../../../src/d/printf';
import { INT, LONG, STACK, STRING, agg } from './helpers';

const HEADER = '\n           value  ------------- Distribution ------------- count    \n';
const fmt = (s: string) => parseFormat(s);

describe('printa(@a)', () => {
  it('prints a newline first, then keys and value per entry (trap 12)', () => {
    const a = agg('count', [STRING]);
    a.add1('sshd', 0);
    a.add1('bash', 0);
    a.add1('bash', 0);
    expect(printaDefault([a])).toBe(
      '\n' +
      '  sshd                                                              1\n' +
      '  bash                                                              2\n',
    );
  });

  it('prints a newline even when the aggregation is empty', () => {
    expect(printaDefault([agg('count', [STRING])])).toBe('\n');
  });

  it('prints several keys of different sizes on one line', () => {
    const a = agg('sum', [STRING, INT, LONG]);
    a.addN(['web0', 4, -1], 17);
    expect(printaDefault([a])).toBe('\n  web0                                                      4               -1               17\n');
  });

  it('prints a keyed distribution as the key line, then the block and a blank line', () => {
    const a = agg('quantize', [STRING]);
    a.add1('db1', 1);
    expect(printaDefault([a])).toBe(
      '\n' +
      '  db1                                               ' + HEADER +
      '               0 |                                         0        \n' +
      '               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n' +
      '               2 |                                         0        \n' +
      '\n',
    );
  });

  it('prints an empty string key as a hex dump of its strsize bytes', () => {
    const a = agg('count', [STRING]);
    a.add1('', 0);
    expect(printaDefault([a], { strsize: 32 })).toBe(
      '\n\n' +
      '             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n' +
      '         0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n' +
      '        10: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n' +
      '                1\n',
    );
  });

  it('prints stack keys one frame a line, indented by stackindent', () => {
    const a = agg('count', [STACK]);
    a.add1(['genunix`fop_read+0x4d', 'unix`sys_syscall+0x17d'], 0);
    expect(printaDefault([a])).toBe(
      '\n\n' +
      '              genunix`fop_read+0x4d\n' +
      '              unix`sys_syscall+0x17d\n' +
      '                1\n',
    );
  });

  it('joins several aggregations: union of keys, 0 where a value is missing', () => {
    const space = new AggSpace();
    const a = agg('count', [STRING], { id: 1 }, space);
    const b = agg('sum', [STRING], { id: 2 }, space);
    a.add1('x', 0);
    b.add1('y', 7);
    expect(printaDefault([a, b])).toBe(
      '\n' +
      '  y                                                                 0                7\n' +
      '  x                                                                 1                0\n',
    );
    expect(a.printed && b.printed).toBe(true);
  });

  it('prints a missing distribution as its empty three rows', () => {
    const space = new AggSpace();
    const a = agg('count', [STRING], { id: 1 }, space);
    const q = agg('quantize', [STRING], { id: 2 }, space);
    a.add1('x', 0);
    expect(printaDefault([a, q])).toBe(
      '\n' +
      '  x                                                                 1' + HEADER +
      '              -1 |                                         0        \n' +
      '               0 |                                         0        \n' +
      '               1 |                                         0        \n' +
      '\n',
    );
  });
});

describe('printa(fmt, @a)', () => {
  function execs(): Aggregation {
    const a = agg('count', [STRING, INT]);
    a.addN(['bash', 10], 0);
    a.addN(['sshd', 20], 0);
    a.addN(['sshd', 20], 0);
    return a;
  }

  it('prints no leading newline and applies the format per entry (trap 12)', () => {
    expect(printaFormatted(fmt('%s %d %@d\n'), [execs()])).toBe('bash 10 1\nsshd 20 2\n');
  });

  it('takes keys in order, drops leftover keys and omits the value without %@', () => {
    expect(printaFormatted(fmt('%-6s|\n'), [execs()])).toBe('bash  |\nsshd  |\n');
  });

  it('applies widths and flags to %@', () => {
    expect(printaFormatted(fmt('%s:%@8u.\n'), [execs()])).toBe('bash:       1.\nsshd:       2.\n');
  });

  it('gives each %@ the next aggregation\'s value and repeats the last one', () => {
    const space = new AggSpace();
    const a = agg('count', [STRING], { id: 1 }, space);
    const b = agg('sum', [STRING], { id: 2 }, space);
    a.add1('k', 0);
    b.add1('k', 40);
    b.add1('j', -3);
    expect(printaFormatted(fmt('%s %@d %@d %@d\n'), [a, b])).toBe('j 0 -3 -3\nk 1 40 40\n');
  });

  it('prints the whole distribution block for %@ of a quantize, ignoring the width', () => {
    const a = agg('lquantize', [STRING], { lquant: { base: 0, limit: 4, step: 1 } });
    a.add1('w', 2);
    expect(printaFormatted(fmt('%s%@20d\n'), [a])).toBe(
      'w' + HEADER +
      '               1 |                                         0        \n' +
      '               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n' +
      '               3 |                                         0        \n' +
      '\n',
    );
  });

  it('divides an avg unsigned, so a negative mean prints as garbage (trap 6)', () => {
    const a = agg('avg');
    a.add0(-1);
    a.add0(-2);
    expect(printaFormatted(fmt('%@d\n'), [a])).toBe('9223372036854775806\n');
    expect(printaDefault([a])).toBe('\n               -1\n');
  });

  it('prints stddev through %@ with 128-bit squares (2^31, 2^32 -> 0x40000000)', () => {
    const k = agg('stddev');
    k.add0(0x80000000);
    k.add0(0x100000000);
    const l = agg('stddev');
    l.add0(0x100000000);
    l.add0(0x200000000);
    expect(printaFormatted(fmt('%9@x\n'), [k]) + printaFormatted(fmt('%9@x\n'), [l])).toBe(' 40000000\n 80000000\n');
  });

  it('normalizes %@ values', () => {
    const a = agg('sum', [STRING]);
    a.add1('k', 1000);
    a.normalize(100);
    expect(printaFormatted(fmt('%s=%@d\n'), [a])).toBe('k=10\n');
  });
});

describe('run-out', () => {
  it('prints only aggregations that printa() never printed, and none that never fired (trap 13)', () => {
    const space = new AggSpace();
    const a = agg('count', [], { id: 1 }, space);
    const b = agg('sum', [], { id: 2 }, space);
    const c = agg('max', [], { id: 3 }, space);
    a.add0(0);
    b.add0(5);
    printa(fmt('%@d\n'), [a]);
    a.add0(0);
    expect(printPending([a, b, c])).toBe('                5\n');
  });

  it('prints keyless scalars one line each, with no blank lines between them', () => {
    const space = new AggSpace();
    const a = agg('count', [], { id: 1 }, space);
    const b = agg('avg', [], { id: 2 }, space);
    const c = agg('min', [], { id: 3 }, space);
    a.add0(0);
    b.add0(10);
    c.add0(-4);
    expect(printPending([a, b, c])).toBe(
      '                1\n' +
      '               10\n' +
      '               -4\n',
    );
  });

  it('prints a keyless distribution after a blank line, as its header opens with a newline', () => {
    const q = agg('quantize');
    q.add0(0);
    expect(printPending([q])).toBe(
      HEADER +
      '              -1 |                                         0        \n' +
      '               0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n' +
      '               1 |                                         0        \n' +
      '\n',
    );
  });
});
