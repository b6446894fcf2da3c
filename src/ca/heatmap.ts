// Cloud Analytics heatmaps (CA:lib/ca/ca-agg.js caAggrValueHeatmap*, and node-heatmap's
// bucketize, deduct, normalize, generate, samplerange, average and percentile): the
// heatmap parameters with CA's defaults, ranges and messages; bucketizing a window of
// numeric data into columns (one per interval) x nbuckets; the autoscaled "nice" ymax;
// the total / selected / rest layers; rank or linear normalization over all layers;
// CA's colours (color.ts); the PNG image, details of one cell, average and percentile.
// Plus the additions of DESIGN.md: scale=log (log10 y between ymin > 0 and ymax) and
// the `cells` JSON for drawing on the client. Pure TypeScript; runs in the CA worker.
//
// Bucketizing: an input range [lo, hi] is taken as [lo, hi + 1) and its count is spread
// over the buckets it overlaps in proportion to the overlap (a uniform density inside
// the range, on either axis); the parts outside [ymin, ymax) are dropped; with
// weights=weight each count is multiplied by its range's midpoint.
//
// The `cells` answer (GET …/heatmap/cells), compact and columnar:
//   { nbuckets, ncolumns, granularity, ymin, ymax, scale, weights,
//     bounds:  [nbuckets + 1 numbers]   bucket b covers [bounds[b], bounds[b+1]),
//     present: [keys with data in the window, sorted],
//     total:   { i: [cell indexes], n: [counts] },
//     keys:    { <key>: { i: [...], n: [...] }, ... },
//     transformations, + CA's point fields (start_time, duration, end_time, nsources, ...) }
// A cell index is column · nbuckets + bucket (bucket 0 is the lowest; column c covers
// [start_time + c·granularity, start_time + (c+1)·granularity)); only non-zero cells are
// listed, in ascending index order, with counts rounded to 3 decimals (counts are
// fractional where a range spreads over several buckets). `keys` holds the `selected`
// keys if any were given, else every present key. The client draws total, selected and
// rest layers from it with the colours of color.ts.
//
// Where CA is followed on purpose, and where not:
// - average and percentile answer the window's first column (CA bucketized the window
//   and returned its first sample), with the axis autoscaled over the whole window;
// - details maps a pixel back to the cell the image drew there (CA's samplerange could
//   land one column or row off when width/columns or height/nbuckets is fractional);
// - the image PNG is always indexed: past 256 colours the palette comes from a median
//   cut (colours move by a few units of a channel); cells keep exact counts;
// - with decompose_all and fewer hues[] than keys, hues continue by +91 (CA crashed).
// Image and cells reuse per-interval work (windowLayers' column cache) while an
// interval's data and the request's axis, weights and keys stay the same.

import type { Dataset, HeatmapSource } from './dataset';
import { CaError } from './errors';
import { cellColor, defaultHues, HUE_STEP, WHITE } from './color';
import { encodeIndexedPng, rgbaPixel, type EncodedPng } from './png';
import { boolParam, enumParam, floatParam, intParam, listParam, transformationsOf, type Params, type ValueRequest } from './values';

export type HeatmapKind = 'image' | 'details' | 'average' | 'percentile' | 'cells';
export type Scale = 'linear' | 'log';
export type Coloring = 'rank' | 'linear';
export type Weights = 'count' | 'weight';

export interface HeatmapParams {
  readonly width: number;
  readonly height: number;
  readonly nbuckets: number;
  /** undefined: 0 on a linear axis; on a log axis, the power of ten at or below the window's smallest value. */
  readonly ymin: number | undefined;
  /** undefined: autoscaled to a round number above the window's largest value. */
  readonly ymax: number | undefined;
  readonly selected: readonly string[];
  readonly isolate: boolean;
  readonly exclude: boolean;
  readonly decomposeAll: boolean;
  /** undefined: CA's default hues (color.ts defaultHues). */
  readonly hues: readonly number[] | undefined;
  readonly coloring: Coloring;
  readonly weights: Weights;
  readonly scale: Scale;
  /** details: the pixel (top-left origin). */
  readonly x?: number;
  readonly y?: number;
  /** percentile: in [0, 1]. */
  readonly percentile?: number;
}

/** CA's ranges for the heatmap parameters. */
export const LIMITS = {
  width: { min: 10, max: 1000, dflt: 600 },
  height: { min: 10, max: 1000, dflt: 300 },
  nbuckets: { min: 1, max: 100, dflt: 100 },
  y: { min: 0, max: 1e12 },
} as const;

/** CA drops a "rest" cell below this after subtracting the selected layers (accumulated float error). */
const DEDUCT_EPSILON = 0.001;

/**
 * The heatmap parameters of one request, checked in CA's order for that kind; throws
 * CaError (ECA_INVAL) with CA's messages. `image` and `cells` take the layer parameters
 * (selected, isolate, exclude, decompose_all); `details` needs x, y and ymax;
 * `percentile` needs percentile.
 */
