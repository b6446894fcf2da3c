// The aggregation store: each function's arithmetic (exact beyond 2^53, 64-bit sums,
// 128-bit sums of squares), clear/trunc/normalize, the aggsize budget, snapshots, and the
// per-node merge (dtrace-semantics §1, §2; traps 6, 7, 8, 16).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AggSpace, type AggFunc, type Aggregation, aggregationFromSnapshot, createAggregation, entryBytes, printaDefault, printPending,
  snapshotTransferables,
} from '../../../../src/d/agg';
import type { DInt } from '../../../../src/d/host';
import { INT, LONG, STRING, agg } from './helpers';

/** The value column of the single keyless entry as printed. */
const shown = (a: Aggregation): string => printPending([a]);

describe('scalar functions', () => {
  it('count counts and sum sums', () => {
    const c = agg('count', [STRING]);
    c.add1('a', 0);
    c.add1('a', 0);
    c.add1('b', 0);
    expect(c.words(c.find(['a']))).toEqual([2]);
    expect(c.words(c.find(['b']))).toEqual([1]);
    const s = agg('sum');
    s.add0(5);
    s.add0(-7);
    expect(s.words(0)).toEqual([-2]);
  });

  it('keeps sums exact beyond 2^53 and wraps them at 64 bits', () => {
    const s = agg('sum');
    s.add0(2 ** 53 - 1);
    s.add0(2 ** 53 - 1);
    expect(s.words(0)).toEqual([2n ** 54n - 2n]);
    s.add0(-(2 ** 53 - 1));
    expect(s.words(0)).toEqual([2 ** 53 - 1]);
    const w = agg('sum');
    w.add0(2n ** 63n - 1n);
    w.add0(1);
    expect(w.words(0)).toEqual([-(2n ** 63n)]);
    expect(shown(w)).toBe(' -9223372036854775808\n');
  });

  it('avg truncates toward zero: -3/2 prints -1 (trap 6)', () => {
    const a = agg('avg');
    a.add0(-1);
    a.add0(-2);
    expect(shown(a)).toBe('               -1\n');
    const b = agg('avg');
    b.add0(1);
    b.add0(2);
    expect(shown(b)).toBe('                1\n');
  });

  it('stddev is the population SD with integer steps: 10..50 gives 14, 10 and 20 give 5 (trap 7)', () => {
    const a = agg('stddev');
    for (const v of [10, 20, 30, 40, 50]) a.add0(v);
    expect(shown(a)).toBe('               14\n');
    const b = agg('stddev');
    b.add0(10);
    b.add0(20);
    expect(shown(b)).toBe('                5\n');
  });

  it('stddev keeps an exact 128-bit sum of squares', () => {
    const a = agg('stddev');
    const vs = [3_000_000_000, 7_000_000_001, -(2n ** 62n), 5];
    for (const v of vs) a.add0(v);
    const sq = vs.reduce<bigint>((t, v) => t + BigInt(v) * BigInt(v), 0n);
    expect(a.words(0)[2]).toBe(sq);
  });

  it('min and max compare signed 64-bit values', () => {
    const mn = agg('min');
    const mx = agg('max');
    for (const v of [3, -9, 2n ** 63n - 1n, 7]) {
      mn.add0(v);
      mx.add0(v);
    }
    expect(mn.words(0)).toEqual([-9]);
    expect(mx.words(0)).toEqual([2n ** 63n - 1n]);
    const u = agg('max');
    u.add0(5);
    u.add0(2n ** 64n - 1n); // a uint64 this large is -1 as int64
    expect(u.words(0)).toEqual([5]);
  });

  it('min and max show 0 after clear() and later compare against that 0 (trap 8)', () => {
    const mn = agg('min', [STRING]);
    const mx = agg('max', [STRING]);
    mn.add1('k', 5);
    mx.add1('k', -5);
    mn.clear();
    mx.clear();
    expect(printPending([mn])).toBe('  k                                                                 0\n');
    mn.add1('k', 9);
    mx.add1('k', -9);
    expect(mn.words(0)).toEqual([0]);
    expect(mx.words(0)).toEqual([0]);
  });
});

