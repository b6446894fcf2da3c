// DTrace printf(): format parsing errors, argument checking messages, and the run-time
// text, each expectation written from dt_printf.c's rules (d-language §4.6,
// dtrace-semantics §3 and trap 20).
import { describe, expect, it } from 'vitest';
import { DCompileError } from '../../../src/d/errors';
import {
  CONVERSIONS, formatArgCount, formatPrinta, formatPrintf, parseFormat, printfArgOf, validateFormat,
  type AggValue, type PrintfArg, type ValidateOptions,
} from '../../../src/d/printf';
import { INT, INT64, STRING, UINT64, type ValueType } from '../../../src/d/valuetype';

const I8: ValueType = { kind: 'int', size: 1, signed: true, name: 'char' };
const U8: ValueType = { kind: 'int', size: 1, signed: false, name: 'uchar_t' };
const I16: ValueType = { kind: 'int', size: 2, signed: true, name: 'short' };
const U32: ValueType = { kind: 'int', size: 4, signed: false, name: 'uint_t' };
const LONG: ValueType = { kind: 'int', size: 8, signed: true, name: 'long' };
const PTR: ValueType = { kind: 'pointer', name: 'kthread_t *' };
const STACK: ValueType = { kind: 'stack', name: 'stack' };
const SYM: ValueType = { kind: 'symaddr', name: '_symaddr' };
const U16: ValueType = { kind: 'int', size: 2, signed: false, name: 'uint16_t' };

function fmt(text: string, values: readonly unknown[], types: readonly ValueType[]): string {
  return formatPrintf(parseFormat(text), values, types);
}

function compileError(f: () => void): DCompileError {
  try {
    f();
  } catch (e) {
    if (e instanceof DCompileError) return e;
    throw e;
  }
  throw new Error('expected a DCompileError');
}

function check(text: string, args: readonly ValueType[], o: Partial<ValidateOptions> = {}): void {
  validateFormat(parseFormat(text), args.map(printfArgOf), { func: 'printf', exactLen: true, ...o });
}

describe('parseFormat errors (D_SYNTAX)', () => {
  const cases: [string, string][] = [
    ['%z', 'format conversion #1 is undefined: %z'],
    ['%d %lz', 'format conversion #2 is undefined: %lz'],
    ['%%%z', 'format conversion #2 is undefined: %z'],
    ['%hhd', 'format conversion #1 is undefined: %hhd'],
    ['%1.2.3d', "format conversion #1 has more than one '.' specified"],
    ['%1$d', 'format conversion #1 uses unsupported positional format (%n$)'],
    ['%5%', 'format conversion #1 cannot be combined with other format flags: %%'],
    ['abc %', 'format conversion #1 name expected before end of format string'],
    ['%-', 'format conversion #1 name expected before end of format string'],
    // illumos words both repeated-'*' errors "precision".
    ['%**d', "format conversion #1 has more than one '*' specified for the output precision"],
    ['%.**d', "format conversion #1 has more than one '*' specified for the output precision"],
  ];
  for (const [text, msg] of cases) {
    it(JSON.stringify(text), () => {
      const e = compileError(() => parseFormat(text, { line: 3, col: 1, offset: 0 }));
      expect(e.tag).toBe('D_SYNTAX');
      expect(e.detail).toBe(msg);
      expect(e.pos?.line).toBe(3);
    });
  }

  it('numbers conversions including %%, and keeps literal text', () => {
    const p = parseFormat('a%%b%5.2fc%sd');
    expect(p.conversions.map((c) => [c.index, c.prefix, c.conv.name])).toEqual([[1, 'a', '%'], [2, 'b', 'f'], [3, 'c', 's']]);
    expect(p.suffix).toBe('d');
  });

  it('counts the arguments a format consumes (* and .* included, %@ and %% not)', () => {
    expect(formatArgCount(parseFormat('%*.*d %% %s %@d'))).toBe(4);
  });

  it('has every conversion of the dictionary, with the documented prototypes', () => {
    for (const c of ['d', 'i', 'o', 'u', 'x', 'X']) expect(CONVERSIONS.get(c)?.proto).toBe('char, short, int, long, or long long');
    for (const c of ['c', 'C']) expect(CONVERSIONS.get(c)?.proto).toBe('char, short, or int');
    for (const c of ['a', 'p']) expect(CONVERSIONS.get(c)?.proto).toBe('pointer or integer');
    for (const c of ['s', 'S', 'I']) expect(CONVERSIONS.get(c)?.proto).toBe('char [] or string (or use stringof)');
    for (const c of ['Y', 'T']) expect(CONVERSIONS.get(c)?.proto).toBe('int64_t');
    expect(CONVERSIONS.get('P')?.proto).toBe('uint16_t');
    expect(CONVERSIONS.get('k')?.proto).toBe('stack');
    expect(CONVERSIONS.get('lu')?.proto).toBe('unsigned long');
    expect(CONVERSIONS.get('hd')?.proto).toBe('short');
  });
});

