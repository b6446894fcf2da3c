// The aggregation store: one object per aggregation variable (@name), updated on the
// engine's hot path on every aggregating statement, read when printa() or the end of the
// run prints it, merged across compute nodes, and snapshotted as columnar typed arrays
// to cross threads. Pure; runs in the engine's thread (a Web Worker, a worker_thread or
// the CLI) and on the merging side.
//
// Entries live in columns indexed by creation order: keys in plain arrays, values in
// Float64Arrays that hold exact integers. A value that leaves the safe-integer range moves
// that entry to bigint storage (its float slot becomes NaN, which the fast path's range
// check rejects), so counts and sums stay exact without costing the common case anything.
import type { DInt } from '../host';
import { fromBig, toBig } from '../int64';
import type { ValueType } from '../valuetype';
import { type LlquantLayout, llquantLayout } from './llquantize';
import { type LquantParams, lquantizeBucket, lquantParams } from './lquantize';
import { QUANTIZE_NBUCKETS, quantizeBucket } from './quantize';
import { truncate } from './sort';

export type AggFunc = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'stddev' | 'quantize' | 'lquantize' | 'llquantize';

export interface AggDesc {
  /** Aggregation variable id, in order of first appearance (1-based). */
  readonly id: number;
  /** Without '@' ('_' for the bare @). */
  readonly name: string;
  readonly func: AggFunc;
  readonly keyTypes: readonly ValueType[];
  readonly lquant?: { readonly base: number; readonly limit: number; readonly step: number };
  readonly llquant?: { readonly factor: number; readonly low: number; readonly high: number; readonly nsteps: number };
}

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = -MAX;
/** Largest magnitude whose square is still a safe integer. */
const SQRT_MAX = 94906265;
const KEY_SEP = '\n';

const asI64 = (v: DInt): bigint => BigInt.asIntN(64, toBig(v));

export interface AggSpaceOptions {
  /** The aggsize option: bytes all aggregations may hold (default 4m). */
  readonly aggsize?: number;
  /** The strsize option: bytes a string key occupies (default 256). */
  readonly strsize?: number;
  /** Frames a stack() / ustack() key records (defaults 20). */
  readonly stackframes?: number;
  readonly ustackframes?: number;
}

/**
 * What all aggregations of one consumer share: DTrace's aggregation buffer budget
 * (aggsize) and the count of updates dropped for want of space, per CPU.
 */
export class AggSpace {
  readonly budget: number;
  readonly strsize: number;
  readonly stackframes: number;
  readonly ustackframes: number;
  /** Estimated bytes held by live entries. */
  used = 0;
  /** The CPU of the firing being processed; the engine sets it so drops are reported per CPU. */
  cpu = 0;
  private readonly drops = new Map<number, number>();

  constructor(o: AggSpaceOptions = {}) {
    this.budget = o.aggsize ?? 4 * 1024 * 1024;
    this.strsize = o.strsize ?? 256;
    this.stackframes = o.stackframes ?? 20;
    this.ustackframes = o.ustackframes ?? 20;
  }

  /** Take `bytes` for a new entry; false (and one drop counted) when the budget is exhausted. */
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.budget) {
      this.drops.set(this.cpu, (this.drops.get(this.cpu) ?? 0) + 1);
      return false;
    }
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  /** Drops since the last call, by CPU in ascending order (`N aggregation drops on CPU C`). */
  takeDrops(): readonly { readonly cpu: number; readonly count: number }[] {
    const out = [...this.drops].sort((a, b) => a[0] - b[0]).map(([cpu, count]) => ({ cpu, count }));
    this.drops.clear();
    return out;
  }
}

function keyBytes(t: ValueType, space: AggSpace): number {
  switch (t.kind) {
    case 'int': return t.size;
    case 'string': return space.strsize;
    case 'stack': return 8 * space.stackframes;
    case 'ustack': return 8 * (space.ustackframes + 1);
    case 'usymaddr': return 16;
    case 'pointer': case 'symaddr': case 'other': return 8;
  }
}

/** How many 64-bit words an entry's value occupies in DTrace's record. */
function valueWords(desc: AggDesc): number {
  switch (desc.func) {
    case 'count': case 'sum': case 'min': case 'max': return 1;
    case 'avg': return 2;
    case 'stddev': return 4;
    case 'quantize': return QUANTIZE_NBUCKETS;
    case 'lquantize': return 1 + lquantParams(lqOf(desc)).levels + 2;
    case 'llquantize': return 1 + llquantLayout(llqOf(desc)).nbins;
  }
}