describe('clear, trunc, normalize', () => {
  function counts(): Aggregation {
    const a = agg('sum', [STRING]);
    a.add1('a', 10);
    a.add1('b', 40);
    a.add1('c', 20);
    a.add1('d', 30);
    return a;
  }

  it('clear() keeps every key and zeroes the values', () => {
    const a = counts();
    a.clear();
    expect(a.size).toBe(4);
    expect(printPending([a])).toBe(
      '  a                                                                 0\n' +
      '  b                                                                 0\n' +
      '  c                                                                 0\n' +
      '  d                                                                 0\n',
    );
  });

  it('trunc(@, 2) keeps the 2 largest values, trunc(@, -2) the 2 smallest, trunc(@) none (trap 16)', () => {
    const a = counts();
    a.trunc(2);
    expect(printPending([a])).toBe(
      '  d                                                                30\n' +
      '  b                                                                40\n',
    );
    const b = counts();
    b.trunc(-2);
    expect(printPending([b])).toBe(
      '  a                                                                10\n' +
      '  c                                                                20\n',
    );
    const c = counts();
    c.trunc();
    expect(c.size).toBe(0);
    const d = counts();
    d.trunc(0);
    expect(d.size).toBe(0);
  });

  it('trunc breaks value ties by key and ignores the aggsort options (trap 16)', () => {
    const a = agg('count', [STRING]);
    for (const k of ['x', 'y', 'z']) a.add1(k, 0);
    a.trunc(2);
    // the two largest in value-then-key order are z and y, whatever aggsortrev says when printing
    expect(printPending([a], { aggsortrev: true })).toBe(
      '  z                                                                 1\n' +
      '  y                                                                 1\n',
    );
  });

  it('trunc frees budget and the store keeps working', () => {
    const space = new AggSpace();
    const a = agg('count', [STRING], {}, space);
    for (const k of ['a', 'b', 'c']) a.add1(k, 0);
    const used = space.used;
    a.trunc(1);
    expect(space.used).toBe(used / 3);
    expect(a.keysOf(0)).toEqual(['c']);
    a.add1('c', 0);
    a.add1('q', 0);
    expect(a.size).toBe(2);
    expect(a.words(a.find(['c']))).toEqual([2]);
  });

  it('normalize(@, n) divides printed values; denormalize() undoes it', () => {
    const a = agg('sum', [STRING]);
    a.add1('a', 1000);
    a.normalize(10);
    expect(printPending([a])).toBe('  a                                                               100\n');
    a.denormalize();
    expect(printPending([a])).toBe('  a                                                              1000\n');
    expect(a.normalize(0)).toBe(false);
    expect(a.normal).toBe(1);
  });

  it('normalizes avg by dividing its sum, and stddev by dividing sum and squares', () => {
    const a = agg('avg');
    a.add0(100);
    a.add0(300);
    a.normalize(2);
    expect(shown(a)).toBe('              100\n');
    const s = agg('stddev');
    for (const v of [10, 20, 30, 40, 50]) s.add0(v);
    s.normalize(2);
    expect(shown(s)).toBe('                7\n');
  });
});

describe('aggsize budget', () => {
  it('drops an update that needs a new entry beyond the budget, and counts the drop per CPU', () => {
    const space = new AggSpace({ aggsize: 0 });
    const bytes = entryBytes({ id: 1, name: 'a', func: 'count', keyTypes: [STRING] }, space);
    const small = new AggSpace({ aggsize: bytes * 2 });
    const a = agg('count', [STRING], {}, small);
    a.add1('a', 0);
    a.add1('b', 0);
    small.cpu = 3;
    a.add1('c', 0);
    a.add1('d', 0);
    small.cpu = 1;
    a.add1('e', 0);
    a.add1('a', 0);
    expect(a.size).toBe(2);
    expect(a.words(a.find(['a']))).toEqual([2]);
    expect(small.takeDrops()).toEqual([{ cpu: 1, count: 1 }, { cpu: 3, count: 2 }]);
    expect(small.takeDrops()).toEqual([]);
  });

  it('estimates an entry like DTrace: strsize bytes per string key, 8 per bucket', () => {
    const space = new AggSpace({ strsize: 256 });
    expect(entryBytes({ id: 1, name: 'a', func: 'count', keyTypes: [STRING] }, space)).toBe(40 + 256 + 8);
    expect(entryBytes({ id: 1, name: 'a', func: 'quantize', keyTypes: [INT] }, space)).toBe(48 + 127 * 8);
    expect(entryBytes({ id: 1, name: 'a', func: 'llquantize', keyTypes: [], llquant: { factor: 10, low: 3, high: 11, nsteps: 100 } }, space))
      .toBe(40 + 8 + 812 * 8);
  });

  it('keeps the default 4m budget', () => {
    const space = new AggSpace();
    expect(space.budget).toBe(4 * 1024 * 1024);
  });
});

