// trace() record text as illumos prints it: widths by size, 8/16-bit values unsigned,
// strings in 33 columns, hex dumps for non-strings, stacks and symbols.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatRawBytes, formatTrace } from '../../../src/d/trace';
import { INT, INT64, STRING, UINT64, type ValueType } from '../../../src/d/valuetype';

const I8: ValueType = { kind: 'int', size: 1, signed: true, name: 'char' };
const I16: ValueType = { kind: 'int', size: 2, signed: true, name: 'short' };
const U32: ValueType = { kind: 'int', size: 4, signed: false, name: 'uint32_t' };
const PTR: ValueType = { kind: 'pointer', name: 'kthread_t *' };

describe('integers', () => {
  it('use " %16lld", " %8d", " %5d", " %3d" by size', () => {
    expect(formatTrace(1, INT64, false)).toBe('                1');
    expect(formatTrace(1, INT, false)).toBe('        1');
    expect(formatTrace(1, I16, false)).toBe('     1');
    expect(formatTrace(1, I8, false)).toBe('   1');
  });
  it('32- and 64-bit values print signed, 8- and 16-bit values unsigned', () => {
    expect(formatTrace(-1, INT, false)).toBe('       -1');
    expect(formatTrace(4294967295, U32, false)).toBe('       -1');
    expect(formatTrace(2n ** 64n - 1n, UINT64, false)).toBe('               -1');
    expect(formatTrace(-2, I8, false)).toBe(' 254');
    expect(formatTrace(-2, I16, false)).toBe(' 65534');
  });
  it('pointers print as signed 64-bit integers', () => {
    expect(formatTrace(0xfffffe0001234000n, PTR, false)).toBe('   -2199004168192');
  });
  it('quiet prints the bare value', () => {
    expect(formatTrace(-1, INT, true)).toBe('-1');
    expect(formatTrace(-2, I8, true)).toBe('254');
    expect(formatTrace(123456789012n, INT64, true)).toBe('123456789012');
  });
});

describe('trap 17: x = 1 makes x an int; decimal constants above INT_MAX are long', () => {
  it('an int prints in 9 columns, a long in 17', () => {
    expect(formatTrace(1, INT, false)).toBe('        1');
    expect(formatTrace(2147483648, INT64, false)).toBe('       2147483648');
  });
  it('a constant stored into an int keeps its low 32 bits, printed signed', () => {
    expect(formatTrace(5_000_000_000, INT, false)).toBe(' 705032704');
    expect(formatTrace(2147483648, INT, true)).toBe('-2147483648');
  });
});

describe('strings', () => {
  it('print as two spaces then 33 left-justified columns', () => {
    expect(formatTrace('hello', STRING, false)).toBe(`  hello${' '.repeat(28)}`);
    expect(formatTrace('x'.repeat(40), STRING, false)).toBe(`  ${'x'.repeat(40)}`);
  });
  it('quiet prints the bare string', () => {
    expect(formatTrace('hello', STRING, true)).toBe('hello');
  });
  it('tabs and newlines still count as printable', () => {
    expect(formatTrace('a\tb\n', STRING, true)).toBe('a\tb\n');
  });
  it('an empty string, or one with unprintable bytes, prints as a hex dump of the whole record', () => {
    const dump = formatTrace('', STRING, false, { strsize: 32 });
    expect(dump).toBe(
      '\n             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n' +
      '         0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n' +
      '        10: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n');
    expect(formatTrace('a\x01', STRING, true, { strsize: 16 })).toBe(
      '\n             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n' +
      '         0: 61 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00  a...............\n');
  });
  it('rawbytes forces the dump', () => {
    expect(formatTrace('hi', STRING, false, { strsize: 4, rawbytes: true })).toBe(
      '\n             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n' +
      '         0: 68 69 00 00                                      hi..\n');
  });
  it('printable bytes with no terminating NUL still print as a string', () => {
    expect(formatBytes([0x61, 0x62], true)).toBe(`  ab${' '.repeat(31)}`);
  });
  it('a partial last dump line is padded before the characters', () => {
    expect(formatRawBytes([0x41]).split('\n')[2]).toBe(`         0: 41${'   '.repeat(15)}  A`);
  });
});

describe('stacks and symbols', () => {
  it('a stack prints a newline, then each frame indented by stackindent', () => {
    const frames = ['genunix`fop_read+0x5b', 'genunix`read+0x2a7'];
    expect(formatTrace(frames, { kind: 'stack', name: 'stack' }, false)).toBe(
      `\n${' '.repeat(14)}genunix\`fop_read+0x5b\n${' '.repeat(14)}genunix\`read+0x2a7\n`);
    expect(formatTrace(frames, { kind: 'stack', name: 'stack' }, false, { stackindent: 2 })).toBe(
      '\n  genunix`fop_read+0x5b\n  genunix`read+0x2a7\n');
  });
  it('sym() without a symbol table prints the address in 50 columns', () => {
    expect(formatTrace(0xfffffffffb800000n, { kind: 'symaddr', name: '_symaddr' }, false)).toBe(`  ${'0xfffffffffb800000'.padEnd(50)}`);
    expect(formatTrace('genunix`read', { kind: 'symaddr', name: '_symaddr' }, true)).toBe(`  ${'genunix`read'.padEnd(50)}`);
  });
});
