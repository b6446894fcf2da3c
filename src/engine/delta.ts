// Deltas: what flows from the simulation to the Cloud Analytics store. One enabling's
// data for one simulated second, merged over the nodes that reported it, in columns of
// typed arrays so that it crosses a thread boundary by transfer. Built from a D
// aggregation snapshot (src/d Consumer.takeAggregations()) of count, sum, quantize,
// lquantize or llquantize with no key or one key; distributions become CA's inclusive
// integer ranges [lo, hi] with a count. Merging is exact: merging per-node deltas equals
// converting the aggregation of everything in one place. Pure TypeScript.

import type { AggDesc, AggSnapshot } from '../d/agg/index';
import { llquantLayout } from '../d/agg/index';
import { QUANTIZE_NBUCKETS, QUANTIZE_ZERO } from '../d/agg/quantize';

/** One enabling's data for one simulated second, merged over the nodes in `sources`; columnar and transferable. */
export interface Delta {
  /** Enabling id. */
  readonly id: string;
  /** Whole simulated second s since boot; the data covers [s, s+1). */
  readonly second: number;
  /** Hostnames whose data is in it. */
  readonly sources: readonly string[];
  /** Discrete keys as strings; [''] (one entry) when there is no discrete decomposition. */
  readonly keys: readonly string[];
  /** Per key: count/sum (scalar, discrete) or the key's total count (numeric). */
  readonly values: Float64Array;
  /**
   * Numeric only: per key k, ranges j in offsets[k]..offsets[k+1]-1: [lo[j], hi[j]]
   * (inclusive integers, as CA's [[lo,hi],n]) with count n[j], in ascending order.
   */
  readonly dist?: DeltaDist;
}

export interface DeltaDist {
  readonly offsets: Uint32Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly n: Float64Array;
}

/** The ArrayBuffers of a delta, for postMessage's transfer list. */
export function deltaTransferables(d: Delta): ArrayBuffer[] {
  const out = [d.values.buffer as ArrayBuffer];
  if (d.dist !== undefined) out.push(d.dist.offsets.buffer as ArrayBuffer, d.dist.lo.buffer as ArrayBuffer, d.dist.hi.buffer as ArrayBuffer, d.dist.n.buffer as ArrayBuffer);
  return out;
}

/** The aggregating functions a delta carries. */
export type DeltaFunc = 'count' | 'sum' | 'quantize' | 'lquantize' | 'llquantize';

function isNumeric(func: string): boolean {
  return func === 'quantize' || func === 'lquantize' || func === 'llquantize';
}

/** Why an aggregation cannot become a delta (undefined: it can). */
export function deltaUnsupported(desc: AggDesc): string | undefined {
  if (desc.keyTypes.length > 1) return `@${desc.name} has ${desc.keyTypes.length} keys: an instrumentation aggregates by at most one`;
  switch (desc.func) {
    case 'count':
    case 'sum':
    case 'quantize':
    case 'lquantize':
    case 'llquantize':
      return undefined;
    default:
      return `@${desc.name} is ${desc.func}(): an instrumentation uses count, sum, quantize, lquantize or llquantize`;
  }
}

/**
 * Inclusive bucket ranges of a distribution: bucket i covers [lo[i], hi[i]].
 * - quantize: 0 is [0, 0]; 2^k is [2^k, 2^(k+1) - 1]; negative buckets mirror that.
 * - lquantize(base, limit, step): [base + i·step, base + (i+1)·step - 1]; the underflow
 *   bucket is [0, base - 1] when base > 0, else [base - 1, base - 1]; the overflow bucket
 *   is [top, top] (top = base + levels·step).
 * - llquantize: bucket i is [bound(i), bound(i+1) - 1] (llquantize(10,3,11,100): in
 *   [10^k, 10^(k+1)) a bucket is 10^(k+1)/100 wide); below factor^low it is
 *   [0, factor^low - 1] (negative values are counted there too); the overflow bucket is
 *   [factor^(high+1), factor^(high+1)].
 * Bounds beyond 2^53 are rounded to the nearest double.
 */