/**
 * Estimated bytes of one entry as the kernel lays it out: the dtrace_aggkey_t header, the
 * compiler's aggregation-id record, the key records (strings take strsize bytes) and the
 * value, rounded to 8 bytes.
 */
export function entryBytes(desc: AggDesc, space: AggSpace): number {
  let n = 32 + 8;
  for (const t of desc.keyTypes) n += keyBytes(t, space);
  n = Math.ceil(n / 8) * 8;
  return n + 8 * valueWords(desc);
}

function lqOf(desc: AggDesc): { base: number; limit: number; step: number } {
  if (!desc.lquant) throw new Error(`lquantize aggregation @${desc.name} has no parameters`);
  return desc.lquant;
}

function llqOf(desc: AggDesc): { factor: number; low: number; high: number; nsteps: number } {
  if (!desc.llquant) throw new Error(`llquantize aggregation @${desc.name} has no parameters`);
  return desc.llquant;
}

/** A key column of a snapshot: numbers, bigints, or strings dictionary-encoded. */
export type KeyColumn =
  | { readonly kind: 'num'; readonly data: Float64Array }
  | { readonly kind: 'big'; readonly data: BigInt64Array }
  | { readonly kind: 'str'; readonly dict: readonly string[]; readonly index: Uint32Array };

/**
 * One aggregation as columnar data, cheap to send to another thread (transfer the
 * buffers of `keys` and `values`). `values` holds `stride` 64-bit words per entry, the
 * words of DTrace's record: [n] for count/sum/min/max, [count, sum] for avg, [count,
 * sum, Σx² low, Σx² high] for stddev, the buckets for the quantizations.
 */
export interface AggSnapshot {
  readonly id: number;
  readonly name: string;
  readonly func: AggFunc;
  readonly size: number;
  readonly keys: readonly KeyColumn[];
  readonly stride: number;
  readonly values: Float64Array | BigInt64Array;
  readonly normal: DInt;
  readonly printed: boolean;
}

/** The ArrayBuffers of a snapshot, for postMessage's transfer list. */
export function snapshotTransferables(s: AggSnapshot): ArrayBuffer[] {
  const out: ArrayBuffer[] = [s.values.buffer as ArrayBuffer];
  for (const k of s.keys) out.push((k.kind === 'str' ? k.index : k.data).buffer as ArrayBuffer);
  return out;
}

/** A key as stored: stacks given as frame arrays become one string. */
function normKey(k: unknown): unknown {
  return typeof k === 'object' && k !== null ? (k as readonly string[]).join(KEY_SEP) : k;
}

/**
 * The store of one aggregation. Subclasses hold the values of one aggregating function
 * and implement the hot-path updates add0 (no key), add1 (one key) and addN.
 */
export abstract class Aggregation {
  readonly desc: AggDesc;
  readonly space: AggSpace;
  readonly nkeys: number;
  readonly entryBytes: number;
  /** 64-bit words per entry in snapshots. */
  abstract readonly stride: number;
  /** Live entries: indexes 0..size-1, in creation order. */
  size = 0;
  protected cap = 0;
  /** keys[k][i]: key k of entry i (a DInt or a string; a stack as its frames joined by newlines). */
  protected keys: unknown[][];
  /** keys[0] (or an empty column when there are no keys), read directly on add1t's path. */
  private keys0: unknown[];
  protected readonly map1 = new Map<unknown, number>();
  /**
   * add1t's cache: byThread[slot] - 1 is the entry the thread in `slot` updated last (-1:
   * none). A hint only, checked against the entry's key on every use, so it never needs
   * invalidating: keys that stay the same for a thread (zonename, execname, pid) skip the
   * Map lookup.
   */
  private byThread = new Int32Array(0);
  protected readonly trie = new Map<unknown, unknown>();
  /** normalize()'s divisor (an unsigned 64-bit value); 1 when not normalized. */
  normal: DInt = 1;
  /** Printed by printa() at least once (DTRACE_AGD_PRINTED): never printed again at exit. */
  printed = false;

  constructor(desc: AggDesc, space: AggSpace) {
    this.desc = desc;
    this.space = space;
    this.nkeys = desc.keyTypes.length;
    this.entryBytes = entryBytes(desc, space);
    this.keys = desc.keyTypes.map(() => []);
    this.keys0 = this.keys[0] ?? [];
  }

  /** Update the keyless aggregation (`@a = f(value[, incr])`). */
  abstract add0(value: DInt, incr?: DInt): void;
  /** Update the entry of one key (a string or a DInt). */
  abstract add1(key: unknown, value: DInt, incr?: DInt): void;
  /**
   * add1() for a key that usually stays the same for a thread: `slot` is the firing's
   * thread slot (FiringContext.threadSlot).
   */
  abstract add1t(key: unknown, slot: number, value: DInt, incr?: DInt): void;
  /** Update the entry of several keys. */
  abstract addN(keys: readonly unknown[], value: DInt, incr?: DInt): void;

