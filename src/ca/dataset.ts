// One instrumentation's retained data, by time (CA's aggregator datasets, CA:lib/ca/ca-agg.js).
// Deltas (src/engine/delta.ts) come in once a simulated second per shard, with their
// time already in CA seconds; the dataset aligns them down to the granularity, adds the
// deltas of one interval together (scalars add, discrete keys add key by key, numeric
// ranges add count by count) and remembers which sources reported in each interval
// (CA's minreporting). Point-in-time metrics keep only a source's first report in an
// interval, and a read over several intervals returns the first one. Data older than
// the retention time reads as zero or empty. Pure TypeScript; lives in the CA worker.
//
// Storage is a ring of at most ceil(retention / granularity) + 3 intervals, never a map of
// small objects:
// - scalar: one Float64Array value per interval;
// - discrete and numeric: per interval one Uint8Array of LEB128 varints, grouped by key:
//   keyId, the number of entries, then per entry its range id (as the step from the
//   previous one) and its count; a typical llquantize entry costs 2-3 bytes, and the
//   heatmap decodes it straight into its columns. An interval holding a count that is not
//   a non-negative integer (a sum of negative or fractional values) switches to raw
//   float64 (code, count) pairs, code = keyId * RANGE_SPAN + rangeId.
// - a version per interval, bumped whenever its data changes, so the heatmap code can
//   keep per-interval work between requests (heatmap.ts's column cache).
// - sources: one bitset per interval over the sources seen so far.
// Keys and ranges are interned once (ranges are bounded by the quantization: ~1000 for
// llquantize); key names unused by any retained interval are dropped when they pile up.

import type { Delta } from '../engine/delta';

/** What the dataset holds: CA's four dataset kinds (scalar, decomposition, heatmap scalar, heatmap decomposition). */
export type DatasetArity = 'scalar' | 'discrete' | 'numeric' | 'discrete-numeric';

/** The dataset kind of an instrumentation from its value-arity and value-dimension (CA's caDatasetForInstrumentation). */
export function datasetArity(valueArity: 'scalar' | 'discrete-decomposition' | 'numeric-decomposition', dimension: number): DatasetArity {
  switch (valueArity) {
    case 'scalar':
      return 'scalar';
    case 'discrete-decomposition':
      return 'discrete';
    case 'numeric-decomposition':
      return dimension >= 3 ? 'discrete-numeric' : 'numeric';
  }
}

/** CA's numeric value: ranges [[lo, hi], count] sorted by lo (hi inclusive). */
export type Distribution = [[number, number], number][];

/** A raw value in CA's shapes: scalar number, discrete {key: n}, numeric distribution, discrete+numeric {key: distribution}. */
export type RawValue = number | Record<string, number> | Distribution | Record<string, Distribution>;

export interface DatasetOptions {
  /**
   * The dataset kind, or CA's value-arity. With 'numeric-decomposition' give `dimension`
   * (3: there is also a discrete decomposition); without it the first data decides
   * (named keys: discrete+numeric), and until then the dataset reads as numeric.
   */
  readonly arity: DatasetArity | 'discrete-decomposition' | 'numeric-decomposition';
  /** CA's value-dimension (only needed with arity 'numeric-decomposition'). */
  readonly dimension?: number;
  /** Seconds per interval (1 or a multiple of 5). */
  readonly granularity: number;
  /** Seconds of data kept (CA's retention-time). */
  readonly retentionS: number;
  /** Point-in-time metric (value-scope "point"): first report per source and interval wins. */
  readonly point: boolean;
  /** Sources (hosts) the instrumentation runs on. */
  readonly nsources: number;
}

/**
 * The data of a window of columns (one per interval) for the heatmap code, as columns of
 * entries: column c holds entries colStart[c] .. colStart[c+1]-1, each the range
 * range[e] with a count n[e], for the present key key[e] (-1 without a discrete
 * decomposition). Range r is [rangeLo[r], rangeHi[r]] (inclusive); per-range work
 * (bucket spreading) is done once per range, not per entry.
 */
