// llquantize(v, factor, low, high, nsteps): DTrace's log-linear distribution as illumos
// implements it. Bucket 0 holds every value below factor^low (0 and negative values
// included); each order of magnitude m = low..high is cut into linear buckets; the last
// bucket holds values >= factor^(high+1). Also the compile-time parameter checks with
// illumos's tags and texts, for the checker. Pure; the bucket function is on the hot path
// (a table lookup for values below 2^32).
import type { DInt } from '../host';
import type { QuantArg, QuantDiag } from './lquantize';

export interface LlquantParams {
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  readonly nsteps: number;
}

export type LlquantCheck = { readonly ok: true; readonly params: LlquantParams } | QuantDiag;

const UINT16_MAX = 65535n;
const TWO32 = 4294967296;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const ARGS = [
  { str: 'factor', tag: 'FACTOR' },
  { str: 'low magnitude', tag: 'LOW' },
  { str: 'high magnitude', tag: 'HIGH' },
  { str: 'linear steps per magnitude', tag: 'NSTEP' },
] as const;

const diag = (tag: string, message: string, arg: number): QuantDiag => ({ ok: false, tag, message, arg });

/** Check llquantize()'s four constant arguments in dt_cc.c's order. */
export function checkLlquantize(factor: QuantArg, low: QuantArg, high: QuantArg, nsteps: QuantArg): LlquantCheck {
  const raw = [factor, low, high, nsteps];
  const v: number[] = [];
  for (let i = 0; i < 4; i++) {
    const a = raw[i];
    const { str, tag } = ARGS[i];
    if (a === 'nonconst') return diag(`D_LLQUANT_${tag}TYPE`, `llquantize( ) argument #${i + 1} (${str}) must be an integer constant`, i + 1);
    if (BigInt.asUintN(64, BigInt(a)) > UINT16_MAX) {
      return diag(`D_LLQUANT_${tag}VAL`, `llquantize( ) argument #${i + 1} (${str}) must be an unsigned 16-bit quantity`, i + 1);
    }
    v.push(Number(a));
  }
  const [f, lo, hi, n] = v;
  if (f < 2) return diag('D_LLQUANT_FACTORSMALL', 'llquantize( ) factor (argument #1) must be two or more', 0);
  if (lo >= hi) {
    return diag('D_LLQUANT_MAGRANGE', 'llquantize( ) high magnitude (argument #3) must be greater than low magnitude (argument #2)', 0);
  }
  if (n < f) {
    return diag('D_LLQUANT_FACTORNSTEPS', 'llquantize( ) factor (argument #1) must be less than or equal to the number of linear steps per magnitude (argument #4)', 0);
  }
  let pow = f;
  while (pow < n) pow *= f;
  if (n % f !== 0 || pow % n !== 0) {
    return diag('D_LLQUANT_FACTOREVEN', 'llquantize( ) factor (argument #1) must evenly divide the number of steps per magnitude (argument #4), and the number of steps per magnitude must evenly divide a power of the factor', 0);
  }
  // dt_cc.c multiplies an unsigned 64-bit order high + 2 times and fails when a product wraps.
  let order = 1n;
  for (let i = 0; i <= hi + 1; i++) {
    const next = BigInt.asUintN(64, order * BigInt(f));
    if (next <= order) {
      return diag('D_LLQUANT_MAGTOOBIG', `llquantize( ) factor (${f}) raised to power of high magnitude (${hi}) plus 1 overflows 64-bits`, 0);
    }
    order = next;
  }
  return { ok: true, params: { factor: f, low: lo, high: hi, nsteps: n } };
}

/** A later llquantize() of the same aggregation must repeat the first one's parameters. */
export function matchLlquantize(prev: LlquantParams, cur: LlquantParams): QuantDiag | undefined {
  const a = [prev.factor, prev.low, prev.high, prev.nsteps];
  const b = [cur.factor, cur.low, cur.high, cur.nsteps];
  for (let i = 0; i < 4; i++) {
    if (a[i] !== b[i]) {
      const { str, tag } = ARGS[i];
      return diag(`D_LLQUANT_${tag}MATCH`, `llquantize( ) ${str} (argument #${i + 1}) doesn't match previous declaration: expected ${a[i]}, found ${b[i]}`, 0);
    }
  }
  return undefined;
}

const toDInt = (b: bigint): DInt => (b >= -BigInt(MAX_SAFE) && b <= BigInt(MAX_SAFE) ? Number(b) : b);

/**
 * The bucket layout of one parameter set, precomputed so that binning a safe integer is
 * a few comparisons and one division. Orders are indexed from 0 (magnitude `low`).
 */