describe('printed flag', () => {
  it('is set by printa() of an aggregation with entries and never reset', () => {
    const a = agg('count');
    printaDefault([a]);
    expect(a.printed).toBe(false);
    a.add0(0);
    printaDefault([a]);
    expect(a.printed).toBe(true);
    a.clear();
    a.trunc();
    a.add0(0);
    expect(a.printed).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Merging per-part stores equals aggregating everything in one place.

const FUNCS: readonly AggFunc[] = ['count', 'sum', 'avg', 'min', 'max', 'stddev', 'quantize', 'lquantize', 'llquantize'];

const value = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => (b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n ? Number(b) : b)),
);
const incr = fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined });
const update = fc.record({ key: fc.constantFrom('web0', 'db1', 'cache2', 'global'), k2: fc.constantFrom(1, -1, 2 ** 40), v: value, incr, part: fc.nat(3) });

function build(func: AggFunc, nkeys: number, space: AggSpace): Aggregation {
  const keyTypes = [STRING, LONG].slice(0, nkeys);
  return createAggregation(
    { id: 1, name: 'a', func, keyTypes, lquant: { base: -50, limit: 50, step: 7 }, llquant: { factor: 10, low: 1, high: 17, nsteps: 20 } },
    space,
  );
}

function apply(a: Aggregation, nkeys: number, u: { key: string; k2: number; v: DInt; incr?: number }): void {
  if (nkeys === 0) a.add0(u.v, u.incr);
  else if (nkeys === 1) a.add1(u.key, u.v, u.incr);
  else a.addN([u.key, u.k2], u.v, u.incr);
}

/** Every entry as text, sorted: keys and value words. */
function contents(a: Aggregation): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.size; i++) out.push(`${a.keysOf(i).map(String).join(',')} => ${a.words(i).map(String).join(' ')}`);
  return out.sort();
}

describe('merge', () => {
  it('merging per-part stores equals one store, for every function (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FUNCS), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.array(update, { maxLength: 60 }), (func, nkeys, parts, updates) => {
        const whole = build(func, nkeys, new AggSpace());
        const pieces = Array.from({ length: parts }, () => build(func, nkeys, new AggSpace()));
        for (const u of updates) {
          apply(whole, nkeys, u);
          apply(pieces[u.part % parts], nkeys, u);
        }
        const merged = build(func, nkeys, new AggSpace());
        for (const p of pieces) merged.merge(p);
        expect(contents(merged)).toEqual(contents(whole));
        const viaSnapshots = build(func, nkeys, new AggSpace());
        for (const p of pieces) viaSnapshots.mergeSnapshot(p.snapshot());
        expect(contents(viaSnapshots)).toEqual(contents(whole));
      }),
      { numRuns: 400 },
    );
  });
});