  /** The value words of entry i (see AggSnapshot). Σx² of stddev is one (up to 128-bit) word. */
  abstract words(i: number): DInt[];
  /** Fold another store's words for the same key into entry i (the per-node merge). */
  protected abstract combine(i: number, w: readonly DInt[], fresh: boolean): void;
  protected abstract grow(cap: number): void;
  /** Zero every value (clear()). */
  protected abstract zeroAll(): void;

  /** Key k of entry i. */
  key(i: number, k: number): unknown {
    return this.keys[k][i];
  }

  /** All keys of entry i. */
  keysOf(i: number): unknown[] {
    const out: unknown[] = [];
    for (let k = 0; k < this.nkeys; k++) out.push(this.keys[k][i]);
    return out;
  }

  /** The entry with these keys, or -1. */
  find(keys: readonly unknown[]): number {
    if (this.nkeys === 0) return this.size > 0 ? 0 : -1;
    if (this.nkeys === 1) return this.map1.get(normKey(keys[0])) ?? -1;
    let m = this.trie;
    for (let k = 0; k < this.nkeys - 1; k++) {
      const next = m.get(normKey(keys[k]));
      if (next === undefined) return -1;
      m = next as Map<unknown, unknown>;
    }
    return (m.get(normKey(keys[this.nkeys - 1])) as number | undefined) ?? -1;
  }

  protected insert0(): number {
    if (!this.space.reserve(this.entryBytes)) return -1;
    return this.append();
  }

  protected insert1(key: unknown): number {
    const k = normKey(key);
    if (k !== key) {
      const i = this.map1.get(k);
      if (i !== undefined) return i;
    }
    if (!this.space.reserve(this.entryBytes)) return -1;
    const i = this.append();
    this.keys[0][i] = k;
    this.map1.set(k, i);
    return i;
  }

  /** The entry of one key (created if need be; -1: no space), looked up by thread first (add1t). */
  protected entry1t(key: unknown, slot: number): number {
    const c = this.byThread;
    if (slot < c.length) {
      const i = c[slot] - 1;
      if (i >= 0 && this.keys0[i] === key) return i;
    }
    return this.entry1tMiss(key, slot);
  }

  private entry1tMiss(key: unknown, slot: number): number {
    let i = this.map1.get(key);
    if (i === undefined) {
      i = this.insert1(key);
      if (i < 0) return -1;
    }
    if (slot >= 0 && slot < 1 << 24) {
      let c = this.byThread;
      if (slot >= c.length) {
        c = new Int32Array(Math.max(64, 2 ** Math.ceil(Math.log2(slot + 1))));
        c.set(this.byThread);
        this.byThread = c;
      }
      c[slot] = i + 1;
    }
    return i;
  }

  protected findN(keys: readonly unknown[]): number {
    let m = this.trie;
    const last = this.nkeys - 1;
    for (let k = 0; k < last; k++) {
      const next = m.get(keys[k]);
      if (next === undefined) return -1;
      m = next as Map<unknown, unknown>;
    }
    const i = m.get(keys[last]);
    return i === undefined ? -1 : (i as number);
  }

  protected insertN(keys: readonly unknown[], charge = true): number {
    const norm = keys.map(normKey);
    const found = this.find(norm);
    if (found >= 0) return found;
    if (charge) {
      if (!this.space.reserve(this.entryBytes)) return -1;
    } else {
      this.space.used += this.entryBytes;
    }
    const i = this.append();
    if (this.nkeys === 1) {
      this.keys[0][i] = norm[0];
      this.map1.set(norm[0], i);
      return i;
    }
    let m = this.trie;
    for (let k = 0; k < this.nkeys; k++) {
      this.keys[k][i] = norm[k];
      if (k === this.nkeys - 1) {
        m.set(norm[k], i);
      } else {
        let next = m.get(norm[k]) as Map<unknown, unknown> | undefined;
        if (next === undefined) {
          next = new Map();
          m.set(norm[k], next);
        }
        m = next;
      }
    }
    return i;
  }

  private append(): number {
    const i = this.size++;
    if (i >= this.cap) {
      const cap = Math.max(8, this.cap * 2);
      this.grow(cap);
      this.cap = cap;
    }
    return i;
  }

  /** clear(): keep every key, zero every value (min and max become 0, as in illumos). */
  clear(): void {
    this.zeroAll();
  }