export class LlquantLayout {
  readonly params: LlquantParams;
  readonly nbins: number;
  /** factor^low: values below it go to bucket 0 (Infinity when not a safe integer). */
  readonly first: number;
  /** Per order: its upper bound factor^(m+1), exclusive (Infinity when not a safe integer). */
  readonly tops: Float64Array;
  /** Per order: its lower bound factor^m. */
  readonly lasts: Float64Array;
  /** Per order: bucket width. */
  readonly widths: Float64Array;
  /** Per order: index of its first bucket. */
  readonly bases: Int32Array;
  /** For e = floor(log2(v)): the first order whose top exceeds 2^e (a value is in it or the next). */
  private readonly orderOfLog2: Int32Array;
  /** Lower bound of every bucket (bucket 0: factor^low, the last bucket: factor^(high+1)). */
  readonly bounds: readonly DInt[];
  /**
   * When factor^(high+2) overflows int64 the kernel clamps every value that reaches the
   * top order into that order's last bucket, and there is no overflow bucket.
   */
  readonly clamped: boolean;
  private readonly bigFirst: bigint;
  private readonly bigTops: readonly bigint[];
  private readonly bigWidths: readonly bigint[];

  constructor(p: LlquantParams) {
    this.params = p;
    const f = BigInt(p.factor);
    const n = BigInt(p.nsteps);
    let pow = 1n;
    for (let o = 0; o < p.low; o++) pow *= f;
    this.bigFirst = pow;
    this.first = pow <= BigInt(MAX_SAFE) ? Number(pow) : Infinity;
    const norders = p.high - p.low + 1;
    this.tops = new Float64Array(norders);
    this.lasts = new Float64Array(norders);
    this.widths = new Float64Array(norders);
    this.bases = new Int32Array(norders);
    const bigTops: bigint[] = [];
    const bigWidths: bigint[] = [];
    const bounds: DInt[] = [toDInt(pow)];
    let base = 1;
    let last = pow;
    let top = pow * f;
    let clamped = false;
    for (let m = 0; m < norders; m++) {
      const nb = top > n ? n : top;
      const width = top / nb;
      this.tops[m] = top <= BigInt(MAX_SAFE) ? Number(top) : Infinity;
      this.lasts[m] = Number(last);
      this.widths[m] = Number(width);
      this.bases[m] = base;
      bigTops.push(top);
      bigWidths.push(width);
      for (let b = last; b < top; b += width) bounds.push(toDInt(b));
      base += Number(nb - nb / f);
      const next = BigInt.asIntN(64, top * f);
      if (m === norders - 1 && next < top) clamped = true;
      last = top;
      top = next;
    }
    this.clamped = clamped;
    if (clamped) {
      this.tops[norders - 1] = this.lasts[norders - 1];
      bigTops[norders - 1] = bigTops[norders - 2] ?? pow;
    }
    this.orderOfLog2 = new Int32Array(64);
    for (let e = 0; e < 64; e++) {
      let m = 0;
      while (m < norders && this.tops[m] <= 2 ** e) m++;
      this.orderOfLog2[e] = m;
    }
    if (!clamped) bounds.push(toDInt(last));
    this.bounds = bounds;
    this.bigTops = bigTops;
    this.bigWidths = bigWidths;
    this.nbins = bounds.length;
    const exact = numberBucketFn(this.first, this.tops, this.lasts, this.widths, this.bases, this.orderOfLog2, this.nbins);
    this.bucketOfNumber = tableBucketFn(this.first, bounds, exact);
  }

  /** The bucket of a value read as int64. */
  bucket(v: DInt): number {
    return typeof v === 'number' ? this.bucketOfNumber(v) : this.bucketOfBig(BigInt.asIntN(64, v));
  }

  /**
   * The bucket of a safe integer (by table below 2^32, see tableBucketFn; numberBucketFn
   * above). An own property rather than a
   * method: the closure reads its tables from locals, which V8 keeps in registers on this
   * hot path (every llquantize() update).
   */
  readonly bucketOfNumber: (v: number) => number;

  private bucketOfBig(v: bigint): number {
    if (v < this.bigFirst) return 0;
    const tops = this.bigTops;
    let last = this.bigFirst;
    for (let m = 0; m < tops.length; m++) {
      if (v < tops[m]) return this.bases[m] + Number((v - last) / this.bigWidths[m]);
      last = tops[m];
    }
    return this.nbins - 1;
  }

  /** The row label of bucket i: `< factor^low`, `>= factor^(high+1)`, or the lower bound. */
  label(i: number): string | DInt {
    if (i === 0) return `< ${this.bounds[0]}`;
    if (i === this.nbins - 1 && !this.clamped) return `>= ${this.bounds[i]}`;
    return this.bounds[i];
  }
}

