// llquantize() as illumos implements it: buckets (0 and negatives below factor^low),
// labels, the empty block, and the compile-time checks (dtrace-semantics §1; trap 5).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLlquantize, llquantLayout, matchLlquantize, printaDefault } from '../../../../src/d/agg';
import { agg } from './helpers';

const HEADER = '\n           value  ------------- Distribution ------------- count    \n';

/** The kernel's bucket function, transcribed in bigint for reference. */
function kernelBucket(f: number, low: number, high: number, n: number, v: bigint): number {
  const F = BigInt(f);
  const N = BigInt(n);
  let cur = 1n;
  let order = 0;
  for (; order < low; order++) cur *= F;
  let last = cur;
  if (v < last) return 0;
  let base = 1;
  for (cur *= F; order <= high; order++) {
    const nb = cur > N ? N : cur;
    const next = BigInt.asIntN(64, cur * F);
    let x = v;
    if (next < cur) x = cur - 1n;
    if (x < cur) return base + Number((x - last) / (cur / nb));
    base += Number(nb - nb / F);
    last = cur;
    cur = next;
  }
  return base;
}

describe('llquantize layout', () => {
  it('labels (10, 0, 2, 10) as < 1, 1..9, 10..90, 100..900, >= 1000', () => {
    const l = llquantLayout({ factor: 10, low: 0, high: 2, nsteps: 10 });
    expect(l.nbins).toBe(29);
    const labels = Array.from({ length: l.nbins }, (_, i) => String(l.label(i)));
    expect(labels).toEqual([
      '< 1', '1', '2', '3', '4', '5', '6', '7', '8', '9',
      '10', '20', '30', '40', '50', '60', '70', '80', '90',
      '100', '200', '300', '400', '500', '600', '700', '800', '900', '>= 1000',
    ]);
  });

  it('puts 0 and every negative value in the `< factor^low` bucket (trap 5)', () => {
    const l = llquantLayout({ factor: 10, low: 3, high: 11, nsteps: 100 });
    expect(l.bucket(0)).toBe(0);
    expect(l.bucket(-5)).toBe(0);
    expect(l.bucket(-(2n ** 63n))).toBe(0);
    expect(l.bucket(999)).toBe(0);
    expect(l.bucket(1000)).toBe(1);
    expect(l.label(l.bucket(1099))).toBe(1000);
    expect(l.label(l.bucket(1100))).toBe(1100);
    expect(l.label(l.bucket(123456))).toBe(120000);
    expect(l.label(l.nbins - 1)).toBe('>= 1000000000000');
    expect(l.bucket(10n ** 12n)).toBe(l.nbins - 1);
  });

  it('adds k - k/factor buckets per order, k = min(nsteps, factor^(m+1))', () => {
    const l = llquantLayout({ factor: 2, low: 0, high: 4, nsteps: 4 });
    const labels = Array.from({ length: l.nbins }, (_, i) => String(l.label(i)));
    expect(labels).toEqual(['< 1', '1', '2', '3', '4', '6', '8', '12', '16', '24', '>= 32']);
  });

  it('bins every value exactly as the kernel does', () => {
    const params = fc.constantFrom(
      { factor: 10, low: 3, high: 11, nsteps: 100 },
      { factor: 10, low: 0, high: 2, nsteps: 10 },
      { factor: 2, low: 0, high: 40, nsteps: 4 },
      { factor: 3, low: 1, high: 30, nsteps: 27 },
      { factor: 10, low: 0, high: 17, nsteps: 20 },
      { factor: 65535, low: 0, high: 2, nsteps: 65535 },
    );
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 0, max: 52 }).map((e) => 2 ** e + (e % 3) - 1),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    );
    fc.assert(
      fc.property(params, value, (p, v) => {
        const l = llquantLayout(p);
        expect(l.bucket(v)).toBe(kernelBucket(p.factor, p.low, p.high, p.nsteps, BigInt(v)));
      }),
      { numRuns: 3000 },
    );
    for (const p of [{ factor: 10, low: 3, high: 11, nsteps: 100 }, { factor: 7, low: 2, high: 12, nsteps: 49 }]) {
      const l = llquantLayout(p);
      for (let i = 1; i < l.nbins; i++) {
        const b = BigInt(l.bounds[i]);
        for (const v of [b - 1n, b, b + 1n]) {
          const n = v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
          expect(l.bucket(n)).toBe(kernelBucket(p.factor, p.low, p.high, p.nsteps, v));
        }
      }
    }
  });

  it('bins exactly at every edge of the fast table below 2^32 (each 1/256 of a power of two) and at every bucket bound', () => {
    const params = [
      { factor: 10, low: 3, high: 11, nsteps: 100 },
      { factor: 10, low: 0, high: 9, nsteps: 1000 },
      { factor: 2, low: 0, high: 40, nsteps: 4 },
      { factor: 3, low: 1, high: 30, nsteps: 27 },
      { factor: 4, low: 2, high: 14, nsteps: 1024 },
      { factor: 65535, low: 0, high: 2, nsteps: 65535 },
    ];
    for (const p of params) {
      const l = llquantLayout(p);
      const values: number[] = [];
      for (let e = 0; e < 33; e++) {
        for (let f = 0; f < 256; f++) {
          const start = Math.ceil(2 ** e + (f * 2 ** e) / 256);
          values.push(start - 1, start, start + 1);
        }
      }
      for (const b of l.bounds) {
        const n = Number(b);
        if (n < 2 ** 33) values.push(n - 1, n, n + 1);
      }
      const wrong = values.filter((v) => l.bucket(v) !== kernelBucket(p.factor, p.low, p.high, p.nsteps, BigInt(v)));
      expect({ p, wrong: wrong.slice(0, 5) }).toEqual({ p, wrong: [] });
    }
  });

  it('clamps the top order into its last bucket when factor^(high+2) overflows int64, leaving no overflow bucket', () => {
    const l = llquantLayout({ factor: 65535, low: 0, high: 2, nsteps: 65535 });
    expect(l.clamped).toBe(true);
    expect(l.bucket(2n ** 62n)).toBe(l.nbins - 1);
    expect(l.bucket(65535 ** 2)).toBe(l.nbins - 1);
    expect(l.bucket(65535 ** 2 - 1)).toBe(l.nbins - 65535);
    expect(String(l.label(l.nbins - 1))).not.toMatch(/>=/);
  });
});