export function parseHeatmapParams(params: Params, kind: HeatmapKind): HeatmapParams {
  const layered = kind === 'image' || kind === 'cells';
  const selected = layered ? (listParam(params, 'selected') ?? []) : [];
  const isolate = layered && boolParam(params, 'isolate', false);
  const exclude = layered && boolParam(params, 'exclude', false);
  const decomposeAll = layered && boolParam(params, 'decompose_all', false);
  const percentile = kind === 'percentile' ? floatParam(params, 'percentile', { required: true, min: 0, max: 1 }) : undefined;

  const height = intParam(params, 'height', LIMITS.height) ?? LIMITS.height.dflt;
  const width = intParam(params, 'width', LIMITS.width) ?? LIMITS.width.dflt;
  const nbuckets = intParam(params, 'nbuckets', LIMITS.nbuckets) ?? LIMITS.nbuckets.dflt;
  const ymin = intParam(params, 'ymin', LIMITS.y);
  const ymax = intParam(params, 'ymax', LIMITS.y);
  const weights = enumParam<Weights>(params, 'weights', ['count', 'weight'], 'count');
  const coloring = enumParam<Coloring>(params, 'coloring', ['rank', 'linear'], 'rank');
  const scale = enumParam<Scale>(params, 'scale', ['linear', 'log'], 'linear');
  const rawHues = listParam(params, 'hues');

  if (ymax !== undefined && (ymin ?? 0) >= ymax) throw new CaError('ECA_INVAL', '"ymax" must be greater than "ymin"');
  if (scale === 'log' && ymin !== undefined && ymin <= 0) throw new CaError('ECA_INVAL', '"ymin" must be greater than 0 when "scale" is "log"');

  let hues: number[] | undefined;
  if (rawHues !== undefined) {
    const nhues = selected.length + (isolate ? 0 : 1);
    if (nhues > rawHues.length) throw new CaError('ECA_INVAL', `need ${nhues} hues`);
    hues = rawHues.map((h) => {
      const v = parseInt(h, 10);
      if (Number.isNaN(v) || v < 0 || v >= 360) throw new CaError('ECA_INVAL', 'invalid hue');
      return v;
    });
  }

  if ([isolate, exclude, decomposeAll].filter(Boolean).length > 1) {
    throw new CaError('ECA_INVAL', 'only one of "isolate", "exclude", and "decompose_all" may be specified');
  }

  let x: number | undefined;
  let y: number | undefined;
  if (kind === 'details') {
    x = intParam(params, 'x', { required: true, min: 0 });
    y = intParam(params, 'y', { required: true, min: 0 });
    if (ymax === undefined) throw new CaError('ECA_INVAL', '"ymax" must be specified');
    if (x! >= width) throw new CaError('ECA_INVAL', '"x" must be less than "width"');
    if (y! >= height) throw new CaError('ECA_INVAL', '"y" must be less than "height"');
  }
  return { width, height, nbuckets, ymin, ymax, selected, isolate, exclude, decomposeAll, hues, coloring, weights, scale, x, y, percentile };
}

/** Whether an instrumentation's data can be drawn as a heatmap (numeric decomposition); CA answers 404 otherwise. */
export function supportsHeatmap(ds: Dataset): boolean {
  return ds.arity === 'numeric' || ds.arity === 'discrete-numeric';
}

function requireHeatmap(ds: Dataset): void {
  if (!supportsHeatmap(ds)) throw new CaError('ECA_NOENT', 'heatmaps are only available for instrumentations with a numeric decomposition');
}

/**
 * node-heatmap's autoscale: the first round number above `max` that is less than 25%
 * above it, trying multiples of 10^p, 2·10^(p-1), 10^(p-1), 2·10^(p-2), ... (p: the
 * number of digits of max), so that the scale does not jump as the maximum moves.
 */
export function autoscale(max: number): number {
  const pow = Math.floor(Math.log(max) / Math.log(10)) + 1;
  let round = 1;
  const ceiling = 1.25 * max;
  const divisors: number[] = [];
  for (let i = 0; i < pow; i++) {
    divisors.push(5, 2);
    round *= 10;
  }
  for (let i = 0; i < divisors.length; i++) {
    const scaled = (Math.floor(max / round) + 1) * round;
    if (scaled < ceiling) return scaled;
    round /= divisors[i]!;
  }
  return max;
}

/** The y axis of one heatmap: nbuckets buckets from ymin to ymax, equal on a linear axis, equal in log10 on a log axis. */
export interface Axis {
  readonly ymin: number;
  readonly ymax: number;
  readonly nbuckets: number;
  readonly scale: Scale;
  /** nbuckets + 1 edges: bucket b is [edges[b], edges[b+1]). */
  readonly edges: Float64Array;
}

/** Which range ids a window uses. */
function usedRanges(src: HeatmapSource): Uint8Array {
  const used = new Uint8Array(src.rangeLo.length);
  markUsed(src.range, used);
  return used;
}

function markUsed(range: Uint32Array, used: Uint8Array): void {
  for (let e = 0; e < range.length; e++) used[range[e]!] = 1;
}

/** What the automatic axis needs from a window: the largest hi + 1, and the smallest lo (at least 1) of ranges reaching 1. */
interface RangeStats {
  top: number;
  low: number;
}

function rangeStats(src: HeatmapSource, used: Uint8Array): RangeStats {
  let top = 0;
  let low = Infinity;
  for (let r = 0; r < used.length; r++) {
    if (used[r] !== 1) continue;
    top = Math.max(top, src.rangeHi[r]! + 1);
    if (src.rangeHi[r]! >= 1) low = Math.min(low, Math.max(1, src.rangeLo[r]!));
  }
  return { top, low };
}

/** The axis for a window: the requested bounds, or automatic ones from the data (the total over all keys). */
export function axisFor(src: HeatmapSource, hp: Pick<HeatmapParams, 'ymin' | 'ymax' | 'nbuckets' | 'scale'>, used: Uint8Array = usedRanges(src)): Axis {
  return axisOf(rangeStats(src, used), hp);
}

