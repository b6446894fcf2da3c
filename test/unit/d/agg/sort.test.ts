// DTrace's output order (dtrace-semantics §2 "Sort order"; traps 9, 10, 11): variable id,
// then value ascending with each function's comparison value, then key ascending with
// integers compared unsigned at their size; and the aggsort options.
import { describe, expect, it } from 'vitest';
import { AggSpace, type Aggregation, joinEntries, printPending, sortedEntries } from '../../../../src/d/agg';
import { CHAR, INT, LONG, SHORT, STRING, UINT, agg } from './helpers';

const keys = (a: Aggregation, order: number[]) => order.map((i) => a.keysOf(i).join(','));

describe('default order', () => {
  it('sorts by value, then key; an integer key of -1 sorts last because keys compare unsigned (trap 9)', () => {
    const a = agg('count', [INT]);
    for (const k of [5, -1, 2]) a.add1(k, 0);
    a.add1(7, 0);
    a.add1(7, 0);
    expect(printPending([a])).toBe(
      '        2                1\n' +
      '        5                1\n' +
      '       -1                1\n' +
      '        7                2\n',
    );
  });

  it('prints char and short keys unsigned, int and long keys signed, each at its width (traps 10, 11)', () => {
    const c = agg('count', [CHAR]);
    c.add1(-2, 0);
    c.add1(3, 0);
    expect(printPending([c])).toBe(
      '   3                1\n' +
      ' 254                1\n',
    );
    const s = agg('count', [SHORT]);
    s.add1(-2, 0);
    expect(printPending([s])).toBe(' 65534                1\n');
    const i = agg('count', [INT]);
    i.add1(-2, 0);
    expect(printPending([i])).toBe('       -2                1\n');
    const l = agg('count', [LONG]);
    l.add1(-2, 0);
    expect(printPending([l])).toBe('               -2                1\n');
    // a 4-byte key goes to printf's %d as an int, whatever its signedness
    const u = agg('count', [UINT]);
    u.add1(4294967295, 0);
    expect(printPending([u])).toBe('       -1                1\n');
  });

  it('sorts keys unsigned at their size but prints int and long keys signed (aggsortkey)', () => {
    const space = new AggSpace();
    const aggs = [CHAR, SHORT, INT, LONG].map((t, i) => agg('sum', [t], { id: i + 1 }, space));
    for (const a of aggs) for (const v of [-2, -1, 0, 1, 2]) a.add1(v, v);
    expect(printPending(aggs, { aggsortkey: true })).toBe(
      '   0                0\n' +
      '   1                1\n' +
      '   2                2\n' +
      ' 254               -2\n' +
      ' 255               -1\n' +
      '     0                0\n' +
      '     1                1\n' +
      '     2                2\n' +
      ' 65534               -2\n' +
      ' 65535               -1\n' +
      '        0                0\n' +
      '        1                1\n' +
      '        2                2\n' +
      '       -2               -2\n' +
      '       -1               -1\n' +
      '                0                0\n' +
      '                1                1\n' +
      '                2                2\n' +
      '               -2               -2\n' +
      '               -1               -1\n',
    );
  });

  it('prints each aggregation in variable-id order at the end of the run', () => {
    const space = new AggSpace();
    const second = agg('sum', [], { id: 2 }, space);
    const first = agg('count', [], { id: 1 }, space);
    const never = agg('count', [], { id: 3 }, space);
    second.add0(42);
    first.add0(0);
    expect(printPending([second, never, first])).toBe(
      '                1\n' +
      '               42\n',
    );
  });

  it('orders strings bytewise', () => {
    const a = agg('count', [STRING]);
    for (const k of ['b', 'B', 'ab', 'a', '_']) a.add1(k, 0);
    expect(keys(a, sortedEntries(a))).toEqual(['B', '_', 'a', 'ab', 'b']);
  });
});

