import { describe, expect, test } from 'vitest';
import { DCompileError } from '../../../src/d/errors';
import type { ProbeInfo } from '../../../src/d/host';
import { compileGlob, compileProbeSpec, gmatch, matchesProbe, parseProbeSpec, probeSpecString } from '../../../src/d/pdesc';
import type { PdescMacros } from '../../../src/d/pdesc';

function specError(text: string, kind: Parameters<typeof parseProbeSpec>[1] = 's', m?: PdescMacros): DCompileError {
  try {
    parseProbeSpec(text, kind, undefined, m);
  } catch (e) {
    if (e instanceof DCompileError) return e;
    throw e;
  }
  throw new Error(`expected ${text} to be rejected`);
}

const probe = (provider: string, module: string, func: string, name: string, id = 1): ProbeInfo => ({ id, provider, module, func, name, argTypes: [] });

describe('splitting descriptions', () => {
  test('fields are right-aligned; missing leading fields are empty', () => {
    expect(parseProbeSpec('BEGIN', 's')).toEqual({ provider: '', module: '', func: '', name: 'BEGIN' });
    expect(parseProbeSpec('read:entry', 'n')).toEqual({ provider: '', module: '', func: 'read', name: 'entry' });
    expect(parseProbeSpec('syscall::read:entry', 's')).toEqual({ provider: 'syscall', module: '', func: 'read', name: 'entry' });
    expect(parseProbeSpec('', 'n')).toEqual({ provider: '', module: '', func: '', name: '' });
  });

  test('the last field lands in the slot of the spec kind', () => {
    expect(parseProbeSpec('syscall', 'P')).toEqual({ provider: 'syscall', module: '', func: '', name: '' });
    expect(parseProbeSpec('a:b', 'm')).toEqual({ provider: 'a', module: 'b', func: '', name: '' });
    expect(parseProbeSpec('zfs:zfs_read', 'f')).toEqual({ provider: '', module: 'zfs', func: 'zfs_read', name: '' });
    expect(parseProbeSpec('tick-1s', 'i')).toEqual({ provider: '', module: '', func: '', name: 'tick-1s' });
  });

  test('too many fields are overspecified', () => {
    expect(specError('a:b:c:d:e')).toMatchObject({ tag: 'D_PDESC_INVAL', detail: 'invalid probe description "a:b:c:d:e": Overspecified probe description' });
    expect(specError('a:b', 'P').detail).toBe('invalid probe description "a:b": Overspecified probe description');
    expect(specError('a:b:c', 'm').detail).toBe('invalid probe description "a:b:c": Overspecified probe description');
  });

  test('a leading colon is not an extra field', () => {
    expect(parseProbeSpec(':a:b:c:d', 's')).toEqual({ provider: 'a', module: 'b', func: 'c', name: 'd' });
    expect(parseProbeSpec(':::BEGIN', 's')).toEqual({ provider: '', module: '', func: '', name: 'BEGIN' });
  });

  test('field length limits', () => {
    expect(parseProbeSpec(`${'p'.repeat(63)}:::`, 's').provider).toHaveLength(63);
    expect(specError(`${'p'.repeat(64)}:::`).detail).toBe(`invalid probe description "${'p'.repeat(64)}:::": File name too long`);
    expect(parseProbeSpec(`::${'f'.repeat(127)}:`, 's').func).toHaveLength(127);
    expect(specError(`::${'f'.repeat(128)}:`).detail).toMatch(/File name too long$/);
    expect(specError('n'.repeat(64)).detail).toMatch(/File name too long$/);
  });

  test('macro references are substituted per field', () => {
    const refs: number[] = [];
    const m: PdescMacros = { argv: ['s.d', '123', 'x:y'], vars: (n) => (n === 'target' ? 42 : undefined), onRef: (n) => refs.push(n) };
    expect(parseProbeSpec('pid$1::malloc:entry', 's', undefined, m)).toEqual({ provider: 'pid123', module: '', func: 'malloc', name: 'entry' });
    expect(parseProbeSpec('pid$$1:::', 's', undefined, m).provider).toBe('pid123');
    expect(parseProbeSpec('pid$target::malloc:entry', 's', undefined, m).provider).toBe('pid42');
    expect(parseProbeSpec('$2', 's', undefined, m).name).toBe('x:y');
    expect(parseProbeSpec('a$1b:::', 's', undefined, m).provider).toBe('a123b');
    expect(refs).toEqual([1, 1, 2, 1]);
  });

  test('undefined macro references', () => {
    const m: PdescMacros = { argv: ['s.d'], vars: () => undefined };
    const why = 'Undefined macro variable in probe description';
    expect(specError('pid$1:::', 's', m).detail).toBe(`invalid probe description "pid$1:::": ${why}`);
    expect(specError('pid$nosuch:::', 's', m).detail).toBe(`invalid probe description "pid$nosuch:::": ${why}`);
    expect(specError('a$:::', 's', m).detail).toBe(`invalid probe description "a$:::": ${why}`);
  });

  test('probeSpecString', () => {
    expect(probeSpecString(parseProbeSpec('read:entry', 's'))).toBe('::read:entry');
  });
});

