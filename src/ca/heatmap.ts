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

import { cellColor, defaultHues, HUE_STEP } from './color';
import type { Dataset, HeatmapSource } from './dataset';
import { CaError } from './errors';
import { encodePng, rgbaPixel } from './png';
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

/** The axis for a window: the requested bounds, or automatic ones from the data (the total over all keys). */
export function axisFor(src: HeatmapSource, hp: Pick<HeatmapParams, 'ymin' | 'ymax' | 'nbuckets' | 'scale'>): Axis {
  let ymin = hp.ymin;
  if (ymin === undefined) {
    if (hp.scale === 'linear') ymin = 0;
    else {
      let smallest = Infinity;
      for (let e = 0; e < src.lo.length; e++) if (src.hi[e]! >= 1) smallest = Math.min(smallest, Math.max(1, src.lo[e]!));
      ymin = smallest === Infinity ? 1 : 10 ** Math.floor(Math.log10(smallest) + 1e-9);
      if (hp.ymax !== undefined) while (ymin >= hp.ymax) ymin /= 10;
    }
  }
  let ymax = hp.ymax;
  if (ymax === undefined) {
    let m = 0;
    for (let e = 0; e < src.hi.length; e++) m = Math.max(m, src.hi[e]! + 1);
    // No data above ymin (or none at all): any axis will do; keep it just above ymin.
    ymax = autoscale(Math.max(m, ymin + 1));
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
 * Spreads of ranges over buckets, computed once per range id: range r's count goes to
 * buckets bucket[first[r] .. first[r] + count[r] - 1] in the fractions frac[...].
 */
class Spreads {
  private first: Int32Array;
  private count: Uint16Array;
  private bucket: Uint16Array = new Uint16Array(256);
  private frac: Float64Array = new Float64Array(256);
  private used = 0;

  constructor(
    private readonly axis: Axis,
    nranges: number,
  ) {
    this.first = new Int32Array(nranges).fill(-1);
    this.count = new Uint16Array(nranges);
  }

  static forSource(axis: Axis, src: HeatmapSource): Spreads {
    let max = -1;
    for (let e = 0; e < src.range.length; e++) max = Math.max(max, src.range[e]!);
    return new Spreads(axis, max + 1);
  }

  /** Index of range r's first (bucket, fraction) pair; sets `n` to the number of pairs. */
  get(r: number, lo: number, hi: number): number {
    if (this.first[r]! < 0) this.compute(r, lo, hi);
    return this.first[r]!;
  }

  size(r: number): number {
    return this.count[r]!;
  }

  bucketAt(i: number): number {
    return this.bucket[i]!;
  }

  fracAt(i: number): number {
    return this.frac[i]!;
  }

  private push(b: number, f: number): void {
    if (this.used === this.bucket.length) {
      const nb = new Uint16Array(this.used * 2);
      const nf = new Float64Array(this.used * 2);
      nb.set(this.bucket);
      nf.set(this.frac);
      this.bucket = nb;
      this.frac = nf;
    }
    this.bucket[this.used] = b;
    this.frac[this.used++] = f;
  }

  private compute(r: number, lo: number, hi: number): void {
    const start = this.used;
    spread(this.axis, lo, hi, (b, f) => this.push(b, f));
    this.first[r] = start;
    this.count[r] = this.used - start;
  }
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
export function bucketize(src: HeatmapSource, axis: Axis, keys: readonly string[], weights: Weights): Layers {
  const nb = axis.nbuckets;
  const ncells = src.ncolumns * nb;
  const total = new Float64Array(ncells);
  const rest = new Float64Array(ncells);
  const maps = keys.map(() => new Float64Array(ncells));
  // Layer of each present key: its map, or -1 (rest).
  const layerOf = new Int32Array(src.keys.length).fill(-1);
  src.keys.forEach((k, i) => {
    const at = keys.indexOf(k);
    if (at >= 0) layerOf[i] = at;
  });
  const spreads = Spreads.forSource(axis, src);
  const weigh = weights === 'weight';
  for (let c = 0; c < src.ncolumns; c++) {
    const base = c * nb;
    for (let e = src.colStart[c]!; e < src.colStart[c + 1]!; e++) {
      const r = src.range[e]!;
      const lo = src.lo[e]!;
      const hi = src.hi[e]!;
      const first = spreads.get(r, lo, hi);
      const count = spreads.size(r);
      if (count === 0) continue;
      const v = weigh ? src.n[e]! * (lo + (hi - lo) / 2) : src.n[e]!;
      const k = src.key[e]!;
      const layer = k >= 0 ? layerOf[k]! : -1;
      const map = layer >= 0 ? maps[layer]! : rest;
      for (let i = first; i < first + count; i++) {
        const cell = base + spreads.bucketAt(i);
        const x = v * spreads.fracAt(i);
        total[cell]! += x;
        map[cell]! += x;
      }
    }
  }
  if (keys.length > 0) for (let i = 0; i < ncells; i++) if (rest[i]! < DEDUCT_EPSILON) rest[i] = 0;
  return { axis, ncolumns: src.ncolumns, total, keys: maps, rest };
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
function selectedKeys(src: HeatmapSource, hp: HeatmapParams): string[] {
  return hp.decomposeAll ? [...src.keys] : [...hp.selected];
}

/** A rendered heatmap: RGBA pixels plus the axis it was drawn with. */
export interface Rendered {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
  readonly axis: Axis;
  readonly present: readonly string[];
  /** Packed 0xRRGGBB per cell (column · nbuckets + bucket). */
  readonly cellColors: Uint32Array;
}

/**
 * Draws a window as CA did: column c takes pixels floor(c·w/ncolumns) .. floor((c+1)·w/ncolumns) - 1,
 * bucket b (0 lowest) the rows of j = nbuckets - b - 1 from floor(j·h/nbuckets); cells are
 * coloured by color.ts from the normalized layers.
 */
export function renderHeatmap(src: HeatmapSource, hp: HeatmapParams): Rendered {
  const axis = axisFor(src, hp);
  const keys = selectedKeys(src, hp);
  const layers = bucketize(src, axis, keys, hp.weights);
  const drawn = layersToDraw(layers, hp, huesFor(hp, keys.length));
  const norm = normalize(drawn.maps, hp.coloring);
  const nb = axis.nbuckets;
  const ncol = src.ncolumns;
  const { width, height } = hp;
  const cellColors = new Uint32Array(ncol * nb);
  const vs = new Float64Array(norm.length);
  for (let i = 0; i < cellColors.length; i++) {
    for (let m = 0; m < norm.length; m++) vs[m] = norm[m]![i]!;
    cellColors[i] = cellColor(drawn.hues, vs);
  }
  const rgba = new Uint8Array(width * height * 4);
  const px = new Uint32Array(rgba.buffer);
  px.fill(rgbaPixel(0xffffff));
  const bw = width / ncol;
  const bh = height / nb;
  for (let c = 0; c < ncol; c++) {
    const x0 = Math.floor(c * bw);
    const x1 = Math.floor((c + 1) * bw);
    if (x1 <= x0) continue;
    for (let b = 0; b < nb; b++) {
      const color = cellColors[c * nb + b]!;
      if (color === 0xffffff) continue;
      const p = rgbaPixel(color);
      const j = nb - b - 1;
      const y0 = Math.floor(j * bh);
      const y1 = Math.floor((j + 1) * bh);
      for (let y = y0; y < y1; y++) px.fill(p, y * width + x0, y * width + x1);
    }
  }
  return { width, height, rgba, axis, present: src.keys, cellColors };
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
  const src = ds.columns(p.start_time, p.duration);
  const r = renderHeatmap(src, hp);
  const png = encodePng({ width: r.width, height: r.height, data: r.rgba });
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
      spread(cell, src.lo[e]!, src.hi[e]!, (_b, x) => (f += x));
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
  const src = ds.columns(p.start_time, p.duration);
  const axis = axisFor(src, hp);
  const keys = hp.selected.length > 0 ? [...new Set(hp.selected)] : [...src.keys];
  const layers = bucketize(src, axis, keys, hp.weights);
  const out: Record<string, SparseCells> = {};
  keys.forEach((k, i) => Object.defineProperty(out, k, { value: sparse(layers.keys[i]!), enumerable: true, writable: true, configurable: true }));
  return {
    nbuckets: axis.nbuckets,
    ncolumns: src.ncolumns,
    granularity: src.granularity,
    ymin: axis.ymin,
    ymax: axis.ymax,
    scale: axis.scale,
    weights: hp.weights,
    bounds: Array.from(axis.edges),
    present: [...src.keys],
    total: sparse(layers.total),
    keys: out,
    transformations: req === undefined ? {} : transformationsOf(req),
  };
}