/**
 * The bucket function for safe integers. Orders grow by at least 2, so floor(log2(v))
 * leaves two candidate orders (three when clamped). The quotient by the bucket width is
 * exact below 2^53 except in rare rounding cases near the top, which the two checks correct.
 */
function numberBucketFn(
  first: number,
  tops: Float64Array,
  lasts: Float64Array,
  widths: Float64Array,
  bases: Int32Array,
  orderOfLog2: Int32Array,
  nbins: number,
): (v: number) => number {
  const norders = tops.length;
  return (v: number): number => {
    if (v < first) return 0;
    const e = v < TWO32 ? 31 - Math.clz32(v) : 63 - Math.clz32(Math.floor(v / TWO32));
    let m = orderOfLog2[e];
    while (m < norders && v >= tops[m]) m++;
    if (m >= norders) return nbins - 1;
    const d = v - lasts[m];
    const w = widths[m];
    let q = Math.floor(d / w);
    if (q * w > d) q--;
    else if (d - q * w >= w) q++;
    return bases[m] + q;
  };
}

/**
 * Bits below a value's leading one that index the fast table: 128 sub-ranges per power
 * of two, narrower than a bucket of any decade split in up to 100 steps (so at most one
 * boundary in each). With 16-bit entries the table of llquantize(10, 3, 11, 100) is 6 KB,
 * small enough to stay in a core's L1 cache next to a simulator's working set (it was
 * 24 KB with 256 sub-ranges of 32-bit entries).
 */
const SUB_BITS = 7;

/**
 * The bucket function for values below 2^32 (latencies up to 4 s: nearly every update) by
 * table: a value's leading bit and the SUB_BITS bits after it select a sub-range of
 * [2^e, 2^(e+1)), whose values fall in one bucket or straddle one bucket boundary, so
 * the bucket is a table load, plus one comparison with the next bucket's lower bound in a
 * sub-range a boundary crosses (no division, no search over orders). The table is built from `exact` and checked
 * against it at every entry's ends and boundary; a sub-range where that check fails
 * (more than one boundary: buckets narrower than the sub-range) is marked -1 and its
 * values go to `exact`, as do values of 2^32 and more.
 */
function tableBucketFn(first: number, bounds: readonly DInt[], exact: (v: number) => number): (v: number) => number {
  const nbins = bounds.length;
  // Entries hold 2·bucket + 1 when a bucket boundary falls inside the sub-range: 14 bits of bucket.
  if (!(first < TWO32) || nbins > 0x3fff) return exact;
  const e0 = 31 - Math.clz32(first);
  // next[b]: the lower bound of bucket b (the smallest value binned at b or above).
  const next = new Float64Array(nbins + 1).fill(Infinity);
  for (let b = 1; b < nbins; b++) next[b] = Number(bounds[b]);
  const table = new Int16Array((32 - e0) << SUB_BITS);
  for (let e = e0; e < 32; e++) {
    const width = 2 ** (e - SUB_BITS);
    for (let f = 0; f < 1 << SUB_BITS; f++) {
      const start = 2 ** e + f * width;
      const lo = Math.max(first, Math.ceil(start));
      const hi = Math.ceil(start + width) - 1;
      let b = -1;
      if (lo <= hi) {
        const b0 = exact(lo);
        const b1 = exact(hi);
        const t = next[b0 + 1];
        if (b1 === b0 && hi < t) b = 2 * b0;
        else if (b1 === b0 + 1 && lo < t && t <= hi && exact(t) === b1 && exact(t - 1) === b0) b = 2 * b0 + 1;
      }
      table[((e - e0) << SUB_BITS) | f] = b;
    }
  }
  const shift = 31 - SUB_BITS;
  const mask = (1 << SUB_BITS) - 1;
  return (v: number): number => {
    if (v < first) return 0;
    if (v < TWO32) {
      // v << z puts the leading one at bit 31 (as int32 bits); the next SUB_BITS bits follow it.
      const z = Math.clz32(v);
      const t = table[((31 - z - e0) << SUB_BITS) | (((v << z) >>> shift) & mask)]!;
      // Most sub-ranges lie inside one bucket: only those a boundary crosses read it.
      if (t >= 0) {
        const b = t >> 1;
        return (t & 1) === 0 || v < next[b + 1]! ? b : b + 1;
      }
    }
    return exact(v);
  };
}

const layouts = new Map<string, LlquantLayout>();

/** The (shared, immutable) layout of a parameter set. */
export function llquantLayout(p: LlquantParams): LlquantLayout {
  const k = `${p.factor},${p.low},${p.high},${p.nsteps}`;
  let l = layouts.get(k);
  if (!l) {
    l = new LlquantLayout(p);
    layouts.set(k, l);
  }
  return l;
}