function axisOf(stats: RangeStats, hp: Pick<HeatmapParams, 'ymin' | 'ymax' | 'nbuckets' | 'scale'>): Axis {
  let ymin = hp.ymin;
  if (ymin === undefined) {
    if (hp.scale === 'linear') ymin = 0;
    else {
      ymin = stats.low === Infinity ? 1 : 10 ** Math.floor(Math.log10(stats.low) + 1e-9);
      if (hp.ymax !== undefined) while (ymin >= hp.ymax) ymin /= 10;
    }
  }
  let ymax = hp.ymax;
  if (ymax === undefined) {
    // No data above ymin (or none at all): any axis will do; keep it just above ymin.
    ymax = autoscale(Math.max(stats.top, ymin + 1));
    if (ymax <= ymin) ymax = ymin + 1;
  }
  const nb = hp.nbuckets;
  const edges = new Float64Array(nb + 1);
  if (hp.scale === 'linear') {
    const size = (ymax - ymin) / nb;
    for (let b = 0; b <= nb; b++) edges[b] = ymin + b * size;
  } else {
    // Powers of ten come out exact (10 ** 2 is 100, not 99.99999999999999).
    const l0 = Math.log10(ymin);
    const step = (Math.log10(ymax) - l0) / nb;
    for (let b = 0; b <= nb; b++) edges[b] = 10 ** (l0 + b * step);
    edges[0] = ymin;
    edges[nb] = ymax;
  }
  return { ymin, ymax, nbuckets: nb, scale: hp.scale, edges };
}

/**
 * How each range a window uses lands on an axis, computed once per range: single[r] is
 * the bucket when all of it lands in one (the common case: llquantize ranges are narrow),
 * -1 when it lands nowhere, -2 when it spreads: then buckets bucket[first[r] ..
 * first[r] + count[r] - 1] take the fractions frac[...].
 */
export interface SpreadTable {
  readonly single: Int32Array;
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly bucket: Int32Array;
  readonly frac: Float64Array;
  /** Per range: its midpoint (weights=weight) or 1. */
  readonly weight: Float64Array;
}

function spreadTable(src: Pick<HeatmapSource, 'rangeLo' | 'rangeHi'>, axis: Axis, used: Uint8Array, weights: Weights): SpreadTable {
  const nr = src.rangeLo.length;
  const single = new Int32Array(nr).fill(-1);
  const first = new Int32Array(nr);
  const count = new Int32Array(nr);
  const weight = new Float64Array(nr).fill(1);
  const bucket: number[] = [];
  const frac: number[] = [];
  for (let r = 0; r < nr; r++) {
    if (used[r] !== 1) continue;
    const lo = src.rangeLo[r]!;
    const hi = src.rangeHi[r]!;
    if (weights === 'weight') weight[r] = lo + (hi - lo) / 2;
    const at = bucket.length;
    spread(axis, lo, hi, (b, f) => {
      bucket.push(b);
      frac.push(f);
    });
    const n = bucket.length - at;
    if (n === 0) continue;
    if (n === 1 && frac[at] === 1) {
      single[r] = bucket[at]!;
      bucket.length = frac.length = at;
      continue;
    }
    single[r] = -2;
    first[r] = at;
    count[r] = n;
  }
  return { single, first, count, bucket: Int32Array.from(bucket), frac: Float64Array.from(frac), weight };
}

/**
 * Calls out(bucket, fraction) for each bucket the range [lo, hi + 1) overlaps, with the
 * fraction of the range's count that lands there (CA's bucketize on a linear axis;
 * the same overlap rule with the log axis's edges).
 */
export function spread(axis: Axis, lo: number, hi: number, out: (bucket: number, fraction: number) => void): void {
  const { ymin, ymax, nbuckets: nb } = axis;
  if (lo >= ymax || hi < ymin) return;
  const top = hi + 1;
  if (axis.scale === 'linear') {
    const size = (ymax - ymin) / nb;
    const low = (lo - ymin) / size;
    const high = (top - ymin) / size;
    const k0 = Math.max(0, Math.floor(low));
    const k1 = Math.min(nb, Math.ceil(high));
    if (Math.floor(high) < Math.floor(low) + 1) {
      out(Math.floor(high), 1);
      return;
    }
    const u = 1 / (high - low);
    for (let k = k0; k < k1; k++) {
      const f = (Math.min(high, k + 1) - Math.max(low, k)) * u;
      if (f > 0) out(k, f);
    }
    return;
  }
  const edges = axis.edges;
  const width = top - lo;
  let k = lo <= ymin ? 0 : Math.max(0, Math.min(nb - 1, Math.floor((Math.log(lo / ymin) / Math.log(ymax / ymin)) * nb)));
  // Float error in the log may land one bucket off; step to the bucket that holds lo.
  while (k > 0 && edges[k]! > lo) k--;
  while (k < nb - 1 && edges[k + 1]! <= lo) k++;
  for (; k < nb && edges[k]! < top; k++) {
    const f = (Math.min(top, edges[k + 1]!) - Math.max(lo, edges[k]!)) / width;
    // Overlaps of a rounding error at an edge are noise, not data.
    if (f > 1e-12) out(k, f);
  }
}

/** Bucketized layers of a window: cell index c · nbuckets + b. */
export interface Layers {
  readonly axis: Axis;
  readonly ncolumns: number;
  readonly total: Float64Array;
  /** One map per requested key (in the order asked). */
  readonly keys: readonly Float64Array[];
  /** Everything but the requested keys (CA's total minus the selected maps). */
  readonly rest: Float64Array;
}

/**
 * Bucketizes a window: the total over all keys, each of `keys` (names; absent ones give
 * empty maps) and the rest. Counts are weighted by range midpoints with weights=weight.
 */