describe('validateFormat (D_PRINTF_*)', () => {
  it('empty format', () => {
    const e = compileError(() => check('', []));
    expect([e.tag, e.detail]).toEqual(['D_PRINTF_FMT_EMPTY', 'printf( ) format string is empty']);
  });

  it('missing value argument', () => {
    const e = compileError(() => check('%d\n', []));
    expect([e.tag, e.detail]).toEqual(['D_PRINTF_ARG_PROTO', 'printf( ) prototype mismatch: conversion #1 (%d) is missing a corresponding value argument']);
  });

  it('wrong argument type prints the conversion, prototype and argument', () => {
    const e = compileError(() => check('%d\n', [STRING]));
    expect(e.tag).toBe('D_PRINTF_ARG_TYPE');
    expect(e.detail).toBe('printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %d\n\t prototype: char, short, int, long, or long long\n\t  argument: string');
  });

  it('extra arguments', () => {
    const e = compileError(() => check('%d\n', [INT, INT]));
    expect([e.tag, e.detail]).toEqual(['D_PRINTF_ARG_EXTRA', 'printf( ) prototype mismatch: only 1 arguments required by this format string']);
  });

  it('dynamic width: missing and mistyped', () => {
    let e = compileError(() => check('%*d', []));
    expect([e.tag, e.detail]).toEqual(['D_PRINTF_DYN_PROTO', 'printf( ) prototype mismatch: conversion #1 (%d) is missing a corresponding "*" argument']);
    e = compileError(() => check('%s %.*s', [STRING, STRING, STRING]));
    expect(e.tag).toBe('D_PRINTF_DYN_TYPE');
    expect(e.detail).toBe('printf( ) argument #3 is incompatible with conversion #2 prototype:\n\tconversion: % .* s\n\t prototype: int\n\t  argument: string');
  });

  it('%@ outside printa', () => {
    const e = compileError(() => check('%@d', [INT]));
    expect([e.tag, e.detail]).toEqual(['D_PRINTF_AGG_CONV', '%@ conversion requires an aggregation and is not for use with printf( )']);
  });

  it('%@ in printa is the aggregation value: int64_t, or uint64_t for count', () => {
    expect(() => validateFormat(parseFormat('%s %@d\n'), [printfArgOf(STRING)], { func: 'printa', aggregation: true })).not.toThrow();
    const e = compileError(() => validateFormat(parseFormat('%@s'), [], { func: 'printa', aggregation: true, aggFunc: 'count' }));
    expect(e.detail).toBe('printa( ) aggregating action is incompatible with conversion #1 prototype:\n\tconversion: %s\n\t prototype: char [] or string (or use stringof)\n\t  argument: uint64_t');
  });

  it('printa ignores extra keys', () => {
    expect(() => validateFormat(parseFormat('%d\n'), [printfArgOf(INT), printfArgOf(STRING)], { func: 'printa', aggregation: true })).not.toThrow();
  });

  it('%d takes any integer; %c only up to int; %Y/%T only 64-bit integers', () => {
    for (const t of [I8, U8, I16, INT, U32, LONG, INT64, UINT64]) expect(() => check('%d %i %u %x %o', [t, t, t, t, t])).not.toThrow();
    expect(() => check('%c', [INT])).not.toThrow();
    expect(compileError(() => check('%c', [INT64])).detail).toContain('\t prototype: char, short, or int\n\t  argument: int64_t');
    expect(() => check('%Y %T', [UINT64, INT64])).not.toThrow();
    expect(compileError(() => check('%Y', [INT])).detail).toContain('\t prototype: int64_t\n\t  argument: int');
  });

  it('explicit sizes are type-checked: %lu needs an unsigned long, %hx a short, %llx long long or [u]int64_t', () => {
    expect(() => check('%lu', [UINT64])).not.toThrow();
    expect(compileError(() => check('%lu', [INT64])).detail).toBe('printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %lu\n\t prototype: unsigned long\n\t  argument: int64_t');
    expect(() => check('%ld %lld', [INT64, LONG])).not.toThrow();
    expect(() => check('%hx', [I16])).not.toThrow();
    expect(() => check('%hx', [INT])).toThrow(DCompileError);
    expect(() => check('%llx', [UINT64])).not.toThrow();
    expect(() => check('%llx', [LONG])).toThrow(DCompileError);
    expect(() => check('%lx', [LONG])).not.toThrow();
  });

  it('%p and %a take pointers and integers; %a also sym(); %k only stacks; %s only strings', () => {
    expect(() => check('%p %a %a', [PTR, INT64, SYM])).not.toThrow();
    expect(() => check('%p', [SYM])).toThrow(DCompileError);
    expect(() => check('%k', [STACK])).not.toThrow();
    expect(compileError(() => check('%k', [INT])).detail).toContain('\t prototype: stack\n');
    expect(compileError(() => check('%s', [INT])).detail).toContain('\t prototype: char [] or string (or use stringof)\n\t  argument: int');
  });

  it('%A takes plain addresses only with -p/-c', () => {
    const arg: PrintfArg = printfArgOf(INT64);
    expect(() => validateFormat(parseFormat('%A'), [arg], { func: 'printf' })).toThrow(DCompileError);
    expect(() => validateFormat(parseFormat('%A'), [arg], { func: 'printf', hasTarget: true })).not.toThrow();
  });
});