describe('gmatch', () => {
  const cases: [string, string, boolean][] = [
    ['read', 'read', true],
    ['read', 'readv', false],
    ['read*', 'readv', true],
    ['read*', 'read', true],
    ['*read*', 'pread64', true],
    ['?ead', 'read', true],
    ['?ead', 'ead', false],
    ['[rw]ead', 'read', true],
    ['[rw]ead', 'head', false],
    ['[!rw]ead', 'head', true],
    ['[!rw]ead', 'read', false],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[]]', ']', true],
    ['[-a]', '-', true],
    ['[a-]', '-', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a[', 'a[', false],
    ['a.b', 'axb', false],
    ['a.b', 'a.b', true],
    ['(x)+', '(x)+', true],
    ['profile-*', 'profile-97', true],
    ['*', '', true],
  ];
  test.each(cases)('gmatch(%s, %s) = %s', (pattern, s, want) => {
    expect(gmatch(pattern, s)).toBe(want);
  });

  test('a compiled glob can be reused', () => {
    const m = compileGlob('sys*');
    expect(['syscall', 'sysinfo', 'sdt'].map(m)).toEqual([true, true, false]);
  });
});

describe('matching probes', () => {
  const read = probe('syscall', '', 'read', 'entry');
  const zfs = probe('fbt', 'zfs', 'zfs_read', 'return');

  test('an empty field matches everything', () => {
    expect(matchesProbe(parseProbeSpec('entry', 's'), read)).toBe(true);
    expect(matchesProbe(parseProbeSpec('', 'n'), zfs)).toBe(true);
    expect(matchesProbe(parseProbeSpec('syscall:::', 's'), zfs)).toBe(false);
  });

  test('every field must match', () => {
    expect(matchesProbe(parseProbeSpec('fbt:zfs:zfs_*:return', 's'), zfs)).toBe(true);
    expect(matchesProbe(parseProbeSpec('fbt:zfs:zfs_*:entry', 's'), zfs)).toBe(false);
    expect(matchesProbe(parseProbeSpec('syscall::*read*:entry', 's'), read)).toBe(true);
  });

  test('compiled once, cheap over thousands of probes', () => {
    const probes: ProbeInfo[] = [];
    for (let i = 0; i < 20000; i++) probes.push(probe(i % 2 ? 'syscall' : 'fbt', i % 3 ? '' : 'genunix', `func${i}`, i % 2 ? 'entry' : 'return', i + 4));
    const spec = parseProbeSpec('syscall::func1*:entry', 's');
    const m = compileProbeSpec(spec);
    const t0 = performance.now();
    const n = probes.filter(m).length;
    const ms = performance.now() - t0;
    expect(n).toBe(probes.filter((p) => p.provider === 'syscall' && p.func.startsWith('func1') && p.name === 'entry').length);
    expect(probes.filter((p) => matchesProbe(spec, p)).length).toBe(n);
    expect(ms).toBeLessThan(50);
  });
});