export function bucketize(src: HeatmapSource, axis: Axis, keys: readonly string[], weights: Weights, used: Uint8Array = usedRanges(src), table?: SpreadTable): Layers {
  const nb = axis.nbuckets;
  const ncells = src.ncolumns * nb;
  const rest = new Float64Array(ncells);
  const maps = keys.map(() => new Float64Array(ncells));
  // Layer of each present key: its map, or -1 (rest).
  const layerOf = new Int32Array(src.keys.length + 1).fill(-1);
  src.keys.forEach((k, i) => (layerOf[i] = keys.indexOf(k)));
  const t = table ?? spreadTable(src, axis, used, weights);
  accumulate(src.colStart, src.key, src.range, src.n, src.ncolumns, nb, layerOf, t.single, t.first, t.count, t.bucket, t.frac, t.weight, rest, maps);
  if (keys.length === 0) return { axis, ncolumns: src.ncolumns, total: rest, keys: maps, rest };
  const total = rest.slice();
  for (const m of maps) for (let i = 0; i < ncells; i++) total[i]! += m[i]!;
  for (let i = 0; i < ncells; i++) if (rest[i]! < DEDUCT_EPSILON) rest[i] = 0;
  return { axis, ncolumns: src.ncolumns, total, keys: maps, rest };
}

/** The hot loop of bucketize (a function of its own, all typed arrays, so that V8 optimizes it whole). */
function accumulate(
  colStart: Uint32Array,
  key: Int32Array,
  range: Uint32Array,
  n: Float64Array,
  ncolumns: number,
  nb: number,
  layerOf: Int32Array,
  single: Int32Array,
  first: Int32Array,
  count: Int32Array,
  bucket: Int32Array,
  frac: Float64Array,
  weight: Float64Array,
  rest: Float64Array,
  maps: readonly Float64Array[],
): void {
  const nkeys = layerOf.length - 1;
  for (let c = 0; c < ncolumns; c++) {
    const base = c * nb;
    const end = colStart[c + 1]!;
    for (let e = colStart[c]!; e < end; e++) {
      const r = range[e]!;
      const s = single[r]!;
      if (s === -1) continue;
      const k = key[e]!;
      const layer = k >= 0 ? layerOf[k]! : layerOf[nkeys]!;
      const map = layer >= 0 ? maps[layer]! : rest;
      const v = n[e]! * weight[r]!;
      if (s >= 0) {
        map[base + s]! += v;
        continue;
      }
      const f0 = first[r]!;
      const f1 = f0 + count[r]!;
      for (let i = f0; i < f1; i++) map[base + bucket[i]!]! += v * frac[i]!;
    }
  }
}

/**
 * Normalizes maps jointly into [0, 1] (node-heatmap's normalize). rank: non-zero values
 * sorted descending; the value first seen at position i (of n, duplicates counted) maps
 * to (n - i) / n. linear: v / max (max at least 1). Zero stays zero.
 */
export function normalize(maps: readonly Float64Array[], coloring: Coloring): Float64Array[] {
  if (coloring === 'linear') {
    let max = 1;
    for (const m of maps) for (let i = 0; i < m.length; i++) if (m[i]! > max) max = m[i]!;
    return maps.map((m) => m.map((v) => v / max));
  }
  let n = 0;
  for (const m of maps) for (let i = 0; i < m.length; i++) if (m[i] !== 0) n++;
  const sorted = new Float64Array(n);
  let j = 0;
  for (const m of maps) for (let i = 0; i < m.length; i++) if (m[i] !== 0) sorted[j++] = m[i]!;
  sorted.sort();
  // (n - i) / n with i the first descending position of v = (number of values <= v) / n.
  return maps.map((m) =>
    m.map((v) => {
      if (v === 0) return 0;
      let a = 0;
      let b = n;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (sorted[mid]! <= v) a = mid + 1;
        else b = mid;
      }
      return a / n;
    }),
  );
}

/** The layers drawn in an image, with their hues. */
interface Drawn {
  readonly maps: readonly Float64Array[];
  readonly hues: readonly number[];
}

function layersToDraw(layers: Layers, hp: HeatmapParams, hues: readonly number[]): Drawn {
  if (hp.isolate) {
    if (layers.keys.length === 0) return { maps: [new Float64Array(layers.total.length)], hues: [0] };
    return { maps: layers.keys, hues: hues.slice(0, layers.keys.length) };
  }
  if (layers.keys.length === 0) return { maps: [layers.total], hues: hues.slice(0, 1) };
  if (hp.exclude) return { maps: [layers.rest], hues: hues.slice(0, 1) };
  return { maps: [layers.rest, ...layers.keys], hues: hues.slice(0, layers.keys.length + 1) };
}

/** Hues for n layers: the requested ones (extended by +91 when decompose_all brings more layers than given), else CA's. */
function huesFor(hp: HeatmapParams, nselected: number): number[] {
  if (hp.hues === undefined) return defaultHues(nselected, hp.isolate);
  const need = nselected + (hp.isolate ? 0 : 1);
  const hues = [...hp.hues];
  while (hues.length < need) hues.push((hues[hues.length - 1]! + HUE_STEP) % 360);
  return hues;
}

/** The keys drawn as layers: selected, or with decompose_all every present key (sorted). */
function selectedKeys(present: readonly string[], hp: HeatmapParams): string[] {
  return hp.decomposeAll ? [...present] : [...hp.selected];
}

/** A heatmap's cells coloured, with the axis they were bucketized on. */
export interface Rendered {
  readonly width: number;
  readonly height: number;
  readonly ncolumns: number;
  readonly axis: Axis;
  readonly present: readonly string[];
  /** Packed 0xRRGGBB per cell (column · nbuckets + bucket). */
  readonly cellColors: Uint32Array;
}

