// Exact 64-bit integer arithmetic on DInt (a number while the value is a safe integer,
// otherwise a bigint; never a bigint that fits a safe number). Pure functions used by
// the checker (constant folding) and by generated code at run time, in any thread.
//
// Every operation takes the result's domain: signed values live in [-2^63, 2^63), unsigned
// ones (`u` true) in [0, 2^64). The common case -- two numbers and a safe result -- costs a
// couple of comparisons; everything else goes through BigInt.asIntN/asUintN.
import type { DInt } from './host';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MIN_SAFE = -MAX_SAFE;
const B64 = 64;

/** The value as a bigint. */
export function toBig(v: DInt): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** The canonical DInt for a bigint: a number when it is a safe integer. */
export function fromBig(b: bigint): DInt {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** Wrap an exact bigint into the 64-bit signed or unsigned domain, canonically. */
function wrap64(b: bigint, u: boolean): DInt {
  return fromBig(u ? BigInt.asUintN(B64, b) : BigInt.asIntN(B64, b));
}

function safeIn(r: number, u: boolean): boolean {
  return r <= MAX_SAFE && r >= (u ? 0 : MIN_SAFE);
}

// add and sub run on every firing of a latency script (timestamp - self->ts): their range
// check uses literals, which compile to immediates, where the module constants are loads
// (and a call to safeIn a checked call target) in the caller's optimized code.

export function add(a: DInt, b: DInt, u = false): DInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= 9007199254740991 && r >= (u ? 0 : -9007199254740991)) return r;
  }
  return wrap64(toBig(a) + toBig(b), u);
}

export function sub(a: DInt, b: DInt, u = false): DInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= 9007199254740991 && r >= (u ? 0 : -9007199254740991)) return r;
  }
  return wrap64(toBig(a) - toBig(b), u);
}

export function mul(a: DInt, b: DInt, u = false): DInt {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    // A product whose float is within the safe range is exact (it needs <= 53 bits).
    if (safeIn(r, u)) return r === 0 ? 0 : r;
  }
  return wrap64(toBig(a) * toBig(b), u);
}

export function neg(a: DInt, u = false): DInt {
  if (typeof a === 'number' && (!u || a === 0)) return a === 0 ? 0 : -a;
  return wrap64(-toBig(a), u);
}

/** The value reinterpreted as an unsigned 64-bit quantity (two's complement). */
export function asU64(v: DInt): DInt {
  if (typeof v === 'number') return v >= 0 ? v : BigInt.asUintN(B64, BigInt(v));
  return v >= 0n ? v : fromBig(BigInt.asUintN(B64, v));
}

/** The value reinterpreted as a signed 64-bit quantity. */
export function asS64(v: DInt): DInt {
  if (typeof v === 'number') return v;
  return fromBig(BigInt.asIntN(B64, v));
}

/**
 * Signed division truncating toward zero (19 / -5 = -3). The divisor must be non-zero
 * (a zero divisor is a fault the caller raises). INT64_MIN / -1 wraps to INT64_MIN.
 */
export function div(a: DInt, b: DInt): DInt {
  if (typeof a === 'number' && typeof b === 'number') return (a - (a % b)) / b + 0;
  return wrap64(toBig(a) / toBig(b), false);
}

/** Signed remainder with the sign of the dividend (-19 % 5 = -4). */
export function mod(a: DInt, b: DInt): DInt {
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return wrap64(toBig(a) % toBig(b), false);
}

/** Unsigned division: both operands are read as unsigned 64-bit values. */
export function divU(a: DInt, b: DInt): DInt {
  if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b > 0) return (a - (a % b)) / b;
  return fromBig(toBig(asU64(a)) / toBig(asU64(b)));
}

/** Unsigned remainder. */
export function modU(a: DInt, b: DInt): DInt {
  if (typeof a === 'number' && typeof b === 'number' && a >= 0 && b > 0) return a % b;
  return fromBig(toBig(asU64(a)) % toBig(asU64(b)));
}