export function bucketRanges(desc: AggDesc): { readonly lo: Float64Array; readonly hi: Float64Array } {
  switch (desc.func) {
    case 'quantize': {
      const lo = new Float64Array(QUANTIZE_NBUCKETS);
      const hi = new Float64Array(QUANTIZE_NBUCKETS);
      for (let i = 0; i < QUANTIZE_NBUCKETS; i++) {
        if (i === QUANTIZE_ZERO) continue;
        if (i > QUANTIZE_ZERO) {
          const e = i - 64;
          lo[i] = 2 ** e;
          hi[i] = i === QUANTIZE_NBUCKETS - 1 ? 2 ** 63 - 1 : 2 ** (e + 1) - 1;
        } else {
          const e = 62 - i;
          hi[i] = -(2 ** e);
          lo[i] = i === 0 ? -(2 ** 63) : -(2 ** (e + 1)) + 1;
        }
      }
      return { lo, hi };
    }
    case 'lquantize': {
      const { base, limit, step } = desc.lquant!;
      const levels = Math.floor((limit - base) / step);
      const lo = new Float64Array(levels + 2);
      const hi = new Float64Array(levels + 2);
      lo[0] = base > 0 ? 0 : base - 1;
      hi[0] = base - 1;
      for (let i = 0; i < levels; i++) {
        lo[i + 1] = base + i * step;
        hi[i + 1] = base + (i + 1) * step - 1;
      }
      const top = base + levels * step;
      lo[levels + 1] = hi[levels + 1] = top;
      return { lo, hi };
    }
    case 'llquantize': {
      const layout = llquantLayout(desc.llquant!);
      const b = layout.bounds.map(Number);
      const nb = layout.nbins;
      const lo = new Float64Array(nb);
      const hi = new Float64Array(nb);
      lo[0] = 0;
      hi[0] = b[0]! - 1;
      for (let i = 1; i < nb; i++) {
        lo[i] = b[i]!;
        hi[i] = i + 1 < nb ? b[i + 1]! - 1 : layout.clamped ? b[i]! * 2 - 1 : b[i]!;
      }
      return { lo, hi };
    }
    default:
      throw new Error(`@${desc.name} is ${desc.func}(): only quantize, lquantize and llquantize have buckets`);
  }
}

const rangeCache = new WeakMap<AggDesc, { readonly lo: Float64Array; readonly hi: Float64Array }>();

function rangesOf(desc: AggDesc): { readonly lo: Float64Array; readonly hi: Float64Array } {
  let r = rangeCache.get(desc);
  if (r === undefined) rangeCache.set(desc, (r = bucketRanges(desc)));
  return r;
}

function keyText(snap: AggSnapshot, i: number): string {
  const c = snap.keys[0]!;
  switch (c.kind) {
    case 'str':
      return c.dict[c.index[i]!]!;
    case 'num':
      return String(c.data[i]);
    case 'big':
      return String(c.data[i]);
  }
}

/**
 * Accumulates snapshots of one aggregation (count, sum, quantize, lquantize or llquantize;
 * no key or one), e.g. one per node, into one Delta: values and bucket counts are summed
 * per key in dense rows, and ranges are made once at the end. Entries whose value (or
 * every bucket) is zero are left out, except that a keyless aggregation always has its
 * one key ''.
 */
export class DeltaBuilder {
  private readonly keyed: boolean;
  private readonly stride: number;
  private readonly ranges: { readonly lo: Float64Array; readonly hi: Float64Array } | undefined;
  private readonly rows = new Map<string, number>();
  private readonly keys: string[] = [];
  private acc = new Float64Array(0);

  constructor(readonly desc: AggDesc) {
    const why = deltaUnsupported(desc);
    if (why !== undefined) throw new Error(why);
    this.keyed = desc.keyTypes.length === 1;
    this.ranges = isNumeric(desc.func) ? rangesOf(desc) : undefined;
    this.stride = this.ranges === undefined ? 1 : this.ranges.lo.length;
    if (!this.keyed) this.row('');
  }

  private row(k: string): number {
    let r = this.rows.get(k);
    if (r !== undefined) return r;
    r = this.keys.length;
    this.rows.set(k, r);
    this.keys.push(k);
    const need = (r + 1) * this.stride;
    if (need > this.acc.length) {
      const grown = new Float64Array(Math.max(need, this.acc.length * 2));
      grown.set(this.acc);
      this.acc = grown;
    }
    return r;
  }

  /** Adds one snapshot of the aggregation (its stride must be the description's). */
  add(snap: AggSnapshot): void {
    const stride = this.stride;
    if (snap.size > 0 && snap.stride !== stride) throw new Error(`@${this.desc.name}: snapshot has ${snap.stride} words per entry, expected ${stride}`);
    const v = snap.values;
    for (let i = 0; i < snap.size; i++) {
      const base = (this.keyed ? this.row(keyText(snap, i)) : 0) * stride;
      const acc = this.acc;
      const from = i * stride;
      if (v instanceof Float64Array) {
        for (let j = 0; j < stride; j++) acc[base + j] += v[from + j]!;
      } else {
        for (let j = 0; j < stride; j++) acc[base + j] += Number(v[from + j]!);
      }
    }
  }

  build(id: string, second: number, sources: readonly string[]): Delta {
    const stride = this.stride;
    const acc = this.acc;
    const ranges = this.ranges;
    const keys: string[] = [];
    const values: number[] = [];
    if (ranges === undefined) {
      this.keys.forEach((k, r) => {
        const x = acc[r]!;
        if (x === 0 && this.keyed) return;
        keys.push(k);
        values.push(x);
      });
      return { id, second, sources: [...sources], keys, values: Float64Array.from(values) };
    }
    const offsets: number[] = [0];
    const lo: number[] = [];
    const hi: number[] = [];
    const n: number[] = [];
    this.keys.forEach((k, r) => {
      const base = r * stride;
      let total = 0;
      const start = lo.length;
      for (let j = 0; j < stride; j++) {
        const c = acc[base + j]!;
        if (c === 0) continue;
        lo.push(ranges.lo[j]!);
        hi.push(ranges.hi[j]!);
        n.push(c);
        total += c;
      }
      if (lo.length === start && this.keyed) return;
      keys.push(k);
      values.push(total);
      offsets.push(lo.length);
    });
    return {
      id,
      second,
      sources: [...sources],
      keys,
      values: Float64Array.from(values),
      dist: { offsets: Uint32Array.from(offsets), lo: Float64Array.from(lo), hi: Float64Array.from(hi), n: Float64Array.from(n) },
    };
  }
}