/** Bucketizes a window into its layers, normalizes them together and colours each cell (color.ts). */
export function renderHeatmap(src: HeatmapSource, hp: HeatmapParams): Rendered {
  const used = usedRanges(src);
  const axis = axisFor(src, hp, used);
  const keys = selectedKeys(src.keys, hp);
  return colour(bucketize(src, axis, keys, hp.weights, used), src.keys, keys.length, hp);
}

/** Normalizes the layers to draw together and colours each cell (color.ts). */
function colour(layers: Layers, present: readonly string[], nselected: number, hp: HeatmapParams): Rendered {
  const drawn = layersToDraw(layers, hp, huesFor(hp, nselected));
  const norm = normalize(drawn.maps, hp.coloring);
  const cellColors = new Uint32Array(layers.total.length);
  const vs = new Float64Array(norm.length);
  for (let i = 0; i < cellColors.length; i++) {
    let any = false;
    for (let m = 0; m < norm.length; m++) if ((vs[m] = norm[m]![i]!) !== 0) any = true;
    cellColors[i] = any ? cellColor(drawn.hues, vs) : WHITE;
  }
  return { width: hp.width, height: hp.height, ncolumns: layers.ncolumns, axis: layers.axis, present, cellColors };
}

/** Per-interval work kept between requests: a live heatmap asks for the same window moved by one interval every second. */
interface ColumnEntry {
  /** Dataset.version of the interval when this was computed. */
  version: number;
  /** Keys with data in the interval, sorted. */
  keys: readonly string[];
  stats: RangeStats;
  /** Bucketized layers by signature (axis, weights, keys): the most recent few. */
  layers: Map<string, Layers>;
  /** Request counter when last used (eviction). */
  used: number;
}

interface ColumnCache {
  readonly columns: Map<number, ColumnEntry>;
  requests: number;
}

const columnCaches = new WeakMap<Dataset, ColumnCache>();
/** Signatures kept per column (a couple of clients with different parameters). */
const SIGNATURES_PER_COLUMN = 3;

/** A window bucketized (with the columns' work reused while their data has not changed). */
interface WindowLayers {
  readonly layers: Layers;
  readonly present: readonly string[];
  readonly keys: readonly string[];
}

/**
 * The layers of a window for `hp`, column by column through the dataset's column cache:
 * a column is decoded and bucketized again only when its data changed (Dataset.version)
 * or the axis, weights or keys did. The result equals bucketize() over the whole window.
 */
function windowLayers(ds: Dataset, start: number, duration: number, hp: HeatmapParams, keysFor: (present: readonly string[]) => string[]): WindowLayers {
  const g = ds.granularity;
  const t0 = ds.ptime(start);
  const ncolumns = Math.max(1, Math.ceil(duration / g));
  let cache = columnCaches.get(ds);
  if (cache === undefined) columnCaches.set(ds, (cache = { columns: new Map(), requests: 0 }));
  const stamp = ++cache.requests;
  const entries: ColumnEntry[] = [];
  const fresh = new Map<number, HeatmapSource>();
  const presentSet = new Set<string>();
  const stats: RangeStats = { top: 0, low: Infinity };
  for (let c = 0; c < ncolumns; c++) {
    const t = t0 + c * g;
    const version = ds.version(t);
    let e = cache.columns.get(t);
    if (e === undefined || e.version !== version) {
      const src = ds.columns(t, g);
      e = { version, keys: src.keys, stats: rangeStats(src, usedRanges(src)), layers: new Map(), used: stamp };
      cache.columns.set(t, e);
      fresh.set(c, src);
    }
    e.used = stamp;
    entries.push(e);
    for (const k of e.keys) presentSet.add(k);
    stats.top = Math.max(stats.top, e.stats.top);
    stats.low = Math.min(stats.low, e.stats.low);
  }
  const present = [...presentSet].sort();
  const axis = axisOf(stats, hp);
  const keys = keysFor(present);
  const sig = JSON.stringify([axis.ymin, axis.ymax, axis.nbuckets, axis.scale, hp.weights, keys]);
  const nb = axis.nbuckets;
  const total = new Float64Array(ncolumns * nb);
  const rest = new Float64Array(ncolumns * nb);
  const maps = keys.map(() => new Float64Array(ncolumns * nb));
  // The columns to bucketize, and one spread table for all of them.
  const missing = new Map<number, HeatmapSource>();
  for (let c = 0; c < ncolumns; c++) if (!entries[c]!.layers.has(sig)) missing.set(c, fresh.get(c) ?? ds.columns(t0 + c * g, g));
  let table: SpreadTable | undefined;
  let used = new Uint8Array(0);
  if (missing.size > 0) {
    let ranges: HeatmapSource | undefined;
    for (const src of missing.values()) if (ranges === undefined || src.rangeLo.length > ranges.rangeLo.length) ranges = src;
    used = new Uint8Array(ranges!.rangeLo.length);
    for (const src of missing.values()) markUsed(src.range, used);
    table = spreadTable(ranges!, axis, used, hp.weights);
  }
  for (let c = 0; c < ncolumns; c++) {
    const e = entries[c]!;
    let l = e.layers.get(sig);
    if (l === undefined) {
      l = bucketize(missing.get(c)!, axis, keys, hp.weights, used, table);
      e.layers.set(sig, l);
      if (e.layers.size > SIGNATURES_PER_COLUMN) e.layers.delete(e.layers.keys().next().value!);
    }
    total.set(l.total, c * nb);
    rest.set(l.rest, c * nb);
    maps.forEach((m, i) => m.set(l.keys[i]!, c * nb));
  }
  // Forget columns the last requests did not use (windows slide; old columns are not asked for again).
  if (cache.columns.size > 2 * ncolumns + 16) for (const [t, e] of cache.columns) if (stamp - e.used > 2) cache.columns.delete(t);
  return { layers: { axis, ncolumns, total, keys: maps, rest }, present, keys };
}