describe('formatPrintf: integers take their size from the argument type', () => {
  it('%d of an unsigned type prints unsigned (trap 20)', () => {
    expect(fmt('%d', [4294967295], [U32])).toBe('4294967295');
    expect(fmt('%d', [2n ** 64n - 1n], [UINT64])).toBe('18446744073709551615');
    expect(fmt('%i', [255], [U8])).toBe('255');
    expect(fmt('%d', [-1], [INT])).toBe('-1');
    expect(fmt('%d', [-1], [I8])).toBe('-1');
  });

  it('%x and %u print at the value width', () => {
    expect(fmt('%x', [-1], [INT])).toBe('ffffffff');
    expect(fmt('%x', [-1], [INT64])).toBe('ffffffffffffffff');
    expect(fmt('%x', [-1], [I8])).toBe('ff');
    expect(fmt('%X', [-1], [I16])).toBe('FFFF');
    expect(fmt('%u', [-1], [INT])).toBe('4294967295');
    expect(fmt('%o', [8], [INT])).toBe('10');
  });

  it('flags, width and precision follow C', () => {
    expect(fmt('%5d|%-5d|%05d', [42, 42, 42], [INT, INT, INT])).toBe('   42|42   |00042');
    expect(fmt('%+d % d %+d', [5, 5, -5], [INT, INT, INT])).toBe('+5  5 -5');
    expect(fmt('%#x %#o %#x', [255, 255, 0], [INT, INT, INT])).toBe('0xff 0377 0');
    expect(fmt('%.3d|%8.3d|%-8.3d|', [5, -5, 5], [INT, INT, INT])).toBe('005|    -005|005     |');
    expect(fmt('%08.3d', [5], [INT])).toBe('     005');
    expect(fmt('%-05d|', [7], [INT])).toBe('00007|');
    expect(fmt('%0-5d|', [7], [INT])).toBe('7    |');
  });

  it('a precision of 0 is ignored', () => {
    expect(fmt('%.0d %.0s', [0, 'abc'], [INT, STRING])).toBe('0 abc');
  });

  it('? means 16 columns', () => {
    expect(fmt('%?p|', [0x1234], [PTR])).toBe('            1234|');
    expect(fmt('%-?s|', ['ab'], [STRING])).toBe('ab              |');
  });

  it('* and .* take int arguments; a negative * left-justifies', () => {
    expect(fmt('%*d|', [5, 42], [INT, INT])).toBe('   42|');
    expect(fmt('%*d|', [-5, 42], [INT, INT])).toBe('42   |');
    expect(fmt('%.*s|', [2, 'abcdef'], [INT, STRING])).toBe('ab|');
    expect(fmt('%*.*s|', [6, 3, 'abcdef'], [INT, INT, STRING])).toBe('   abc|');
  });

  it('strings, characters and %%', () => {
    expect(fmt('%s|%-8s|%8s|%.2s', ['hi', 'abc', 'abc', 'abcdef'], [STRING, STRING, STRING, STRING])).toBe('hi|abc     |     abc|ab');
    expect(fmt('%c%3c', [65, 66], [INT, I8])).toBe('A  B');
    expect(fmt('100%%', [], [])).toBe('100%');
  });

  it('%p prints hex without 0x; %a an address with no symbol as 0x...', () => {
    expect(fmt('%p', [0xffffff01d5c0c000n], [PTR])).toBe('ffffff01d5c0c000');
    expect(fmt('%a', [0x1234], [INT64])).toBe('0x1234');
    expect(fmt('%a %a', [-1, -1], [INT, INT64])).toBe('0xffffffff 0xffffffffffffffff');
    expect(fmt('%-10a|', [0x1234], [SYM])).toBe('0x1234    |');
  });

  it('%Y prints walltimestamp as 1973 Dec  3 17:20:00 (UTC)', () => {
    expect(fmt('%Y', [123787200n * 1_000_000_000n], [INT64])).toBe('1973 Dec  3 17:20:00');
    expect(fmt('%Y', [1356941109n * 1_000_000_000n + 999_999_999n], [INT64])).toBe('2012 Dec 31 08:05:09');
  });

  it('%T prints RFC 822 with the ISO week-based year', () => {
    expect(fmt('%T', [123787200n * 1_000_000_000n], [INT64])).toBe('Mon, 03 Dec 1973 17:20:00 UTC');
    expect(fmt('%T', [1356941109n * 1_000_000_000n], [INT64])).toBe('Mon, 31 Dec 2013 08:05:09 UTC');
    expect(fmt('%T', [1293840000n * 1_000_000_000n], [INT64])).toBe('Sat, 01 Jan 2010 00:00:00 UTC');
  });

  it('%S escapes non-printables and shows the terminating NUL; %C escapes one character', () => {
    expect(fmt('%S', ['a\nb"c\\d\x01\xe9'], [STRING])).toBe('a\\nb\\"c\\\\d\\001\\351\\0');
    expect(fmt('%C%C%C', [10, 65, 0], [INT, INT, INT])).toBe('\\nA\\0');
  });

  it('%P prints a service name where one is known, else the port', () => {
    expect(fmt('%P %P', [80, 8080], [U16, U16])).toBe('http 8080');
  });

  it('%k prints a stack; a left-justified width becomes the indent', () => {
    const frames = ['genunix`cv_wait+0x61', 'unix`_resume_from_idle+0xf4'];
    expect(fmt('x%ky', [frames], [STACK])).toBe('x\ngenunix`cv_wait+0x61\nunix`_resume_from_idle+0xf4\ny');
    expect(fmt('%-4k', [frames], [STACK])).toBe('\n    genunix`cv_wait+0x61\n    unix`_resume_from_idle+0xf4\n');
  });
});

