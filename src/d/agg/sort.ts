// DTrace's ordering of aggregation entries (dt_aggregate.c): by variable id, then value
// ascending (each function's own comparison value), then key ascending (integers unsigned
// at their size, strings bytewise); the aggsortkey / aggsortrev / aggsortkeypos /
// aggsortpos options; the fixed order trunc() uses; and the bundles of a joined printa().
// Pure; runs when output is produced, never on the firing path.
import type { DInt } from '../host';
import { asU64, fromBig, toBig, wrap } from '../int64';
import type { ValueType } from '../valuetype';
import type { AggDesc, Aggregation } from './aggregation';
import { llquantLayout } from './llquantize';
import { lquantParams } from './lquantize';
import { QUANTIZE_NBUCKETS, QUANTIZE_ZERO, quantizeLabel } from './quantize';

export interface AggSortOptions {
  readonly aggsortkey?: boolean;
  readonly aggsortrev?: boolean;
  readonly aggsortkeypos?: number;
  readonly aggsortpos?: number;
}

const MAX = Number.MAX_SAFE_INTEGER;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/**
 * dt_stddev(): the population standard deviation of stddev()'s words [count, sum, Σx²]
 * with illumos's integer steps: Σx²/normal/normal/count minus (sum/normal/count)², in
 * 128-bit unsigned arithmetic, then the integer square root. An unsigned 64-bit result.
 */
export function stddevOf(w: readonly DInt[], normal: DInt): DInt {
  const count = BigInt.asUintN(64, toBig(w[0]));
  if (count === 0n) return 0;
  const un = BigInt.asUintN(64, toBig(normal));
  const aos = BigInt.asUintN(128, toBig(w[2])) / un / un / count;
  let avg = BigInt.asIntN(64, toBig(w[1])) / BigInt.asIntN(64, toBig(normal)) / BigInt.asIntN(64, count);
  if (avg < 0n) avg = -avg;
  const ua = BigInt.asUintN(64, avg);
  const diff = BigInt.asUintN(128, aos - ua * ua);
  return fromBig(BigInt.asUintN(64, isqrt(diff)));
}

/** Σ weight·count, exact (a number while every step is a safe integer). */
function weighted(weights: readonly DInt[], w: readonly DInt[]): DInt {
  let n = 0;
  let b: bigint | undefined;
  for (let j = 0; j < w.length; j++) {
    const c = w[j];
    if (c === 0) continue;
    const k = weights[j];
    if (b === undefined && typeof c === 'number' && typeof k === 'number') {
      const t = c * k;
      if (t <= MAX && t >= -MAX && n + t <= MAX && n + t >= -MAX) {
        n += t;
        continue;
      }
    }
    b = (b ?? BigInt(n)) + toBig(c) * toBig(k);
  }
  return b === undefined ? n : fromBig(b);
}

/** What entries of one aggregation are compared by: a value and, for ties, a zero-bucket count. */
export interface SortValue {
  readonly v: DInt;
  readonly z: DInt;
}

/** Per-bucket weights of a distribution (the lquantize/llquantize parts of dt_aggregate.c). */
function weightsOf(desc: AggDesc): readonly DInt[] {
  switch (desc.func) {
    case 'quantize': {
      const out: DInt[] = [];
      for (let i = 0; i < QUANTIZE_NBUCKETS; i++) out.push(quantizeLabel(i));
      return out;
    }
    case 'lquantize': {
      const p = lquantParams(desc.lquant as { base: number; limit: number; step: number });
      // The kernel does this arithmetic in int: base - 1 and top + 1 wrap at 32 bits.
      const out: DInt[] = [(p.base - 1) | 0];
      let base = p.base;
      for (let i = 0; i < p.levels; i++, base = (base + p.step) | 0) out.push(base);
      out.push((base + 1) | 0);
      return out;
    }
    case 'llquantize': {
      const l = llquantLayout(desc.llquant as { factor: number; low: number; high: number; nsteps: number });
      const out: DInt[] = [fromBig(toBig(l.bounds[0]) - 1n)];
      for (let i = 1; i < l.nbins; i++) out.push(l.bounds[i]);
      return out;
    }
    default:
      return [];
  }
}