/**
 * Paints cells into a width x height raster as CA drew them: column c takes pixels
 * floor(c·w/ncolumns) .. floor((c+1)·w/ncolumns) - 1, bucket b (0 lowest) the rows of
 * j = nbuckets - b - 1 from floor(j·h/nbuckets). `paint(value, from, to)` fills a run of
 * one row (pixel offsets); `value(color)` maps a cell colour to the raster's element.
 */
function paintCells(r: Rendered, value: (color: number) => number, paint: (v: number, from: number, to: number) => void): void {
  const nb = r.axis.nbuckets;
  const { width, height, ncolumns } = r;
  const bw = width / ncolumns;
  const bh = height / nb;
  for (let c = 0; c < ncolumns; c++) {
    const x0 = Math.floor(c * bw);
    const x1 = Math.floor((c + 1) * bw);
    if (x1 <= x0) continue;
    for (let b = 0; b < nb; b++) {
      const color = r.cellColors[c * nb + b]!;
      if (color === WHITE) continue;
      const v = value(color);
      const j = nb - b - 1;
      const y1 = Math.floor((j + 1) * bh);
      for (let y = Math.floor(j * bh); y < y1; y++) paint(v, y * width + x0, y * width + x1);
    }
  }
}

/** The RGBA pixels of a rendered heatmap (white background). */
export function rasterize(r: Rendered): Uint8Array {
  const rgba = new Uint8Array(r.width * r.height * 4);
  const px = new Uint32Array(rgba.buffer);
  px.fill(rgbaPixel(WHITE));
  paintCells(r, rgbaPixel, (v, from, to) => px.fill(v, from, to));
  return rgba;
}

/**
 * The PNG of a rendered heatmap, always indexed (a quarter of the bytes to compress,
 * which is where the time goes), painted straight from the cells. Rank colouring gives
 * each distinct count its own saturation, so a busy heatmap can have a few hundred
 * colours; past 256 they are reduced by median cut (medianCut below), which moves
 * a colour by a unit or two of a channel: invisible, and the cells route keeps exact
 * counts for clients that draw themselves.
 */
export function heatmapPng(r: Rendered): EncodedPng {
  // Each cell's distinct colour (1-based; 0 white), in order of first appearance, with
  // counts: one Map lookup where the colour changes from the cell before.
  const cells = r.cellColors;
  const distinct = new Int32Array(cells.length);
  const seen = new Map<number, number>();
  const colours: number[] = [];
  const counts: number[] = [];
  let prev = WHITE;
  let prevK = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c === WHITE) continue;
    if (c !== prev) {
      let k = seen.get(c);
      if (k === undefined) {
        k = colours.push(c);
        counts.push(0);
        seen.set(c, k);
      }
      prev = c;
      prevK = k;
    }
    distinct[i] = prevK;
    counts[prevK - 1]!++;
  }
  // Palette index of each distinct colour: white first, then each colour its own entry,
  // or a median cut of them when there are more than 256 in all.
  const remap = new Uint8Array(colours.length + 1);
  let palette: number[];
  if (colours.length < 256) {
    palette = [WHITE, ...colours];
    for (let k = 1; k <= colours.length; k++) remap[k] = k;
  } else {
    const cut = medianCut(new Map<number, number>([[WHITE, 0], ...colours.map((c, k) => [c, counts[k]!] as [number, number])]), 256);
    palette = cut.palette;
    for (let k = 1; k <= colours.length; k++) remap[k] = cut.slot.get(colours[k - 1]!)!;
  }
  return encodeIndexedPng({ width: r.width, height: r.height, index: paintIndexes(r, distinct, remap), palette });
}

/**
 * The palette indexes of a rendered heatmap, painted as paintCells would (white, index 0
 * in both palettes, left as is), but a bucket's band at a time: its first row cell by
 * cell, then the band's other rows copied from it.
 */
function paintIndexes(r: Rendered, distinct: Int32Array, remap: Uint8Array): Uint8Array {
  const nb = r.axis.nbuckets;
  const { width, height, ncolumns } = r;
  const index = new Uint8Array(width * height);
  const bw = width / ncolumns;
  const bh = height / nb;
  for (let j = 0; j < nb; j++) {
    const y0 = Math.floor(j * bh);
    const y1 = Math.floor((j + 1) * bh);
    if (y1 <= y0) continue;
    const row = y0 * width;
    const b = nb - j - 1;
    let painted = false;
    for (let c = 0; c < ncolumns; c++) {
      const k = distinct[c * nb + b]!;
      if (k === 0) continue;
      const x0 = row + Math.floor(c * bw);
      index.fill(remap[k]!, x0, row + Math.floor((c + 1) * bw));
      painted = true;
    }
    if (painted) for (let y = y0 + 1; y < y1; y++) index.copyWithin(y * width, row, row + width);
  }
  return index;
}

interface Palette {
  readonly palette: number[];
  /** Colour -> palette index. */
  readonly slot: Map<number, number>;
}

const channel = (c: number, ch: number): number => (c >>> (16 - 8 * ch)) & 0xff;

/**
 * At most `size` colours standing for many: split the box of colours with the widest
 * channel range at its median until there are `size` boxes; each box's colours map to
 * their count-weighted mean. White stays exact (it is the background).
 */