  /**
   * trunc(@[, n]): keep the n largest values (n < 0: the |n| smallest) by the fixed
   * value order; without n, remove every entry.
   */
  trunc(n?: DInt): void {
    truncate(this, n);
  }

  /** normalize(@, n): printed values are divided by n (read as unsigned 64-bit). False for 0. */
  normalize(n: DInt): boolean {
    const u = BigInt.asUintN(64, toBig(n));
    if (u === 0n) {
      this.normal = 1;
      return false;
    }
    this.normal = fromBig(u);
    return true;
  }

  denormalize(): void {
    this.normal = 1;
  }

  /** Keep only the entries at `indexes` (in that order), releasing the others' budget. */
  retain(indexes: readonly number[]): void {
    const kept = indexes.map((i) => ({ keys: this.keysOf(i), words: this.words(i) }));
    this.space.release(this.size * this.entryBytes);
    this.reset();
    for (const e of kept) this.mergeEntry(e.keys, e.words);
  }

  /** Empty the store, keeping its allocated columns (zeroed: new entries start from 0). */
  private reset(): void {
    this.zeroAll();
    this.size = 0;
    this.keys = this.desc.keyTypes.map(() => []);
    this.keys0 = this.keys[0] ?? [];
    this.map1.clear();
    this.trie.clear();
  }

  /** Merge another store of the same aggregation: the result equals aggregating both inputs here. */
  merge(other: Aggregation): void {
    for (let i = 0; i < other.size; i++) this.mergeEntry(other.keysOf(i), other.words(i));
  }

  /** Merge a snapshot (e.g. one received from another node's worker). */
  mergeSnapshot(s: AggSnapshot): void {
    for (let i = 0; i < s.size; i++) {
      const keys = s.keys.map((c) => keyFromColumn(c, i));
      const w: DInt[] = [];
      for (let j = 0; j < s.stride; j++) w.push(wordFrom(s.values, i * s.stride + j));
      if (this.desc.func === 'stddev') {
        const lo = BigInt.asUintN(64, toBig(w[2]));
        const hi = BigInt.asUintN(64, toBig(w[3]));
        w.length = 3;
        w[2] = fromBig(lo + (hi << 64n));
      }
      this.mergeEntry(keys, w);
    }
  }

  protected mergeEntry(keys: readonly unknown[], w: readonly DInt[]): void {
    let i = this.find(keys);
    const fresh = i < 0;
    if (fresh) i = this.nkeys === 0 ? this.forceInsert0() : this.insertN(keys, false);
    this.combine(i, w, fresh);
  }

  private forceInsert0(): number {
    this.space.used += this.entryBytes;
    return this.append();
  }

  /** The whole aggregation as columnar data (see AggSnapshot). */
  snapshot(): AggSnapshot {
    const n = this.size;
    const stride = this.stride;
    const words: DInt[][] = [];
    let small = true;
    for (let i = 0; i < n; i++) {
      const w = this.words(i);
      if (this.desc.func === 'stddev') {
        const q = toBig(w[2]);
        w[2] = fromBig(BigInt.asUintN(64, q));
        w.push(fromBig(q >> 64n));
      }
      for (const x of w) if (typeof x !== 'number') small = false;
      words.push(w);
    }
    let values: Float64Array | BigInt64Array;
    if (small) {
      const f = new Float64Array(n * stride);
      for (let i = 0; i < n; i++) f.set(words[i] as number[], i * stride);
      values = f;
    } else {
      const b = new BigInt64Array(n * stride);
      for (let i = 0; i < n; i++) for (let j = 0; j < stride; j++) b[i * stride + j] = toBig(words[i][j]);
      values = b;
    }
    return this.snapshotOf(values);
  }

  /** A snapshot of the current entries with these value words. */
  protected snapshotOf(values: Float64Array | BigInt64Array): AggSnapshot {
    const n = this.size;
    const keys: KeyColumn[] = [];
    for (let k = 0; k < this.nkeys; k++) keys.push(keyColumn(this.keys[k], n));
    return { id: this.desc.id, name: this.desc.name, func: this.desc.func, size: n, keys, stride: this.stride, values, normal: this.normal, printed: this.printed };
  }
}

function keyColumn(col: readonly unknown[], n: number): KeyColumn {
  if (n > 0 && typeof col[0] === 'string') {
    const dict: string[] = [];
    const ids = new Map<string, number>();
    const index = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const s = col[i] as string;
      let id = ids.get(s);
      if (id === undefined) {
        id = dict.length;
        dict.push(s);
        ids.set(s, id);
      }
      index[i] = id;
    }
    return { kind: 'str', dict, index };
  }
  let small = true;
  for (let i = 0; i < n; i++) if (typeof col[i] !== 'number') small = false;
  if (small) {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = col[i] as number;
    return { kind: 'num', data };
  }
  const data = new BigInt64Array(n);
  for (let i = 0; i < n; i++) data[i] = toBig(col[i] as DInt);
  return { kind: 'big', data };
}