describe('the DTrace test suite\'s printf cases (printf/tst.basics, tst.flags, tst.widths1)', () => {
  const SHORT: ValueType = { kind: 'int', size: 2, signed: true, name: 'short' };
  const USHORT: ValueType = { kind: 'int', size: 2, signed: false, name: 'ushort_t' };
  const ULONG: ValueType = { kind: 'int', size: 8, signed: false, name: 'ulong_t' };
  const VOIDP: ValueType = { kind: 'pointer', name: 'void *' };
  const rows: [string, ValueType, string][] = [
    ['%c', INT, 'a'], ['%d', INT, '97'], ['%hd', SHORT, '97'], ['%hi', SHORT, '97'], ['%ho', USHORT, '141'],
    ['%hu', USHORT, '97'], ['%hx', USHORT, '61'], ['%hX', USHORT, '61'], ['%i', INT, '97'], ['%lc', INT, 'a'],
    ['%ld', LONG, '97'], ['%li', LONG, '97'], ['%lo', ULONG, '141'], ['%lu', ULONG, '97'], ['%lx', ULONG, '61'],
    ['%lX', ULONG, '61'], ['%o', U32, '141'], ['%p', VOIDP, '61'], ['%u', U32, '97'], ['%x', U32, '61'], ['%X', U32, '61'],
  ];
  for (const [conv, t, want] of rows) {
    it(`${conv} of 'a'`, () => {
      check(`${conv}\n`, [t]);
      expect(fmt(`%${conv}= ${conv}`, [97], [t])).toBe(`${conv}= ${want}`);
    });
  }
  it('flags', () => {
    expect(fmt('# %#8x|0 %08x|- %-8x|+ %+8d|  % 8d', [0x123, 0x123, 0x123, 123, 123], [INT, INT, INT, INT, INT]))
      .toBe('#    0x123|0 00000123|- 123     |+     +123|       123');
  });
  it('%?d is 16 columns wide', () => {
    expect(fmt('%?d\n', [5], [INT])).toBe('               5\n');
  });
});