export function medianCut(counts: ReadonlyMap<number, number>, size: number): Palette {
  interface Box {
    readonly colours: number[];
    /** The channel with the widest range, and that range. */
    readonly ch: number;
    readonly range: number;
  }
  const box = (colours: number[]): Box => {
    let best = { ch: 0, range: -1 };
    for (let ch = 0; ch < 3; ch++) {
      let lo = 255;
      let hi = 0;
      for (const c of colours) {
        const v = channel(c, ch);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > best.range) best = { ch, range: hi - lo };
    }
    return { colours, ...best };
  };
  const boxes: Box[] = [box([...counts.keys()].filter((c) => c !== WHITE))];
  while (boxes.length < size - 1) {
    let pick = -1;
    for (let i = 0; i < boxes.length; i++) if (boxes[i]!.colours.length > 1 && boxes[i]!.range > 0 && (pick < 0 || boxes[i]!.range > boxes[pick]!.range)) pick = i;
    if (pick < 0) break;
    const { colours, ch } = boxes[pick]!;
    colours.sort((x, y) => channel(x, ch) - channel(y, ch));
    const half = colours.length >> 1;
    boxes.splice(pick, 1, box(colours.slice(0, half)), box(colours.slice(half)));
  }
  const palette = [WHITE];
  const slot = new Map<number, number>([[WHITE, 0]]);
  for (const { colours } of boxes) {
    if (colours.length === 0) continue;
    let w = 0;
    const sum = [0, 0, 0];
    for (const c of colours) {
      const n = counts.get(c)!;
      w += n;
      for (let ch = 0; ch < 3; ch++) sum[ch]! += channel(c, ch) * n;
    }
    const mean = (Math.round(sum[0]! / w) << 16) | (Math.round(sum[1]! / w) << 8) | Math.round(sum[2]! / w);
    for (const c of colours) slot.set(c, palette.length);
    palette.push(mean);
  }
  return { palette, slot };
}

/** What the image route answers per point (CA's caAggrValueHeatmapImage). */
export interface ImageValue {
  nbuckets: number;
  width: number;
  height: number;
  ymin: number;
  ymax: number;
  scale?: Scale;
  present: string[];
  transformations: Record<string, Record<string, unknown>>;
  /** The PNG, base64. */
  image: string;
}

/** GET …/heatmap/image for one point: the JSON value (image in base64) and the PNG bytes. */
export function imageValue(ds: Dataset, p: { readonly start_time: number; readonly duration: number }, hp: HeatmapParams, req?: ValueRequest): { value: ImageValue; png: Uint8Array } {
  requireHeatmap(ds);
  const w = windowLayers(ds, p.start_time, p.duration, hp, (present) => selectedKeys(present, hp));
  const r = colour(w.layers, w.present, w.keys.length, hp);
  const png = heatmapPng(r);
  const value: ImageValue = {
    nbuckets: r.axis.nbuckets,
    width: r.width,
    height: r.height,
    ymin: r.axis.ymin,
    ymax: r.axis.ymax,
    present: [...r.present],
    transformations: req === undefined ? {} : transformationsOf(req),
    image: png.base64,
  };
  if (hp.scale === 'log') value.scale = 'log';
  return { value, png: png.bytes };
}

/** The column and bucket under pixel (x, y) of an image drawn by renderHeatmap (its exact inverse). */
export function cellAt(x: number, y: number, width: number, height: number, ncolumns: number, nbuckets: number): { column: number; bucket: number } {
  const bw = width / ncolumns;
  let column = Math.min(ncolumns - 1, Math.floor(x / bw));
  while (column + 1 < ncolumns && Math.floor((column + 1) * bw) <= x) column++;
  while (column > 0 && Math.floor(column * bw) > x) column--;
  const bh = height / nbuckets;
  let j = Math.min(nbuckets - 1, Math.floor(y / bh));
  while (j + 1 < nbuckets && Math.floor((j + 1) * bh) <= y) j++;
  while (j > 0 && Math.floor(j * bh) > y) j--;
  return { column, bucket: nbuckets - j - 1 };
}

/** What the details route answers (CA's caAggrValueHeatmapDetails). */
export interface DetailsValue {
  nbuckets: number;
  width: number;
  height: number;
  bucket_time: number;
  bucket_ymin: number;
  bucket_ymax: number;
  present: Record<string, number>;
  total: number;
}

/**
 * GET …/heatmap/details: the cell under (x, y). Its bounds are rounded to integers
 * (round(ymin + b·size)); each key's count in [bucket_ymin, bucket_ymax) of that column is
 * reported as max(1, round(v)) when non-zero, and total is their sum (without a discrete
 * decomposition, the total's count by the same rule).
 */
export function detailsValue(ds: Dataset, p: { readonly start_time: number; readonly duration: number }, hp: HeatmapParams): DetailsValue {
  requireHeatmap(ds);
  const g = ds.granularity;
  const ncolumns = Math.max(1, Math.ceil(p.duration / g));
  const axis = axisFor(ds.columns(p.start_time, p.duration), hp);
  const { column, bucket } = cellAt(hp.x!, hp.y!, hp.width, hp.height, ncolumns, axis.nbuckets);
  const bucketTime = ds.ptime(p.start_time + column * g);
  const bmin = Math.round(axis.edges[bucket]!);
  const bmax = Math.round(axis.edges[bucket + 1]!);
  const src = ds.columns(bucketTime, g);
  // One linear bucket [bmin, bmax), as CA bucketized the details cell.
  const cell: Axis = { ymin: bmin, ymax: bmax, nbuckets: 1, scale: 'linear', edges: Float64Array.of(bmin, bmax) };
  const present: Record<string, number> = {};
  let total = 0;
  if (bmax > bmin) {
    const sums = new Float64Array(Math.max(1, src.keys.length));
    let all = 0;
    for (let e = 0; e < src.n.length; e++) {
      let f = 0;
      const r = src.range[e]!;
      spread(cell, src.rangeLo[r]!, src.rangeHi[r]!, (_b, x) => (f += x));
      if (f === 0) continue;
      const v = src.n[e]! * f;
      all += v;
      if (src.key[e]! >= 0) sums[src.key[e]!]! += v;
    }
    if (src.keys.length === 0) total = all === 0 ? 0 : Math.max(1, Math.round(all));
    else {
      src.keys.forEach((k, i) => {
        const v = sums[i]!;
        if (v === 0) return;
        const n = Math.max(1, Math.round(v));
        Object.defineProperty(present, k, { value: n, enumerable: true, writable: true, configurable: true });
        total += n;
      });
    }
  }
  return { nbuckets: axis.nbuckets, width: hp.width, height: hp.height, bucket_time: bucketTime, bucket_ymin: bmin, bucket_ymax: bmax, present, total };
}

