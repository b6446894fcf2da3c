// Exact 64-bit arithmetic on DInt, checked against a pure-BigInt model for every
// operation and width, plus the C facts users rely on (truncating division, wrapping).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DInt } from '../../../src/d/host';
import * as I from '../../../src/d/int64';

const S64_MIN = -(2n ** 63n);
const S64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const SAFE = 2n ** 53n - 1n;

/** Canonical: a number exactly when the value is a safe integer. */
function canonical(v: DInt): boolean {
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0);
  return v > SAFE || v < -SAFE;
}

function dint(b: bigint): DInt {
  return b >= -SAFE && b <= SAFE ? Number(b) : b;
}

// Values clustered where the representation changes (0, +-2^31, +-2^53, +-2^63, 2^64).
const edges = [0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n, SAFE, SAFE + 1n, -SAFE, -SAFE - 1n, S64_MAX, S64_MIN, 2n ** 63n, U64_MAX];
const near = fc.tuple(fc.constantFrom(...edges), fc.bigInt({ min: -3n, max: 3n })).map(([e, d]) => e + d);
const signed = fc.oneof(fc.bigInt({ min: S64_MIN, max: S64_MAX }), fc.bigInt({ min: -1000n, max: 1000n }), near)
  .map((b) => BigInt.asIntN(64, b));
const unsigned = fc.oneof(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: 1000n }), near)
  .map((b) => BigInt.asUintN(64, b));

function check(got: DInt, want: bigint): void {
  expect(canonical(got)).toBe(true);
  expect(BigInt(got)).toBe(want);
}

const s = (b: bigint): bigint => BigInt.asIntN(64, b);
const u = (b: bigint): bigint => BigInt.asUintN(64, b);

describe('int64 against a BigInt model', () => {
  const binary: [string, (a: DInt, b: DInt, u?: boolean) => DInt, (a: bigint, b: bigint) => bigint][] = [
    ['add', I.add, (a, b) => a + b],
    ['sub', I.sub, (a, b) => a - b],
    ['mul', I.mul, (a, b) => a * b],
    ['and', I.and, (a, b) => a & b],
    ['or', I.or, (a, b) => a | b],
    ['xor', I.xor, (a, b) => a ^ b],
  ];
  for (const [name, op, model] of binary) {
    it(`${name} signed`, () => {
      fc.assert(fc.property(signed, signed, (a, b) => check(op(dint(a), dint(b)), s(model(a, b)))), { numRuns: 2000 });
    });
    it(`${name} unsigned`, () => {
      fc.assert(fc.property(unsigned, unsigned, (a, b) => check(op(dint(a), dint(b), true), u(model(a, b)))), { numRuns: 2000 });
    });
  }

  it('neg and not, both domains', () => {
    fc.assert(fc.property(signed, (a) => {
      check(I.neg(dint(a)), s(-a));
      check(I.not(dint(a)), s(~a));
    }), { numRuns: 2000 });
    fc.assert(fc.property(unsigned, (a) => {
      check(I.neg(dint(a), true), u(-a));
      check(I.not(dint(a), true), u(~a));
    }), { numRuns: 2000 });
  });

  it('div and mod truncate toward zero (signed)', () => {
    fc.assert(fc.property(signed, signed.filter((b) => b !== 0n), (a, b) => {
      check(I.div(dint(a), dint(b)), s(a / b));
      check(I.mod(dint(a), dint(b)), s(a % b));
    }), { numRuns: 3000 });
  });

  it('divU and modU read both operands as unsigned', () => {
    fc.assert(fc.property(signed, signed.filter((b) => b !== 0n), (a, b) => {
      check(I.divU(dint(a), dint(b)), u(a) / u(b));
      check(I.modU(dint(a), dint(b)), u(a) % u(b));
    }), { numRuns: 3000 });
  });

  it('shifts use the low six bits of the count; >> is arithmetic for signed, logical for unsigned', () => {
    const count = fc.integer({ min: 0, max: 130 });
    fc.assert(fc.property(signed, count, (a, n) => {
      const k = BigInt(n % 64);
      check(I.shl(dint(a), n), s(a << k));
      check(I.shr(dint(a), n), s(a >> k));
    }), { numRuns: 3000 });
    fc.assert(fc.property(unsigned, count, (a, n) => {
      const k = BigInt(n % 64);
      check(I.shl(dint(a), n, true), u(a << k));
      check(I.shr(dint(a), n, true), u(a) >> k);
    }), { numRuns: 3000 });
  });

  it('wrap narrows to every width and signedness', () => {
    const any = fc.oneof(signed, unsigned);
    for (const bits of [8, 16, 32, 64] as const) {
      fc.assert(fc.property(any, (a) => {
        check(I.wrap(dint(a), bits, true), BigInt.asIntN(bits, a));
        check(I.wrap(dint(a), bits, false), BigInt.asUintN(bits, a));
      }), { numRuns: 1500 });
    }
  });

  it('cmp is signed, cmpU unsigned', () => {
    fc.assert(fc.property(signed, signed, (a, b) => {
      expect(I.cmp(dint(a), dint(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      expect(I.cmpU(dint(a), dint(b))).toBe(u(a) < u(b) ? -1 : u(a) > u(b) ? 1 : 0);
    }), { numRuns: 2000 });
  });

  it('toBig/fromBig round-trip canonically', () => {
    fc.assert(fc.property(fc.oneof(signed, unsigned), (a) => {
      const v = I.fromBig(a);
      expect(canonical(v)).toBe(true);
      expect(I.toBig(v)).toBe(a);
    }));
  });
});

describe('int64 facts DTrace users rely on', () => {
  it('19 / -5 = -3 and -19 % 5 = -4', () => {
    expect(I.div(19, -5)).toBe(-3);
    expect(I.mod(-19, 5)).toBe(-4);
  });
  it('INT64_MIN / -1 wraps instead of throwing', () => {
    expect(I.div(I.INT64_MIN, -1)).toBe(-(2n ** 63n));
  });
  it('the common path stays in numbers', () => {
    expect(I.add(1_000_000_000, 2_000_000_000)).toBe(3_000_000_000);
    expect(I.sub(5, 7)).toBe(-2);
    expect(typeof I.mul(2 ** 26, 2 ** 26)).toBe('number');
  });
  it('crossing 2^53 switches to bigint, and back', () => {
    expect(I.add(Number.MAX_SAFE_INTEGER, 1)).toBe(2n ** 53n);
    expect(I.sub(2n ** 53n, 1)).toBe(Number.MAX_SAFE_INTEGER);
  });
  it('unsigned 0 - 1 is 2^64 - 1; signed INT64_MAX + 1 wraps to INT64_MIN', () => {
    expect(I.sub(0, 1, true)).toBe(2n ** 64n - 1n);
    expect(I.add(I.INT64_MAX, 1)).toBe(-(2n ** 63n));
  });
  it('a constant converted on assignment: 5000000000 into an int is 705032704', () => {
    expect(I.wrap(5_000_000_000, 32, true)).toBe(705032704);
  });
  it('(int)-1 read as unsigned 32 bits is 4294967295 and prints ffffffff', () => {
    expect(I.wrap(-1, 32, false)).toBe(4294967295);
    expect(I.toUnsignedText(-1, 32, 16)).toBe('ffffffff');
    expect(I.toUnsignedText(-1, 64, 16)).toBe('ffffffffffffffff');
    expect(I.toSignedText(255, 8)).toBe('-1');
  });
  it('-1 compares above 2 when unsigned', () => {
    expect(I.cmpU(-1, 2)).toBe(1);
    expect(I.cmp(-1, 2)).toBe(-1);
  });
});