function keyFromColumn(c: KeyColumn, i: number): unknown {
  switch (c.kind) {
    case 'num': return c.data[i];
    case 'big': return fromBig(c.data[i]);
    case 'str': return c.dict[c.index[i]];
  }
}

function wordFrom(v: Float64Array | BigInt64Array, j: number): DInt {
  return v instanceof Float64Array ? v[j] : fromBig(v[j]);
}

// ---------------------------------------------------------------------------------------
// Scalar aggregations: one value per entry in a Float64Array, bigint when out of range.

abstract class ScalarAggregation extends Aggregation {
  readonly stride: number = 1;
  protected v = new Float64Array(0);
  protected big: (bigint | undefined)[] = [];

  protected grow(cap: number): void {
    const v = new Float64Array(cap);
    v.set(this.v);
    this.v = v;
  }

  /** The value of entry i. */
  value(i: number): DInt {
    const x = this.v[i];
    return x === x ? x : fromBig(this.big[i] as bigint);
  }

  protected setValue(i: number, b: bigint): void {
    if (b >= -9007199254740991n && b <= 9007199254740991n) {
      this.v[i] = Number(b);
      this.big[i] = undefined;
    } else {
      this.v[i] = NaN;
      this.big[i] = b;
    }
  }

  words(i: number): DInt[] {
    return [this.value(i)];
  }

  protected zeroAll(): void {
    this.v.fill(0);
    this.big = [];
  }
}

class CountAggregation extends ScalarAggregation {
  add0(): void {
    let i = this.size - 1;
    if (i < 0) {
      i = this.insert0();
      if (i < 0) return;
    }
    this.bump(i);
  }

  add1(key: unknown): void {
    let i = this.map1.get(key);
    if (i === undefined) {
      i = this.insert1(key);
      if (i < 0) return;
    }
    this.bump(i);
  }

  add1t(key: unknown, slot: number): void {
    const i = this.entry1t(key, slot);
    if (i >= 0) this.bump(i);
  }

  addN(keys: readonly unknown[]): void {
    let i = this.findN(keys);
    if (i < 0) {
      i = this.insertN(keys);
      if (i < 0) return;
    }
    this.bump(i);
  }

  private bump(i: number): void {
    const c = this.v[i] + 1;
    if (c <= 9007199254740991) this.v[i] = c;
    else this.setValue(i, BigInt.asIntN(64, toBig(this.value(i)) + 1n));
  }

  protected combine(i: number, w: readonly DInt[]): void {
    this.setValue(i, BigInt.asIntN(64, toBig(this.value(i)) + toBig(w[0])));
  }
}

class SumAggregation extends ScalarAggregation {
  add0(value: DInt): void {
    let i = this.size - 1;
    if (i < 0) {
      i = this.insert0();
      if (i < 0) return;
    }
    this.upd(i, value);
  }

  add1(key: unknown, value: DInt): void {
    let i = this.map1.get(key);
    if (i === undefined) {
      i = this.insert1(key);
      if (i < 0) return;
    }
    this.upd(i, value);
  }

  add1t(key: unknown, slot: number, value: DInt): void {
    const i = this.entry1t(key, slot);
    if (i >= 0) this.upd(i, value);
  }

  addN(keys: readonly unknown[], value: DInt): void {
    let i = this.findN(keys);
    if (i < 0) {
      i = this.insertN(keys);
      if (i < 0) return;
    }
    this.upd(i, value);
  }

  private upd(i: number, value: DInt): void {
    const s = typeof value === 'number' ? this.v[i] + value : NaN;
    if (s <= MAX && s >= MIN) this.v[i] = s;
    else this.setValue(i, BigInt.asIntN(64, toBig(this.value(i)) + toBig(value)));
  }

  protected combine(i: number, w: readonly DInt[]): void {
    this.setValue(i, BigInt.asIntN(64, toBig(this.value(i)) + toBig(w[0])));
  }
}

/** min() and max(): `sign` 1 keeps the larger value, -1 the smaller (signed 64-bit compare). */
class ExtremeAggregation extends ScalarAggregation {
  private readonly sign: number;

  constructor(desc: AggDesc, space: AggSpace, sign: number) {
    super(desc, space);
    this.sign = sign;
  }