/** One aggregation's snapshot as a Delta (see DeltaBuilder). */
export function deltaFromSnapshot(id: string, second: number, sources: readonly string[], desc: AggDesc, snap: AggSnapshot): Delta {
  const b = new DeltaBuilder(desc);
  b.add(snap);
  return b.build(id, second, sources);
}

/** A delta with no data (no node reported anything for that enabling and second). */
export function emptyDelta(id: string, second: number, sources: readonly string[], keyed: boolean, numeric: boolean): Delta {
  const keys = keyed ? [] : [''];
  return {
    id,
    second,
    sources: [...sources],
    keys,
    values: new Float64Array(keys.length),
    dist: numeric ? { offsets: new Uint32Array(keys.length + 1), lo: new Float64Array(0), hi: new Float64Array(0), n: new Float64Array(0) } : undefined,
  };
}

/**
 * The merge of two deltas of the same enabling and second: sources joined, values summed
 * per key, distributions summed per range. Keys keep their first appearance order.
 */
export function mergeDeltas(a: Delta, b: Delta): Delta {
  if (a.id !== b.id || a.second !== b.second) {
    throw new Error(`cannot merge deltas of different enablings or seconds: ${a.id}@${a.second} and ${b.id}@${b.second}`);
  }
  if ((a.dist === undefined) !== (b.dist === undefined)) throw new Error(`cannot merge a numeric and a scalar delta of ${a.id}`);
  const sources = [...a.sources];
  for (const s of b.sources) if (!sources.includes(s)) sources.push(s);
  const index = new Map<string, number>();
  const keys: string[] = [];
  for (const d of [a, b]) {
    for (const k of d.keys) {
      if (!index.has(k)) {
        index.set(k, keys.length);
        keys.push(k);
      }
    }
  }
  const values = new Float64Array(keys.length);
  for (const d of [a, b]) d.keys.forEach((k, i) => (values[index.get(k)!] += d.values[i]!));
  if (a.dist === undefined) return { id: a.id, second: a.second, sources, keys, values };

  // Each key's ranges are sorted by lo in both: merge them pairwise, summing equal ranges.
  const ta = a.dist;
  const tb = b.dist!;
  const ai = new Int32Array(keys.length).fill(-1);
  const bi = new Int32Array(keys.length).fill(-1);
  a.keys.forEach((k, i) => (ai[index.get(k)!] = i));
  b.keys.forEach((k, i) => (bi[index.get(k)!] = i));
  const cap = ta.lo.length + tb.lo.length;
  const lo = new Float64Array(cap);
  const hi = new Float64Array(cap);
  const n = new Float64Array(cap);
  const offsets = new Uint32Array(keys.length + 1);
  let j = 0;
  for (let k = 0; k < keys.length; k++) {
    let x = ai[k]! < 0 ? 0 : ta.offsets[ai[k]!]!;
    const xe = ai[k]! < 0 ? 0 : ta.offsets[ai[k]! + 1]!;
    let y = bi[k]! < 0 ? 0 : tb.offsets[bi[k]!]!;
    const ye = bi[k]! < 0 ? 0 : tb.offsets[bi[k]! + 1]!;
    while (x < xe || y < ye) {
      if (y >= ye || (x < xe && ta.lo[x]! < tb.lo[y]!)) {
        lo[j] = ta.lo[x]!;
        hi[j] = ta.hi[x]!;
        n[j++] = ta.n[x++]!;
      } else if (x >= xe || tb.lo[y]! < ta.lo[x]!) {
        lo[j] = tb.lo[y]!;
        hi[j] = tb.hi[y]!;
        n[j++] = tb.n[y++]!;
      } else {
        lo[j] = ta.lo[x]!;
        hi[j] = ta.hi[x]!;
        n[j++] = ta.n[x++]! + tb.n[y++]!;
      }
    }
    offsets[k + 1] = j;
  }
  return { id: a.id, second: a.second, sources, keys, values, dist: { offsets, lo: lo.slice(0, j), hi: hi.slice(0, j), n: n.slice(0, j) } };
}

/** A delta as plain JSON-friendly data (tests, debugging): key -> value or [[lo, hi], n][]. */
export function deltaEntries(d: Delta): Record<string, number | [[number, number], number][]> {
  const out: Record<string, number | [[number, number], number][]> = {};
  d.keys.forEach((k, i) => {
    if (d.dist === undefined) {
      out[k] = d.values[i]!;
      return;
    }
    const t = d.dist;
    const rows: [[number, number], number][] = [];
    for (let j = t.offsets[i]!; j < t.offsets[i + 1]!; j++) rows.push([[t.lo[j]!, t.hi[j]!], t.n[j]!]);
    out[k] = rows;
  });
  return out;
}
