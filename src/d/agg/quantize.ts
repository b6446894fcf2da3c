// quantize(): DTrace's power-of-two distribution. 127 buckets; bucket 63 holds 0, bucket
// i < 63 is labelled -2^(62-i) and bucket i > 63 is labelled 2^(i-64). Pure; runs wherever
// the engine runs (the bucket function is on the hot path of every quantize() update).
import type { DInt } from '../host';

export const QUANTIZE_NBUCKETS = 127;
export const QUANTIZE_ZERO = 63;

const TWO32 = 4294967296;

/** floor(log2(v)) of a positive safe integer, exactly. */
export function log2Floor(v: number): number {
  if (v < TWO32) return 31 - Math.clz32(v);
  return 63 - Math.clz32(Math.floor(v / TWO32));
}

/** floor(log2(v)) of a positive bigint. */
function log2FloorBig(v: bigint): number {
  return v.toString(2).length - 1;
}

/**
 * The bucket of a value (read as int64): positive values go under the largest power of
 * two not above them, negative values mirror that, and anything at or beyond +/-2^62
 * lands in the outermost bucket.
 */
export function quantizeBucket(v: DInt): number {
  if (typeof v === 'number') {
    if (v > 0) return 64 + log2Floor(v);
    if (v === 0) return QUANTIZE_ZERO;
    return 62 - log2Floor(-v);
  }
  const s = BigInt.asIntN(64, v);
  if (s > 0n) return Math.min(126, 64 + log2FloorBig(s));
  if (s === 0n) return QUANTIZE_ZERO;
  return Math.max(0, 62 - log2FloorBig(-s));
}

/** The label of bucket i (DTRACE_QUANTIZE_BUCKETVAL), as a canonical DInt. */
export function quantizeLabel(i: number): DInt {
  if (i === QUANTIZE_ZERO) return 0;
  const e = i < QUANTIZE_ZERO ? 62 - i : i - 64;
  const mag: DInt = e <= 52 ? 2 ** e : 2n ** BigInt(e);
  if (i > QUANTIZE_ZERO) return mag;
  return typeof mag === 'number' ? -mag : -mag;
}