  add0(value: DInt): void {
    let i = this.size - 1;
    if (i < 0) {
      i = this.insert0();
      if (i >= 0) this.setValue(i, asI64(value));
      return;
    }
    this.upd(i, value);
  }

  add1(key: unknown, value: DInt): void {
    let i = this.map1.get(key);
    if (i === undefined) {
      const n = this.size;
      i = this.insert1(key);
      if (i < 0) return;
      if (this.size > n) {
        this.setValue(i, asI64(value));
        return;
      }
    }
    this.upd(i, value);
  }

  add1t(key: unknown, slot: number, value: DInt): void {
    const n = this.size;
    const i = this.entry1t(key, slot);
    if (i < 0) return;
    if (this.size > n) this.setValue(i, asI64(value));
    else this.upd(i, value);
  }

  addN(keys: readonly unknown[], value: DInt): void {
    let i = this.findN(keys);
    if (i < 0) {
      const n = this.size;
      i = this.insertN(keys);
      if (i < 0) return;
      if (this.size > n) {
        this.setValue(i, asI64(value));
        return;
      }
    }
    this.upd(i, value);
  }

  private upd(i: number, value: DInt): void {
    const cur = this.v[i];
    if (typeof value === 'number' && cur === cur) {
      if (this.sign > 0 ? value > cur : value < cur) this.v[i] = value;
      return;
    }
    const nv = asI64(value);
    const c = toBig(this.value(i));
    if (this.sign > 0 ? nv > c : nv < c) this.setValue(i, nv);
  }

  protected combine(i: number, w: readonly DInt[], fresh: boolean): void {
    if (fresh) this.setValue(i, asI64(w[0]));
    else this.upd(i, w[0]);
  }
}

// ---------------------------------------------------------------------------------------
// avg() and stddev(): a count, a 64-bit sum and (stddev) a 128-bit sum of squares.

class AvgAggregation extends Aggregation {
  readonly stride: number = 2;
  protected c = new Float64Array(0);
  protected s = new Float64Array(0);
  protected bigS: (bigint | undefined)[] = [];

  add0(value: DInt): void {
    let i = this.size - 1;
    if (i < 0) {
      i = this.insert0();
      if (i < 0) return;
    }
    this.upd(i, value);
  }

  add1(key: unknown, value: DInt): void {
    let i = this.map1.get(key);
    if (i === undefined) {
      i = this.insert1(key);
      if (i < 0) return;
    }
    this.upd(i, value);
  }

  add1t(key: unknown, slot: number, value: DInt): void {
    const i = this.entry1t(key, slot);
    if (i >= 0) this.upd(i, value);
  }

  addN(keys: readonly unknown[], value: DInt): void {
    let i = this.findN(keys);
    if (i < 0) {
      i = this.insertN(keys);
      if (i < 0) return;
    }
    this.upd(i, value);
  }

  protected upd(i: number, value: DInt): void {
    this.c[i]++;
    const s = typeof value === 'number' ? this.s[i] + value : NaN;
    if (s <= MAX && s >= MIN) this.s[i] = s;
    else this.setSum(i, BigInt.asIntN(64, toBig(this.sum(i)) + toBig(value)));
  }

  protected sum(i: number): DInt {
    const x = this.s[i];
    return x === x ? x : fromBig(this.bigS[i] as bigint);
  }

  protected setSum(i: number, b: bigint): void {
    if (b >= -9007199254740991n && b <= 9007199254740991n) {
      this.s[i] = Number(b);
      this.bigS[i] = undefined;
    } else {
      this.s[i] = NaN;
      this.bigS[i] = b;
    }
  }

  words(i: number): DInt[] {
    return [this.c[i], this.sum(i)];
  }

  protected combine(i: number, w: readonly DInt[]): void {
    this.c[i] += Number(w[0]);
    this.setSum(i, BigInt.asIntN(64, toBig(this.sum(i)) + toBig(w[1])));
  }

  protected grow(cap: number): void {
    const c = new Float64Array(cap);
    c.set(this.c);
    this.c = c;
    const s = new Float64Array(cap);
    s.set(this.s);
    this.s = s;
  }

  protected zeroAll(): void {
    this.c.fill(0);
    this.s.fill(0);
    this.bigS = [];
  }
}

class StddevAggregation extends AvgAggregation {
  readonly stride: number = 4;
  private q = new Float64Array(0);
  private bigQ: (bigint | undefined)[] = [];

