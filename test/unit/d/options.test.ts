// DTrace options: names, value syntaxes, defaults, classes and the exact error texts
// (d-language §5).
import { describe, expect, it } from 'vitest';
import { DOptions, OptionError, isOption, optionClass, strtoull } from '../../../src/d/options';

function errorOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    if (e instanceof OptionError) return e.message;
    throw e;
  }
  throw new Error('expected an OptionError');
}

describe('defaults', () => {
  it('dtrace(1M) sets bufsize=4m aggsize=4m temporal=yes', () => {
    const o = new DOptions();
    expect(o.get('bufsize')).toBe(4 * 1024 * 1024);
    expect(o.get('aggsize')).toBe(4 * 1024 * 1024);
    expect(o.temporal).toBe(true);
  });
  it('unset options read as their documented defaults through the getters', () => {
    const o = new DOptions();
    expect(o.get('strsize')).toBeUndefined();
    expect(o.strsize).toBe(256);
    expect(o.dynvarsize).toBe(1024 * 1024);
    expect(o.nspec).toBe(1);
    expect(o.specsize).toBe(32 * 1024);
    expect(o.stackframes).toBe(20);
    expect(o.ustackframes).toBe(20);
    expect(o.jstackframes).toBe(50);
    expect(o.jstackstrsize).toBe(512);
    expect(o.stackindent).toBe(14);
    expect(o.switchrate).toBe(1_000_000_000);
    expect(o.aggrate).toBe(1_000_000_000);
    expect(o.statusrate).toBe(1_000_000_000);
    expect(o.cleanrate).toBe(9_900_990);
    expect(o.bufpolicy).toBe('switch');
    expect(o.bufresize).toBe('auto');
    expect(o.quiet).toBe(false);
    expect(o.aggsortkey).toBe(false);
  });
});

describe('value syntaxes', () => {
  it('bool/int options: no value sets, empty unsets, words in any case, integers', () => {
    const o = new DOptions();
    o.set('quiet');
    expect(o.quiet).toBe(true);
    o.set('quiet', '');
    expect(o.quiet).toBe(false);
    for (const w of ['yes', 'Enable', 'ENABLED', 'true', 'on', 'set']) {
      o.set('quiet', w);
      expect(o.quiet).toBe(true);
      o.set('quiet', w === 'yes' ? 'NO' : w === 'Enable' ? 'disable' : w === 'ENABLED' ? 'disabled' : w === 'true' ? 'false' : w === 'on' ? 'off' : 'unset');
      expect(o.quiet).toBe(false);
    }
    o.set('aggsortkeypos', '2');
    expect(o.aggsortkeypos).toBe(2);
    o.set('nspec', '0x10');
    expect(o.nspec).toBe(16);
    expect(errorOf(() => o.set('quiet', 'maybe'))).toBe('Invalid value for specified option');
    expect(errorOf(() => o.set('nspec', '-1'))).toBe('Invalid value for specified option');
  });

  it('sizes take k m g t (either case), each x1024', () => {
    const o = new DOptions();
    o.set('strsize', '1024');
    expect(o.strsize).toBe(1024);
    o.set('bufsize', '8k');
    expect(o.bufsize).toBe(8192);
    o.set('dynvarsize', '2M');
    expect(o.dynvarsize).toBe(2 * 1024 * 1024);
    o.set('aggsize', '1g');
    expect(o.aggsize).toBe(1024 ** 3);
    o.set('specsize', '1t');
    expect(o.specsize).toBe(1024 ** 4);
    expect(errorOf(() => o.set('bufsize', '4x'))).toBe('Invalid value for specified option');
    expect(errorOf(() => o.set('bufsize', '4mm'))).toBe('Invalid value for specified option');
  });

  it('rates: a bare number is nanoseconds; time suffixes; hz is a frequency', () => {
    const o = new DOptions();
    o.set('switchrate', '10hz');
    expect(o.switchrate).toBe(100_000_000);
    o.set('switchrate', '250');
    expect(o.switchrate).toBe(250);
    o.set('aggrate', '2sec');
    expect(o.aggrate).toBe(2_000_000_000);
    o.set('aggrate', '5ms');
    expect(o.aggrate).toBe(5_000_000);
    o.set('statusrate', '3us');
    expect(o.statusrate).toBe(3000);
    o.set('statusrate', '1min');
    expect(o.statusrate).toBe(60_000_000_000);
    o.set('cleanrate', '1h');
    expect(o.cleanrate).toBe(3_600_000_000_000);
    o.set('cleanrate', '1day');
    expect(o.cleanrate).toBe(86_400_000_000_000);
    o.set('switchrate', '1HZ');
    expect(o.switchrate).toBe(1_000_000_000);
    expect(errorOf(() => o.set('switchrate', '10parsecs'))).toBe('Invalid value for specified option');
  });

  it('flags take no value', () => {
    const o = new DOptions();
    o.set('errtags');
    expect(o.errtags).toBe(true);
    expect(errorOf(() => o.set('errtags', '1'))).toBe('Invalid value for specified option');
    o.set('zdefs');
    o.set('defaultargs');
    expect(o.zdefs && o.defaultargs).toBe(true);
  });

  it('word options accept only their words', () => {
    const o = new DOptions();
    o.set('bufpolicy', 'ring');
    expect(o.bufpolicy).toBe('ring');
    expect(errorOf(() => o.set('bufpolicy', 'circular'))).toBe('Invalid value for specified option');
    expect(errorOf(() => o.set('bufpolicy'))).toBe('Invalid value for specified option');
    o.set('zone', 'web0');
    expect(o.zone).toBe('web0');
  });

  it('version checks its format and the versions the compiler knows', () => {
    const o = new DOptions();
    o.set('version', '1.6.2');
    expect(o.get('version')).toBe('1.6.2');
    expect(errorOf(() => o.set('version', 'one'))).toBe('Version is not properly formatted or is too large');
    expect(errorOf(() => o.set('version', '9.9'))).toBe('Requested version is not supported by compiler');
  });
});