export interface HeatmapSource {
  /** Start of the first column (CA seconds, aligned to the granularity). */
  readonly start: number;
  readonly granularity: number;
  readonly ncolumns: number;
  /** Keys with data in the window, sorted; [] without a discrete decomposition. */
  readonly keys: readonly string[];
  readonly colStart: Uint32Array;
  readonly key: Int32Array;
  readonly range: Uint32Array;
  readonly n: Float64Array;
  readonly rangeLo: Float64Array;
  readonly rangeHi: Float64Array;
}

/** Codes pack keyId * RANGE_SPAN + rangeId (well inside 2^53). */
const RANGE_SPAN = 2 ** 20;
/** CA's aggregator holds requests until the sources seen in [t - 15 s, t - 5 s) reported (aggExpected). */
const EXPECT_BACK_S = 15;
const EXPECT_SPAN_S = 10;
/** Slot formats (first byte of a slot's bytes). */
const FMT_VARINT = 0;
const FMT_FLOAT = 1;
/** Key names are compacted when more than this many are unused by retained intervals. */
const KEY_SLACK = 1024;

/** Scratch space for decoding and merging one interval (grown as needed; the dataset is single-threaded). */
let scratchCode: Float64Array = new Float64Array(1024);
let scratchN: Float64Array = new Float64Array(1024);
let mergeCode: Float64Array = new Float64Array(1024);
let mergeN: Float64Array = new Float64Array(1024);

function grow(a: Float64Array, need: number): Float64Array {
  if (a.length >= need) return a;
  let len = a.length * 2;
  while (len < need) len *= 2;
  return new Float64Array(len);
}

function isCount(v: number): boolean {
  return v >= 0 && Number.isSafeInteger(v);
}