  protected upd(i: number, value: DInt): void {
    super.upd(i, value);
    const x = typeof value === 'number' ? Math.abs(value) : NaN;
    if (x <= SQRT_MAX) {
      const q = this.q[i] + x * x;
      if (q <= MAX) {
        this.q[i] = q;
        return;
      }
    }
    // The kernel squares |(int64_t)v| as an unsigned 64-bit value into 128 bits.
    const a = asI64(value);
    const m = BigInt.asUintN(64, a < 0n ? -a : a);
    this.setSq(i, BigInt.asUintN(128, this.sq(i) + m * m));
  }

  private sq(i: number): bigint {
    const x = this.q[i];
    return x === x ? BigInt(x) : (this.bigQ[i] as bigint);
  }

  private setSq(i: number, b: bigint): void {
    if (b <= 9007199254740991n) {
      this.q[i] = Number(b);
      this.bigQ[i] = undefined;
    } else {
      this.q[i] = NaN;
      this.bigQ[i] = b;
    }
  }

  words(i: number): DInt[] {
    return [this.c[i], this.sum(i), fromBig(this.sq(i))];
  }

  protected combine(i: number, w: readonly DInt[]): void {
    super.combine(i, w);
    this.setSq(i, BigInt.asUintN(128, this.sq(i) + toBig(w[2])));
  }

  protected grow(cap: number): void {
    super.grow(cap);
    const q = new Float64Array(cap);
    q.set(this.q);
    this.q = q;
  }

  protected zeroAll(): void {
    super.zeroAll();
    this.q.fill(0);
    this.bigQ = [];
  }
}

// ---------------------------------------------------------------------------------------
// Distributions: `nb` buckets per entry in one Float64Array; a row that overflows the safe
// range moves to a BigInt64Array (which wraps at 64 bits like the kernel's counters).

abstract class DistAggregation extends Aggregation {
  readonly nb: number;
  protected b = new Float64Array(0);
  protected bigRows: (BigInt64Array | undefined)[] = [];

  constructor(desc: AggDesc, space: AggSpace, nb: number) {
    super(desc, space);
    this.nb = nb;
  }

  get stride(): number {
    return this.nb;
  }

  protected bump(i: number, bin: number, incr: DInt | undefined): void {
    const o = i * this.nb + bin;
    const c = this.b[o] + (incr === undefined ? 1 : typeof incr === 'number' ? incr : NaN);
    // Literal bounds (MAX, MIN): immediates in the optimized hot path rather than loads.
    if (c <= 9007199254740991 && c >= -9007199254740991) this.b[o] = c;
    else this.bigRow(i)[bin] += toBig(incr ?? 1);
  }

  private bigRow(i: number): BigInt64Array {
    let r = this.bigRows[i];
    if (r === undefined) {
      const nb = this.nb;
      r = new BigInt64Array(nb);
      for (let j = 0; j < nb; j++) r[j] = BigInt(this.b[i * nb + j]);
      this.b.fill(NaN, i * nb, (i + 1) * nb);
      this.bigRows[i] = r;
    }
    return r;
  }

  /** Bucket j of entry i. */
  bin(i: number, j: number): DInt {
    const x = this.b[i * this.nb + j];
    return x === x ? x : fromBig((this.bigRows[i] as BigInt64Array)[j]);
  }

  words(i: number): DInt[] {
    const out: DInt[] = [];
    for (let j = 0; j < this.nb; j++) out.push(this.bin(i, j));
    return out;
  }

  protected combine(i: number, w: readonly DInt[]): void {
    for (let j = 0; j < this.nb; j++) {
      const x = w[j];
      if (x !== 0) this.bump(i, j, x);
    }
  }

  /**
   * While no row has overflowed (every bucket a safe integer in `b`), the snapshot's values
   * are the first size * nb words of `b` copied wholesale: the per-second collection of
   * Cloud Analytics snapshots llquantize rows of hundreds of buckets per key.
   */
  override snapshot(): AggSnapshot {
    const n = this.size;
    for (let i = 0; i < n; i++) if (this.bigRows[i] !== undefined) return super.snapshot();
    return this.snapshotOf(this.b.slice(0, n * this.nb));
  }

  protected grow(cap: number): void {
    const b = new Float64Array(cap * this.nb);
    b.set(this.b);
    this.b = b;
  }

  protected zeroAll(): void {
    this.b.fill(0);
    this.bigRows = [];
  }
}

class QuantizeAggregation extends DistAggregation {
  constructor(desc: AggDesc, space: AggSpace) {
    super(desc, space, QUANTIZE_NBUCKETS);
  }

  add0(value: DInt, incr?: DInt): void {
    let i = this.size - 1;
    if (i < 0) {
      i = this.insert0();
      if (i < 0) return;
    }
    this.bump(i, quantizeBucket(value), incr);
  }