/** The shift count as the hardware uses it: the low six bits. */
function shiftCount(n: DInt): number {
  return typeof n === 'number' ? ((n % 64) + 64) % 64 : Number(BigInt.asUintN(6, n));
}

/** Left shift, wrapping at 64 bits. */
export function shl(a: DInt, n: DInt, u = false): DInt {
  const s = shiftCount(n);
  if (typeof a === 'number' && s < 53) {
    const r = a * 2 ** s;
    if (safeIn(r, u)) return r;
  }
  return wrap64(toBig(a) << BigInt(s), u);
}

/** Right shift: arithmetic when `u` is false (the left operand is signed), logical otherwise. */
export function shr(a: DInt, n: DInt, u = false): DInt {
  const s = shiftCount(n);
  if (typeof a === 'number' && (a >= 0 || !u)) return Math.floor(a / 2 ** s) + 0;
  const b = u ? BigInt.asUintN(B64, toBig(a)) : BigInt.asIntN(B64, toBig(a));
  return wrap64(b >> BigInt(s), u);
}

function isI32(v: DInt): v is number {
  return typeof v === 'number' && (v | 0) === v;
}

export function and(a: DInt, b: DInt, u = false): DInt {
  if (isI32(a) && isI32(b)) {
    const r = a & b;
    if (!u || r >= 0) return r;
  }
  return wrap64(toBig(a) & toBig(b), u);
}

export function or(a: DInt, b: DInt, u = false): DInt {
  if (isI32(a) && isI32(b)) {
    const r = a | b;
    if (!u || r >= 0) return r;
  }
  return wrap64(toBig(a) | toBig(b), u);
}

export function xor(a: DInt, b: DInt, u = false): DInt {
  if (isI32(a) && isI32(b)) {
    const r = a ^ b;
    if (!u || r >= 0) return r;
  }
  return wrap64(toBig(a) ^ toBig(b), u);
}

export function not(a: DInt, u = false): DInt {
  if (typeof a === 'number' && !u && a < MAX_SAFE) return -a - 1;
  return wrap64(~toBig(a), u);
}

/**
 * Narrow a value to an integer type of the given width and signedness (C's conversion
 * on casts, assignments and records): `wrap(-1, 32, false)` is 4294967295.
 */
export function wrap(v: DInt, bits: 8 | 16 | 32 | 64, signed: boolean): DInt {
  if (typeof v === 'number') {
    switch (bits) {
      case 8: return signed ? (v << 24) >> 24 : v & 0xff;
      case 16: return signed ? (v << 16) >> 16 : v & 0xffff;
      case 32: return signed ? v | 0 : v >>> 0;
      case 64: return signed || v >= 0 ? v : wrap64(BigInt(v), true);
    }
  }
  const r = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
  return fromBig(r);
}

/** Signed comparison: -1, 0 or 1. Relational operators work directly on mixed DInts too. */
export function cmp(a: DInt, b: DInt): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Unsigned 64-bit comparison: both sides are read as unsigned (so -1 > 2). */
export function cmpU(a: DInt, b: DInt): -1 | 0 | 1 {
  const x = asU64(a);
  const y = asU64(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Equality of canonical DInts (a number never equals a bigint). */
export function eq(a: DInt, b: DInt): boolean {
  return a === b;
}

export function isZero(v: DInt): boolean {
  return v === 0 || v === 0n;
}

/** The value read as unsigned at `bits` width, as digits in `radix` (2..36, lower case). */
export function toUnsignedText(v: DInt, bits: 8 | 16 | 32 | 64, radix: number): string {
  return wrap(v, bits, false).toString(radix);
}

/** The value read as signed at `bits` width, in decimal. */
export function toSignedText(v: DInt, bits: 8 | 16 | 32 | 64): string {
  return wrap(v, bits, true).toString(10);
}

export const INT64_MIN: DInt = -(2n ** 63n);
export const INT64_MAX: DInt = 2n ** 63n - 1n;
export const UINT64_MAX: DInt = 2n ** 64n - 1n;