describe('formatPrinta', () => {
  const v = (value: bigint | number, type: ValueType = INT64): AggValue => ({ kind: 'scalar', value, type });

  it('keys in order, %@ takes the value', () => {
    const p = parseFormat('%-10s %@8d\n');
    expect(formatPrinta(p, ['foo'], [STRING], [v(42)])).toBe('foo              42\n');
  });

  it('leftover keys are dropped; no %@ means no value', () => {
    expect(formatPrinta(parseFormat('%d\n'), [1, 'x'], [INT, STRING], [v(9)])).toBe('1\n');
  });

  it('each %@ takes the next aggregation, extra %@ repeat the last', () => {
    expect(formatPrinta(parseFormat('%s %@d %@d %@d\n'), ['k'], [STRING], [v(1), v(2)])).toBe('k 1 2 2\n');
  });

  it('count is unsigned, other values signed', () => {
    expect(formatPrinta(parseFormat('%@d'), [], [], [v(2n ** 64n - 1n, UINT64)])).toBe('18446744073709551615');
    expect(formatPrinta(parseFormat('%@d'), [], [], [v(-1)])).toBe('-1');
    expect(formatPrinta(parseFormat('%@x'), [], [], [v(-1)])).toBe('ffffffffffffffff');
  });

  it('%@ of a distribution prints the whole block, width ignored', () => {
    const block = '\n           value  ------------- Distribution ------------- count    \n';
    expect(formatPrinta(parseFormat('%s%@20d'), ['k'], [STRING], [{ kind: 'block', text: block }])).toBe(`k${block}`);
  });
});