describe('value comparisons', () => {
  it('compares quantize by the sum of label x count, ties by the zero bucket', () => {
    const a = agg('quantize', [STRING]);
    a.add1('four', 4);
    a.add1('three', 1, 3);
    a.add1('zeros', 0, 2);
    a.add1('zeros', 2);
    a.add1('two', 2);
    a.add1('neg', -8);
    expect(keys(a, sortedEntries(a))).toEqual(['neg', 'two', 'zeros', 'three', 'four']);
  });

  it('weighs lquantize underflow as base-1 and overflow as top+1', () => {
    const a = agg('lquantize', [STRING], { lquant: { base: 0, limit: 10, step: 1 } });
    a.add1('under', -100);
    a.add1('zero', 0);
    a.add1('nine', 9);
    a.add1('over', 1000);
    a.add1('ten', 10);
    expect(keys(a, sortedEntries(a))).toEqual(['under', 'zero', 'nine', 'over', 'ten']);
  });

  it('compares avg by its truncated mean and stddev by its value', () => {
    const a = agg('avg', [STRING]);
    a.add1('x', 3);
    a.add1('x', 4); // 3
    a.add1('y', 2); // 2
    a.add1('z', -1);
    a.add1('z', -2); // -1
    expect(keys(a, sortedEntries(a))).toEqual(['z', 'y', 'x']);
    const s = agg('stddev', [STRING]);
    for (const v of [10, 20, 30, 40, 50]) s.add1('wide', v);
    for (const v of [1, 2, 3]) s.add1('narrow', v);
    expect(keys(s, sortedEntries(s))).toEqual(['narrow', 'wide']);
  });
});

describe('aggsort options', () => {
  function twoKeys(): Aggregation {
    const a = agg('sum', [STRING, INT]);
    a.addN(['b', 1], 30);
    a.addN(['a', 2], 20);
    a.addN(['a', 1], 10);
    a.addN(['c', 0], 10);
    return a;
  }

  it('aggsortkey sorts by key alone', () => {
    const a = twoKeys();
    expect(keys(a, sortedEntries(a, { aggsortkey: true }))).toEqual(['a,1', 'a,2', 'b,1', 'c,0']);
  });

  it('aggsortkeypos starts the key comparison at that key and wraps', () => {
    const a = twoKeys();
    expect(keys(a, sortedEntries(a, { aggsortkey: true, aggsortkeypos: 1 }))).toEqual(['c,0', 'a,1', 'b,1', 'a,2']);
    expect(keys(a, sortedEntries(a, { aggsortkeypos: 1 }))).toEqual(['c,0', 'a,1', 'a,2', 'b,1']);
    // a position past the last key means 0
    expect(keys(a, sortedEntries(a, { aggsortkey: true, aggsortkeypos: 5 }))).toEqual(['a,1', 'a,2', 'b,1', 'c,0']);
  });

  it('aggsortrev reverses every comparison, the variable order included', () => {
    const a = twoKeys();
    expect(keys(a, sortedEntries(a, { aggsortrev: true }))).toEqual(['b,1', 'a,2', 'c,0', 'a,1']);
    const space = new AggSpace();
    const x = agg('count', [], { id: 1 }, space);
    const y = agg('sum', [], { id: 2 }, space);
    x.add0(0);
    y.add0(42);
    expect(printPending([x, y], { aggsortrev: true })).toBe(
      '               42\n' +
      '                1\n',
    );
  });
});

describe('joined printa order', () => {
  function pair(): [Aggregation, Aggregation] {
    const space = new AggSpace();
    const a = agg('sum', [STRING], { id: 1 }, space);
    const b = agg('sum', [STRING], { id: 2 }, space);
    a.add1('x', 2);
    a.add1('y', 1);
    a.add1('z', 1);
    b.add1('x', 5);
    b.add1('y', 9);
    b.add1('w', 3);
    return [a, b];
  }

  it('orders by the first aggregation\'s value (missing is 0), then the second\'s, then key', () => {
    const [a, b] = pair();
    expect(joinEntries([a, b]).map((r) => r.keys[0])).toEqual(['w', 'z', 'y', 'x']);
  });

  it('aggsortpos picks which aggregation is compared first', () => {
    const [a, b] = pair();
    expect(joinEntries([a, b], { aggsortpos: 1 }).map((r) => r.keys[0])).toEqual(['z', 'w', 'x', 'y']);
    expect(joinEntries([a, b], { aggsortpos: 2 }).map((r) => r.keys[0])).toEqual(['w', 'z', 'y', 'x']);
  });

  it('aggsortkey orders joined rows by key', () => {
    const [a, b] = pair();
    expect(joinEntries([a, b], { aggsortkey: true }).map((r) => r.keys[0])).toEqual(['w', 'x', 'y', 'z']);
  });
});
