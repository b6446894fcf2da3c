// lquantize(v, base, limit[, step]): DTrace's linear distribution as illumos implements
// it. Bucket 0 is the underflow (v < base), bucket k holds base+(k-1)*step <= v <
// base+k*step, and bucket levels+1 the overflow (v >= base+levels*step, which is not
// `limit` when step does not divide the range). illumos bins (int32_t)v. Also the
// compile-time parameter checks with illumos's tags and texts, for the checker. Pure.
import type { DInt } from '../host';

/** A constant argument as the checker sees it: its value, or 'nonconst' when it is not an integer constant. */
export type QuantArg = DInt | 'nonconst';

/** A rejected lquantize()/llquantize(): errtag, message, and the argument it points at (0: the whole call). */
export interface QuantDiag {
  readonly ok: false;
  readonly tag: string;
  readonly message: string;
  /** 1-based argument after the value (`argument #N` in the messages); 0 for the aggregation itself. */
  readonly arg: number;
}

export interface LquantParams {
  readonly base: number;
  readonly limit: number;
  readonly step: number;
  readonly levels: number;
}

export type LquantCheck = { readonly ok: true; readonly params: LquantParams } | QuantDiag;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UINT16_MAX = 65535;

const diag = (tag: string, message: string, arg: number): QuantDiag => ({ ok: false, tag, message, arg });

/** floor((limit - base) / step): the number of linear buckets. */
export function lquantizeLevels(base: number, limit: number, step: number): number {
  return Math.floor((limit - base) / step);
}

/** The parameters of an lquantize() the checker already accepted (AggDesc.lquant). */
export function lquantParams(p: { readonly base: number; readonly limit: number; readonly step: number }): LquantParams {
  return { base: p.base, limit: p.limit, step: p.step, levels: lquantizeLevels(p.base, p.limit, p.step) };
}

/**
 * Check lquantize()'s constant arguments in dt_cc.c's order. `step` is undefined when
 * omitted (it defaults to 1).
 */
export function checkLquantize(base: QuantArg, limit: QuantArg, step?: QuantArg): LquantCheck {
  if (base === 'nonconst') return diag('D_LQUANT_BASETYPE', 'lquantize( ) argument #1 must be an integer constant', 1);
  const b = BigInt.asIntN(64, BigInt(base));
  if (b < BigInt(INT32_MIN) || b > BigInt(INT32_MAX)) {
    return diag('D_LQUANT_BASEVAL', 'lquantize( ) argument #1 must be a 32-bit quantity', 1);
  }
  if (limit === 'nonconst') return diag('D_LQUANT_LIMTYPE', 'lquantize( ) argument #2 must be an integer constant', 2);
  const l = BigInt.asIntN(64, BigInt(limit));
  if (l < BigInt(INT32_MIN) || l > BigInt(INT32_MAX)) {
    return diag('D_LQUANT_LIMVAL', 'lquantize( ) argument #2 must be a 32-bit quantity', 2);
  }
  if (l < b) {
    return diag('D_LQUANT_MISMATCH', 'lquantize( ) base (argument #1) must be less than limit (argument #2)', 0);
  }
  let s = 1n;
  if (step !== undefined) {
    if (step === 'nonconst' || !(step > 0)) {
      return diag('D_LQUANT_STEPTYPE', 'lquantize( ) argument #3 must be a non-zero positive integer constant', 3);
    }
    s = BigInt(step);
    if (s > BigInt(UINT16_MAX)) return diag('D_LQUANT_STEPVAL', 'lquantize( ) argument #3 must be a 16-bit quantity', 3);
  }
  const levels = (l - b) / s;
  if (levels === 0n) {
    return diag('D_LQUANT_STEPLARGE', 'lquantize( ) step (argument #3) too large: must have at least one quantization level', 0);
  }
  if (levels > BigInt(UINT16_MAX)) {
    return diag('D_LQUANT_STEPSMALL', 'lquantize( ) step (argument #3) too small: number of quantization levels must be a 16-bit quantity', 0);
  }
  return { ok: true, params: { base: Number(b), limit: Number(l), step: Number(s), levels: Number(levels) } };
}

/**
 * A later lquantize() of the same aggregation must have the same parameters; the limit
 * is compared as base + levels * step, as illumos does.
 */
export function matchLquantize(prev: LquantParams, cur: LquantParams): QuantDiag | undefined {
  if (prev.base !== cur.base) {
    return diag('D_LQUANT_MATCHBASE', `lquantize( ) base (argument #1) doesn't match previous declaration: expected ${prev.base}, found ${cur.base}`, 0);
  }
  if (prev.levels * prev.step !== cur.levels * cur.step) {
    return diag('D_LQUANT_MATCHLIM', `lquantize( ) limit (argument #2) doesn't match previous declaration: expected ${prev.base + prev.levels * prev.step}, found ${cur.base + cur.levels * cur.step}`, 0);
  }
  if (prev.step !== cur.step) {
    return diag('D_LQUANT_MATCHSTEP', `lquantize( ) step (argument #3) doesn't match previous declaration: expected ${prev.step}, found ${cur.step}`, 0);
  }
  return undefined;
}

/** Buckets of an lquantize(): underflow, levels linear buckets, overflow. */
export function lquantizeBucketCount(p: LquantParams): number {
  return p.levels + 2;
}

/**
 * The bucket of `v`. The kernel computes in int32: the value is truncated to 32 bits and
 * (v - base) wraps; a wrapped negative level would write outside the array in the kernel,
 * here it lands in the underflow bucket.
 */
export function lquantizeBucket(p: LquantParams, v: DInt): number {
  const val = typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v));
  if (val < p.base) return 0;
  const level = Math.trunc(((val - p.base) | 0) / p.step);
  if (level < p.levels) return level < 0 ? 0 : level + 1;
  return p.levels + 1;
}

/** The row label of bucket i: `< base`, `>= top`, or the bucket's lower bound. */
export function lquantizeLabel(p: LquantParams, i: number): string | number {
  if (i === 0) return `< ${p.base}`;
  if (i === p.levels + 1) return `>= ${p.base + p.levels * p.step}`;
  return p.base + (i - 1) * p.step;
}