/** The count lquantize() compares on a tie: the bucket whose weight is 0, if any. */
function lquantZero(desc: AggDesc, w: readonly DInt[]): DInt {
  const p = lquantParams(desc.lquant as { base: number; limit: number; step: number });
  let base = p.base;
  if (((base - 1) | 0) === 0) return w[0];
  for (let i = 0; i < p.levels; i++, base = (base + p.step) | 0) if (base === 0) return w[i + 1];
  if (((base + 1) | 0) === 0) return w[p.levels + 1];
  return 0;
}

/** A function computing the sort value of an entry's words, for one aggregation. */
export function sortValueFn(desc: AggDesc): (w: readonly DInt[]) => SortValue {
  switch (desc.func) {
    case 'count': case 'sum': case 'min': case 'max':
      return (w) => ({ v: w[0], z: 0 });
    case 'avg':
      return (w) => {
        if (w[0] === 0) return { v: 0, z: 0 };
        return { v: fromBig(BigInt.asIntN(64, toBig(w[1])) / BigInt.asIntN(64, toBig(w[0]))), z: 0 };
      };
    case 'stddev':
      return (w) => ({ v: stddevOf(w, 1), z: 0 });
    case 'quantize': {
      const k = weightsOf(desc);
      return (w) => ({ v: weighted(k, w), z: w[QUANTIZE_ZERO] });
    }
    case 'lquantize': {
      const k = weightsOf(desc);
      return (w) => ({ v: weighted(k, w), z: lquantZero(desc, w) });
    }
    case 'llquantize': {
      const k = weightsOf(desc);
      return (w) => ({ v: weighted(k, w), z: w[0] });
    }
  }
}

function cmpSortValues(a: SortValue, b: SortValue): number {
  if (a.v < b.v) return -1;
  if (a.v > b.v) return 1;
  if (a.z < b.z) return -1;
  if (a.z > b.z) return 1;
  return 0;
}

const BITS = { 1: 8, 2: 16, 4: 32, 8: 64 } as const;

/** One key record compared as dt_aggregate_keycmp does. */
function cmpKey(t: ValueType, a: unknown, b: unknown): number {
  let x: unknown = a;
  let y: unknown = b;
  if (t.kind === 'int') {
    x = t.size === 8 ? asU64(a as DInt) : wrap(a as DInt, BITS[t.size], false);
    y = t.size === 8 ? asU64(b as DInt) : wrap(b as DInt, BITS[t.size], false);
  } else if (typeof a !== 'string' || typeof b !== 'string') {
    x = asU64(a as DInt);
    y = asU64(b as DInt);
  }
  return (x as DInt | string) < (y as DInt | string) ? -1 : (x as DInt | string) > (y as DInt | string) ? 1 : 0;
}

/**
 * Compare two key tuples, starting at key `keypos` and wrapping around (aggsortkeypos; a
 * position beyond the last key means 0).
 */