function varintLength(v: number): number {
  let len = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, at: number, v: number): number {
  while (v >= 128) {
    out[at++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

/**
 * Encodes m (code, n) pairs sorted by code as a slot. The varint form is a list of key
 * groups: keyId, the group's size, then per entry the range id (as the step from the
 * previous one in the group) and the count.
 */
function encodeSlot(code: Float64Array, n: Float64Array, m: number): Uint8Array {
  let compact = true;
  let size = 1;
  for (let i = 0; i < m; ) {
    const k = (code[i]! / RANGE_SPAN) | 0;
    let j = i;
    let prev = 0;
    for (; j < m && ((code[j]! / RANGE_SPAN) | 0) === k; j++) {
      if (!isCount(n[j]!)) compact = false;
      const r = code[j]! - k * RANGE_SPAN;
      size += varintLength(r - prev) + varintLength(n[j]!);
      prev = r;
    }
    size += varintLength(k) + varintLength(j - i);
    i = j;
  }
  if (!compact) {
    const bytes = new Uint8Array(8 + m * 16);
    bytes[0] = FMT_FLOAT;
    const f = new Float64Array(bytes.buffer, 8, m * 2);
    for (let i = 0; i < m; i++) {
      f[2 * i] = code[i]!;
      f[2 * i + 1] = n[i]!;
    }
    return bytes;
  }
  const bytes = new Uint8Array(size);
  bytes[0] = FMT_VARINT;
  let at = 1;
  for (let i = 0; i < m; ) {
    const k = (code[i]! / RANGE_SPAN) | 0;
    let j = i;
    while (j < m && ((code[j]! / RANGE_SPAN) | 0) === k) j++;
    at = writeVarint(bytes, at, k);
    at = writeVarint(bytes, at, j - i);
    let prev = 0;
    for (let x = i; x < j; x++) {
      const r = code[x]! - k * RANGE_SPAN;
      at = writeVarint(bytes, at, r - prev);
      at = writeVarint(bytes, at, n[x]!);
      prev = r;
    }
    i = j;
  }
  return bytes;
}

/** Upper bound of the pairs in a slot (a varint entry takes at least 2 bytes). */
function slotBound(bytes: Uint8Array): number {
  return bytes[0] === FMT_FLOAT ? (bytes.length - 8) / 16 : (bytes.length - 1) >> 1;
}

/** Decodes a slot's pairs into code/n from index `at` (room for slotBound pairs assumed); returns the new end. */
function decodeInto(bytes: Uint8Array, code: Float64Array, n: Float64Array, at: number): number {
  if (bytes[0] === FMT_FLOAT) {
    const m = (bytes.length - 8) / 16;
    const f = new Float64Array(bytes.buffer, bytes.byteOffset + 8, m * 2);
    for (let i = 0; i < m; i++) {
      code[at] = f[2 * i]!;
      n[at++] = f[2 * i + 1]!;
    }
    return at;
  }
  const cur = { p: 1 };
  const end = bytes.length;
  while (cur.p < end) {
    const k = readVarint(bytes, cur) * RANGE_SPAN;
    const m = readVarint(bytes, cur);
    let r = 0;
    for (let i = 0; i < m; i++) {
      r += readVarint(bytes, cur);
      code[at] = k + r;
      n[at++] = readVarint(bytes, cur);
    }
  }
  return at;
}

function readVarint(bytes: Uint8Array, cur: { p: number }): number {
  let b = bytes[cur.p++]!;
  if (b < 128) return b;
  let v = b & 127;
  let mult = 128;
  do {
    b = bytes[cur.p++]!;
    v += (b & 127) * mult;
    mult *= 128;
  } while (b >= 128);
  return v;
}

/**
 * The heatmap's decode: a slot's entries straight into key (the present-key index, by
 * first sight through `seen`), range and n from index `at`; returns the new end.
 */
function decodeColumn(bytes: Uint8Array, seen: Int32Array, ids: number[], key: Int32Array, range: Uint32Array, n: Float64Array, at: number): number {
  if (bytes[0] === FMT_FLOAT) {
    const m = (bytes.length - 8) / 16;
    const f = new Float64Array(bytes.buffer, bytes.byteOffset + 8, m * 2);
    for (let i = 0; i < m; i++) {
      const code = f[2 * i]!;
      const k = (code / RANGE_SPAN) | 0;
      key[at] = sight(seen, ids, k);
      range[at] = code - k * RANGE_SPAN;
      n[at++] = f[2 * i + 1]!;
    }
    return at;
  }
  let p = 1;
  const end = bytes.length;
  while (p < end) {
    // Inlined varint reads: this loop is the heatmap's hot path.
    let b = bytes[p++]!;
    let k = b & 127;
    for (let mult = 128; b >= 128; mult *= 128) {
      b = bytes[p++]!;
      k += (b & 127) * mult;
    }
    b = bytes[p++]!;
    let m = b & 127;
    for (let mult = 128; b >= 128; mult *= 128) {
      b = bytes[p++]!;
      m += (b & 127) * mult;
    }
    const j = sight(seen, ids, k);
    let r = 0;
    for (let i = 0; i < m; i++) {
      b = bytes[p++]!;
      let v = b & 127;
      for (let mult = 128; b >= 128; mult *= 128) {
        b = bytes[p++]!;
        v += (b & 127) * mult;
      }
      r += v;
      b = bytes[p++]!;
      v = b & 127;
      for (let mult = 128; b >= 128; mult *= 128) {
        b = bytes[p++]!;
        v += (b & 127) * mult;
      }
      key[at] = j;
      range[at] = r;
      n[at++] = v;
    }
  }
  return at;
}

/** The present-key index of key id k (assigned at first sight). */
function sight(seen: Int32Array, ids: number[], k: number): number {
  let j = seen[k]!;
  if (j < 0) {
    j = seen[k] = ids.length;
    ids.push(k);
  }
  return j;
}

/** Decodes a slot into scratchCode/scratchN; returns the number of pairs. */
function decodeSlot(bytes: Uint8Array): number {
  const bound = slotBound(bytes);
  scratchCode = grow(scratchCode, bound);
  scratchN = grow(scratchN, bound);
  return decodeInto(bytes, scratchCode, scratchN, 0);
}

/** Renumbers present-key indexes (first-sight order) to sorted order. */
function renumber(key: Int32Array, e: number, rank: Int32Array): void {
  for (let i = 0; i < e; i++) key[i] = rank[key[i]!]!;
}

/** obj[key] = value, also for a key such as "__proto__" (keys are whatever D produced). */
function setKey<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class Dataset {
  readonly granularity: number;
  readonly point: boolean;
  /** Sources the instrumentation runs on (CA's nsources; the service updates it when nodes change). */
  nsources: number;

  private kind: DatasetArity | undefined;
  private retention: number;
  private cap: number;
  /** Interval start per slot; -1: empty. */
  private times: Float64Array;
  private scalars: Float64Array | undefined;
  private slots: (Uint8Array | undefined)[];
  /** Intervals starting before this have expired. */
  private horizon = -Infinity;

  private readonly sourceIds = new Map<string, number>();
  private srcWords = 1;
  private srcBits: Uint32Array;
  /** Per slot: a number that changes whenever its data does (0: never written). */
  private versions: Float64Array;
  private writes = 0;

  private keyIds = new Map<string, number>();
  /** Key names beyond which expire() looks for unused ones. */
  private compactAt = KEY_SLACK;
  private keyNames: string[] = [];
  private readonly rangeIds = new Map<number, Map<number, number>>();
  private rangeLo: Float64Array = new Float64Array(64);
  private rangeHi: Float64Array = new Float64Array(64);
  private nranges = 0;

  constructor(o: DatasetOptions) {
    if (!(Number.isInteger(o.granularity) && o.granularity >= 1)) throw new Error(`dataset granularity must be a positive integer, not ${o.granularity}`);
    if (!(o.retentionS >= o.granularity)) throw new Error(`dataset retention (${o.retentionS} s) must cover at least one interval of ${o.granularity} s`);
    this.kind =
      o.arity === 'discrete-decomposition' || o.arity === 'numeric-decomposition'
        ? o.dimension === undefined && o.arity === 'numeric-decomposition'
          ? undefined
          : datasetArity(o.arity, o.dimension ?? 2)
        : o.arity;
    this.granularity = o.granularity;
    this.retention = o.retentionS;
    this.point = o.point;
    this.nsources = o.nsources;
    this.cap = Dataset.capacity(o.retentionS, o.granularity);
    this.times = new Float64Array(this.cap).fill(-1);
    this.scalars = this.kind === 'scalar' ? new Float64Array(this.cap) : undefined;
    this.slots = this.kind === 'scalar' ? [] : new Array<Uint8Array | undefined>(this.cap).fill(undefined);
    this.srcBits = new Uint32Array(this.cap);
    this.versions = new Float64Array(this.cap);
  }

  /** Ring slots for a retention: the window [now - retention, now], the interval in progress and a little lag between shards. */
  private static capacity(retentionS: number, granularity: number): number {
    return Math.ceil(retentionS / granularity) + 3;
  }

  /** What the dataset holds (a numeric dataset whose discrete decomposition is not known yet reads as numeric). */
  get arity(): DatasetArity {
    return this.kind ?? 'numeric';
  }

  get retentionS(): number {
    return this.retention;
  }

  setNsources(n: number): void {
    this.nsources = n;
  }

  /** Changes the retention (CA allows it on PUT), keeping the newest intervals that fit. */
  setRetention(retentionS: number): void {
    if (!(retentionS >= this.granularity)) throw new Error(`dataset retention (${retentionS} s) must cover at least one interval of ${this.granularity} s`);
    const old = { cap: this.cap, times: this.times, scalars: this.scalars, slots: this.slots, bits: this.srcBits, versions: this.versions };
    this.retention = retentionS;
    this.cap = Dataset.capacity(retentionS, this.granularity);
    this.times = new Float64Array(this.cap).fill(-1);
    this.scalars = old.scalars === undefined ? undefined : new Float64Array(this.cap);
    this.slots = old.scalars === undefined ? new Array<Uint8Array | undefined>(this.cap).fill(undefined) : [];
    this.srcBits = new Uint32Array(this.cap * this.srcWords);
    this.versions = new Float64Array(this.cap);
    const held: number[] = [];
    for (let s = 0; s < old.cap; s++) if (old.times[s]! >= 0) held.push(s);
    // Newest first, so that when the ring shrinks the oldest intervals are the ones left out.
    held.sort((a, b) => old.times[b]! - old.times[a]!);
    for (const from of held) {
      const t = old.times[from]!;
      const to = this.slotIndex(t);
      if (this.times[to]! >= 0) continue;
      this.times[to] = t;
      this.versions[to] = old.versions[from]!;
      if (this.scalars !== undefined) this.scalars[to] = old.scalars![from]!;
      else this.slots[to] = old.slots[from];
      this.srcBits.set(old.bits.subarray(from * this.srcWords, (from + 1) * this.srcWords), to * this.srcWords);
    }
  }

  /** The interval start at or before t (CA's ptime). */
  ptime(t: number): number {
    return Math.floor(t / this.granularity) * this.granularity;
  }

  /** Start floored and duration ceiled to the granularity (CA's normalizeInterval). */
  normalize(start: number, duration: number): { start: number; duration: number } {
    return { start: this.ptime(start), duration: Math.ceil(duration / this.granularity) * this.granularity };
  }

  /**
   * Adds one delta (its `second` in CA seconds). Deltas of the same interval add up and
   * their sources join; for a point metric a delta from a source that already reported
   * in the interval is ignored. Data for an expired interval, or for one whose ring slot a
   * newer interval already holds, is dropped.
   */
  add(d: Delta): void {
    if (!Number.isFinite(d.second)) return;
    const t = this.ptime(d.second);
    if (t < this.horizon) return;
    const s = this.slotIndex(t);
    const held = this.times[s]!;
    if (held !== t) {
      if (held > t) return;
      this.clearSlot(s);
      this.times[s] = t;
    }

    const ids = d.sources.map((h) => this.sourceId(h));
    const base = s * this.srcWords;
    if (this.point) {
      for (const id of ids) if (this.srcBits[base + (id >>> 5)]! & (1 << (id & 31))) return;
    }
    for (const id of ids) this.srcBits[base + (id >>> 5)]! |= 1 << (id & 31);

    this.versions[s] = ++this.writes;
    if (this.scalars !== undefined) {
      let v = 0;
      for (let k = 0; k < d.values.length; k++) v += d.values[k]!;
      this.scalars[s]! += v;
      return;
    }
    if (this.kind === undefined && d.keys.length > 0) this.kind = d.keys.some((k) => k !== '') ? 'discrete-numeric' : 'numeric';
    this.mergeInto(s, d);
  }

  /** Drops data older than nowSec - retention (CA's expireBefore, run once a second). */
  expire(nowSec: number): void {
    const horizon = nowSec - this.retention;
    if (horizon <= this.horizon) return;
    this.horizon = horizon;
    for (let s = 0; s < this.cap; s++) {
      const t = this.times[s]!;
      if (t >= 0 && t < horizon) this.clearSlot(s);
    }
    // Amortized: a scan of every interval only once the names have doubled since the last one.
    if (this.keyNames.length > this.compactAt) {
      this.compactKeys();
      this.compactAt = Math.max(KEY_SLACK, 2 * this.keyNames.length);
    }
  }

  /** Sources that reported in the interval starting at t. */
  reportingAt(t: number): number {
    const s = this.slotOf(this.ptime(t));
    if (s < 0) return 0;
    let n = 0;
    const base = s * this.srcWords;
    for (let w = 0; w < this.srcWords; w++) n += popcount(this.srcBits[base + w]!);
    return n;
  }

  /** The fewest sources that reported in any interval of the window (CA's minreporting). */
  nreporting(start: number, duration: number): number {
    const g = this.granularity;
    const t0 = this.ptime(start);
    const end = t0 + Math.max(g, Math.ceil(duration / g) * g);
    let min = Infinity;
    for (let t = t0; t < end; t += g) min = Math.min(min, this.reportingAt(t));
    return min === Infinity ? 0 : min;
  }

  /** The most sources that reported in any interval of the window. */
  maxreporting(start: number, duration: number): number {
    const g = this.granularity;
    const t0 = this.ptime(start);
    const end = t0 + Math.max(g, Math.ceil(duration / g) * g);
    let max = 0;
    for (let t = t0; t < end; t += g) max = Math.max(max, this.reportingAt(t));
    return max;
  }

  /**
   * How many sources a value request for the interval at t should wait for: those that
   * reported between 15 and 5 seconds before it (CA's aggExpected). A source that has
   * been silent for 15 s no longer holds requests up.
   */
  expected(t: number): number {
    const { start, duration } = this.normalize(t - EXPECT_BACK_S, EXPECT_SPAN_S);
    return this.maxreporting(start, duration);
  }

  /**
   * The raw value of the window [start, start + duration) in CA's shape, summed over its
   * intervals; a point metric gives its first interval only. Expired or missing
   * intervals count as zero.
   */
  raw(start: number, duration: number): RawValue {
    const g = this.granularity;
    const t0 = this.ptime(start);
    const span = this.point ? g : Math.max(g, Math.ceil(duration / g) * g);
    if (this.scalars !== undefined) {
      let v = 0;
      for (let t = t0; t < t0 + span; t += g) {
        const s = this.slotOf(t);
        if (s >= 0) v += this.scalars[s]!;
      }
      return v;
    }
    // Sum the window's intervals per code.
    const sums = new Map<number, number>();
    for (let t = t0; t < t0 + span; t += g) {
      const s = this.slotOf(t);
      const bytes = s < 0 ? undefined : this.slots[s];
      if (bytes === undefined) continue;
      const m = decodeSlot(bytes);
      for (let i = 0; i < m; i++) {
        const c = scratchCode[i]!;
        sums.set(c, (sums.get(c) ?? 0) + scratchN[i]!);
      }
    }
    switch (this.arity) {
      case 'discrete': {
        const out: Record<string, number> = {};
        for (const [c, n] of sums) setKey(out, this.keyNames[Math.floor(c / RANGE_SPAN)]!, n);
        return out;
      }
      case 'numeric':
        return this.distribution([...sums]);
      case 'discrete-numeric': {
        const byKey = new Map<number, [number, number][]>();
        for (const e of sums) {
          const k = Math.floor(e[0] / RANGE_SPAN);
          const list = byKey.get(k);
          if (list === undefined) byKey.set(k, [e]);
          else list.push(e);
        }
        const out: Record<string, Distribution> = {};
        for (const [k, list] of byKey) setKey(out, this.keyNames[k]!, this.distribution(list));
        return out;
      }
      case 'scalar':
        throw new Error('unreachable: scalar datasets return above');
    }
  }

  /** Keys with data in the window, sorted (CA's keysForTime); [] without a discrete decomposition. */
  present(start: number, duration: number): string[] {
    if (this.arity === 'scalar' || this.arity === 'numeric') return [];
    const g = this.granularity;
    const t0 = this.ptime(start);
    const end = t0 + Math.max(g, Math.ceil(duration / g) * g);
    const seen = new Set<number>();
    for (let t = t0; t < end; t += g) {
      const s = this.slotOf(t);
      const bytes = s < 0 ? undefined : this.slots[s];
      if (bytes === undefined) continue;
      const m = decodeSlot(bytes);
      for (let i = 0; i < m; i++) if (scratchN[i] !== 0) seen.add(Math.floor(scratchCode[i]! / RANGE_SPAN));
    }
    return [...seen].map((k) => this.keyNames[k]!).sort();
  }

  /** The window's columns (one per interval) for the heatmap code; numeric datasets only. */
  columns(start: number, duration: number): HeatmapSource {
    if (this.arity !== 'numeric' && this.arity !== 'discrete-numeric') throw new Error(`a ${this.arity} dataset has no distributions to draw`);
    const g = this.granularity;
    const t0 = this.ptime(start);
    const ncolumns = Math.max(1, Math.ceil(duration / g));
    const keyed = this.arity === 'discrete-numeric';
    const held: (Uint8Array | undefined)[] = [];
    let bound = 0;
    for (let c = 0; c < ncolumns; c++) {
      const s = this.slotOf(t0 + c * g);
      const bytes = s < 0 ? undefined : this.slots[s];
      held.push(bytes);
      if (bytes !== undefined) bound += slotBound(bytes);
    }
    const key = new Int32Array(bound);
    const range = new Uint32Array(bound);
    const n = new Float64Array(bound);
    const colStart = new Uint32Array(ncolumns + 1);
    const seen = new Int32Array(this.keyNames.length).fill(-1);
    const ids: number[] = [];
    let e = 0;
    for (let c = 0; c < ncolumns; c++) {
      colStart[c] = e;
      const bytes = held[c];
      if (bytes !== undefined) e = decodeColumn(bytes, seen, ids, key, range, n, e);
    }
    colStart[ncolumns] = e;
    let keys: string[] = [];
    if (keyed) {
      const names = this.keyNames;
      const order = ids.map((_, j) => j).sort((a, b) => (names[ids[a]!]! < names[ids[b]!]! ? -1 : names[ids[a]!]! > names[ids[b]!]! ? 1 : 0));
      const rank = new Int32Array(ids.length);
      order.forEach((j, r) => (rank[j] = r));
      renumber(key, e, rank);
      keys = order.map((j) => names[ids[j]!]!);
    } else key.fill(-1);
    return {
      start: t0,
      granularity: g,
      ncolumns,
      keys,
      colStart,
      key: key.subarray(0, e),
      range: range.subarray(0, e),
      n: n.subarray(0, e),
      rangeLo: this.rangeLo.subarray(0, this.nranges),
      rangeHi: this.rangeHi.subarray(0, this.nranges),
    };
  }

  /**
   * A number that changes whenever the data of the interval at t changes (0: no data),
   * so that work derived from an interval (a heatmap column) can be kept until then.
   */
  version(t: number): number {
    const s = this.slotOf(this.ptime(t));
    return s < 0 ? 0 : this.versions[s]!;
  }

  /** Intervals currently held (for tests and status). */
  get intervals(): number {
    let n = 0;
    for (let s = 0; s < this.cap; s++) if (this.times[s]! >= 0 && this.times[s]! >= this.horizon) n++;
    return n;
  }

  /** Approximate bytes of retained data (typed arrays; key names at two bytes a character). */
  memoryBytes(): number {
    let bytes = this.times.byteLength + this.srcBits.byteLength + (this.scalars?.byteLength ?? 0) + this.rangeLo.byteLength + this.rangeHi.byteLength;
    for (const b of this.slots) if (b !== undefined) bytes += b.byteLength;
    for (const k of this.keyNames) bytes += 2 * k.length;
    return bytes;
  }

  private slotIndex(t: number): number {
    const i = t / this.granularity;
    return ((i % this.cap) + this.cap) % this.cap;
  }

  /** The slot holding the interval starting at t (aligned), or -1. */
  private slotOf(t: number): number {
    if (t < this.horizon || t < 0) return -1;
    const s = this.slotIndex(t);
    return this.times[s] === t ? s : -1;
  }

  private clearSlot(s: number): void {
    this.times[s] = -1;
    this.versions[s] = ++this.writes;
    if (this.scalars !== undefined) this.scalars[s] = 0;
    else this.slots[s] = undefined;
    this.srcBits.fill(0, s * this.srcWords, (s + 1) * this.srcWords);
  }

  private sourceId(host: string): number {
    let id = this.sourceIds.get(host);
    if (id !== undefined) return id;
    id = this.sourceIds.size;
    this.sourceIds.set(host, id);
    if (id >= this.srcWords * 32) {
      const words = this.srcWords * 2;
      const bits = new Uint32Array(this.cap * words);
      for (let s = 0; s < this.cap; s++) bits.set(this.srcBits.subarray(s * this.srcWords, (s + 1) * this.srcWords), s * words);
      this.srcWords = words;
      this.srcBits = bits;
    }
    return id;
  }

  private keyId(name: string): number {
    let id = this.keyIds.get(name);
    if (id === undefined) {
      id = this.keyNames.length;
      this.keyIds.set(name, id);
      this.keyNames.push(name);
    }
    return id;
  }

  private rangeId(lo: number, hi: number): number {
    let byHi = this.rangeIds.get(lo);
    if (byHi === undefined) this.rangeIds.set(lo, (byHi = new Map()));
    let id = byHi.get(hi);
    if (id !== undefined) return id;
    id = this.nranges++;
    if (id >= RANGE_SPAN) throw new Error(`more than ${RANGE_SPAN} distinct ranges in one instrumentation`);
    if (id >= this.rangeLo.length) {
      const l = new Float64Array(this.rangeLo.length * 2);
      const h = new Float64Array(this.rangeLo.length * 2);
      l.set(this.rangeLo);
      h.set(this.rangeHi);
      this.rangeLo = l;
      this.rangeHi = h;
    }
    this.rangeLo[id] = lo;
    this.rangeHi[id] = hi;
    byHi.set(hi, id);
    return id;
  }

  /** Adds a delta's entries to slot s: sorted merge of (code, n) pairs. */
  private mergeInto(s: number, d: Delta): void {
    const codes: number[] = [];
    const ns: number[] = [];
    const dist = d.dist;
    for (let k = 0; k < d.keys.length; k++) {
      const kid = this.keyId(d.keys[k]!) * RANGE_SPAN;
      if (dist === undefined) {
        const v = d.values[k]!;
        if (v === 0) continue;
        codes.push(kid);
        ns.push(v);
        continue;
      }
      for (let j = dist.offsets[k]!; j < dist.offsets[k + 1]!; j++) {
        const v = dist.n[j]!;
        if (v === 0) continue;
        codes.push(kid + this.rangeId(dist.lo[j]!, dist.hi[j]!));
        ns.push(v);
      }
    }
    if (codes.length === 0) return;
    const order = Array.from(codes.keys()).sort((a, b) => codes[a]! - codes[b]!);

    const bytes = this.slots[s];
    const m = bytes === undefined ? 0 : decodeSlot(bytes);
    const need = m + codes.length;
    mergeCode = grow(mergeCode, need);
    mergeN = grow(mergeN, need);
    let i = 0;
    let j = 0;
    let w = 0;
    while (i < m || j < order.length) {
      let c: number;
      let v: number;
      if (j >= order.length || (i < m && scratchCode[i]! <= codes[order[j]!]!)) {
        c = scratchCode[i]!;
        v = scratchN[i++]!;
      } else {
        c = codes[order[j]!]!;
        v = ns[order[j++]!]!;
      }
      if (w > 0 && mergeCode[w - 1] === c) mergeN[w - 1]! += v;
      else {
        mergeCode[w] = c;
        mergeN[w++] = v;
      }
    }
    this.slots[s] = encodeSlot(mergeCode, mergeN, w);
  }

  /** Range sums as CA's distribution, sorted by lo. */
  private distribution(entries: [number, number][]): Distribution {
    const out: Distribution = [];
    for (const [c, n] of entries) {
      const r = c % RANGE_SPAN;
      out.push([[this.rangeLo[r]!, this.rangeHi[r]!], n]);
    }
    return out.sort((a, b) => a[0][0] - b[0][0]);
  }

  /** Renumbers keys densely (in their old order, so every slot stays sorted) once many are unused. */
  private compactKeys(): void {
    const used = new Set<number>();
    for (let s = 0; s < this.cap; s++) {
      const bytes = this.slots[s];
      if (bytes === undefined) continue;
      const m = decodeSlot(bytes);
      for (let i = 0; i < m; i++) used.add(Math.floor(scratchCode[i]! / RANGE_SPAN));
    }
    if (this.keyNames.length - used.size <= KEY_SLACK) return;
    const remap = new Map<number, number>();
    const names: string[] = [];
    const ids = new Map<string, number>();
    this.keyNames.forEach((name, old) => {
      if (!used.has(old)) return;
      remap.set(old, names.length);
      ids.set(name, names.length);
      names.push(name);
    });
    for (let s = 0; s < this.cap; s++) {
      const bytes = this.slots[s];
      if (bytes === undefined) continue;
      const m = decodeSlot(bytes);
      for (let i = 0; i < m; i++) {
        const k = Math.floor(scratchCode[i]! / RANGE_SPAN);
        scratchCode[i] = remap.get(k)! * RANGE_SPAN + (scratchCode[i]! - k * RANGE_SPAN);
      }
      this.slots[s] = encodeSlot(scratchCode, scratchN, m);
      this.versions[s] = ++this.writes;
    }
    this.keyNames = names;
    this.keyIds = ids;
  }
}