describe('names, classes and contexts', () => {
  it('an unknown name is refused; names are case-sensitive', () => {
    const o = new DOptions();
    expect(errorOf(() => o.set('nosuch'))).toBe('Invalid option name');
    expect(errorOf(() => o.set('Quiet'))).toBe('Invalid option name');
    expect(isOption('quiet')).toBe(true);
    expect(isOption('jailname')).toBe(false);
  });

  it('cpp, environment and link-editor options cannot come from a D program', () => {
    const o = new DOptions();
    expect(errorOf(() => o.set('define', 'X=1', 'pragma'))).toBe('Option cannot be used from within a D program');
    expect(errorOf(() => o.set('setenv', 'A=b', 'pragma'))).toBe('Option cannot be used from within a D program');
    o.set('define', 'X=1', 'cli');
    expect(o.get('define')).toBe('X=1');
    o.set('quiet', undefined, 'pragma');
    expect(o.quiet).toBe(true);
  });

  it('setopt() may change dynamic options, accepts compile-time ones, refuses run-time ones', () => {
    const o = new DOptions();
    o.set('aggsortrev', undefined, 'setopt');
    expect(o.aggsortrev).toBe(true);
    o.set('quiet', '0', 'setopt');
    expect(o.quiet).toBe(true);
    o.set('errtags', undefined, 'setopt');
    expect(errorOf(() => o.set('bufsize', '8m', 'setopt'))).toBe('Operation illegal when tracing is active');
    expect(errorOf(() => o.set('strsize', '64', 'setopt'))).toBe('Operation illegal when tracing is active');
  });

  it('classifies options as d-language §5 does', () => {
    expect(optionClass('quiet')).toBe('dynamic');
    expect(optionClass('switchrate')).toBe('dynamic');
    expect(optionClass('aggsortkeypos')).toBe('dynamic');
    expect(optionClass('strsize')).toBe('runtime');
    expect(optionClass('temporal')).toBe('runtime');
    expect(optionClass('errtags')).toBe('compile');
    expect(optionClass('version')).toBe('compile');
    expect(optionClass('nosuch')).toBeUndefined();
  });

  it('clone() copies values and is independent', () => {
    const a = new DOptions();
    a.set('strsize', '64');
    const b = a.clone();
    b.set('strsize', '128');
    b.set('quiet');
    expect(a.strsize).toBe(64);
    expect(a.quiet).toBe(false);
    expect(b.strsize).toBe(128);
    expect(b.get('bufsize')).toBe(4 * 1024 * 1024);
  });
});

describe('strtoull', () => {
  it('reads C integer syntax and reports where it stopped', () => {
    expect(strtoull('42')).toEqual({ value: 42n, end: 2 });
    expect(strtoull('0x1F')).toEqual({ value: 31n, end: 4 });
    expect(strtoull('017')).toEqual({ value: 15n, end: 3 });
    expect(strtoull('08')).toEqual({ value: 0n, end: 1 });
    expect(strtoull('12k')).toEqual({ value: 12n, end: 2 });
    expect(strtoull('k')).toEqual({ value: 0n, end: 0 });
  });
});