export function compareKeys(types: readonly ValueType[], a: readonly unknown[], b: readonly unknown[], keypos = 0): number {
  const n = types.length;
  const start = keypos >= 0 && keypos < n ? keypos : 0;
  for (let t = 0; t < n; t++) {
    const k = (start + t) % n;
    const c = cmpKey(types[k], a[k], b[k]);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * The order printa() and the end of the run print one aggregation's entries in:
 * value then key, or key alone with aggsortkey; all reversed with aggsortrev.
 */
export function sortedEntries(agg: Aggregation, o: AggSortOptions = {}): number[] {
  return order(agg, !!o.aggsortkey, !!o.aggsortrev, o.aggsortkeypos ?? 0);
}

function order(agg: Aggregation, bykey: boolean, rev: boolean, keypos: number): number[] {
  const n = agg.size;
  const idx: number[] = [];
  const keys: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    idx.push(i);
    keys.push(agg.keysOf(i));
  }
  const types = agg.desc.keyTypes;
  const dir = rev ? -1 : 1;
  if (bykey) {
    idx.sort((a, b) => dir * compareKeys(types, keys[a], keys[b], keypos));
    return idx;
  }
  const sv = sortValueFn(agg.desc);
  const vals = idx.map((i) => sv(agg.words(i)));
  idx.sort((a, b) => dir * (cmpSortValues(vals[a], vals[b]) || compareKeys(types, keys[a], keys[b], keypos)));
  return idx;
}

/**
 * trunc(@, n): keep the n largest values (n < 0: the |n| smallest), using the fixed
 * value-then-key order that ignores the aggsort options; no n (or 0) removes everything.
 */
export function truncate(agg: Aggregation, n?: DInt): void {
  const r = n === undefined ? 0n : BigInt.asIntN(64, toBig(n));
  const keep = r < 0n ? -r : r;
  const ord = keep === 0n ? [] : order(agg, false, r > 0n, 0);
  const kept = ord.slice(0, Number(keep < BigInt(ord.length) ? keep : BigInt(ord.length)));
  agg.retain(kept.sort((a, b) => a - b));
}

/** One row of a joined printa(): the keys, and each aggregation's entry index (-1: none, print zero). */
export interface Bundle {
  readonly keys: readonly unknown[];
  readonly entries: readonly number[];
}

function bundleKey(keys: readonly unknown[]): string {
  let s = '';
  for (const k of keys) s += typeof k === 'string' ? `s${k.length}:${k}` : `n${String(k)};`;
  return s;
}

/** The words of a zero-filled entry (an aggregation without a value for a key). */
export function zeroWords(agg: Aggregation): DInt[] {
  const w: DInt[] = new Array(agg.desc.func === 'stddev' ? 3 : agg.stride).fill(0);
  return w;
}

/**
 * The rows of printa(@a, @b, ...): the union of keys, each with every aggregation's entry,
 * ordered by @a's value, then @b's, ... then key (aggsortpos picks which aggregation is
 * compared first; aggsortkey puts the key first; aggsortrev reverses).
 */
export function joinEntries(aggs: readonly Aggregation[], o: AggSortOptions = {}): Bundle[] {
  const n = aggs.length;
  const rows = new Map<string, { keys: unknown[]; entries: number[] }>();
  const byId = [...aggs.keys()].sort((a, b) => aggs[a].desc.id - aggs[b].desc.id);
  for (const j of byId) {
    const a = aggs[j];
    for (let i = 0; i < a.size; i++) {
      const keys = a.keysOf(i);
      const id = bundleKey(keys);
      if (!rows.has(id)) rows.set(id, { keys, entries: aggs.map((b) => b.find(keys)) });
    }
  }
  const list = [...rows.values()];
  const sortpos = o.aggsortpos !== undefined && o.aggsortpos >= 0 && o.aggsortpos < n ? o.aggsortpos : 0;
  const svs = aggs.map((a) => sortValueFn(a.desc));
  const zero = aggs.map((a, j) => svs[j](zeroWords(a)));
  const vals = list.map((r) => r.entries.map((e, j) => (e < 0 ? zero[j] : svs[j](aggs[j].words(e)))));
  const types = n > 0 ? aggs[0].desc.keyTypes : [];
  const keypos = o.aggsortkeypos ?? 0;
  const dir = o.aggsortrev ? -1 : 1;
  const idx = list.map((_, i) => i);
  idx.sort((a, b) => {
    if (o.aggsortkey) {
      const c = compareKeys(types, list[a].keys, list[b].keys, keypos);
      if (c !== 0) return dir * c;
    }
    for (let p = 0; p < n; p++) {
      const j = (p + sortpos) % n;
      const c = cmpSortValues(vals[a][j], vals[b][j]);
      if (c !== 0) return dir * c;
    }
    return o.aggsortkey ? 0 : dir * compareKeys(types, list[a].keys, list[b].keys, keypos);
  });
  return idx.map((i) => list[i]);
}