describe('llquantize printing', () => {
  it('shows `< factor^low` and the first bucket when there is no data', () => {
    const a = agg('llquantize', [], { llquant: { factor: 10, low: 1, high: 3, nsteps: 10 } });
    a.add0(500);
    a.clear();
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '            < 10 |                                         0        \n' +
      '              10 |                                         0        \n' +
      '\n',
    );
  });

  it('prints values below factor^low, 0 and negatives included, in `< factor^low` (trap 5)', () => {
    const a = agg('llquantize', [], { llquant: { factor: 10, low: 1, high: 3, nsteps: 10 } });
    a.add0(0);
    a.add0(-40);
    a.add0(9);
    a.add0(25);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '            < 10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@           3        \n' +
      '              10 |                                         0        \n' +
      '              20 |@@@@@@@@@@                               1        \n' +
      '              30 |                                         0        \n' +
      '\n',
    );
  });

  it('prints the `>= factor^(high+1)` row', () => {
    const a = agg('llquantize', [], { llquant: { factor: 10, low: 0, high: 1, nsteps: 10 } });
    a.add0(95);
    a.add0(1000);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '              80 |                                         0        \n' +
      '              90 |@@@@@@@@@@@@@@@@@@@@                     1        \n' +
      '          >= 100 |@@@@@@@@@@@@@@@@@@@@                     1        \n' +
      '\n',
    );
  });
});

