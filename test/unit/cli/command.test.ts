// dtrace(1M)'s command line: getopt as illumos drives it, modes, programs and operands.
import { describe, expect, it } from 'vitest';
import { descriptionName, parseCommand, UsageError } from '../../../src/cli/command';
import { getopt } from '../../../src/cli/getopt';
import { listHeader, listRow, programDescriptions } from '../../../src/cli/listing';

const usageError = (args: string[]): UsageError => {
  try {
    parseCommand(args);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('no usage error');
};

describe('getopt', () => {
  it('interleaves options and operands, clusters flags and takes attached arguments', () => {
    expect(getopt(['-qn', 'BEGIN', 'foo', '-xerrtags', '-s', 'a.d', 'bar'], 'qn:x:s:')).toEqual([
      { k: 'opt', opt: 'q' },
      { k: 'opt', opt: 'n', arg: 'BEGIN' },
      { k: 'operand', value: 'foo' },
      { k: 'opt', opt: 'x', arg: 'errtags' },
      { k: 'opt', opt: 's', arg: 'a.d' },
      { k: 'operand', value: 'bar' },
    ]);
  });

  it('treats a lone - as an operand and -- as quoting only the next argument', () => {
    expect(getopt(['-', '--', '-q', '-q'], 'q')).toEqual([
      { k: 'operand', value: '-' },
      { k: 'operand', value: '-q' },
      { k: 'opt', opt: 'q' },
    ]);
  });

  it("reports getopt's errors in its words and stops there", () => {
    expect(getopt(['-q', '-y', '-q'], 'q')).toEqual([{ k: 'opt', opt: 'q' }, { k: 'error', message: 'illegal option -- y' }]);
    expect(getopt(['-n'], 'n:')).toEqual([{ k: 'error', message: 'option requires an argument -- n' }]);
  });

  it('takes long options with a separate or attached value', () => {
    expect(getopt(['--scenario', 'demo', '--seed=3', '--fast'], 'q', { scenario: true, seed: true, fast: false })).toEqual([
      { k: 'long', name: 'scenario', arg: 'demo' },
      { k: 'long', name: 'seed', arg: '3' },
      { k: 'long', name: 'fast' },
    ]);
    expect(getopt(['--nope'], 'q', {})).toEqual([{ k: 'error', message: "unrecognized option '--nope'" }]);
  });
});

describe('parseCommand', () => {
  it('collects programs in order, operands as $1.., and option settings in order', () => {
    const c = parseCommand(['-q', '-n', '  BEGIN { exit(0); }', 'a', '-s', 'x.d', '-x', 'quiet', 'b', '-P', 'syscall']);
    expect(c.mode).toBe('exec');
    expect(c.programs).toEqual([
      { kind: 'n', arg: 'BEGIN { exit(0); }' },
      { kind: 's', arg: 'x.d' },
      { kind: 'P', arg: 'syscall' },
    ]);
    expect(c.operands).toEqual(['a', 'b']);
    expect(c.settings).toEqual([{ opt: 'q' }, { opt: 'x', arg: 'quiet' }]);
  });

  it('rejects more than one of -A -G -h -l -V without the usage text', () => {
    const e = usageError(['-l', '-V']);
    expect(e.message).toBe('only one of the [-AGhlV] options can be specified at a time');
    expect(e.showUsage).toBe(false);
  });

  it('accepts -32 and -64 only', () => {
    expect(parseCommand(['-32', '-n', 'BEGIN']).programs).toHaveLength(1);
    expect(parseCommand(['-64', '-n', 'BEGIN']).programs).toHaveLength(1);
    expect(usageError(['-33']).message).toBe('illegal option -- 33');
    expect(usageError(['-6', 'x']).message).toBe('illegal option -- 6x');
    expect(usageError(['-k']).showUsage).toBe(true);
  });

  it('sees a command line with only long options as empty', () => {
    expect(parseCommand(['--fast', '--stats']).empty).toBe(true);
    expect(parseCommand(['--fast', '-q']).empty).toBe(false);
    expect(parseCommand(['--fast', '--seed', '7']).host).toEqual({ fast: true, stats: false, seed: '7' });
  });

  it('-l, -G imply -Z; -e is compile only', () => {
    expect(parseCommand(['-l']).zdefs).toBe(true);
    expect(parseCommand(['-n', 'BEGIN']).zdefs).toBe(false);
    expect(parseCommand(['-e', '-n', 'BEGIN']).compileOnly).toBe(true);
  });
});

describe('descriptionName', () => {
  it('cuts at the first { / or ; and keeps what precedes, spaces included', () => {
    expect(descriptionName('BEGIN { exit(0); }')).toBe('BEGIN ');
    expect(descriptionName('syscall::read:entry/pid == 1/{}')).toBe('syscall::read:entry');
    expect(descriptionName('BEGIN;')).toBe('BEGIN');
    expect(descriptionName('tick-1s')).toBe('tick-1s');
  });
});

describe('-l formats', () => {
  it('prints the header and rows with dtrace widths', () => {
    expect(listHeader()).toBe('   ID   PROVIDER            MODULE                          FUNCTION NAME\n');
    expect(listRow({ id: 1, provider: 'dtrace', module: '', func: '', name: 'BEGIN', argTypes: [] })).toBe(
      '    1     dtrace                                                     BEGIN\n',
    );
  });

  it('places the last field of each description in the slot its option names', () => {
    expect(programDescriptions('n', 'BEGIN,syscall::read:entry /x/ {}')).toEqual([
      { provider: '', module: '', func: '', name: 'BEGIN' },
      { provider: 'syscall', module: '', func: 'read', name: 'entry' },
    ]);
    expect(programDescriptions('P', 'profile')).toEqual([{ provider: 'profile', module: '', func: '', name: '' }]);
    expect(programDescriptions('m', 'a:b')).toEqual([{ provider: 'a', module: 'b', func: '', name: '' }]);
    expect(programDescriptions('f', 'zfs_read')).toEqual([{ provider: '', module: '', func: 'zfs_read', name: '' }]);
    expect(programDescriptions('i', '3')).toEqual([{ id: 3 }]);
  });
});