describe('add1t (lookup by thread slot)', () => {
  type Op = { readonly kind: 'add'; readonly key: string; readonly slot: number; readonly v: DInt; readonly incr?: number } | { readonly kind: 'trunc' | 'clear' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('web0', 'db1', 'cache2', 'global'), slot: fc.integer({ min: 0, max: 200 }), v: value, incr }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('trunc' as const, 'clear' as const) }) },
  );

  it('gives the same store as add1, whatever key a slot brings and after trunc or clear (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FUNCS), fc.array(op, { maxLength: 80 }), (func, ops) => {
        const byKey = build(func, 1, new AggSpace());
        const bySlot = build(func, 1, new AggSpace());
        for (const o of ops) {
          if (o.kind === 'add') {
            byKey.add1(o.key, o.v, o.incr);
            bySlot.add1t(o.key, o.slot, o.v, o.incr);
          } else if (o.kind === 'trunc') {
            byKey.trunc(1);
            bySlot.trunc(1);
          } else {
            byKey.clear();
            bySlot.clear();
          }
        }
        expect(contents(bySlot)).toEqual(contents(byKey));
        expect(bySlot.snapshot()).toEqual(byKey.snapshot());
      }),
      { numRuns: 400 },
    );
  });

  it('follows a thread whose key changes (a new zonename or execname for the same slot)', () => {
    const a = agg('count', [STRING]);
    a.add1t('web0', 7, 0);
    a.add1t('web0', 7, 0);
    a.add1t('db1', 7, 0);
    a.add1t('web0', 100_000, 0);
    expect(contents(a)).toEqual(['db1 => 1', 'web0 => 3']);
  });
});

describe('snapshot', () => {
  it('is columnar typed arrays that rebuild the same store', () => {
    const a = agg('llquantize', [STRING, INT], { llquant: { factor: 10, low: 0, high: 3, nsteps: 10 } });
    a.addN(['web0', 1], 5);
    a.addN(['web0', 2], 50, 3);
    a.addN(['db1', 1], 500);
    a.normalize(2);
    const s = a.snapshot();
    expect(s.size).toBe(3);
    expect(s.values).toBeInstanceOf(Float64Array);
    expect(s.values.length).toBe(3 * s.stride);
    expect(s.keys[0]).toMatchObject({ kind: 'str', dict: ['web0', 'db1'] });
    expect(s.keys[1].kind).toBe('num');
    expect(snapshotTransferables(s)).toHaveLength(3);
    const b = aggregationFromSnapshot(a.desc, new AggSpace(), s);
    expect(contents(b)).toEqual(contents(a));
    expect(b.normal).toBe(2);
    expect(printaDefault([b])).toBe(printaDefault([a]));
  });

  it('switches to BigInt64Array words when a value leaves the safe range', () => {
    const a = agg('stddev', [LONG]);
    a.add1(2n ** 60n, 2n ** 62n);
    a.add1(-1, 3);
    const s = a.snapshot();
    expect(s.values).toBeInstanceOf(BigInt64Array);
    expect(s.keys[0].kind).toBe('big');
    const b = aggregationFromSnapshot(a.desc, new AggSpace(), s);
    expect(contents(b)).toEqual(contents(a));
  });

  it("holds a distribution's buckets entry by entry, a copy the store's later updates and trunc do not touch", () => {
    const a = agg('llquantize', [STRING], { llquant: { factor: 10, low: 3, high: 11, nsteps: 100 } });
    a.add1('web0', 5_000);
    a.add1('db1', 70_000, 4);
    a.add1('web0', 5_000);
    const s = a.snapshot();
    const words = [...a.words(0), ...a.words(1)];
    expect(s.values).toBeInstanceOf(Float64Array);
    expect([...s.values]).toEqual(words);
    a.add1('web0', 9_000_000);
    a.trunc();
    expect([...s.values]).toEqual(words);
    expect(a.snapshot().size).toBe(0);
  });

  it('carries a distribution row past 2^53 exactly (BigInt64Array words)', () => {
    const a = agg('quantize', [STRING]);
    a.add1('web0', 4, 2n ** 60n);
    a.add1('db1', 4, 3);
    const s = a.snapshot();
    expect(s.values).toBeInstanceOf(BigInt64Array);
    const row0 = (s.values as BigInt64Array).subarray(0, s.stride).reduce((x, y) => x + y, 0n);
    expect(row0).toBe(2n ** 60n);
    const b = aggregationFromSnapshot(a.desc, new AggSpace(), s);
    expect(contents(b)).toEqual(contents(a));
    expect(b.words(b.find(['web0']))).toEqual(a.words(a.find(['web0'])));
  });
});