describe('llquantize parameter checks', () => {
  it('accepts valid parameters', () => {
    expect(checkLlquantize(10, 3, 11, 100)).toEqual({ ok: true, params: { factor: 10, low: 3, high: 11, nsteps: 100 } });
  });

  it('wants unsigned 16-bit integer constants', () => {
    expect(checkLlquantize('nonconst', 0, 2, 10)).toMatchObject({ tag: 'D_LLQUANT_FACTORTYPE', message: 'llquantize( ) argument #1 (factor) must be an integer constant', arg: 1 });
    expect(checkLlquantize(10, 'nonconst', 2, 10)).toMatchObject({ tag: 'D_LLQUANT_LOWTYPE', message: 'llquantize( ) argument #2 (low magnitude) must be an integer constant' });
    expect(checkLlquantize(10, 0, -1, 10)).toMatchObject({ tag: 'D_LLQUANT_HIGHVAL', message: 'llquantize( ) argument #3 (high magnitude) must be an unsigned 16-bit quantity', arg: 3 });
    expect(checkLlquantize(10, 0, 2, 65536)).toMatchObject({ tag: 'D_LLQUANT_NSTEPVAL', message: 'llquantize( ) argument #4 (linear steps per magnitude) must be an unsigned 16-bit quantity' });
  });

  it('rejects a factor below 2, low >= high and nsteps < factor (trap 5)', () => {
    expect(checkLlquantize(1, 0, 2, 10)).toMatchObject({ tag: 'D_LLQUANT_FACTORSMALL', message: 'llquantize( ) factor (argument #1) must be two or more' });
    const magrange = { tag: 'D_LLQUANT_MAGRANGE', message: 'llquantize( ) high magnitude (argument #3) must be greater than low magnitude (argument #2)' };
    expect(checkLlquantize(10, 2, 2, 10)).toMatchObject(magrange);
    expect(checkLlquantize(10, 3, 2, 10)).toMatchObject(magrange);
    expect(checkLlquantize(10, 0, 2, 5)).toMatchObject({
      tag: 'D_LLQUANT_FACTORNSTEPS',
      message: 'llquantize( ) factor (argument #1) must be less than or equal to the number of linear steps per magnitude (argument #4)',
    });
  });

  it('wants the factor to divide nsteps and nsteps to divide a power of the factor', () => {
    const even = {
      tag: 'D_LLQUANT_FACTOREVEN',
      message: 'llquantize( ) factor (argument #1) must evenly divide the number of steps per magnitude (argument #4), and the number of steps per magnitude must evenly divide a power of the factor',
    };
    expect(checkLlquantize(10, 0, 2, 15)).toMatchObject(even);
    expect(checkLlquantize(10, 0, 2, 30)).toMatchObject(even);
    expect(checkLlquantize(10, 0, 2, 20).ok).toBe(true);
  });

  it('rejects a factor whose powers overflow 64 bits', () => {
    expect(checkLlquantize(10, 0, 18, 10)).toMatchObject({
      tag: 'D_LLQUANT_MAGTOOBIG', message: 'llquantize( ) factor (10) raised to power of high magnitude (18) plus 1 overflows 64-bits',
    });
    expect(checkLlquantize(10, 0, 17, 10).ok).toBe(true);
    // dt_cc.c multiplies high + 2 times, so 2^(high+2) must fit in 64 unsigned bits
    expect(checkLlquantize(2, 0, 61, 2).ok).toBe(true);
    expect(checkLlquantize(2, 0, 62, 2)).toMatchObject({ tag: 'D_LLQUANT_MAGTOOBIG' });
  });

  it('reports the first parameter a later use changes', () => {
    const p = { factor: 10, low: 3, high: 11, nsteps: 100 };
    expect(matchLlquantize(p, p)).toBeUndefined();
    expect(matchLlquantize(p, { ...p, high: 12, nsteps: 10 })).toMatchObject({
      tag: 'D_LLQUANT_HIGHMATCH', message: "llquantize( ) high magnitude (argument #3) doesn't match previous declaration: expected 11, found 12",
    });
    expect(matchLlquantize(p, { ...p, nsteps: 10 })).toMatchObject({
      tag: 'D_LLQUANT_NSTEPMATCH', message: "llquantize( ) linear steps per magnitude (argument #4) doesn't match previous declaration: expected 100, found 10",
    });
  });
});