  add1(key: unknown, value: DInt, incr?: DInt): void {
    let i = this.map1.get(key);
    if (i === undefined) {
      i = this.insert1(key);
      if (i < 0) return;
    }
    this.bump(i, quantizeBucket(value), incr);
  }

  add1t(key: unknown, slot: number, value: DInt, incr?: DInt): void {
    const i = this.entry1t(key, slot);
    if (i >= 0) this.bump(i, quantizeBucket(value), incr);
  }

  addN(keys: readonly unknown[], value: DInt, incr?: DInt): void {
    let i = this.findN(keys);
    if (i < 0) {
      i = this.insertN(keys);
      if (i < 0) return;
    }
    this.bump(i, quantizeBucket(value), incr);
  }
}

class LquantizeAggregation extends DistAggregation {
  readonly params: LquantParams;

  constructor(desc: AggDesc, space: AggSpace) {
    const p = lquantParams(lqOf(desc));
    super(desc, space, p.levels + 2);
    this.params = p;
  }

  add0(value: DInt, incr?: DInt): void {
    let i = this.size - 1;
    if (i < 0) {
      i = this.insert0();
      if (i < 0) return;
    }
    this.bump(i, lquantizeBucket(this.params, value), incr);
  }

  add1(key: unknown, value: DInt, incr?: DInt): void {
    let i = this.map1.get(key);
    if (i === undefined) {
      i = this.insert1(key);
      if (i < 0) return;
    }
    this.bump(i, lquantizeBucket(this.params, value), incr);
  }

  add1t(key: unknown, slot: number, value: DInt, incr?: DInt): void {
    const i = this.entry1t(key, slot);
    if (i >= 0) this.bump(i, lquantizeBucket(this.params, value), incr);
  }

  addN(keys: readonly unknown[], value: DInt, incr?: DInt): void {
    let i = this.findN(keys);
    if (i < 0) {
      i = this.insertN(keys);
      if (i < 0) return;
    }
    this.bump(i, lquantizeBucket(this.params, value), incr);
  }
}

class LlquantizeAggregation extends DistAggregation {
  readonly layout: LlquantLayout;

  constructor(desc: AggDesc, space: AggSpace) {
    const layout = llquantLayout(llqOf(desc));
    super(desc, space, layout.nbins);
    this.layout = layout;
  }

  add0(value: DInt, incr?: DInt): void {
    let i = this.size - 1;
    if (i < 0) {
      i = this.insert0();
      if (i < 0) return;
    }
    this.bump(i, typeof value === 'number' ? this.layout.bucketOfNumber(value) : this.layout.bucket(value), incr);
  }

  add1(key: unknown, value: DInt, incr?: DInt): void {
    let i = this.map1.get(key);
    if (i === undefined) {
      i = this.insert1(key);
      if (i < 0) return;
    }
    this.bump(i, typeof value === 'number' ? this.layout.bucketOfNumber(value) : this.layout.bucket(value), incr);
  }

  add1t(key: unknown, slot: number, value: DInt, incr?: DInt): void {
    const i = this.entry1t(key, slot);
    if (i >= 0) this.bump(i, typeof value === 'number' ? this.layout.bucketOfNumber(value) : this.layout.bucket(value), incr);
  }

  addN(keys: readonly unknown[], value: DInt, incr?: DInt): void {
    let i = this.findN(keys);
    if (i < 0) {
      i = this.insertN(keys);
      if (i < 0) return;
    }
    this.bump(i, typeof value === 'number' ? this.layout.bucketOfNumber(value) : this.layout.bucket(value), incr);
  }
}

/** A new, empty store for the aggregation `desc`, charging its entries to `space`. */
export function createAggregation(desc: AggDesc, space: AggSpace): Aggregation {
  switch (desc.func) {
    case 'count': return new CountAggregation(desc, space);
    case 'sum': return new SumAggregation(desc, space);
    case 'min': return new ExtremeAggregation(desc, space, -1);
    case 'max': return new ExtremeAggregation(desc, space, 1);
    case 'avg': return new AvgAggregation(desc, space);
    case 'stddev': return new StddevAggregation(desc, space);
    case 'quantize': return new QuantizeAggregation(desc, space);
    case 'lquantize': return new LquantizeAggregation(desc, space);
    case 'llquantize': return new LlquantizeAggregation(desc, space);
  }
}

/** A store rebuilt from a snapshot (on the receiving side of a thread boundary). */
export function aggregationFromSnapshot(desc: AggDesc, space: AggSpace, s: AggSnapshot): Aggregation {
  const a = createAggregation(desc, space);
  a.mergeSnapshot(s);
  a.normal = s.normal;
  a.printed = s.printed;
  return a;
}