/** The first column's total as one bucketized map, with the axis of the whole window (CA's average/percentile). */
function firstColumn(ds: Dataset, p: { readonly start_time: number; readonly duration: number }, hp: HeatmapParams): { map: Float64Array; axis: Axis } {
  requireHeatmap(ds);
  const axis = axisFor(ds.columns(p.start_time, p.duration), hp);
  const layers = bucketize(ds.columns(p.start_time, ds.granularity), axis, [], hp.weights);
  return { map: layers.total.subarray(0, axis.nbuckets), axis };
}

export interface AverageValue {
  nbuckets: number;
  width: number;
  height: number;
  ymin: number;
  ymax: number;
  /** null for an empty column (CA's NaN). */
  average: number | null;
}

/**
 * GET …/heatmap/average: Σ n·midpoint / Σ n over the buckets of the window's first
 * column (CA bucketized the window and answered its first sample); null when empty.
 */
export function averageValue(ds: Dataset, p: { readonly start_time: number; readonly duration: number }, hp: HeatmapParams): AverageValue {
  const { map, axis } = firstColumn(ds, p, hp);
  let sum = 0;
  let count = 0;
  for (let b = 0; b < map.length; b++) {
    count += map[b]!;
    sum += map[b]! * ((axis.edges[b]! + axis.edges[b + 1]!) / 2);
  }
  const average = count === 0 ? null : sum / count;
  return { nbuckets: axis.nbuckets, width: hp.width, height: hp.height, ymin: axis.ymin, ymax: axis.ymax, average };
}

export interface PercentileValue {
  nbuckets: number;
  width: number;
  height: number;
  ymin: number;
  ymax: number;
  percentile: number;
}

/**
 * GET …/heatmap/percentile: walks the first column's cumulative counts to the bucket
 * where they reach the percentile and interpolates linearly inside it; ymin when empty.
 */
export function percentileValue(ds: Dataset, p: { readonly start_time: number; readonly duration: number }, hp: HeatmapParams): PercentileValue {
  const { map, axis } = firstColumn(ds, p, hp);
  const q = hp.percentile ?? 0.5;
  let count = 0;
  for (let b = 0; b < map.length; b++) count += map[b]!;
  let value = axis.ymin;
  if (count > 0) {
    let sofar = 0;
    let b = 0;
    for (; b < map.length; b++) {
      sofar += map[b]!;
      if (sofar / count >= q) break;
    }
    b = Math.min(b, map.length - 1);
    const frac = map[b]! === 0 ? 0 : Math.max(0, Math.min(1, (q * count - (sofar - map[b]!)) / map[b]!));
    value = axis.edges[b]! + frac * (axis.edges[b + 1]! - axis.edges[b]!);
  }
  return { nbuckets: axis.nbuckets, width: hp.width, height: hp.height, ymin: axis.ymin, ymax: axis.ymax, percentile: value };
}

/** Sparse non-zero cells of a map: ascending cell indexes and their counts (3 decimals). */
export interface SparseCells {
  i: number[];
  n: number[];
}

export interface CellsValue {
  nbuckets: number;
  ncolumns: number;
  granularity: number;
  ymin: number;
  ymax: number;
  scale: Scale;
  weights: Weights;
  bounds: number[];
  present: string[];
  total: SparseCells;
  keys: Record<string, SparseCells>;
  transformations: Record<string, Record<string, unknown>>;
}

function sparse(map: Float64Array): SparseCells {
  const i: number[] = [];
  const n: number[] = [];
  for (let c = 0; c < map.length; c++) {
    const v = Math.round(map[c]! * 1000) / 1000;
    if (v === 0) continue;
    i.push(c);
    n.push(v);
  }
  return { i, n };
}

/** GET …/heatmap/cells (DESIGN.md's addition): the bucketized window for drawing on the client; see the header. */
export function cellsValue(ds: Dataset, p: { readonly start_time: number; readonly duration: number }, hp: HeatmapParams, req?: ValueRequest): CellsValue {
  requireHeatmap(ds);
  const w = windowLayers(ds, p.start_time, p.duration, hp, (present) => (hp.selected.length > 0 ? [...new Set(hp.selected)] : [...present]));
  const { layers, keys } = w;
  const axis = layers.axis;
  const out: Record<string, SparseCells> = {};
  keys.forEach((k, i) => Object.defineProperty(out, k, { value: sparse(layers.keys[i]!), enumerable: true, writable: true, configurable: true }));
  return {
    nbuckets: axis.nbuckets,
    ncolumns: layers.ncolumns,
    granularity: ds.granularity,
    ymin: axis.ymin,
    ymax: axis.ymax,
    scale: axis.scale,
    weights: hp.weights,
    bounds: Array.from(axis.edges),
    present: [...w.present],
    total: sparse(layers.total),
    keys: out,
    transformations: req === undefined ? {} : transformationsOf(req),
  };
}
