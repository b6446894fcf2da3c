// lquantize(): illumos binning, labels, the empty block, and the compile-time parameter
// checks with their exact tags and texts (dtrace-semantics §1; traps 3, 4, 14).
import { describe, expect, it } from 'vitest';
import { checkLquantize, lquantizeBucket, lquantizeLabel, lquantParams, matchLquantize, printaDefault } from '../../../../src/d/agg';
import { agg } from './helpers';

const HEADER = '\n           value  ------------- Distribution ------------- count    \n';

describe('lquantize buckets', () => {
  const p = lquantParams({ base: 0, limit: 10, step: 3 });

  it('has levels = floor((limit-base)/step) and an overflow starting at base+levels*step (trap 3)', () => {
    expect(p.levels).toBe(3);
    expect(lquantizeBucket(p, 8)).toBe(3);
    expect(lquantizeBucket(p, 9)).toBe(4);
    expect(lquantizeLabel(p, 4)).toBe('>= 9');
    expect(lquantizeLabel(p, 0)).toBe('< 0');
    expect(lquantizeLabel(p, 2)).toBe(3);
  });

  it('puts values below base in the underflow bucket, and bins (int32)v (trap 4)', () => {
    const q = lquantParams({ base: 0, limit: 10, step: 1 });
    expect(lquantizeBucket(q, -1)).toBe(0);
    expect(lquantizeBucket(q, 2 ** 32 + 5)).toBe(6);
    expect(lquantizeBucket(q, 2 ** 31)).toBe(0);
    expect(lquantizeBucket(q, 2n ** 63n + 7n)).toBe(8);
  });
});

describe('lquantize printing', () => {
  it('prints the overflow row as `>= top` when step does not divide the range (trap 3)', () => {
    const a = agg('lquantize', [], { lquant: { base: 0, limit: 10, step: 3 } });
    a.add0(9);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '               6 |                                         0        \n' +
      '            >= 9 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n' +
      '\n',
    );
  });

  it('prints `< base` for underflow and 2^32+5 in bucket 5 (trap 4)', () => {
    const a = agg('lquantize', [], { lquant: { base: 0, limit: 10, step: 1 } });
    a.add0(-7);
    a.add0(2 ** 32 + 5);
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '             < 0 |@@@@@@@@@@@@@@@@@@@@                     1        \n' +
      '               0 |                                         0        \n' +
      '               1 |                                         0        \n' +
      '               2 |                                         0        \n' +
      '               3 |                                         0        \n' +
      '               4 |                                         0        \n' +
      '               5 |@@@@@@@@@@@@@@@@@@@@                     1        \n' +
      '               6 |                                         0        \n' +
      '\n',
    );
  });

  it('shows `< base`, base and base+step when there is no data (trap 14)', () => {
    const a = agg('lquantize', [], { lquant: { base: 10, limit: 100, step: 10 } });
    a.add0(50);
    a.clear();
    expect(printaDefault([a])).toBe(
      '\n' + HEADER +
      '            < 10 |                                         0        \n' +
      '              10 |                                         0        \n' +
      '              20 |                                         0        \n' +
      '\n',
    );
  });
});

describe('lquantize parameter checks', () => {
  const ok = (r: ReturnType<typeof checkLquantize>) => (r.ok ? r.params : undefined);

  it('accepts valid parameters and defaults the step to 1', () => {
    expect(ok(checkLquantize(0, 10))).toEqual({ base: 0, limit: 10, step: 1, levels: 10 });
    expect(ok(checkLquantize(-5, 10, 4))).toEqual({ base: -5, limit: 10, step: 4, levels: 3 });
  });

  it('rejects non-constant and out-of-range base and limit', () => {
    expect(checkLquantize('nonconst', 10)).toMatchObject({ tag: 'D_LQUANT_BASETYPE', message: 'lquantize( ) argument #1 must be an integer constant', arg: 1 });
    expect(checkLquantize(2 ** 31, 2 ** 31 + 10)).toMatchObject({ tag: 'D_LQUANT_BASEVAL', message: 'lquantize( ) argument #1 must be a 32-bit quantity' });
    expect(checkLquantize(0, 'nonconst')).toMatchObject({ tag: 'D_LQUANT_LIMTYPE', message: 'lquantize( ) argument #2 must be an integer constant', arg: 2 });
    expect(checkLquantize(0, -(2 ** 31) - 1)).toMatchObject({ tag: 'D_LQUANT_LIMVAL', message: 'lquantize( ) argument #2 must be a 32-bit quantity' });
  });

  it('uses illumos\'s tags for limit < base and limit == base', () => {
    expect(checkLquantize(10, 0)).toMatchObject({ tag: 'D_LQUANT_MISMATCH', message: 'lquantize( ) base (argument #1) must be less than limit (argument #2)' });
    expect(checkLquantize(10, 10)).toMatchObject({ tag: 'D_LQUANT_STEPLARGE', message: 'lquantize( ) step (argument #3) too large: must have at least one quantization level' });
  });

  it('checks the step', () => {
    const steptype = { tag: 'D_LQUANT_STEPTYPE', message: 'lquantize( ) argument #3 must be a non-zero positive integer constant', arg: 3 };
    expect(checkLquantize(0, 10, 0)).toMatchObject(steptype);
    expect(checkLquantize(0, 10, -1)).toMatchObject(steptype);
    expect(checkLquantize(0, 10, 'nonconst')).toMatchObject(steptype);
    expect(checkLquantize(0, 100000, 65536)).toMatchObject({ tag: 'D_LQUANT_STEPVAL', message: 'lquantize( ) argument #3 must be a 16-bit quantity' });
    expect(checkLquantize(0, 10, 11)).toMatchObject({ tag: 'D_LQUANT_STEPLARGE' });
    expect(checkLquantize(0, 65536, 1)).toMatchObject({
      tag: 'D_LQUANT_STEPSMALL',
      message: 'lquantize( ) step (argument #3) too small: number of quantization levels must be a 16-bit quantity',
    });
    expect(ok(checkLquantize(0, 65535, 1))?.levels).toBe(65535);
  });

  it('reports a later use with other parameters, comparing the limit as base + levels*step', () => {
    const p = (b: number, l: number, s: number) => lquantParams({ base: b, limit: l, step: s });
    expect(matchLquantize(p(0, 10, 1), p(0, 10, 1))).toBeUndefined();
    expect(matchLquantize(p(0, 10, 1), p(1, 10, 1))).toMatchObject({
      tag: 'D_LQUANT_MATCHBASE', message: "lquantize( ) base (argument #1) doesn't match previous declaration: expected 0, found 1",
    });
    expect(matchLquantize(p(0, 10, 3), p(0, 10, 1))).toMatchObject({
      tag: 'D_LQUANT_MATCHLIM', message: "lquantize( ) limit (argument #2) doesn't match previous declaration: expected 9, found 10",
    });
    expect(matchLquantize(p(0, 10, 1), p(0, 10, 2))).toMatchObject({
      tag: 'D_LQUANT_MATCHSTEP', message: "lquantize( ) step (argument #3) doesn't match previous declaration: expected 1, found 2",
    });
    // (0, 9, 3) and (0, 10, 3) have the same buckets, so they match
    expect(matchLquantize(p(0, 9, 3), p(0, 10, 3))).toBeUndefined();
  });
});
